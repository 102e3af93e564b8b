// SPDX-License-Identifier: BSD-3-Clause
#include "common/text_file.hpp"

#include <fstream>
#include <iterator>

#include "common/app_error.hpp"

namespace rtpsec::apps {

std::string read_sdp_file(const std::filesystem::path& path) {
    constexpr std::size_t limit = 64 * 1024 + 1;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw AppError(exit_bad_input, "cannot read " + path.string());
    std::string text(limit, '\0');
    in.read(text.data(), static_cast<std::streamsize>(limit));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
    auto temporary = path;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        if (!out) throw AppError(exit_bad_input, "cannot write " + temporary.string());
    }
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw AppError(exit_bad_input, "cannot write " + path.string() + ": " + ec.message());
}

}  // namespace rtpsec::apps
