// SPDX-License-Identifier: BSD-3-Clause
#include <catch2/catch.hpp>
#include <set>

#include <rtpsec/sdp/error.hpp>
#include <rtpsec/sdp/setup.hpp>
#include <rtpsec/sdp/tls_id.hpp>

using namespace rtpsec::sdp;

namespace {

struct RoleRow {
    std::optional<Setup> offer;
    std::optional<Setup> answer;
    // Offerer's role, or the error when there is none.
    std::optional<DtlsRole> offerer;
    SdpError error;
};

constexpr auto A = Setup::active;
constexpr auto P = Setup::passive;
constexpr auto AP = Setup::actpass;
constexpr auto H = Setup::holdconn;
constexpr auto none = std::nullopt;
constexpr auto client = DtlsRole::client;
constexpr auto server = DtlsRole::server;
constexpr auto ok = SdpError{};

}  // namespace

TEST_CASE("role table: every offer/answer a=setup combination, seen from both sides") {
    // RFC 4145 §4.1 and RFC 5763 §5: active is the DTLS client.
    const RoleRow rows[] = {
        {AP, A, server, ok},
        {AP, P, client, ok},
        {AP, AP, none, SdpError::setup_conflict},
        {AP, H, none, SdpError::setup_holdconn},
        {A, P, client, ok},
        {A, A, none, SdpError::setup_conflict},
        {A, AP, none, SdpError::setup_conflict},
        {A, H, none, SdpError::setup_holdconn},
        {P, A, server, ok},
        {P, P, none, SdpError::setup_conflict},
        {P, AP, none, SdpError::setup_conflict},
        {P, H, none, SdpError::setup_holdconn},
        {H, A, none, SdpError::setup_holdconn},
        {H, P, none, SdpError::setup_holdconn},
        {H, AP, none, SdpError::setup_holdconn},
        {H, H, none, SdpError::setup_holdconn},
        {none, A, none, SdpError::missing_setup},
        {AP, none, none, SdpError::missing_setup},
        {none, none, none, SdpError::missing_setup},
    };
    for (const auto& row : rows) {
        INFO("offer " << (row.offer ? setup_name(*row.offer) : "(none)") << ", answer "
                      << (row.answer ? setup_name(*row.answer) : "(none)"));
        std::error_code ec;
        const auto offerer = negotiated_role(row.offer, row.answer, Side::offerer, ec);
        const auto answerer = negotiated_role(row.offer, row.answer, Side::answerer, ec);
        CHECK(offerer == row.offerer);
        if (row.offerer) {
            CHECK(!ec);
            REQUIRE(answerer);
            CHECK(*answerer != *offerer);  // exactly one client, one server
        } else {
            CHECK(ec == make_error_code(row.error));
            CHECK(!answerer);
        }
    }
}

TEST_CASE("the answerer picks active for actpass unless told passive, and complements the rest") {
    std::error_code ec;
    CHECK(answer_setup(AP, none, ec) == A);
    CHECK(answer_setup(AP, P, ec) == P);
    CHECK(answer_setup(AP, A, ec) == A);
    CHECK(answer_setup(A, none, ec) == P);
    CHECK(answer_setup(A, A, ec) == P);  // the offer decides
    CHECK(answer_setup(P, none, ec) == A);
    CHECK(answer_setup(P, P, ec) == A);
    CHECK(!ec);
    CHECK(!answer_setup(H, none, ec));
    CHECK(ec == SdpError::setup_holdconn);
    CHECK(!answer_setup(none, none, ec));
    CHECK(ec == SdpError::missing_setup);
    CHECK_THROWS_AS(answer_setup(AP, AP, ec), std::invalid_argument);
    CHECK_THROWS_AS(answer_setup(AP, H, ec), std::invalid_argument);

    // Whatever the answerer picks is consistent with negotiated_role.
    for (Setup offer : {AP, A, P}) {
        for (std::optional<Setup> preferred :
             {std::optional<Setup>{}, std::optional{A}, std::optional{P}}) {
            const auto answer = answer_setup(offer, preferred, ec);
            REQUIRE(answer);
            CHECK(negotiated_role(offer, answer, Side::answerer, ec));
        }
    }
}

TEST_CASE("a=setup values are read case-insensitively and written in lower case") {
    CHECK(parse_setup("actpass") == AP);
    CHECK(parse_setup(" ACTIVE ") == A);
    CHECK(parse_setup("Passive") == P);
    CHECK(parse_setup("holdconn") == H);
    CHECK(!parse_setup("act pass"));
    CHECK(!parse_setup(""));
    CHECK(setup_name(AP) == "actpass");
    CHECK(dtls_role_name(client) == "client");
    CHECK(dtls_role_name(server) == "server");
}

TEST_CASE("tls-id syntax (RFC 8842 §4) and generated values") {
    CHECK(is_valid_tls_id("abc3de65cddef001be82"));  // the RFC's example
    CHECK(is_valid_tls_id(std::string(255, 'a')));
    CHECK(is_valid_tls_id("AZaz09+/-_AZaz09+/-_"));
    CHECK_FALSE(is_valid_tls_id("abc3de65cddef001be8"));  // 19 characters
    CHECK_FALSE(is_valid_tls_id(std::string(256, 'a')));
    CHECK_FALSE(is_valid_tls_id("abc3de65cddef001be8="));
    CHECK_FALSE(is_valid_tls_id("abc3de65 cddef001be82"));

    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto id = generate_tls_id();
        CHECK(id.size() == 32);
        CHECK(is_valid_tls_id(id));
        seen.insert(id);
    }
    CHECK(seen.size() == 100);
}
