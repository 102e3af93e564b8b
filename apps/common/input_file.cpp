// SPDX-License-Identifier: BSD-3-Clause
#include "common/input_file.hpp"

#include <string>
#include <system_error>

#include "common/app_error.hpp"

namespace rtpsec::apps {
namespace {

std::string cap_text(std::uintmax_t cap) {
    if (cap % (1024 * 1024) == 0) return std::to_string(cap / (1024 * 1024)) + " MiB";
    if (cap % 1024 == 0) return std::to_string(cap / 1024) + " KiB";
    return std::to_string(cap) + " bytes";
}

}  // namespace

void check_input_file(const std::filesystem::path& path, std::string_view flag,
                      std::uintmax_t cap) {
    const std::string what = std::string(flag) + " " + path.string();
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec) throw AppError(exit_bad_input, "cannot read " + what + ": " + ec.message());
    // A device or a pipe has no size to check before reading it.
    if (!std::filesystem::is_regular_file(status)) {
        throw AppError(exit_bad_input, what +
                                           " is not a regular file (the programs read "
                                           "regular files of at most " +
                                           cap_text(cap) + " there)");
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) throw AppError(exit_bad_input, "cannot read " + what + ": " + ec.message());
    if (size > cap) {
        throw AppError(exit_bad_input, what + " is " + std::to_string(size) +
                                           " bytes, more than the " + cap_text(cap) +
                                           " the programs read there");
    }
}

}  // namespace rtpsec::apps
