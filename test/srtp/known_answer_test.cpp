// SPDX-License-Identifier: BSD-3-Clause
// srtp::Session (libsrtp) against the RFC-pinned model of reference_srtp.hpp
// and against published packets, byte for byte.
//
// RFC 7714 §16/§17 give session keys, while a Session (like any DTLS-SRTP
// stack) takes master keys and derives session keys with the RFC 3711 KDF.
// So the RFC's key and salt are used here as the *master* key and salt, and
// the Session's packets must equal the model's packets under KDF(master):
// the model reproduces the RFC's own bytes from the RFC's session keys
// (reference_srtp_test.cpp), so the packet format, IV, AAD, tag and ESRTCP
// layout are the RFC's, and the key schedule is RFC 3711 B.3 / RFC 6188.
#include <catch2/catch.hpp>

#include <rtpsec/srtp/profile.hpp>
#include <rtpsec/srtp/session.hpp>

#include "packets.hpp"
#include "reference_srtp.hpp"
#include "vectors.hpp"

using namespace rtpsec::srtp;
using namespace rtpsec::srtp::test;

namespace {

const Profile& profile(ProfileId id) {
    const Profile* p = find_profile(id);
    REQUIRE(p != nullptr);
    return *p;
}

void check_rfc7714_through_session(const Profile& gcm, const char* key_hex) {
    const Bytes key = from_hex(key_hex);
    const Bytes salt = from_hex(vectors::rfc7714_salt);
    Session session(library(), gcm, master_key(key, salt), master_key(key, salt));
    const ReferenceKeys model = derive_reference_keys(gcm, key, salt);

    SECTION("SRTP: the RFC 7714 section 16 packet") {
        const Bytes rtp = from_hex(vectors::rfc7714_rtp);
        const Bytes srtp = must(session, Operation::protect_rtp, rtp);
        CHECK(to_hex(srtp) ==
              to_hex(reference_protect_rtp(gcm, model.rtp, rtp, vectors::rfc7714_rtp_roc)));
        CHECK(srtp.size() == rtp.size() + 16);
        CHECK(to_hex(must(session, Operation::unprotect_rtp, srtp)) == to_hex(rtp));
    }
    SECTION("SRTCP: the RFC 7714 section 17 packet at SRTCP index 0x5d4") {
        const Bytes rtcp = from_hex(vectors::rfc7714_rtcp);
        // libsrtp numbers SRTCP packets from 1; walk up to the RFC's index.
        for (unsigned index = 1; index < vectors::rfc7714_srtcp_index; ++index) {
            (void)must(session, Operation::protect_rtcp, rtcp);
        }
        const Bytes srtcp = must(session, Operation::protect_rtcp, rtcp);
        CHECK(to_hex(srtcp) ==
              to_hex(reference_protect_rtcp(gcm, model.rtcp, rtcp, vectors::rfc7714_srtcp_index)));
        CHECK(to_hex(std::span(srtcp).last(4)) == "800005d4");  // E flag + index, after the tag
        CHECK(to_hex(must(session, Operation::unprotect_rtcp, srtcp)) == to_hex(rtcp));
    }
    SECTION("unprotect takes the model's packets") {
        const Bytes rtp = from_hex(vectors::rfc7714_rtp);
        const Bytes rtcp = from_hex(vectors::rfc7714_rtcp);
        CHECK(to_hex(must(session, Operation::unprotect_rtp,
                          reference_protect_rtp(gcm, model.rtp, rtp, 0))) == to_hex(rtp));
        CHECK(to_hex(must(session, Operation::unprotect_rtcp,
                          reference_protect_rtcp(gcm, model.rtcp, rtcp, 0x5d4))) == to_hex(rtcp));
    }
}

}  // namespace

TEST_CASE("AEAD_AES_128_GCM: Session matches RFC 7714 sections 16.1 and 17.1 via the model") {
    check_rfc7714_through_session(profile(ProfileId::aead_aes_128_gcm), vectors::rfc7714_key_128);
}

