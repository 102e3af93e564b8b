// SPDX-License-Identifier: BSD-3-Clause
// rtpsec-phone's command line (docs/design.md, "rtpsec-phone").
#pragma once

#include <optional>

#include "phone/phone.hpp"

namespace rtpsec::apps {

struct PhoneOptions {
    PhoneConfig phone;
    std::optional<std::filesystem::path> cert;
    std::optional<std::filesystem::path> key;
    bool json = false;
};

// Parses argv. Returns nullopt after printing --help or --version (exit 0);
// throws AppError (exit 2) for bad flags.
std::optional<PhoneOptions> parse_phone_options(int argc, char** argv);

}  // namespace rtpsec::apps
