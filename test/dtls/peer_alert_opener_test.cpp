// SPDX-License-Identifier: BSD-3-Clause
// PeerAlertOpener against OpenSSL itself: two bare OpenSSL DTLS 1.2 ends
// complete a handshake with each AEAD suite the engine offers, one sends
// close_notify, and the opener derived from the other end's SSL must open it
// (and nothing altered).
#include "peer_alert_opener.hpp"

#include <catch2/catch.hpp>
#include <openssl/ssl.h>
#include <string>
#include <vector>

#include "certificate_impl.hpp"
#include "identities.hpp"

using namespace rtpsec;
using dtls::detail::PeerAlertOpener;

namespace {

struct BareEnd {
    BareEnd(bool server, const std::string& suite) {
        context = SSL_CTX_new(server ? DTLS_server_method() : DTLS_client_method());
        REQUIRE(context);
        REQUIRE(SSL_CTX_set_min_proto_version(context, DTLS1_2_VERSION) == 1);
        REQUIRE(SSL_CTX_set_cipher_list(context, suite.c_str()) == 1);
        SSL_CTX_set_options(context, SSL_OP_NO_QUERY_MTU | SSL_OP_NO_TICKET);
        if (server) {
            const auto& identity = test::ecdsa_identity(1).impl();
            REQUIRE(SSL_CTX_use_certificate(context, identity.x509()) == 1);
            REQUIRE(SSL_CTX_use_PrivateKey(context, identity.private_key()) == 1);
        }
        ssl = SSL_new(context);
        in = BIO_new(BIO_s_mem());
        out = BIO_new(BIO_s_mem());
        SSL_set_bio(ssl, in, out);
        SSL_set_mtu(ssl, 1400);
        DTLS_set_link_mtu(ssl, 1400);
        if (server) {
            SSL_set_accept_state(ssl);
        } else {
            SSL_set_connect_state(ssl);
        }
    }
    ~BareEnd() {
        SSL_free(ssl);
        SSL_CTX_free(context);
    }
    std::vector<std::uint8_t> take_output() {
        std::vector<std::uint8_t> bytes(static_cast<std::size_t>(BIO_ctrl_pending(out)));
        if (!bytes.empty()) BIO_read(out, bytes.data(), static_cast<int>(bytes.size()));
        return bytes;
    }
    SSL_CTX* context = nullptr;
    SSL* ssl = nullptr;
    BIO* in = nullptr;
    BIO* out = nullptr;
};

void handshake(BareEnd& client, BareEnd& server) {
    for (int round = 0; round < 10; ++round) {
        const int c = SSL_do_handshake(client.ssl);
        const auto to_server = client.take_output();
        if (!to_server.empty())
            BIO_write(server.in, to_server.data(), static_cast<int>(to_server.size()));
        const int s = SSL_do_handshake(server.ssl);
        const auto to_client = server.take_output();
        if (!to_client.empty())
            BIO_write(client.in, to_client.data(), static_cast<int>(to_client.size()));
        if (c == 1 && s == 1) return;
    }
    FAIL("the bare OpenSSL handshake did not complete");
}

}  // namespace

TEST_CASE("the opener derived from one end opens the other end's close_notify, every AEAD suite") {
    const std::string suite = GENERATE(std::string("ECDHE-ECDSA-AES128-GCM-SHA256"),
                                       std::string("ECDHE-ECDSA-AES256-GCM-SHA384"),
                                       std::string("ECDHE-ECDSA-CHACHA20-POLY1305"));
    const bool client_sends = GENERATE(true, false);
    CAPTURE(suite, client_sends);
    BareEnd client(false, suite);
    BareEnd server(true, suite);
    handshake(client, server);
    REQUIRE(SSL_CIPHER_get_name(SSL_get_current_cipher(client.ssl)) == suite);

    BareEnd& sender = client_sends ? client : server;
    BareEnd& receiver = client_sends ? server : client;
    const auto opener = PeerAlertOpener::derive(
        receiver.ssl, client_sends ? dtls::Role::server : dtls::Role::client);
    REQUIRE(opener);
    // Keys for the other direction (as if the roles were mixed up) do not open it.
    const auto wrong = PeerAlertOpener::derive(
        receiver.ssl, client_sends ? dtls::Role::client : dtls::Role::server);
    REQUIRE(wrong);

    SSL_shutdown(sender.ssl);
    const auto record = sender.take_output();
    REQUIRE(record.size() > 13);
    const auto alert = opener->open(record);
    REQUIRE(alert);
    CHECK(alert->level == 1);
    CHECK(alert->description == 0);
    CHECK_FALSE(wrong->open(record));
    for (std::size_t i = 0; i < record.size(); ++i) {
        auto altered = record;
        altered[i] ^= 0x40;
        CHECK_FALSE(opener->open(altered));
    }
    // After other records in the same datagram, it is still found.
    std::vector<std::uint8_t> two = record;
    two[0] = 23;  // application data: skipped
    two.insert(two.end(), record.begin(), record.end());
    CHECK(opener->open(two));
}

TEST_CASE("the opener reads a warning alert other than close_notify (no_renegotiation)") {
    // A client asking to renegotiate gets no_renegotiation, a warning alert
    // under the epoch-1 keys, from a server that refuses renegotiation.
    const std::string suite = "ECDHE-ECDSA-AES128-GCM-SHA256";
    BareEnd client(false, suite);
    BareEnd server(true, suite);
    SSL_set_options(server.ssl, SSL_OP_NO_RENEGOTIATION);
    handshake(client, server);
    const auto opener = PeerAlertOpener::derive(client.ssl, dtls::Role::client);
    REQUIRE(opener);

    REQUIRE(SSL_renegotiate(client.ssl) == 1);
    SSL_do_handshake(client.ssl);
    const auto hello = client.take_output();
    REQUIRE(!hello.empty());
    BIO_write(server.in, hello.data(), static_cast<int>(hello.size()));
    std::uint8_t scratch[64];
    SSL_read(server.ssl, scratch, sizeof scratch);
    const auto alert_record = server.take_output();
    REQUIRE(!alert_record.empty());
    const auto alert = opener->open(alert_record);
    REQUIRE(alert);
    CHECK(alert->level == 1);
    CHECK(alert->description == SSL_AD_NO_RENEGOTIATION);
}
