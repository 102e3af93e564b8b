// SPDX-License-Identifier: BSD-3-Clause
#include "call/udp_drops.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace rtpsec::apps {

std::optional<std::uint64_t> udp_receive_buffer_errors() {
    // Two "Udp:" lines: the field names, then their values.
    std::ifstream snmp("/proc/net/snmp");
    std::vector<std::string> names;
    for (std::string line; std::getline(snmp, line);) {
        if (line.rfind("Udp: ", 0) != 0) continue;
        std::istringstream fields(line.substr(5));
        if (names.empty()) {
            for (std::string name; fields >> name;)
                names.push_back(name);
            continue;
        }
        std::uint64_t value = 0;
        for (const auto& name : names) {
            if (!(fields >> value)) return std::nullopt;
            if (name == "RcvbufErrors") return value;
        }
        return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace rtpsec::apps
