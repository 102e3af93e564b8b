// SPDX-License-Identifier: BSD-3-Clause
#include "common/media_flags.hpp"

#include "common/cli_values.hpp"

namespace rtpsec::apps {

void MediaFlags::add_to(CLI::App& app) {
    app.add_option("--profiles", profiles_, "SRTP profiles in preference order, comma-separated");
    app.add_option("--cert", cert_, "PEM certificate (default: a fresh ECDSA P-256 one)");
    app.add_option("--key", key_, "PEM private key of --cert");
    tone_option_ = app.add_option("--tone", tone_, "send a sine tone of this frequency (Hz)")
                       ->check(finite_range(0.0, 4000.0));
    auto* play = app.add_option("--play", play_, "send this WAV file (looped)");
    tone_option_->excludes(play);
    app.add_option("--record", record_, "write the received audio to this WAV file");
    app.add_flag("--echo", echo_, "send every received packet's payload back");
    app.add_option("--handshake-timeout", handshake_timeout_s_,
                   "seconds before the DTLS handshake gives up")
        ->check(finite_range(min_handshake_timeout_s, max_handshake_timeout_s));
    app.add_option("--mtu", mtu_, "largest UDP payload we send")->check(CLI::Range(576, 65507));
    app.add_flag("--export-keys", export_keys_, "print the exported SRTP keying material (SECRET)");
    app.add_option("--keylog", keylog_,
                   "append NSS key log lines to this file, for Wireshark (SECRET)");
}

std::vector<srtp::ProfileId> MediaFlags::profiles() const {
    return profiles_.empty() ? dtls::default_srtp_profiles() : parse_profiles(profiles_);
}

std::optional<std::filesystem::path> MediaFlags::cert() const {
    if (cert_.empty()) return std::nullopt;
    return cert_;
}

std::optional<std::filesystem::path> MediaFlags::key() const {
    if (key_.empty()) return std::nullopt;
    return key_;
}

MediaOptions MediaFlags::media() const {
    MediaOptions media;
    if (tone_option_ && tone_option_->count() > 0) media.tone_hz = tone_;
    if (!play_.empty()) media.play = play_;
    if (!record_.empty()) media.record = record_;
    media.echo = echo_;
    return media;
}

std::chrono::milliseconds MediaFlags::handshake_timeout() const {
    return std::chrono::milliseconds(static_cast<long>(handshake_timeout_s_ * 1000));
}

std::optional<std::filesystem::path> MediaFlags::keylog() const {
    if (keylog_.empty()) return std::nullopt;
    return keylog_;
}

}  // namespace rtpsec::apps
