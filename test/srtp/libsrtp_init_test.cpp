// SPDX-License-Identifier: BSD-3-Clause
// libsrtp's process-wide crypto kernel and what a Library does to it. ctest
// runs each test case in a process of its own, so each of these meets an
// uninitialised libsrtp; a case that needs a fresh kernel again re-runs
// itself in a child process.
#include <catch2/catch.hpp>
#include <cstring>
#include <srtp2/srtp.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <rtpsec/srtp/error.hpp>
#include <rtpsec/srtp/library.hpp>

#include "packets.hpp"
#include "reference_srtp.hpp"
#include "vectors.hpp"

using namespace rtpsec::srtp;
using namespace rtpsec::srtp::test;

namespace {

// Runs the test case named `name` again in a fresh process; true if it passed.
// Catch reads a comma in a name as a separator, so those are escaped, and a
// name that matches nothing fails (--warn NoTests) rather than passing empty.
bool passes_in_fresh_process(const char* name) {
    std::string spec;
    for (const char* c = name; *c != '\0'; ++c) {
        if (*c == ',') spec += '\\';
        spec += *c;
    }
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        execl("/proc/self/exe", "test_srtp", spec.c_str(), "--warn", "NoTests", nullptr);
        _exit(127);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// RFC 7714's packet, protected by a session made with `lib`, equals the
// reference model's.
void check_gcm_against_the_model(const Library& lib) {
    for (const auto& [id, key_hex] :
         {std::pair{ProfileId::aead_aes_128_gcm, vectors::rfc7714_key_128},
          std::pair{ProfileId::aead_aes_256_gcm, vectors::rfc7714_key_256}}) {
        const Profile& gcm = *find_profile(id);
        const Bytes key = from_hex(key_hex);
        const Bytes salt = from_hex(vectors::rfc7714_salt);
        Session session(lib, gcm, master_key(key, salt), master_key(key, salt));
        const ReferenceKeys model = derive_reference_keys(gcm, key, salt);
        const Bytes rtp = from_hex(vectors::rfc7714_rtp);
        CHECK(to_hex(must(session, Operation::protect_rtp, rtp)) ==
              to_hex(reference_protect_rtp(gcm, model.rtp, rtp, 0)));
    }
}

// The AES-CM profiles' packets from a session made with `lib`: libsrtp's
// published ones (vectors.hpp) and the reference model's, both ways.
void check_cm_against_the_model(const Library& lib) {
    const Bytes key = from_hex(vectors::b3_master_key);
    const Bytes salt = from_hex(vectors::b3_master_salt);
    const Bytes rtp = from_hex(vectors::libsrtp_rtp_plaintext);
    const Bytes rtcp = from_hex(vectors::libsrtp_rtcp_plaintext);
    for (const auto& [id, expected_srtp] :
         {std::pair{ProfileId::aes128_cm_sha1_80, vectors::libsrtp_srtp_sha1_80},
          std::pair{ProfileId::aes128_cm_sha1_32, vectors::libsrtp_srtp_sha1_32}}) {
        const Profile& cm = *find_profile(id);
        INFO(cm.name);
        Session session(lib, cm, master_key(key, salt), master_key(key, salt));
        const ReferenceKeys model = derive_reference_keys(cm, key, salt);
        const Bytes srtp = must(session, Operation::protect_rtp, rtp);
        CHECK(to_hex(srtp) == to_hex(from_hex(expected_srtp)));
        CHECK(to_hex(srtp) == to_hex(reference_protect_rtp(cm, model.rtp, rtp, 0)));
        CHECK(to_hex(must(session, Operation::unprotect_rtp, srtp)) == to_hex(rtp));
        const Bytes srtcp = must(session, Operation::protect_rtcp, rtcp);
        CHECK(to_hex(srtcp) == to_hex(from_hex(vectors::libsrtp_srtcp)));
        CHECK(to_hex(must(session, Operation::unprotect_rtcp, srtcp)) == to_hex(rtcp));
        // A tag with one bit changed does not authenticate.
        Bytes forged = reference_protect_rtp(cm, model.rtp, make_rtp(7, 9, 160), 0);
        forged.back() ^= 0x01;
        CHECK(run(session, Operation::unprotect_rtp, forged).ec == SrtpError::auth_fail);
    }
}

// libsrtp's own API, as a host application uses it beside rtpsec: one
// session each way with `key_and_salt`, a packet protected and unprotected.
bool host_libsrtp_round_trip(srtp_profile_t profile, std::vector<std::uint8_t> key_and_salt) {
    srtp_policy_t policy{};
    srtp_crypto_policy_set_from_profile_for_rtp(&policy.rtp, profile);
    srtp_crypto_policy_set_from_profile_for_rtcp(&policy.rtcp, profile);
    policy.key = key_and_salt.data();
    policy.window_size = 128;
    policy.ssrc.type = ssrc_any_outbound;
    srtp_t sender = nullptr;
    if (srtp_create(&sender, &policy) != srtp_err_status_ok) return false;
    policy.ssrc.type = ssrc_any_inbound;
    srtp_t receiver = nullptr;
    if (srtp_create(&receiver, &policy) != srtp_err_status_ok) return false;
    alignas(4) std::uint8_t packet[12 + 160 + SRTP_MAX_TRAILER_LEN] = {
        0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 7};
    std::memset(packet + 12, 0x5a, 160);
    int length = 12 + 160;
    bool ok = srtp_protect(sender, packet, &length) == srtp_err_status_ok &&
              srtp_unprotect(receiver, packet, &length) == srtp_err_status_ok &&
              length == 12 + 160 && packet[12 + 159] == 0x5a;
    srtp_dealloc(sender);
    srtp_dealloc(receiver);
    return ok;
}

}  // namespace

TEST_CASE("A Library leaves libsrtp's own AES-GCM in place unless asked") {
    if (aes_gcm_implementation() != "libsrtp") {
        CHECK(passes_in_fresh_process("A Library leaves libsrtp's own AES-GCM*"));
        return;
    }
    const Library plain;
    CHECK_FALSE(plain.options().rtpsec_aes_gcm);
    CHECK(aes_gcm_implementation() == "libsrtp");
    check_gcm_against_the_model(plain);
}

TEST_CASE("rtpsec's AES-GCM, once a Library asks for it, gives libsrtp's packets") {
    if (aes_gcm_implementation() != "libsrtp") {
        CHECK(passes_in_fresh_process("rtpsec's AES-GCM, once a Library asks*"));
        return;
    }
    const Library plain;
    const Library fast(LibraryOptions{.rtpsec_aes_gcm = true});
    CHECK(aes_gcm_implementation() == "rtpsec (OpenSSL EVP)");
    check_gcm_against_the_model(fast);
    check_gcm_against_the_model(plain);
}

TEST_CASE("A Library leaves libsrtp's own HMAC-SHA1 in place unless asked") {
    if (hmac_sha1_implementation() != "libsrtp") {
        CHECK(passes_in_fresh_process("A Library leaves libsrtp's own HMAC-SHA1*"));
        return;
    }
    const Library plain(LibraryOptions{.rtpsec_aes_gcm = true});
    CHECK_FALSE(plain.options().rtpsec_hmac_sha1);
    CHECK(hmac_sha1_implementation() == "libsrtp");
    check_cm_against_the_model(plain);
}

TEST_CASE("rtpsec's HMAC-SHA1, once a Library asks for it, gives libsrtp's packets") {
    if (hmac_sha1_implementation() != "libsrtp") {
        CHECK(passes_in_fresh_process("rtpsec's HMAC-SHA1, once a Library asks*"));
        return;
    }
    const Library plain;
    // Packets protected by libsrtp's own HMAC, kept for after the switch.
    const Profile& cm = *find_profile(ProfileId::aes128_cm_sha1_80);
    const MasterKey a = patterned_master_key(cm, 0x11);
    const MasterKey b = patterned_master_key(cm, 0x5c);
    Session stock_sender(plain, cm, a, b);
    const Bytes rtp = make_rtp(0x1234, 1, 160);
    const Bytes rtcp = make_rtcp_sr(0x1234, 1);
    const Bytes stock_srtp = must(stock_sender, Operation::protect_rtp, rtp);
    const Bytes stock_srtcp = must(stock_sender, Operation::protect_rtcp, rtcp);

    const Library fast(LibraryOptions{.rtpsec_hmac_sha1 = true});
    CHECK(hmac_sha1_implementation() == "rtpsec (OpenSSL SHA-1 states)");
    check_cm_against_the_model(fast);
    check_cm_against_the_model(plain);
    // A receiver on rtpsec's HMAC takes what libsrtp's own HMAC sent.
    Session receiver(fast, cm, b, a);
    CHECK(to_hex(must(receiver, Operation::unprotect_rtp, stock_srtp)) == to_hex(rtp));
    CHECK(to_hex(must(receiver, Operation::unprotect_rtcp, stock_srtcp)) == to_hex(rtcp));
}

TEST_CASE("Sessions work in a host that called srtp_init itself and keeps its own sessions") {
    const srtp_err_status_t status = srtp_init();
    // bad_param when an earlier test case in this process got there first.
    REQUIRE((status == srtp_err_status_ok || status == srtp_err_status_bad_param));
    std::vector<std::uint8_t> host_key(30);
    for (std::size_t i = 0; i < host_key.size(); ++i)
        host_key[i] = static_cast<std::uint8_t>(i * 7);
    REQUIRE(host_libsrtp_round_trip(srtp_profile_aes128_cm_sha1_80, host_key));

    const Library lib(LibraryOptions{.rtpsec_aes_gcm = true, .rtpsec_hmac_sha1 = true});
    for (const Profile& p : all_profiles()) {
        SessionPair pair = make_pair(p);
        const Bytes rtp = make_rtp(1, 1, 160);
        CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp,
                          must(pair.sender, Operation::protect_rtp, rtp))) == to_hex(rtp));
    }
    // The host's libsrtp still works after rtpsec's, for every profile,
    // GCM and AES-CM included (now running rtpsec's GCM and HMAC).
    CHECK(host_libsrtp_round_trip(srtp_profile_aes128_cm_sha1_80, host_key));
    std::vector<std::uint8_t> gcm_key(28, 0x42);
    CHECK(host_libsrtp_round_trip(srtp_profile_aead_aes_128_gcm, gcm_key));
}
