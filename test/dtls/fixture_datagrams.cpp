// SPDX-License-Identifier: BSD-3-Clause
#include "fixture_datagrams.hpp"

#include <fstream>
#include <stdexcept>

namespace rtpsec::test {

std::vector<std::vector<std::byte>> load_fixture_datagrams(const std::string& file_name) {
    const std::string path = std::string(RTPSEC_TEST_DATA_DIR) + "/fixtures/" + file_name;
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open fixture " + path);
    std::vector<std::vector<std::byte>> datagrams;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (line.empty()) continue;
        if (line.size() % 2 != 0) throw std::runtime_error("odd hex length in " + path);
        std::vector<std::byte> datagram;
        for (std::size_t i = 0; i < line.size(); i += 2)
            datagram.push_back(static_cast<std::byte>(std::stoi(line.substr(i, 2), nullptr, 16)));
        datagrams.push_back(std::move(datagram));
    }
    return datagrams;
}

}  // namespace rtpsec::test
