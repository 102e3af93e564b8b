// SPDX-License-Identifier: BSD-3-Clause
// The command-line flags every program with a secured media leg shares
// (rtpsec-peer, rtpsec-phone): identity, SRTP profiles, DTLS limits, what to
// send and record, and the secrets the user may ask to see.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <rtpsec/dtls/engine_config.hpp>
#include <rtpsec/srtp/profile.hpp>

#include "common/media_session.hpp"

namespace rtpsec::apps {

class MediaFlags {
  public:
    // Declares the flags on `app`; read them after it parsed.
    void add_to(CLI::App& app);

    std::vector<srtp::ProfileId> profiles() const;  // throws AppError for bad names
    std::optional<std::filesystem::path> cert() const;
    std::optional<std::filesystem::path> key() const;
    MediaOptions media() const;
    std::chrono::milliseconds handshake_timeout() const;
    double handshake_timeout_s() const { return handshake_timeout_s_; }
    std::size_t mtu() const { return mtu_; }
    bool export_keys() const { return export_keys_; }
    std::optional<std::filesystem::path> keylog() const;

  private:
    std::string profiles_, cert_, key_, play_, record_, keylog_;
    double tone_ = 0, handshake_timeout_s_ = 15.0;
    std::size_t mtu_ = 1200;
    bool echo_ = false, export_keys_ = false;
    CLI::Option* tone_option_ = nullptr;
};

}  // namespace rtpsec::apps
