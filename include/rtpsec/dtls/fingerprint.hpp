// SPDX-License-Identifier: BSD-3-Clause
// Certificate fingerprints as carried in SDP `a=fingerprint` (RFC 8122 §5).
//
// A pure value type: parsing, formatting and constant-time comparison, with no
// OpenSSL in sight, so that sdp/ can use it without depending on the DTLS
// engine. Computing a fingerprint over a certificate lives in certificate.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <rtpsec/common/export.hpp>

namespace rtpsec::dtls {

// The hash function textual names of the IANA registry RFC 8122 §5 refers to.
// md2 and md5 are recognised (so SDP carrying them still parses) but never
// trusted: RFC 8122 §5 forbids them for new use.
enum class HashAlgorithm : std::uint8_t { md2, md5, sha1, sha224, sha256, sha384, sha512 };

// "sha-256", "sha-1", ... as written in SDP.
RTPSEC_EXPORT std::string_view hash_algorithm_name(HashAlgorithm algorithm);
// Case-insensitive lookup of an SDP hash name; nullopt for names we do not know.
RTPSEC_EXPORT std::optional<HashAlgorithm> hash_algorithm_from_name(std::string_view name);
// Digest length in bytes (16 for md2/md5, 20 for sha-1, ...).
RTPSEC_EXPORT std::size_t digest_size(HashAlgorithm algorithm);
// False for md2 and md5: such a fingerprint never authenticates a peer.
RTPSEC_EXPORT bool is_trusted(HashAlgorithm algorithm);

enum class FingerprintError {
    empty = 1,      // nothing but whitespace
    missing_value,  // a hash name with no hex after it
    unknown_hash,   // a hash name outside the registry: skip it, don't fail (RFC 8122 §5)
    malformed_hex,  // not pairs of hex digits separated by ':'
    wrong_length,   // digest length does not match the hash function
};
RTPSEC_EXPORT const std::error_category& fingerprint_category();
RTPSEC_EXPORT std::error_code make_error_code(FingerprintError e);

class RTPSEC_EXPORT Fingerprint {
  public:
    static constexpr std::size_t max_digest_size = 64;

    // Takes a digest of exactly digest_size(algorithm) bytes.
    Fingerprint(HashAlgorithm algorithm, std::span<const std::uint8_t> digest);

    // Parses "sha-256 AB:CD:..." (the value of an a=fingerprint attribute):
    // hash name and hex in any case, surrounding whitespace allowed.
    static std::optional<Fingerprint> parse(std::string_view text, std::error_code& ec);

    HashAlgorithm algorithm() const { return algorithm_; }
    std::span<const std::uint8_t> digest() const { return {digest_.data(), size_}; }

    // "sha-256 AB:CD:..." with upper-case hex, as RFC 8122 §5 writes it.
    std::string to_string() const;

    // Constant time in the digest bytes, so a comparison leaks nothing about
    // how much of an expected fingerprint an attacker's certificate matched.
    friend RTPSEC_EXPORT bool operator==(const Fingerprint& a, const Fingerprint& b);

  private:
    HashAlgorithm algorithm_;
    std::uint8_t size_ = 0;
    std::array<std::uint8_t, max_digest_size> digest_{};
};

}  // namespace rtpsec::dtls

template <>
struct std::is_error_code_enum<rtpsec::dtls::FingerprintError> : std::true_type {};
