// SPDX-License-Identifier: BSD-3-Clause
// The rtpsec.srtp error category and the drop-or-tear-down split.
#include <catch2/catch.hpp>
#include <set>
#include <string>

#include <rtpsec/srtp/backend.hpp>
#include <rtpsec/srtp/error.hpp>

using namespace rtpsec::srtp;

TEST_CASE("every SrtpError has its own message in the rtpsec.srtp category") {
    std::set<std::string> messages;
    for (int value = static_cast<int>(SrtpError::auth_fail);
         value <= static_cast<int>(SrtpError::library_fail); ++value) {
        const std::error_code ec = make_error_code(static_cast<SrtpError>(value));
        CHECK(std::string(ec.category().name()) == "rtpsec.srtp");
        CHECK(ec.message().find("unknown") == std::string::npos);
        messages.insert(ec.message());
    }
    CHECK(messages.size() == static_cast<std::size_t>(SrtpError::library_fail));
    const std::error_code implicit = SrtpError::replay_old;  // is_error_code_enum
    CHECK(implicit == make_error_code(SrtpError::replay_old));
}

TEST_CASE("is_fatal: drop and count per-packet failures, tear down broken sessions") {
    for (SrtpError drop :
         {SrtpError::auth_fail, SrtpError::replay_fail, SrtpError::replay_old, SrtpError::malformed,
          SrtpError::cipher_fail, SrtpError::buffer_too_small, SrtpError::bad_param}) {
        INFO(make_error_code(drop).message());
        CHECK_FALSE(is_fatal(drop));
    }
    for (SrtpError fatal : {SrtpError::key_expired, SrtpError::no_ctx, SrtpError::alloc_fail,
                            SrtpError::init_fail, SrtpError::library_fail}) {
        INFO(make_error_code(fatal).message());
        CHECK(is_fatal(fatal));
    }
    CHECK_FALSE(is_fatal(std::error_code{}));
    CHECK_FALSE(is_fatal(std::make_error_code(std::errc::message_size)));  // not ours to judge
}

TEST_CASE("crypto_backend names the libsrtp this build links") {
    const std::string backend(crypto_backend());
    CHECK(backend.rfind("libsrtp2 ", 0) == 0);
    CHECK(
        (backend.find("OpenSSL") != std::string::npos || backend.find("NSS") != std::string::npos));
}