TEST_CASE("AEAD_AES_256_GCM: Session matches RFC 7714 sections 16.2 and 17.2 via the model") {
    check_rfc7714_through_session(profile(ProfileId::aead_aes_256_gcm), vectors::rfc7714_key_256);
}

TEST_CASE("AES-CM profiles: Session reproduces the published RFC 3711 B.3-keyed packets") {
    const Bytes key = from_hex(vectors::b3_master_key);
    const Bytes salt = from_hex(vectors::b3_master_salt);
    const Bytes rtp = from_hex(vectors::libsrtp_rtp_plaintext);
    const Bytes rtcp = from_hex(vectors::libsrtp_rtcp_plaintext);

    for (const auto& [id, expected_srtp] :
         {std::pair{ProfileId::aes128_cm_sha1_80, vectors::libsrtp_srtp_sha1_80},
          std::pair{ProfileId::aes128_cm_sha1_32, vectors::libsrtp_srtp_sha1_32}}) {
        const Profile& cm = profile(id);
        INFO(cm.name);
        Session session(library(), cm, master_key(key, salt), master_key(key, salt));
        const ReferenceKeys model = derive_reference_keys(cm, key, salt);

        const Bytes srtp = must(session, Operation::protect_rtp, rtp);
        CHECK(to_hex(srtp) == to_hex(from_hex(expected_srtp)));
        CHECK(to_hex(srtp) == to_hex(reference_protect_rtp(cm, model.rtp, rtp, 0)));
        CHECK(to_hex(must(session, Operation::unprotect_rtp, srtp)) == to_hex(rtp));

        const Bytes srtcp = must(session, Operation::protect_rtcp, rtcp);
        CHECK(to_hex(srtcp) == to_hex(from_hex(vectors::libsrtp_srtcp)));
        CHECK(to_hex(srtcp) == to_hex(reference_protect_rtcp(cm, model.rtcp, rtcp, 1)));
        CHECK(to_hex(must(session, Operation::unprotect_rtcp, srtcp)) == to_hex(rtcp));
    }
}

TEST_CASE("every profile: Session equals the model across the 65535 -> 0 rollover") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        const MasterKey local = patterned_master_key(p, 0x21);
        const MasterKey remote = patterned_master_key(p, 0x42);
        Session session(library(), p, local, remote);
        const ReferenceKeys model = derive_reference_keys(p, local.key.span(), local.salt.span());
        const ReferenceKeys peer = derive_reference_keys(p, remote.key.span(), remote.salt.span());

        // RFC 3711 §3.3.1: the sender's ROC counts sequence number wraps.
        const std::uint32_t ssrc = 0x11223344;
        const std::pair<std::uint16_t, std::uint32_t> seq_roc[] = {
            {65533, 0}, {65534, 0}, {65535, 0}, {0, 1}, {1, 1}, {2, 1}};
        for (const auto& [seq, roc] : seq_roc) {
            const Bytes rtp = make_rtp(ssrc, seq, 160);
            CHECK(to_hex(must(session, Operation::protect_rtp, rtp)) ==
                  to_hex(reference_protect_rtp(p, model.rtp, rtp, roc)));
            // And the receiving side takes the peer's packets built by the model.
            CHECK(to_hex(must(session, Operation::unprotect_rtp,
                              reference_protect_rtp(p, peer.rtp, rtp, roc))) == to_hex(rtp));
        }
        for (std::uint32_t index = 1; index <= 3; ++index) {
            const Bytes rtcp = make_rtcp_sr(ssrc, index);
            CHECK(to_hex(must(session, Operation::protect_rtcp, rtcp)) ==
                  to_hex(reference_protect_rtcp(p, model.rtcp, rtcp, index)));
            CHECK(to_hex(must(session, Operation::unprotect_rtcp,
                              reference_protect_rtcp(p, peer.rtcp, rtcp, index))) == to_hex(rtcp));
        }
    }
}
