// SPDX-License-Identifier: BSD-3-Clause
#include "sdp_input.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>

namespace rtpsec::apps::sdp {
namespace {

std::string read_bounded(std::istream& in, std::size_t limit) {
    std::string text(limit + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

}  // namespace

std::optional<std::string> read_sdp_input(const std::string& path, std::size_t limit,
                                          std::string& error) {
    if (path == "-") {
        auto text = read_bounded(std::cin, limit);
        if (std::cin.bad()) {
            error = "cannot read standard input";
            return std::nullopt;
        }
        return text;
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        error = "cannot open " + path + ": " + std::strerror(errno);
        return std::nullopt;
    }
    auto text = read_bounded(file, limit);
    if (file.bad()) {
        error = "cannot read " + path;
        return std::nullopt;
    }
    return text;
}

}  // namespace rtpsec::apps::sdp
