// SPDX-License-Identifier: BSD-3-Clause
// Input the programs must refuse cleanly: bytes that are not UTF-8, files
// without end, numbers that are not finite, media files that cannot be used,
// usage errors under --json, and peers of the other address family.
#include <catch2/catch.hpp>
#include <fstream>

#include "process.hpp"
#include "sip_socket.hpp"
#include "test_support.hpp"

using namespace rtpsec::test;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

std::size_t lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

void write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

// A DTLS-SRTP offer from `address` (IPv4 or IPv6) with a real fingerprint.
std::string dtls_offer(const std::string& address, const std::string& fingerprint,
                       const std::string& session_name = "-") {
    const std::string family = address.find(':') != std::string::npos ? "IP6" : "IP4";
    return "v=0\r\no=- 1 1 IN " + family + " " + address + "\r\ns=" + session_name + "\r\nc=IN " +
           family + " " + address +
           "\r\nt=0 0\r\nm=audio 40000 UDP/TLS/RTP/SAVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
           "a=setup:actpass\r\na=fingerprint:" +
           fingerprint + "\r\na=rtcp-mux\r\n";
}

const std::string replacement = "\xef\xbf\xbd";  // U+FFFD in UTF-8

// The port the request's Via names (where a UDP response goes).
std::uint16_t caller_port(const std::string& request) {
    const auto via = request.find("Via: SIP/2.0/UDP ");
    const auto colon = request.find(':', via + 17);
    return static_cast<std::uint16_t>(std::stoul(request.substr(colon + 1)));
}

// A response to `request` from the scripted peer: its Via, From, To (with our
// tag), Call-ID and CSeq, then `body` as SDP.
std::string response(const std::string& request, const std::string& status_line,
                     std::uint16_t our_port, const std::string& body = "") {
    std::string headers;
    std::istringstream in(request);
    for (std::string line; std::getline(in, line) && line != "\r";) {
        for (const char* name : {"Via:", "From:", "Call-ID:", "CSeq:"}) {
            if (line.starts_with(name)) headers += line + "\n";
        }
        if (line.starts_with("To:")) {
            line.pop_back();  // the \r
            headers += line + ";tag=scripted\r\n";
        }
    }
    headers += "Contact: <sip:peer@127.0.0.1:" + std::to_string(our_port) + ">\r\n";
    if (!body.empty()) headers += "Content-Type: application/sdp\r\n";
    return status_line + "\r\n" + headers + "Content-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

}  // namespace

TEST_CASE("rtpsec-sdp inspect prints an SDP whose s= and o= lines are not UTF-8") {
    const auto dir = scratch_directory("input-sdp-utf8");
    const auto identity = write_identity(dir, "peer");
    auto sdp = dtls_offer("127.0.0.1", identity.fingerprint, "caf\xe9 \xff\xfe");
    sdp.replace(sdp.find("o=-"), 3, "o=\xc3\x28");  // a truncated two-byte sequence
    write(dir / "offer.sdp", sdp);
    Process inspect(program_path("rtpsec-sdp"), {"inspect", (dir / "offer.sdp").string()});
    REQUIRE(inspect.wait() == 0);
    const auto report = nlohmann::json::parse(inspect.out());
    const auto name = report["session"]["name"].get<std::string>();
    CHECK(name.starts_with("caf" + replacement));
    CHECK(contains(name, replacement + replacement));
    CHECK(report["session"]["origin"]["username"].get<std::string>().starts_with(replacement));
    CHECK(report["media"][0]["address"] == "127.0.0.1");
}

TEST_CASE("with --json a usage error still prints one report with ok false") {
    struct Case {
        std::string program;
        std::vector<std::string> args;
        std::string says;
    };
    const std::vector<Case> cases = {
        {"rtpsec-peer",
         {"--dtls", "server", "--bind", "127.0.0.1:0", "--duration", "nan"},
         "--duration"},
        {"rtpsec-peer", {"--dtls", "client", "--bind", "127.0.0.1:0"}, "--peer"},
        {"rtpsec-peer", {"--bogus"}, "--bogus"},
        {"rtpsec-phone", {"--sip-bind", "127.0.0.1:0", "--answer", "--tone", "abc"}, "--tone"},
        {"rtpsec-call", {"--loss", "2"}, "--loss"},
    };
    for (const auto& c : cases) {
        auto args = c.args;
        args.push_back("--json");
        Process program(program_path(c.program), args);
        INFO(c.program << " " << c.says);
        CHECK(program.wait() == 2);
        const auto out = program.out();
        CHECK(lines(out) == 1);
        const auto report = last_json(out);
        REQUIRE(report.is_object());
        CHECK(report["ok"] == false);
        CHECK(contains(report["error"].get<std::string>(), c.says));
        CHECK(lines(program.err()) == 1);
        CHECK(contains(program.err(), c.says));
    }
}

