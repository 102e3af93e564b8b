// SPDX-License-Identifier: BSD-3-Clause
#include <rtpsec/common/log.hpp>

namespace rtpsec {

std::string_view log_level_name(LogLevel level) {
    switch (level) {
        case LogLevel::debug:
            return "debug";
        case LogLevel::info:
            return "info";
        case LogLevel::warning:
            return "warning";
        case LogLevel::error:
            return "error";
        case LogLevel::off:
            return "off";
    }
    return "unknown";
}

}  // namespace rtpsec
