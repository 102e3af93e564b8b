// SPDX-License-Identifier: BSD-3-Clause
// The rtpsec-sdp program as users and external tests drive it: JSON fields,
// answers and exit codes (README "The apps").
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <rtpsec/sdp/negotiation.hpp>
#include <rtpsec/sdp/parser.hpp>

namespace {

const std::string program = std::string(RTPSEC_BIN_DIR) + "/rtpsec-sdp";
const std::string data = std::string(RTPSEC_TEST_DATA_DIR);

struct Run {
    int exit_code = -1;
    std::string out;
    std::string err;
};

Run run(const std::string& arguments, const std::string& stdin_file = "/dev/null") {
    const auto err_path = std::filesystem::temp_directory_path() /
                          ("rtpsec-sdp-test-" + std::to_string(::getpid()) + ".err");
    const std::string command =
        program + " " + arguments + " <" + stdin_file + " 2>" + err_path.string();
    Run result;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe);
    char buffer[4096];
    std::size_t got;
    while ((got = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        result.out.append(buffer, got);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_path);
    std::ostringstream text;
    text << err.rdbuf();
    result.err = text.str();
    std::filesystem::remove(err_path);
    return result;
}

std::string sample(const char* name) {
    return data + "/sdp/" + name;
}

std::size_t line_count(const std::string& text) {
    std::size_t lines = 0;
    for (char c : text)
        lines += c == '\n';
    return lines;
}

rtpsec::sdp::SessionDescription parse_ok(const std::string& text) {
    rtpsec::sdp::ParseError error;
    auto parsed = rtpsec::sdp::parse(text, error);
    INFO(error.message());
    REQUIRE(parsed);
    return *parsed;
}

}  // namespace

TEST_CASE("rtpsec-sdp --version and --help") {
    const auto version = run("--version");
    CHECK(version.exit_code == 0);
    CHECK(version.out.rfind("rtpsec-sdp 0.", 0) == 0);
    CHECK(version.out.find("SRTP: libsrtp2") != std::string::npos);
    const auto help = run("--help");
    CHECK(help.exit_code == 0);
    CHECK(help.out.find("inspect") != std::string::npos);
    CHECK(help.out.find("answer") != std::string::npos);
    const auto none = run("");
    CHECK(none.exit_code == 2);
    CHECK(line_count(none.err) == 1);
}

TEST_CASE("rtpsec-sdp inspect prints each media section as JSON") {
    const auto result = run("inspect " + sample("chromium156_loopback_offer.sdp"));
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    const auto json = nlohmann::json::parse(result.out);
    CHECK(json["session"]["origin"]["session_id"] == "7965900171544723886");
    CHECK(json["session"]["groups"][0]["semantics"] == "BUNDLE");
    REQUIRE(json["media"].size() == 1);
    const auto& m = json["media"][0];
    CHECK(m["type"] == "audio");
    CHECK(m["address"] == "127.0.0.1");
    CHECK(m["port"] == 56977);
    CHECK(m["proto"] == "UDP/TLS/RTP/SAVPF");
    CHECK(m["dtls_srtp"] == true);
    CHECK(m["setup"] == "actpass");
    CHECK(m["dtls_role"] == "either");
    CHECK(m["fingerprints"] ==
          nlohmann::json::array({"sha-256 C4:40:8F:1C:D6:5E:BA:09:71:F3:EB:7C:DD:03:09:5B:CF:83:"
                                 "5C:1C:50:30:60:F0:C4:B3:7E:48:8B:53:04:C9"}));
    CHECK(m["tls_id"].is_null());
    CHECK(m["rtcp_mux"] == true);
    CHECK(m["rtcp"]["port"] == 56977);
    REQUIRE(m["codecs"].size() == 8);
    CHECK(m["codecs"][0] ==
          nlohmann::json({{"pt", 111}, {"name", "opus"}, {"rate", 48000}, {"channels", 2}}));
    CHECK(m["codecs"][3]["pt"] == 0);
    CHECK(m["codecs"][3]["name"] == "PCMU");
    CHECK(m["codecs"][3]["rate"] == 8000);
    CHECK(m["direction"] == "sendrecv");
    CHECK(m["mid"] == "0");
    CHECK(m["ice"]["ufrag_present"] == true);
    CHECK(m["ice"]["lite"] == false);
    CHECK(m["ice"]["candidates"] == 1);
}

TEST_CASE("rtpsec-sdp inspect: RTCP on port + 1 without rtcp-mux; reads standard input") {
    const auto result = run("inspect -", sample("baresip100_offer_no_rtcpmux.sdp"));
    REQUIRE(result.exit_code == 0);
    const auto m = nlohmann::json::parse(result.out)["media"][0];
    CHECK(m["port"] == 29170);
    CHECK(m["rtcp_mux"] == false);
    CHECK(m["rtcp"]["port"] == 29171);
    CHECK(m["setup"] == "actpass");
    CHECK(m["fingerprints"][0] ==
          "sha-256 50:2F:BE:6B:FA:C0:3F:54:A9:D1:A2:5D:F7:B8:02:6F:5B:17:F3:5B:D5:00:54:EC:7D:E1:"
          "0A:82:8E:01:F3:2B");
}

