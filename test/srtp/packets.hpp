// SPDX-License-Identifier: BSD-3-Clause
// Building RTP/RTCP test packets and running them through a Session.
#pragma once

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <system_error>
#include <vector>

#include <rtpsec/srtp/session.hpp>

#include "hex.hpp"

namespace rtpsec::srtp::test {

// RTP (RFC 3550 §5.1): V=2, PT 0, no CSRC, no extension; the payload depends
// on seq and ssrc so that no two test packets carry the same bytes.
inline Bytes make_rtp(std::uint32_t ssrc, std::uint16_t seq, std::size_t payload_size) {
    const std::uint32_t timestamp = std::uint32_t{seq} * 160;
    Bytes packet{0x80,
                 0x00,
                 static_cast<std::uint8_t>(seq >> 8),
                 static_cast<std::uint8_t>(seq),
                 static_cast<std::uint8_t>(timestamp >> 24),
                 static_cast<std::uint8_t>(timestamp >> 16),
                 static_cast<std::uint8_t>(timestamp >> 8),
                 static_cast<std::uint8_t>(timestamp),
                 static_cast<std::uint8_t>(ssrc >> 24),
                 static_cast<std::uint8_t>(ssrc >> 16),
                 static_cast<std::uint8_t>(ssrc >> 8),
                 static_cast<std::uint8_t>(ssrc)};
    for (std::size_t i = 0; i < payload_size; ++i) {
        packet.push_back(static_cast<std::uint8_t>(seq * 31u + ssrc + i * 7u));
    }
    return packet;
}

// RTCP sender report with no report blocks (RFC 3550 §6.4.1), 28 bytes.
inline Bytes make_rtcp_sr(std::uint32_t ssrc, std::uint32_t packet_count) {
    Bytes packet{0x80,
                 200,
                 0x00,
                 0x06,
                 static_cast<std::uint8_t>(ssrc >> 24),
                 static_cast<std::uint8_t>(ssrc >> 16),
                 static_cast<std::uint8_t>(ssrc >> 8),
                 static_cast<std::uint8_t>(ssrc)};
    for (int i = 0; i < 12; ++i)
        packet.push_back(static_cast<std::uint8_t>(0xa0 + i));
    for (int shift = 24; shift >= 0; shift -= 8) {
        packet.push_back(static_cast<std::uint8_t>(packet_count >> shift));
    }
    for (int shift = 24; shift >= 0; shift -= 8) {
        packet.push_back(static_cast<std::uint8_t>((packet_count * 160) >> shift));
    }
    return packet;
}

enum class Operation { protect_rtp, unprotect_rtp, protect_rtcp, unprotect_rtcp };

struct Outcome {
    Bytes packet;  // the buffer's first `length` bytes on success, empty on failure
    std::error_code ec;
};

// Copies `packet` into a fresh heap buffer with `tailroom` spare bytes and runs
// one operation in place.
inline Outcome run(Session& session, Operation operation, std::span<const std::uint8_t> packet,
                   std::size_t tailroom = max_protect_overhead) {
    std::vector<std::byte> buffer(packet.size() + tailroom);
    if (!packet.empty()) std::memcpy(buffer.data(), packet.data(), packet.size());
    std::error_code ec;
    std::size_t length = 0;
    switch (operation) {
        case Operation::protect_rtp:
            length = session.protect_rtp(buffer, packet.size(), ec);
            break;
        case Operation::unprotect_rtp:
            length = session.unprotect_rtp(buffer, packet.size(), ec);
            break;
        case Operation::protect_rtcp:
            length = session.protect_rtcp(buffer, packet.size(), ec);
            break;
        case Operation::unprotect_rtcp:
            length = session.unprotect_rtcp(buffer, packet.size(), ec);
            break;
    }
    if (ec) {
        CHECK(length == 0);
        return Outcome{{}, ec};
    }
    REQUIRE(length <= buffer.size());
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(buffer.data());
    return Outcome{Bytes(bytes, bytes + length), ec};
}

// The same, for operations the test expects to succeed.
inline Bytes must(Session& session, Operation operation, std::span<const std::uint8_t> packet) {
    Outcome outcome = run(session, operation, packet);
    INFO(outcome.ec.message());
    REQUIRE(!outcome.ec);
    return std::move(outcome.packet);
}

// libsrtp with rtpsec's AES-GCM and HMAC-SHA1, as the programs run it
// (libsrtp_init_test.cpp checks libsrtp's own in a process of its own).
inline const Library& library() {
    static const Library instance(LibraryOptions{.rtpsec_aes_gcm = true, .rtpsec_hmac_sha1 = true});
    return instance;
}

inline MasterKey master_key(std::span<const std::uint8_t> key, std::span<const std::uint8_t> salt) {
    return MasterKey{SecretBytes(key), SecretBytes(salt)};
}

// A master key and salt of the right sizes for `profile`, with bytes from `seed`.
inline MasterKey patterned_master_key(const Profile& profile, std::uint8_t seed) {
    Bytes key(profile.key_length);
    Bytes salt(profile.salt_length);
    for (std::size_t i = 0; i < key.size(); ++i)
        key[i] = static_cast<std::uint8_t>(seed + i);
    for (std::size_t i = 0; i < salt.size(); ++i) {
        salt[i] = static_cast<std::uint8_t>(seed * 3 + 0x80 + i);
    }
    return master_key(key, salt);
}

// Two Sessions keyed as the two ends of one association.
struct SessionPair {
    Session sender;
    Session receiver;
};

inline SessionPair make_pair(const Profile& profile, SessionOptions options = {}) {
    const MasterKey a = patterned_master_key(profile, 0x11);
    const MasterKey b = patterned_master_key(profile, 0x5c);
    return SessionPair{Session(library(), profile, a, b, options),
                       Session(library(), profile, b, a, options)};
}

}  // namespace rtpsec::srtp::test
