// SPDX-License-Identifier: BSD-3-Clause
// The test model (reference_srtp.hpp) against published numbers. If these
// pass, the model is the RFCs, and known_answer_test.cpp may hold Session to it.
#include "reference_srtp.hpp"

#include <catch2/catch.hpp>

#include <rtpsec/srtp/profile.hpp>

#include "vectors.hpp"

using namespace rtpsec::srtp;
using namespace rtpsec::srtp::test;

namespace {

const Profile& profile(ProfileId id) {
    const Profile* p = find_profile(id);
    REQUIRE(p != nullptr);
    return *p;
}

SessionKeySet rfc7714_session_keys(const char* key) {
    return SessionKeySet{from_hex(key), from_hex(vectors::rfc7714_salt), {}};
}

}  // namespace

TEST_CASE("model: AES-CM keystream is RFC 3711 B.2, including the 16-bit block counter") {
    const Bytes key = from_hex(vectors::b2_session_key);
    const Bytes salt = from_hex(vectors::b2_session_salt);
    CHECK(to_hex(aes_cm_keystream(key, salt, 0, 0, 48)) ==
          to_hex(from_hex(vectors::b2_keystream_0000_0002)));

    const Bytes long_stream = aes_cm_keystream(key, salt, 0, 0, 0xff02 * 16);
    const std::span<const std::uint8_t> tail(long_stream.data() + 0xfeff * 16, 48);
    CHECK(to_hex(tail) == to_hex(from_hex(vectors::b2_keystream_feff_ff01)));
}

TEST_CASE("model: AES-128 key derivation is RFC 3711 B.3") {
    const Bytes key = from_hex(vectors::b3_master_key);
    const Bytes salt = from_hex(vectors::b3_master_salt);
    CHECK(to_hex(derive_session_key(key, salt, Label::rtp_encryption, 16)) ==
          to_hex(from_hex(vectors::b3_cipher_key)));
    CHECK(to_hex(derive_session_key(key, salt, Label::rtp_salt, 14)) ==
          to_hex(from_hex(vectors::b3_cipher_salt)));
    CHECK(to_hex(derive_session_key(key, salt, Label::rtp_authentication, 94)) ==
          to_hex(from_hex(vectors::b3_auth_key)));
}

TEST_CASE("model: AES-256 key derivation is RFC 6188 section 7.2") {
    const Bytes key = from_hex(vectors::rfc6188_master_key);
    const Bytes salt = from_hex(vectors::rfc6188_master_salt);
    CHECK(to_hex(derive_session_key(key, salt, Label::rtp_encryption, 32)) ==
          to_hex(from_hex(vectors::rfc6188_cipher_key)));
    CHECK(to_hex(derive_session_key(key, salt, Label::rtp_salt, 14)) ==
          to_hex(from_hex(vectors::rfc6188_cipher_salt)));
    CHECK(to_hex(derive_session_key(key, salt, Label::rtp_authentication, 20)) ==
          to_hex(from_hex(vectors::rfc6188_auth_key)));
}

TEST_CASE("model: AES-CM + HMAC-SHA1 packets are libsrtp's published known answers") {
    const Bytes key = from_hex(vectors::b3_master_key);
    const Bytes salt = from_hex(vectors::b3_master_salt);
    const Profile& sha1_80 = profile(ProfileId::aes128_cm_sha1_80);
    const Profile& sha1_32 = profile(ProfileId::aes128_cm_sha1_32);
    const ReferenceKeys keys = derive_reference_keys(sha1_80, key, salt);
    const Bytes rtp = from_hex(vectors::libsrtp_rtp_plaintext);
    const Bytes rtcp = from_hex(vectors::libsrtp_rtcp_plaintext);

    CHECK(to_hex(reference_protect_rtp(sha1_80, keys.rtp, rtp, 0)) ==
          to_hex(from_hex(vectors::libsrtp_srtp_sha1_80)));
    CHECK(to_hex(reference_protect_rtp(sha1_32, keys.rtp, rtp, 0)) ==
          to_hex(from_hex(vectors::libsrtp_srtp_sha1_32)));
    CHECK(to_hex(reference_protect_rtcp(sha1_80, keys.rtcp, rtcp, 1)) ==
          to_hex(from_hex(vectors::libsrtp_srtcp)));
    CHECK(to_hex(reference_protect_rtcp(sha1_32, keys.rtcp, rtcp, 1)) ==
          to_hex(from_hex(vectors::libsrtp_srtcp)));
}

TEST_CASE("model: AEAD_AES_128_GCM packets are RFC 7714 16.1.1 and 17.1") {
    const Profile& gcm = profile(ProfileId::aead_aes_128_gcm);
    const SessionKeySet keys = rfc7714_session_keys(vectors::rfc7714_key_128);
    CHECK(to_hex(reference_protect_rtp(gcm, keys, from_hex(vectors::rfc7714_rtp),
                                       vectors::rfc7714_rtp_roc)) ==
          to_hex(from_hex(vectors::rfc7714_srtp_128)));
    CHECK(to_hex(reference_protect_rtcp(gcm, keys, from_hex(vectors::rfc7714_rtcp),
                                        vectors::rfc7714_srtcp_index)) ==
          to_hex(from_hex(vectors::rfc7714_srtcp_128)));
}

TEST_CASE("model: AEAD_AES_256_GCM packets are RFC 7714 16.2.1 and 17.2") {
    const Profile& gcm = profile(ProfileId::aead_aes_256_gcm);
    const SessionKeySet keys = rfc7714_session_keys(vectors::rfc7714_key_256);
    CHECK(to_hex(reference_protect_rtp(gcm, keys, from_hex(vectors::rfc7714_rtp),
                                       vectors::rfc7714_rtp_roc)) ==
          to_hex(from_hex(vectors::rfc7714_srtp_256)));
    CHECK(to_hex(reference_protect_rtcp(gcm, keys, from_hex(vectors::rfc7714_rtcp),
                                        vectors::rfc7714_srtcp_index)) ==
          to_hex(from_hex(vectors::rfc7714_srtcp_256)));
}
