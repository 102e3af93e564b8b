// libsrtp's process-wide initialisation. ctest runs each test case in a
// process of its own, so each of these meets an uninitialised libsrtp.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <srtp2/srtp.h>
#include <string_view>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <rtpsec/srtp/backend.hpp>

#include "packets.hpp"
#include "reference_srtp.hpp"
#include "vectors.hpp"

using namespace rtpsec::srtp;
using namespace rtpsec::srtp::test;

TEST_CASE("Sessions work in a process that called srtp_init itself first") {
    const srtp_err_status_t status = srtp_init();
    // bad_param when an earlier test case in this process got there first.
    CHECK((status == srtp_err_status_ok || status == srtp_err_status_bad_param));
    for (const Profile& p : all_profiles()) {
        SessionPair pair = make_pair(p);
        const Bytes rtp = make_rtp(1, 1, 160);
        CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp,
                          must(pair.sender, Operation::protect_rtp, rtp))) == to_hex(rtp));
    }
    CHECK(aes_gcm_implementation() == "rtpsec (OpenSSL EVP)");
}

TEST_CASE("libsrtp runs rtpsec's AES-GCM by default") {
    CHECK(aes_gcm_implementation() == "rtpsec (OpenSSL EVP)");
}

TEST_CASE("RTPSEC_LIBSRTP_STOCK_GCM=1 keeps libsrtp's own AES-GCM, which gives the same packets") {
    const char* stock = std::getenv("RTPSEC_LIBSRTP_STOCK_GCM");
    if (stock == nullptr || std::string_view(stock) != "1") {
        // libsrtp is initialised once per process, perhaps already by another
        // case: run this case again in a fresh process with the variable set.
        const pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            setenv("RTPSEC_LIBSRTP_STOCK_GCM", "1", 1);
            execl("/proc/self/exe", "test_srtp", "RTPSEC_LIBSRTP_STOCK_GCM=1 keeps*", nullptr);
            _exit(127);
        }
        int status = 0;
        REQUIRE(waitpid(child, &status, 0) == child);
        REQUIRE(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
        return;
    }
    CHECK(aes_gcm_implementation() == "libsrtp");
    for (const auto& [id, key_hex] :
         {std::pair{ProfileId::aead_aes_128_gcm, vectors::rfc7714_key_128},
          std::pair{ProfileId::aead_aes_256_gcm, vectors::rfc7714_key_256}}) {
        const Profile& gcm = *find_profile(id);
        const Bytes key = from_hex(key_hex);
        const Bytes salt = from_hex(vectors::rfc7714_salt);
        Session session(gcm, master_key(key, salt), master_key(key, salt));
        const ReferenceKeys model = derive_reference_keys(gcm, key, salt);
        const Bytes rtp = from_hex(vectors::rfc7714_rtp);
        CHECK(to_hex(must(session, Operation::protect_rtp, rtp)) ==
              to_hex(reference_protect_rtp(gcm, model.rtp, rtp, 0)));
    }
}