TEST_CASE("floating-point flags refuse values that are not finite numbers in range") {
    struct Case {
        std::string program;
        std::vector<std::string> args;
        std::string flag;
    };
    const std::vector<std::string> peer = {"--dtls", "server", "--bind", "127.0.0.1:0",
                                           "--insecure-skip-peer-verification"};
    const std::vector<std::string> phone = {"--sip-bind", "127.0.0.1:0", "--answer"};
    std::vector<Case> cases;
    for (const char* value : {"inf", "-inf", "1e300", "nan", "NaN", "0x1p2000", ""}) {
        for (const char* flag : {"--duration", "--handshake-timeout", "--tone"}) {
            cases.push_back({"rtpsec-peer", peer, flag});
            cases.back().args.insert(cases.back().args.end(), {flag, value});
            cases.push_back({"rtpsec-phone", phone, flag});
            cases.back().args.insert(cases.back().args.end(), {flag, value});
        }
        for (const char* flag : {"--duration", "--handshake-timeout", "--loss", "--reorder",
                                 "--duplicate", "--max-loss"}) {
            cases.push_back({"rtpsec-call", {flag, value}, flag});
        }
    }
    for (const auto& c : cases) {
        Process program(program_path(c.program), c.args);
        INFO(c.program << " " << c.args[c.args.size() - 2] << " '" << c.args.back() << "'");
        CHECK(program.wait() == 2);
        CHECK(contains(program.err(), c.flag));
        CHECK(lines(program.err()) == 1);
    }
}