TEST_CASE("rtpsec-sdp inspect: bad input exits 2 with the line-numbered error on one line") {
    const auto path = std::filesystem::temp_directory_path() /
                      ("rtpsec-sdp-bad-" + std::to_string(::getpid()) + ".sdp");
    {
        std::ofstream out(path);
        out << "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n"
               "a=fingerprint:sha-256 AB:CD\r\n";
    }
    const auto result = run("inspect " + path.string());
    std::filesystem::remove(path);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(line_count(result.err) == 1);
    CHECK(result.err.find("line 6: a=fingerprint: fingerprint length does not match") !=
          std::string::npos);

    const auto missing = run("inspect /nonexistent/offer.sdp");
    CHECK(missing.exit_code == 2);
    CHECK(missing.err.find("cannot open /nonexistent/offer.sdp") != std::string::npos);
}

TEST_CASE("rtpsec-sdp answer with a given certificate: its fingerprint, active, rtcp-mux") {
    const auto result = run("answer " + sample("baresip100_offer_rtcpmux.sdp") + " --cert " + data +
                            "/certificates/ecdsa_p256_cert.pem --key " + data +
                            "/certificates/ecdsa_p256_key.pem --port 41000 --address 192.0.2.7");
    REQUIRE(result.exit_code == 0);
    CHECK(result.err.empty());
    const auto answer = parse_ok(result.out);
    CHECK(answer.connection->address == "192.0.2.7");
    const auto& m = answer.media.at(0);
    CHECK(m.port == 41000);
    CHECK(m.proto == "UDP/TLS/RTP/SAVPF");
    CHECK(m.formats == std::vector<std::string>{"0", "8", "101"});
    CHECK(m.rtcp_mux());
    const auto dtls = rtpsec::sdp::dtls_parameters(answer, m);
    CHECK(dtls.setup == rtpsec::sdp::Setup::active);
    REQUIRE(dtls.fingerprints.size() == 1);
    CHECK(dtls.fingerprints[0].to_string() ==
          "sha-256 14:D5:12:CD:B8:48:EA:F1:69:CD:01:8F:17:E5:9B:17:DD:3A:94:74:25:31:0E:33:BC:47:"
          "EF:3C:64:A4:DA:3C");
    CHECK(dtls.tls_id);
}

TEST_CASE("rtpsec-sdp answer generates a certificate and answers Chromium as ICE-lite") {
    const auto result =
        run("answer " + sample("chromium156_offer_to_icelite.sdp") + " --setup passive");
    REQUIRE(result.exit_code == 0);
    const auto answer = parse_ok(result.out);
    CHECK(answer.ice_lite());
    CHECK(answer.bundle_group()->mids == std::vector<std::string>{"0"});
    const auto& m = answer.media.at(0);
    CHECK(m.port == 49170);
    CHECK(m.formats == std::vector<std::string>{"0", "8", "126"});
    CHECK(m.candidates().size() == 1);
    const auto dtls = rtpsec::sdp::dtls_parameters(answer, m);
    CHECK(dtls.setup == rtpsec::sdp::Setup::passive);
    REQUIRE(dtls.fingerprints.size() == 1);
    CHECK(dtls.fingerprints[0].algorithm() == rtpsec::dtls::HashAlgorithm::sha256);
}

TEST_CASE("rtpsec-sdp answer refuses offers it cannot answer, printing nothing else") {
    const auto plain = std::filesystem::temp_directory_path() /
                       ("rtpsec-sdp-avp-" + std::to_string(::getpid()) + ".sdp");
    {
        std::ofstream out(plain);
        out << "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\n"
               "m=audio 5000 RTP/AVP 0\n";
    }
    const auto result = run("answer " + plain.string());
    std::filesystem::remove(plain);
    CHECK(result.exit_code == 2);
    CHECK(result.out.empty());
    CHECK(line_count(result.err) == 1);
    CHECK(result.err.find("not DTLS-SRTP") != std::string::npos);

    const auto wrong_key =
        run("answer " + sample("foreign_offer_to_baresip.sdp") + " --cert " + data +
            "/certificates/ecdsa_p256_cert.pem --key " + data + "/certificates/rsa_2048_key.pem");
    CHECK(wrong_key.exit_code == 2);
    CHECK(wrong_key.out.empty());
    CHECK(line_count(wrong_key.err) == 1);

    const auto lonely_cert = run("answer " + sample("foreign_offer_to_baresip.sdp") + " --cert " +
                                 data + "/certificates/ecdsa_p256_cert.pem");
    CHECK(lonely_cert.exit_code == 2);
    CHECK(lonely_cert.err.find("--key") != std::string::npos);

    const auto bad_setup =
        run("answer " + sample("foreign_offer_to_baresip.sdp") + " --setup actpass");
    CHECK(bad_setup.exit_code == 2);
}
