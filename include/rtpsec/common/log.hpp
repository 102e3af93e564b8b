// SPDX-License-Identifier: BSD-3-Clause
// Logger: the diagnostic hook a Context hands to the layers under it.
//
// rtpsec writes nothing to stdout or stderr by itself; what it has to say
// (a peer refused, a handshake failed and why, a budget reached) goes to the
// embedder's sink, one line at a time, when its level is at least the
// threshold. Messages never hold keys, salts or private keys; addresses and
// fingerprints may appear.
//
// Threading: the sink is called on the thread that gave the input that caused
// the message; a sink shared by endpoints on several threads must be
// thread-safe.
#pragma once

#include <functional>
#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec {

enum class LogLevel { debug, info, warning, error, off };

// "debug", "info", "warning", "error", "off".
RTPSEC_EXPORT std::string_view log_level_name(LogLevel level);

using LogSink = std::function<void(LogLevel level, std::string_view message)>;

class RTPSEC_EXPORT Logger {
  public:
    // A logger that drops everything.
    Logger() = default;
    Logger(LogSink sink, LogLevel threshold) : sink_(std::move(sink)), threshold_(threshold) {}

    // Whether a message of this level would reach the sink: test it before
    // building an expensive message.
    bool enabled(LogLevel level) const {
        return sink_ && level != LogLevel::off && level >= threshold_;
    }
    void log(LogLevel level, std::string_view message) const {
        if (enabled(level)) sink_(level, message);
    }

  private:
    LogSink sink_;
    LogLevel threshold_ = LogLevel::off;
};

}  // namespace rtpsec
