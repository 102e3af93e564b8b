// SPDX-License-Identifier: BSD-3-Clause
// An independent SRTP/SRTCP model for the known-answer tests, written from
// the RFCs on top of OpenSSL's EVP primitives (AES-CTR, AES-GCM, HMAC-SHA1)
// and sharing no code with libsrtp or srtp::Session.
//
// It is pinned to published numbers (reference_srtp_test.cpp): RFC 3711 B.2
// (AES-CM keystream), B.3 (key derivation), RFC 6188 §7.2 (AES-256 key
// derivation), RFC 7714 §16 and §17 (AES-GCM SRTP and SRTCP). Session's
// output is then compared with it byte for byte (known_answer_test.cpp):
// RFC 7714 publishes session keys, not master keys, so the chain
// "RFC bytes = model(session keys)" and "Session(master) = model(KDF(master))"
// is how a master-keyed libsrtp session is held to the RFC's packets.
#pragma once

#include <cstdint>
#include <span>

#include <rtpsec/srtp/profile.hpp>

#include "hex.hpp"

namespace rtpsec::srtp::test {

// RFC 3711 §4.3.2 key derivation labels.
enum class Label : std::uint8_t {
    rtp_encryption = 0x00,
    rtp_authentication = 0x01,
    rtp_salt = 0x02,
    rtcp_encryption = 0x03,
    rtcp_authentication = 0x04,
    rtcp_salt = 0x05,
};

// RFC 3711 §4.3.1 with key derivation rate 0, using the AES-CM PRF of
// §4.3.3 (AES-128) or RFC 6188 §7.1 (AES-256), chosen by the master key's
// length. A 12-byte (GCM) master salt is zero-padded to 112 bits, RFC 7714
// §11 as corrected by erratum 4938.
Bytes derive_session_key(std::span<const std::uint8_t> master_key,
                         std::span<const std::uint8_t> master_salt, Label label,
                         std::size_t length);

// The session keys of one direction for SRTP or SRTCP.
struct SessionKeySet {
    Bytes encryption;
    Bytes salt;
    Bytes authentication;  // empty for AEAD
};
struct ReferenceKeys {
    SessionKeySet rtp;
    SessionKeySet rtcp;
};
ReferenceKeys derive_reference_keys(const Profile& profile,
                                    std::span<const std::uint8_t> master_key,
                                    std::span<const std::uint8_t> master_salt);

// RFC 3711 §4.1.1 AES-CM keystream for one packet, from the 16-byte IV
// (k_s * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).
Bytes aes_cm_keystream(std::span<const std::uint8_t> key, std::span<const std::uint8_t> salt,
                       std::uint32_t ssrc, std::uint64_t index, std::size_t length);

// RTP header length: fixed header, CSRCs and extension (RFC 3550 §5.1, §5.3.1).
std::size_t rtp_header_length(std::span<const std::uint8_t> rtp);

// The SRTP packet for `rtp` at rollover counter `roc` (RFC 3711 §3.1 for the
// AES-CM profiles, RFC 7714 §8 for AEAD).
Bytes reference_protect_rtp(const Profile& profile, const SessionKeySet& keys,
                            std::span<const std::uint8_t> rtp, std::uint32_t roc);

// The SRTCP packet for `rtcp` with SRTCP index `index`, E flag set (RFC 3711
// §3.4 for the AES-CM profiles, RFC 7714 §9 for AEAD).
Bytes reference_protect_rtcp(const Profile& profile, const SessionKeySet& keys,
                             std::span<const std::uint8_t> rtcp, std::uint32_t index);

}  // namespace rtpsec::srtp::test
