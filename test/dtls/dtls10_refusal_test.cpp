// SPDX-License-Identifier: BSD-3-Clause
// DTLS 1.0 is refused (RFC 8996): a real OpenSSL DTLS 1.0 client gets a
// protocol_version alert and the server engine fails with a reason.
#include <catch2/catch.hpp>
#include <openssl/ssl.h>

#include <rtpsec/dtls/engine.hpp>

#include "identities.hpp"
#include "simulated_clock.hpp"

using namespace rtpsec;

TEST_CASE("a DTLS 1.0-only client is refused with protocol_version") {
    SSL_CTX* context = SSL_CTX_new(DTLS_client_method());
    REQUIRE(context);
    SSL_CTX_set_security_level(context, 0);
    REQUIRE(SSL_CTX_set_min_proto_version(context, DTLS1_VERSION) == 1);
    REQUIRE(SSL_CTX_set_max_proto_version(context, DTLS1_VERSION) == 1);
    REQUIRE(SSL_CTX_set_cipher_list(context, "ECDHE-ECDSA-AES128-SHA:@SECLEVEL=0") == 1);
    SSL* client = SSL_new(context);
    BIO* to_server = BIO_new(BIO_s_mem());
    BIO* from_server = BIO_new(BIO_s_mem());
    SSL_set_bio(client, from_server, to_server);
    SSL_set_connect_state(client);
    CHECK(SSL_do_handshake(client) <= 0);
    std::vector<std::byte> hello(static_cast<std::size_t>(BIO_ctrl_pending(to_server)));
    REQUIRE(!hello.empty());
    BIO_read(to_server, hello.data(), static_cast<int>(hello.size()));

    test::SimulatedClock clock;
    dtls::Engine server(
        test::config_for(dtls::Role::server, test::ecdsa_identity(1), test::ecdsa_identity(0)),
        clock.now());
    const auto ec = server.handle_datagram(hello, clock.now());
    CHECK(ec == dtls::Error::protocol_error);
    CHECK(server.state() == dtls::Engine::State::failed);
    auto event = server.poll_event();
    REQUIRE(event);
    auto* failed = std::get_if<dtls::Failed>(&*event);
    REQUIRE(failed);
    CHECK_THAT(failed->message, Catch::Contains("unsupported protocol") &&
                                    Catch::Contains("sent alert protocol version"));
    // The alert reaches the client, which stops too.
    auto alert = server.poll_transmit();
    REQUIRE(alert);
    CHECK(std::to_integer<int>((*alert)[0]) == 21);  // alert record
    BIO_write(from_server, alert->data(), static_cast<int>(alert->size()));
    CHECK(SSL_do_handshake(client) <= 0);
    CHECK(SSL_get_error(client, -1) == SSL_ERROR_SSL);
    SSL_free(client);
    SSL_CTX_free(context);
}