TEST_CASE("files the programs read are capped: a clear error names the file and the cap") {
    const auto dir = scratch_directory("input-caps");
    const auto identity = write_identity(dir, "me");
    const auto big = dir / "big.pem";
    write(big, "");
    std::filesystem::resize_file(big, 3 << 20);
    const auto offer = dir / "offer.sdp";
    write(offer, dtls_offer("127.0.0.1", identity.fingerprint));
    struct Case {
        std::string program;
        std::vector<std::string> args;
        std::vector<std::string> says;
    };
    const std::vector<std::string> server = {"--dtls", "server", "--bind", "127.0.0.1:0",
                                             "--insecure-skip-peer-verification"};
    auto with = [&](std::vector<std::string> more) {
        auto args = server;
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    const std::vector<Case> cases = {
        {"rtpsec-peer",
         with({"--cert", "/dev/zero", "--key", identity.key.string()}),
         {"--cert /dev/zero", "1 MiB"}},
        {"rtpsec-peer",
         with({"--cert", identity.certificate.string(), "--key", "/dev/zero"}),
         {"--key /dev/zero", "1 MiB"}},
        {"rtpsec-peer",
         with({"--cert", big.string(), "--key", identity.key.string()}),
         {big.string(), "3145728 bytes", "1 MiB"}},
        {"rtpsec-phone",
         {"--sip-bind", "127.0.0.1:0", "--answer", "--cert", "/dev/zero", "--key", "/dev/zero"},
         {"/dev/zero", "1 MiB"}},
        {"rtpsec-sdp",
         {"answer", offer.string(), "--cert", "/dev/zero", "--key", identity.key.string()},
         {"/dev/zero", "1 MiB"}},
        {"rtpsec-peer", with({"--play", "/dev/zero"}), {"--play /dev/zero", "64 MiB"}},
    };
    for (const auto& c : cases) {
        Process program(program_path(c.program), c.args);
        INFO(c.program << " " << c.args.back());
        CHECK(program.wait(10s) == 2);
        for (const auto& what : c.says)
            CHECK(contains(program.err(), what));
        CHECK(lines(program.err()) == 1);
    }
    // An SDP file is read up to the parser's limit, then refused.
    Process sdp(program_path("rtpsec-peer"),
                {"--answer-to", "/dev/zero", "--write-answer", (dir / "answer.sdp").string()});
    CHECK(sdp.wait(10s) == 2);
    CHECK(contains(sdp.err(), "/dev/zero"));
}

TEST_CASE("the programs check --tone --play and --record before the first packet") {
    const auto dir = scratch_directory("input-media");
    const auto text = dir / "not-audio.wav";
    write(text, "this is not a WAV file\n");
    struct Case {
        std::vector<std::string> media;
        std::string says;
    };
    const std::vector<Case> cases = {
        {{"--record", (dir / "no-such-dir" / "got.wav").string()}, "--record"},
        {{"--record", dir.string()}, "--record"},
        {{"--play", text.string()}, "--play"},
        {{"--play", (dir / "missing.wav").string()}, "--play"},
        {{"--tone", "4000"}, "--tone"},
        {{"--tone", "0"}, "--tone"},
    };
    for (const auto& c : cases) {
        // A server no client ever reaches: only a check at the start can end it.
        std::vector<std::string> peer = {
            "--dtls", "server", "--bind", "127.0.0.1:0", "--insecure-skip-peer-verification",
            "--json"};
        peer.insert(peer.end(), c.media.begin(), c.media.end());
        std::vector<std::string> phone = {"--sip-bind", "127.0.0.1:0", "--answer", "--json"};
        phone.insert(phone.end(), c.media.begin(), c.media.end());
        for (const auto& [program, args] :
             {std::pair{"rtpsec-peer", peer}, std::pair{"rtpsec-phone", phone}}) {
            Process p(program_path(program), args);
            INFO(program << " " << c.media.back());
            CHECK(p.wait(10s) == 2);
            CHECK(contains(p.err(), c.says));
            CHECK(last_json(p.out())["ok"] == false);
        }
    }
    // The empty recording is written only once every flag is known good.
    const auto recording = dir / "got.wav";
    Process bad_then(program_path("rtpsec-peer"),
                     {"--dtls", "server", "--bind", "127.0.0.1:0", "--record",
                      recording.string()});  // no fingerprint: a usage error, no file
    CHECK(bad_then.wait(10s) == 2);
    CHECK_FALSE(std::filesystem::exists(recording));
}

TEST_CASE("a peer of the other address family is refused at once, naming both") {
    const auto dir = scratch_directory("input-family");
    const auto identity = write_identity(dir, "offerer");
    write(dir / "offer6.sdp", dtls_offer("fd00::2", identity.fingerprint));
    Process answerer(program_path("rtpsec-peer"),
                     {"--answer-to", (dir / "offer6.sdp").string(), "--write-answer",
                      (dir / "answer.sdp").string(), "--bind", "127.0.0.1:0", "--json"});
    CHECK(answerer.wait(5s) == 2);
    CHECK(contains(answerer.err(), "fd00::2"));
    CHECK(contains(answerer.err(), "IPv6"));
    CHECK(contains(answerer.err(), "127.0.0.1"));
    CHECK(last_json(answerer.out())["ok"] == false);

    write(dir / "offer4.sdp", dtls_offer("127.0.0.1", identity.fingerprint));
    Process v6(program_path("rtpsec-peer"),
               {"--answer-to", (dir / "offer4.sdp").string(), "--write-answer",
                (dir / "answer4.sdp").string(), "--bind", "[::1]:0"});
    CHECK(v6.wait(5s) == 2);
    CHECK(contains(v6.err(), "IPv4"));

    Process raw(program_path("rtpsec-peer"), {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer",
                                              "[::1]:9", "--insecure-skip-peer-verification"});
    CHECK(raw.wait(5s) == 2);
    CHECK(contains(raw.err(), "--peer"));
}

TEST_CASE("rtpsec-peer on [::] serves an IPv4 client (dual-stack)") {
    const auto dir = scratch_directory("input-dual-stack");
    const auto server_identity = write_identity(dir, "server");
    const auto client_identity = write_identity(dir, "client");
    const auto port = free_udp_port();
    Process server(
        program_path("rtpsec-peer"),
        {"--dtls", "server", "--bind", "[::]:" + std::to_string(port), "--cert",
         server_identity.certificate.string(), "--key", server_identity.key.string(),
         "--peer-fingerprint", client_identity.fingerprint, "--echo", "--duration", "3", "--json"});
    REQUIRE(wait_for_udp_port(port));
    Process client(
        program_path("rtpsec-peer"),
        {"--dtls", "client", "--bind", "127.0.0.1:0", "--peer", "127.0.0.1:" + std::to_string(port),
         "--cert", client_identity.certificate.string(), "--key", client_identity.key.string(),
         "--peer-fingerprint", server_identity.fingerprint, "--tone", "440", "--duration", "1",
         "--json"});
    REQUIRE(client.wait(30s) == 0);
    REQUIRE(server.wait(30s) == 0);
    const auto report = last_json(server.out());
    CHECK(report["media"]["echoed"].get<int>() > 10);
    CHECK(last_json(client.out())["rtp"]["received"].get<int>() > 10);
}

TEST_CASE("rtpsec-phone --json reports a SIP reason phrase that is not UTF-8") {
    SipSocket peer;
    Process caller(program_path("rtpsec-phone"),
                   {"--sip-bind", "127.0.0.1:0", "--call",
                    "sip:bob@127.0.0.1:" + std::to_string(peer.port()), "--json"});
    const auto invite = peer.receive_starting("INVITE ", 10s);
    REQUIRE(invite);
    peer.send_to(caller_port(*invite),
                 response(*invite, "SIP/2.0 486 Busy \xff\xfe Here", peer.port()));
    CHECK(caller.wait(20s) == 3);
    const auto out = caller.out();
    CHECK(lines(out) == 1);
    const auto report = last_json(out);
    REQUIRE(report.is_object());
    CHECK(report["ok"] == false);
    CHECK(report["sip"]["final_status"] == 486);
    CHECK(contains(report["error"].get<std::string>(), "Busy " + replacement + replacement));
}

TEST_CASE("rtpsec-phone --json reports an answer whose c= address is not UTF-8") {
    const auto dir = scratch_directory("input-phone-c");
    const auto identity = write_identity(dir, "callee");
    SipSocket peer;
    Process caller(program_path("rtpsec-phone"),
                   {"--sip-bind", "127.0.0.1:0", "--call",
                    "sip:bob@127.0.0.1:" + std::to_string(peer.port()), "--json"});
    const auto invite = peer.receive_starting("INVITE ", 10s);
    REQUIRE(invite);
    auto answer = dtls_offer("127.0.0.1", identity.fingerprint);
    answer.replace(answer.find("a=setup:actpass"), 15, "a=setup:active");
    answer.replace(answer.find("c=IN IP4 127.0.0.1"), 18, "c=IN IP4 127.\xff\xfe.0.1");
    peer.send_to(caller_port(*invite), response(*invite, "SIP/2.0 200 OK", peer.port(), answer));
    CHECK(caller.wait(20s) == 2);
    const auto out = caller.out();
    CHECK(lines(out) == 1);
    const auto report = last_json(out);
    REQUIRE(report.is_object());
    CHECK(report["ok"] == false);
    CHECK(contains(report["error"].get<std::string>(), replacement));
    CHECK(lines(caller.err()) == 1);
}

TEST_CASE("rtpsec-phone refuses an offer of the other address family with 488 saying so") {
    const auto dir = scratch_directory("input-phone-family");
    const auto identity = write_identity(dir, "caller");
    const auto port = free_udp_port();
    Process callee(program_path("rtpsec-phone"),
                   {"--sip-bind", "127.0.0.1:" + std::to_string(port), "--answer", "--json"});
    SipSocket peer;
    const auto offer = dtls_offer("fd00::2", identity.fingerprint);
    const std::string me = "127.0.0.1:" + std::to_string(peer.port());
    const std::string to = "sip:rtpsec@127.0.0.1:" + std::to_string(port);
    const std::string invite =
        "INVITE " + to + " SIP/2.0\r\nVia: SIP/2.0/UDP " + me +
        ";branch=z9hG4bK-family-1\r\nMax-Forwards: 70\r\nFrom: <sip:t@" + me + ">;tag=t1\r\nTo: <" +
        to + ">\r\nCall-ID: family-1\r\nCSeq: 1 INVITE\r\nContact: <sip:t@" + me +
        ">\r\nContent-Type: application/sdp\r\nContent-Length: " + std::to_string(offer.size()) +
        "\r\n\r\n" + offer;
    const auto refused = peer.request(port, invite, "SIP/2.0 488", 10s);
    REQUIRE(refused);
    INFO(*refused);
    CHECK(contains(*refused, "fd00::2"));
    CHECK(contains(*refused, "IPv6"));
    CHECK(callee.wait(300ms) == -1);  // still waiting for a call it can take
}

TEST_CASE("rtpsec-phone on [::] answers an IPv4 caller (dual-stack SIP and media)") {
    const auto port = free_udp_port();
    Process callee(program_path("rtpsec-phone"),
                   {"--sip-bind", "[::]:" + std::to_string(port), "--answer", "--echo", "--json"});
    REQUIRE(wait_for_udp_port(port));
    Process caller(program_path("rtpsec-phone"), {"--sip-bind", "127.0.0.1:0", "--call",
                                                  "sip:bob@127.0.0.1:" + std::to_string(port),
                                                  "--tone", "440", "--duration", "1", "--json"});
    REQUIRE(caller.wait(30s) == 0);
    REQUIRE(callee.wait(30s) == 0);
    CHECK(last_json(callee.out())["media"]["echoed"].get<int>() > 10);
    CHECK(last_json(caller.out())["rtp"]["received"].get<int>() > 10);
}
