#include <catch2/catch.hpp>

#include <rtpsec/dtls/retransmission_policy.hpp>

using rtpsec::dtls::RetransmissionPolicy;
using namespace std::chrono_literals;

TEST_CASE("timeouts double from the first one up to the cap") {
    const RetransmissionPolicy policy;
    CHECK(policy.backoff(50ms, 1) == 50ms);
    CHECK(policy.backoff(50ms, 2) == 100ms);
    CHECK(policy.backoff(50ms, 6) == 1600ms);
    CHECK(policy.backoff(50ms, 7) == 2000ms);
    CHECK(policy.backoff(50ms, 40) == 2000ms);
    CHECK(policy.backoff(5000ms, 1) == 2000ms);
}

TEST_CASE("the first timeout adapts to 2 x RTT within the floor and the cap") {
    const RetransmissionPolicy policy;
    CHECK(policy.adapted_first_timeout(std::nullopt) == 50ms);
    CHECK(policy.adapted_first_timeout(10ms) == 50ms);      // floor
    CHECK(policy.adapted_first_timeout(120ms) == 240ms);    // a far peer is not flooded
    CHECK(policy.adapted_first_timeout(1500ms) == 2000ms);  // cap
}

TEST_CASE("the silent-peer retransmission count follows from the policy") {
    RetransmissionPolicy policy;
    CHECK(policy.retransmissions_before_deadline() == 11);
    policy.initial_timeout = 1000ms;  // RFC 6347's timer: 1, 2 s, then the 2 s cap
    CHECK(policy.retransmissions_before_deadline() == 7);
    policy.handshake_timeout = 1000ms;  // due exactly at the deadline: not sent
    CHECK(policy.retransmissions_before_deadline() == 0);
}

TEST_CASE("invalid policies are refused with the field named") {
    RetransmissionPolicy policy;
    CHECK_NOTHROW(policy.validate());
    policy.min_timeout = 3000ms;
    CHECK_THROWS_WITH(policy.validate(), Catch::Contains("min_timeout"));
    policy = {};
    policy.initial_timeout = 0ms;
    CHECK_THROWS_WITH(policy.validate(), Catch::Contains("initial_timeout"));
    policy = {};
    policy.max_timeout = 500ms;  // 20+ retransmissions in 15 s: beyond OpenSSL's 12
    CHECK_THROWS_WITH(policy.validate(), Catch::Contains("12 retransmissions"));
}
