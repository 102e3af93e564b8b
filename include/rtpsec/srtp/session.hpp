// SPDX-License-Identifier: BSD-3-Clause
// srtp::Session: the SRTP/SRTCP protection of one media transport, over libsrtp2.
//
// Owns two libsrtp contexts: an outbound one keyed with our master key (any
// SSRC we send, libsrtp's ssrc_any_outbound) and an inbound one keyed with the
// peer's (any SSRC it sends, ssrc_any_inbound). libsrtp allows one wildcard
// template per context, hence two. From each template libsrtp clones a stream
// per SSRC on first use (inbound: only once a packet has authenticated), so
// every source has its own rollover counter and replay window and one source's
// state never affects another's.
//
// Packet path: protect/unprotect work in place on a buffer that holds the
// packet in its first `length` bytes; they return the new length, or 0 and an
// error in the `rtpsec.srtp` category (see error.hpp and is_fatal()). They
// never allocate, except when libsrtp meets a new SSRC, and never throw.
// Protecting needs tailroom behind the packet: Profile::rtp_overhead() bytes
// for SRTP, Profile::rtcp_overhead() for SRTCP (max_protect_overhead covers
// every profile). It is checked before libsrtp is called, because libsrtp
// writes the tag behind the packet without knowing the buffer's size.
// libsrtp reads headers as 32-bit words: buffers should start 4-byte aligned
// (any new[], std::vector or alignas(4) array does).
//
// Keys: the master keys are copied into libsrtp's key derivation and every
// buffer of ours that held them is wiped; libsrtp zeroes its session keys in
// srtp_dealloc. The Session keeps no master key.
//
// libsrtp: every Session is made with a Library (library.hpp), which has
// initialised libsrtp's crypto kernel.
//
// Threading: A Session itself is not synchronised: use it from one thread
// at a time (the endpoint's executor).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <system_error>

#include <rtpsec/common/export.hpp>
#include <rtpsec/srtp/key_split.hpp>
#include <rtpsec/srtp/library.hpp>
#include <rtpsec/srtp/profile.hpp>

// libsrtp's context type (srtp_t is a pointer to it), declared here so this
// header does not pull srtp.h into every user of the SRTP layer.
struct srtp_ctx_t_;

namespace rtpsec::srtp {

struct RTPSEC_EXPORT SessionOptions {
    // Per-SSRC SRTP replay window in packets (RFC 3711 §3.3.2). libsrtp
    // accepts 64 to 32767; SRTCP uses libsrtp's fixed 128-packet window.
    std::size_t replay_window = 1024;
};

namespace detail {
struct RTPSEC_EXPORT LibsrtpContextDeleter {
    void operator()(srtp_ctx_t_* context) const noexcept;
};
using LibsrtpContext = std::unique_ptr<srtp_ctx_t_, LibsrtpContextDeleter>;
}  // namespace detail

class RTPSEC_EXPORT Session {
  public:
    static constexpr std::size_t min_replay_window = 64;
    static constexpr std::size_t max_replay_window = 0x7fff;

    // Throws std::system_error: SrtpError::bad_param when `profile` is not one
    // of all_profiles(), a key or salt has the wrong length for it, or the
    // replay window is out of range; another SrtpError when libsrtp fails.
    Session(const Library& library, const Profile& profile, const MasterKey& local,
            const MasterKey& remote, SessionOptions options = {});
    Session(const Library& library, const Profile& profile, const SessionKeys& keys,
            SessionOptions options = {});

    // Straight from the DTLS export (see split_keying_material()).
    static Session from_keying_material(const Library& library, const Profile& profile,
                                        std::span<const std::uint8_t> keying_material,
                                        DtlsRole role, SessionOptions options = {});

    Session(Session&&) noexcept = default;
    Session& operator=(Session&&) noexcept = default;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session() = default;

    const Profile& profile() const noexcept { return *profile_; }
    std::size_t replay_window() const noexcept { return replay_window_; }

    // RTP -> SRTP (RFC 3711 §3.1, RFC 7714 §8). `length` is the RTP packet's
    // length at the start of `buffer`; the result is the SRTP packet's length.
    [[nodiscard]] std::size_t protect_rtp(std::span<std::byte> buffer, std::size_t length,
                                          std::error_code& ec) noexcept;
    // SRTP -> RTP: authenticates, checks replay, decrypts; the result is the
    // RTP packet's length. On failure the buffer's contents are unspecified.
    [[nodiscard]] std::size_t unprotect_rtp(std::span<std::byte> buffer, std::size_t length,
                                            std::error_code& ec) noexcept;
    // RTCP -> SRTCP (RFC 3711 §3.4, RFC 7714 §9): the whole compound packet.
    [[nodiscard]] std::size_t protect_rtcp(std::span<std::byte> buffer, std::size_t length,
                                           std::error_code& ec) noexcept;
    [[nodiscard]] std::size_t unprotect_rtcp(std::span<std::byte> buffer, std::size_t length,
                                             std::error_code& ec) noexcept;

  private:
    const Profile* profile_;
    std::size_t replay_window_;
    detail::LibsrtpContext outbound_;
    detail::LibsrtpContext inbound_;
};

}  // namespace rtpsec::srtp
