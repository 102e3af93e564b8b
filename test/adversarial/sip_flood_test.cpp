// SPDX-License-Identifier: BSD-3-Clause
// Attack 6: INVITEs from many ports of several hosts at an answering
// rtpsec-phone, most of them offers it must refuse (plain RTP/AVP: 488), some
// with bodies as large as a datagram allows (an SDP of 64 KiB, thousands of
// media sections) or claiming more than that (Content-Length over 64 KiB).
// The phone answers or refuses each, rate-limits each flooding host, stays
// bounded, and a real caller's call during the flood still works.
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <csignal>
#include <netinet/in.h>
#include <sys/socket.h>

#include "peer_call.hpp"
#include "repeating_attack.hpp"
#include "sip_socket.hpp"
#include "target_cost.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

namespace {

// A UDP socket on 127.0.0.`host`, non-blocking: the flood never waits.
struct HostSocket {
    explicit HostSocket(std::uint8_t host) {
        fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(0x7f000000u | host);
        ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
        socklen_t length = sizeof address;
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
        me = "127.0.0." + std::to_string(host) + ":" + std::to_string(ntohs(address.sin_port));
    }
    ~HostSocket() { ::close(fd); }
    HostSocket(const HostSocket&) = delete;
    HostSocket& operator=(const HostSocket&) = delete;

    void send(std::uint16_t port, const std::string& text) const {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        to.sin_port = htons(port);
        ::sendto(fd, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    }
    // Final responses that came back (100 Trying is not one).
    int final_responses() const {
        int count = 0;
        std::string buffer(65536, '\0');
        for (;;) {
            const auto size = ::recv(fd, buffer.data(), buffer.size(), 0);
            if (size < 0) return count;
            if (buffer.starts_with("SIP/2.0 ") && !buffer.starts_with("SIP/2.0 1")) ++count;
        }
    }

    int fd;
    std::string me;
};

std::string invite(const std::string& me, std::uint16_t to_port, const std::string& branch,
                   const std::string& body, std::size_t declared_length) {
    const std::string to = "sip:rtpsec@127.0.0.1:" + std::to_string(to_port);
    return "INVITE " + to + " SIP/2.0\r\nVia: SIP/2.0/UDP " + me + ";branch=z9hG4bK-" + branch +
           ";rport\r\nMax-Forwards: 70\r\nFrom: <sip:flood@" + me + ">;tag=" + branch +
           "\r\nTo: <" + to + ">\r\nCall-ID: " + branch + "@flood\r\nCSeq: 1 INVITE\r\n" +
           "Contact: <sip:flood@" + me + ">\r\nContent-Type: application/sdp\r\n" +
           "Content-Length: " + std::to_string(declared_length) + "\r\n\r\n" + body;
}

const std::string plain_offer =
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
    "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

// A plain offer grown to about `size` bytes with media sections.
std::string huge_offer(std::size_t size) {
    std::string body = plain_offer;
    while (body.size() + 60 < size)
        body += "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n";
    return body;
}

}  // namespace

// Each refused INVITE that passes the per-host limit waits for an ACK that
// never comes; a flood from four hosts within their limits would fill the
// agent's 32 transactions, so refused ones make room for a new INVITE
// (UserAgentStats::refused_transactions_evicted).
TEST_CASE("an INVITE flood with huge SDP bodies leaves rtpsec-phone bounded, a real call works") {
    const auto dir = scratch_directory("adv-sip-flood");
    const auto recording = dir / "received.wav";
    const auto callee_port = free_udp_port();
    const auto before = children_named("rtpsec-phone");
    Process callee(program_path("rtpsec-phone"),
                   {"--sip-bind", "127.0.0.1:" + std::to_string(callee_port), "--answer",
                    "--record", recording.string(), "--json"});
    const pid_t callee_pid = new_child("rtpsec-phone", before);
    REQUIRE(callee_pid > 0);
    {
        SipSocket probe;  // up once it answers OPTIONS
        const std::string me = "127.0.0.1:" + std::to_string(probe.port());
        REQUIRE(probe.request(callee_port,
                              "OPTIONS sip:rtpsec@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP " + me +
                                  ";branch=z9hG4bK-probe\r\nFrom: <sip:probe@" + me +
                                  ">;tag=p\r\nTo: <sip:rtpsec@127.0.0.1>\r\nCall-ID: probe\r\n"
                                  "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n",
                              "SIP/2.0 200", 20s));
    }

    // Four hosts, 16 ports each; the real caller is on 127.0.0.1.
    std::vector<std::unique_ptr<HostSocket>> sockets;
    for (std::uint8_t host = 2; host <= 5; ++host) {
        for (int i = 0; i < 16; ++i)
            sockets.push_back(std::make_unique<HostSocket>(host));
    }
    const auto big = huge_offer(64000);
    const std::string liar_body(60000, 'v');  // says 100,000 bytes
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> bytes{0};
    CostMeter meter(callee_pid);
    // An INVITE every 0.5 ms: 2,000 per second from 64 addresses.
    RepeatingAttack flood(500us, [&](std::uint64_t round) {
        const auto& socket = *sockets[round % sockets.size()];
        const auto branch = "f" + std::to_string(round);
        std::string text;
        switch (round % 8) {
            case 0:
                text = invite(socket.me, callee_port, branch, big, big.size());
                break;
            case 1:
                text = invite(socket.me, callee_port, branch, liar_body, 100000);
                break;
            default:
                text = invite(socket.me, callee_port, branch, plain_offer, plain_offer.size());
        }
        socket.send(callee_port, text);
        ++sent;
        bytes += text.size();
    });
    // The real call, placed while the flood goes on.
    Process caller(
        program_path("rtpsec-phone"),
        {"--sip-bind", "127.0.0.1:0", "--call", "sip:bob@127.0.0.1:" + std::to_string(callee_port),
         "--tone", "440", "--duration", "2", "--json"});
    const int caller_exit = caller.wait(60s);
    flood.stop();
    // A callee still waiting for a call ends on SIGTERM with its report.
    if (caller_exit != 0) ::kill(callee_pid, SIGTERM);
    const int callee_exit = callee.wait(30s);
    meter.stop();
    print_cost("SIP INVITE flood, 64 KiB bodies",
               std::to_string(sent.load()) + " INVITEs (" + std::to_string(bytes.load() >> 20) +
                   " MiB) from 64 ports on 4 hosts",
               meter, static_cast<double>(sent.load()),
               caller_exit == 0 ? "rate-limited/refused, real call works"
                                : "rate-limited/refused, real call FAILED");
    const auto caller_report = last_json(caller.out());
    const auto callee_report = last_json(callee.out());
    INFO("caller: " << caller.err() << caller_report.dump());
    INFO("callee: " << callee.err() << callee_report.dump());
    REQUIRE(caller_exit == 0);
    REQUIRE(callee_exit == 0);
    CHECK(caller_report["sip"]["final_status"] == 200);
    CHECK(callee_report["sip"]["rate_limited"].get<int>() > 0);
    CHECK(callee_report["sip"]["refused_overloaded"] == 0);
    CHECK(callee_report["rtp"]["received"].get<int>() > 50);
    expect_tone(recording);
    int answered = 0;
    for (const auto& socket : sockets)
        answered += socket->final_responses();
    // Each host's first requests (its burst) are answered, the rest limited.
    CHECK(answered > 0);
    CHECK(meter.growth_kib() < 8 * 1024 * memory_slack());
}
