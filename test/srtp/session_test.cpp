// SPDX-License-Identifier: BSD-3-Clause
// srtp::Session behaviour: round trips, authentication, replay, rollover,
// per-SSRC state, tailroom, setup errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstring>

#include <rtpsec/srtp/error.hpp>
#include <rtpsec/srtp/session.hpp>

#include "packets.hpp"

using namespace rtpsec::srtp;
using namespace rtpsec::srtp::test;
using rtpsec::SecretBytes;

namespace {

const Profile& profile(ProfileId id) {
    const Profile* p = find_profile(id);
    REQUIRE(p != nullptr);
    return *p;
}

// The E flag and SRTCP index: before the tag (RFC 3711 §3.4), or last (RFC 7714 §9.2).
std::span<const std::uint8_t> srtcp_index_word(const Profile& p, const Bytes& srtcp) {
    const std::size_t at = p.aead ? srtcp.size() - 4 : srtcp.size() - p.rtcp_overhead();
    return std::span(srtcp).subspan(at, 4);
}

std::error_code unprotect_error(Session& session, Operation operation, const Bytes& packet) {
    const Outcome outcome = run(session, operation, packet);
    return outcome.ec;
}

}  // namespace

TEST_CASE("every profile round-trips RTP and RTCP of every size, both directions") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        SessionPair pair = make_pair(p);
        std::uint16_t seq = 100;
        for (std::size_t payload : {0, 1, 15, 16, 17, 160, 1200}) {
            INFO("payload " << payload);
            const Bytes rtp = make_rtp(0xdecafbad, seq++, payload);
            const Bytes srtp = must(pair.sender, Operation::protect_rtp, rtp);
            CHECK(srtp.size() == rtp.size() + p.rtp_overhead());
            // The header stays in the clear (RFC 3711 §3.1), the payload does not.
            CHECK(std::equal(rtp.begin(), rtp.begin() + 12, srtp.begin()));
            if (payload >= 16) CHECK(!std::equal(rtp.begin() + 12, rtp.end(), srtp.begin() + 12));
            CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp, srtp)) == to_hex(rtp));

            // The other direction uses the other key.
            const Bytes back = must(pair.receiver, Operation::protect_rtp, rtp);
            CHECK(to_hex(must(pair.sender, Operation::unprotect_rtp, back)) == to_hex(rtp));
        }
        for (std::uint32_t n = 1; n <= 3; ++n) {
            const Bytes rtcp = make_rtcp_sr(0xdecafbad, n);
            const Bytes srtcp = must(pair.sender, Operation::protect_rtcp, rtcp);
            CHECK(srtcp.size() == rtcp.size() + p.rtcp_overhead());
            CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtcp, srtcp)) == to_hex(rtcp));
        }
    }
}

TEST_CASE("a packet protected with one key does not authenticate under another") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        SessionPair pair = make_pair(p);
        // The sender's own inbound direction has the peer's key, not its own.
        const Bytes srtp = must(pair.sender, Operation::protect_rtp, make_rtp(7, 1, 160));
        CHECK(unprotect_error(pair.sender, Operation::unprotect_rtp, srtp) ==
              make_error_code(SrtpError::auth_fail));
    }
}

TEST_CASE("one flipped bit anywhere in an SRTP or SRTCP packet fails authentication") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        SessionPair pair = make_pair(p);
        const Bytes rtp = make_rtp(0x01020304, 4242, 40);
        const Bytes srtp = must(pair.sender, Operation::protect_rtp, rtp);
        const Bytes rtcp = make_rtcp_sr(0x01020304, 9);
        const Bytes srtcp = must(pair.sender, Operation::protect_rtcp, rtcp);

        for (std::size_t at = 0; at < srtp.size(); ++at) {
            for (int bit = 0; bit < 8; ++bit) {
                Bytes forged = srtp;
                forged[at] ^= static_cast<std::uint8_t>(1u << bit);
                const std::error_code ec =
                    unprotect_error(pair.receiver, Operation::unprotect_rtp, forged);
                INFO("SRTP byte " << at << " bit " << bit << ": " << ec.message());
                REQUIRE(ec);
                CHECK(!is_fatal(ec));
                // Header bits may make libsrtp reject the header before the tag
                // (CSRC count, extension bit); past the header it is the tag.
                if (at >= 12) CHECK(ec == make_error_code(SrtpError::auth_fail));
            }
        }
        for (std::size_t at = 0; at < srtcp.size(); ++at) {
            for (int bit = 0; bit < 8; ++bit) {
                Bytes forged = srtcp;
                forged[at] ^= static_cast<std::uint8_t>(1u << bit);
                const std::error_code ec =
                    unprotect_error(pair.receiver, Operation::unprotect_rtcp, forged);
                INFO("SRTCP byte " << at << " bit " << bit << ": " << ec.message());
                REQUIRE(ec);
                CHECK(!is_fatal(ec));
            }
        }
        // No forgery changed the receiver's state: the genuine packets still pass.
        CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp, srtp)) == to_hex(rtp));
        CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtcp, srtcp)) == to_hex(rtcp));
    }
}

TEST_CASE("every truncation of a packet is rejected as a per-packet error") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        SessionPair pair = make_pair(p);
        const Bytes srtp = must(pair.sender, Operation::protect_rtp, make_rtp(5, 5, 160));
        const Bytes srtcp = must(pair.sender, Operation::protect_rtcp, make_rtcp_sr(5, 1));
        for (std::size_t length = 0; length < srtp.size(); ++length) {
            const Bytes cut(srtp.begin(), srtp.begin() + static_cast<std::ptrdiff_t>(length));
            const std::error_code ec =
                unprotect_error(pair.receiver, Operation::unprotect_rtp, cut);
            INFO("length " << length << ": " << ec.message());
            CHECK(ec);
            CHECK(!is_fatal(ec));
        }
        for (std::size_t length = 0; length < srtcp.size(); ++length) {
            const Bytes cut(srtcp.begin(), srtcp.begin() + static_cast<std::ptrdiff_t>(length));
            const std::error_code ec =
                unprotect_error(pair.receiver, Operation::unprotect_rtcp, cut);
            INFO("length " << length << ": " << ec.message());
            CHECK(ec);
            CHECK(!is_fatal(ec));
        }
        CHECK(unprotect_error(pair.receiver, Operation::unprotect_rtp, Bytes(11, 0x80)) ==
              make_error_code(SrtpError::malformed));
    }
}

TEST_CASE("a replayed packet is rejected, SRTP and SRTCP") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        SessionPair pair = make_pair(p);
        const Bytes srtp = must(pair.sender, Operation::protect_rtp, make_rtp(9, 1000, 160));
        const Bytes srtcp = must(pair.sender, Operation::protect_rtcp, make_rtcp_sr(9, 1));
        (void)must(pair.receiver, Operation::unprotect_rtp, srtp);
        (void)must(pair.receiver, Operation::unprotect_rtcp, srtcp);
        const std::error_code rtp_replay =
            unprotect_error(pair.receiver, Operation::unprotect_rtp, srtp);
        const std::error_code rtcp_replay =
            unprotect_error(pair.receiver, Operation::unprotect_rtcp, srtcp);
        CHECK(rtp_replay == make_error_code(SrtpError::replay_fail));
        CHECK(rtcp_replay == make_error_code(SrtpError::replay_fail));
        CHECK(!is_fatal(rtp_replay));
    }
}

TEST_CASE("the replay window is 1024 packets by default and configurable") {
    // RFC 3711 §3.3.2: an index more than the window behind the highest one
    // received cannot be checked and is rejected as too old.
    for (const std::size_t window : {std::size_t{1024}, std::size_t{64}, std::size_t{4096}}) {
        for (const Profile& p : all_profiles()) {
            INFO(p.name << ", window " << window);
            SessionOptions options;
            if (window != 1024) options.replay_window = window;
            SessionPair pair = make_pair(p, options);
            CHECK(pair.receiver.replay_window() == window);

            const auto highest = static_cast<std::uint16_t>(window + 3000);
            const auto edge = static_cast<std::uint16_t>(highest - window + 1);  // oldest checkable
            const auto behind = static_cast<std::uint16_t>(highest - window);
            // A sender only protects increasing indices, so build them in order.
            const Bytes too_old =
                must(pair.sender, Operation::protect_rtp, make_rtp(3, behind, 20));
            const Bytes oldest = must(pair.sender, Operation::protect_rtp, make_rtp(3, edge, 20));
            const Bytes newest =
                must(pair.sender, Operation::protect_rtp, make_rtp(3, highest, 20));

            (void)must(pair.receiver, Operation::unprotect_rtp, newest);
            CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp, oldest)) ==
                  to_hex(make_rtp(3, edge, 20)));
            const std::error_code ec =
                unprotect_error(pair.receiver, Operation::unprotect_rtp, too_old);
            CHECK(ec == make_error_code(SrtpError::replay_old));
            CHECK(!is_fatal(ec));
        }
    }
}

TEST_CASE("the 65535 -> 0 wrap with loss and reordering still decrypts (ROC)") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        SessionPair pair = make_pair(p);
        const std::uint32_t ssrc = 0x0badcafe;
        std::vector<std::pair<std::uint16_t, Bytes>> sent;
        for (std::uint32_t n = 65500; n < 65536 + 60; ++n) {
            const auto seq = static_cast<std::uint16_t>(n);
            sent.emplace_back(seq,
                              must(pair.sender, Operation::protect_rtp, make_rtp(ssrc, seq, 160)));
        }
        // Delivery: every 7th packet lost, neighbours swapped (so 0 arrives
        // before 65535), and a late burst of packets from before the wrap.
        std::vector<std::size_t> order;
        for (std::size_t i = 0; i + 1 < sent.size(); i += 2) {
            order.push_back(i + 1);
            order.push_back(i);
        }
        std::vector<std::size_t> late;
        std::vector<std::size_t> delivery;
        for (std::size_t i : order) {
            if (i % 7 == 3) continue;  // lost
            if (sent[i].first >= 65520 && sent[i].first < 65530) {
                late.push_back(i);  // delayed across the wrap
                continue;
            }
            delivery.push_back(i);
        }
        // Deliver up to just past the wrap, then the late ones, then the rest.
        const auto wrap = std::find_if(delivery.begin(), delivery.end(),
                                       [&](std::size_t i) { return sent[i].first == 5; });
        REQUIRE(wrap != delivery.end());
        delivery.insert(wrap, late.begin(), late.end());

        std::size_t received = 0;
        for (std::size_t i : delivery) {
            INFO("seq " << sent[i].first);
            CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp, sent[i].second)) ==
                  to_hex(make_rtp(ssrc, sent[i].first, 160)));
            ++received;
        }
        CHECK(received == delivery.size());
        CHECK(received > 70);
    }
}

TEST_CASE("each SSRC has its own rollover counter and replay window") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        SessionPair pair = make_pair(p);
        const std::uint32_t a = 0xaaaa0001;
        const std::uint32_t b = 0xbbbb0002;

        // Source A wraps (ROC 1) and runs far ahead; the receiver sees it from
        // before the wrap (a receiver cannot guess the ROC of a source it first
        // meets after one, RFC 3711 §3.3.1) and then every 50th packet.
        for (std::uint32_t n = 65530; n < 65536 + 3000; n += 1) {
            const auto seq = static_cast<std::uint16_t>(n);
            const Bytes srtp = must(pair.sender, Operation::protect_rtp, make_rtp(a, seq, 20));
            if (n == 65530 || n % 50 == 0 || n >= 65536 + 2990) {
                (void)must(pair.receiver, Operation::unprotect_rtp, srtp);
            }
        }
        // Source B starts at a low sequence number with ROC 0, on both ends: with
        // shared state it would be "too old" on the receiver and wrongly keyed on
        // the sender (which protects seq 10 after A's 2999 at ROC 1).
        for (std::uint16_t seq = 10; seq < 20; ++seq) {
            const Bytes srtp = must(pair.sender, Operation::protect_rtp, make_rtp(b, seq, 20));
            CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp, srtp)) ==
                  to_hex(make_rtp(b, seq, 20)));
        }
        // The same sequence number on two sources is no replay; on one it is.
        const Bytes a_packet = must(pair.sender, Operation::protect_rtp, make_rtp(a, 3001, 20));
        const Bytes b_packet = must(pair.sender, Operation::protect_rtp, make_rtp(b, 3001, 20));
        (void)must(pair.receiver, Operation::unprotect_rtp, a_packet);
        (void)must(pair.receiver, Operation::unprotect_rtp, b_packet);
        CHECK(unprotect_error(pair.receiver, Operation::unprotect_rtp, a_packet) ==
              make_error_code(SrtpError::replay_fail));
        const Bytes b_next = must(pair.sender, Operation::protect_rtp, make_rtp(b, 3002, 20));
        (void)must(pair.receiver, Operation::unprotect_rtp, b_next);

        // SRTCP indices are per SSRC too: A's third report and B's first.
        (void)must(pair.sender, Operation::protect_rtcp, make_rtcp_sr(a, 1));
        (void)must(pair.sender, Operation::protect_rtcp, make_rtcp_sr(a, 2));
        const Bytes a_report = must(pair.sender, Operation::protect_rtcp, make_rtcp_sr(a, 3));
        const Bytes b_report = must(pair.sender, Operation::protect_rtcp, make_rtcp_sr(b, 1));
        CHECK(to_hex(srtcp_index_word(p, a_report)) == "80000003");
        CHECK(to_hex(srtcp_index_word(p, b_report)) == "80000001");
        (void)must(pair.receiver, Operation::unprotect_rtcp, a_report);
        (void)must(pair.receiver, Operation::unprotect_rtcp, b_report);
    }
}

TEST_CASE("protect without enough tailroom is an error and writes nothing") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        SessionPair pair = make_pair(p);
        struct Case {
            const char* name;
            Bytes packet;
            std::size_t growth;
            bool rtcp;
        };
        const Case cases[] = {{"SRTP", make_rtp(1, 1, 160), p.rtp_overhead(), false},
                              {"SRTCP", make_rtcp_sr(1, 1), p.rtcp_overhead(), true}};
        for (const Case& c : cases) {
            INFO(c.name);
            constexpr std::size_t canary = 64;
            for (std::size_t tailroom = 0; tailroom <= c.growth; ++tailroom) {
                INFO("tailroom " << tailroom);
                // A larger allocation with canary bytes behind the span we pass.
                std::vector<std::byte> storage(c.packet.size() + tailroom + canary,
                                               std::byte{0xee});
                std::memcpy(storage.data(), c.packet.data(), c.packet.size());
                const std::vector<std::byte> before = storage;
                const std::span<std::byte> buffer(storage.data(), c.packet.size() + tailroom);
                std::error_code ec;
                const std::size_t length =
                    c.rtcp ? pair.sender.protect_rtcp(buffer, c.packet.size(), ec)
                           : pair.sender.protect_rtp(buffer, c.packet.size(), ec);
                const bool canary_intact = std::equal(
                    storage.begin() + static_cast<std::ptrdiff_t>(buffer.size()), storage.end(),
                    before.begin() + static_cast<std::ptrdiff_t>(buffer.size()));
                CHECK(canary_intact);
                if (tailroom < c.growth) {
                    CHECK(ec == make_error_code(SrtpError::buffer_too_small));
                    CHECK(!is_fatal(ec));
                    CHECK(length == 0);
                    CHECK(storage == before);  // untouched, not even encrypted
                } else {
                    CHECK(!ec);
                    CHECK(length == buffer.size());
                }
            }
        }
        // A length beyond the buffer is the caller's mistake, caught before libsrtp.
        std::vector<std::byte> small(20);
        std::error_code ec;
        CHECK(pair.sender.protect_rtp(small, 21, ec) == 0);
        CHECK(ec == make_error_code(SrtpError::bad_param));
        CHECK(pair.receiver.unprotect_rtp(small, 21, ec) == 0);
        CHECK(ec == make_error_code(SrtpError::bad_param));
    }
}

TEST_CASE("a moved-from Session reports no_ctx, which is fatal") {
    const Profile& p = profile(ProfileId::aes128_cm_sha1_80);
    SessionPair pair = make_pair(p);
    Session moved = std::move(pair.sender);
    const Bytes rtp = make_rtp(1, 1, 10);
    const Outcome outcome =
        run(pair.sender, Operation::protect_rtp, rtp);  // NOLINT(bugprone-use-after-move)
    CHECK(outcome.ec == make_error_code(SrtpError::no_ctx));
    CHECK(is_fatal(outcome.ec));
    // The moved-to Session carries on with the same state and keys.
    CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp,
                      must(moved, Operation::protect_rtp, rtp))) == to_hex(rtp));
    // Move assignment releases the old contexts and takes the new ones.
    pair.sender = std::move(moved);
    const Bytes next = make_rtp(1, 2, 10);
    CHECK(to_hex(must(pair.receiver, Operation::unprotect_rtp,
                      must(pair.sender, Operation::protect_rtp, next))) == to_hex(next));
}

TEST_CASE("Session setup errors are std::system_error in the rtpsec.srtp category") {
    const Profile& p = profile(ProfileId::aead_aes_128_gcm);
    const MasterKey good = patterned_master_key(p, 1);
    auto setup_error = [](auto&& make) -> std::error_code {
        try {
            make();
        } catch (const std::system_error& e) {
            CHECK(std::string(e.what()).size() > 20);
            return e.code();
        }
        return {};
    };
    const auto bad_param = make_error_code(SrtpError::bad_param);

    const MasterKey short_key{SecretBytes(15), SecretBytes(12)};
    const MasterKey cm_sized_salt{SecretBytes(16), SecretBytes(14)};
    CHECK(setup_error([&] { Session(library(), p, short_key, good); }) == bad_param);
    CHECK(setup_error([&] { Session(library(), p, good, cm_sized_salt); }) == bad_param);

    Profile unknown = p;
    unknown.id = static_cast<ProfileId>(0x0005);  // SRTP_NULL_HMAC_SHA1_80: not offered
    CHECK(setup_error([&] { Session(library(), unknown, good, good); }) == bad_param);

    for (std::size_t window : {std::size_t{0}, std::size_t{63}, std::size_t{0x8000}}) {
        CHECK(setup_error([&] { Session(library(), p, good, good, SessionOptions{window}); }) ==
              bad_param);
    }
    for (std::size_t window : {Session::min_replay_window, Session::max_replay_window}) {
        CHECK(setup_error([&] { Session(library(), p, good, good, SessionOptions{window}); }) ==
              std::error_code{});
    }
}

TEST_CASE("from_keying_material: client and server ends talk, two clients do not") {
    for (const Profile& p : all_profiles()) {
        INFO(p.name);
        Bytes exported(p.keying_material_length());
        for (std::size_t i = 0; i < exported.size(); ++i) {
            exported[i] = static_cast<std::uint8_t>(0x3d * i + 7);
        }
        Session client = Session::from_keying_material(library(), p, exported, DtlsRole::client);
        Session server = Session::from_keying_material(library(), p, exported, DtlsRole::server);
        Session other_client =
            Session::from_keying_material(library(), p, exported, DtlsRole::client);

        const Bytes rtp = make_rtp(0x1234, 77, 160);
        const Bytes from_client = must(client, Operation::protect_rtp, rtp);
        CHECK(to_hex(must(server, Operation::unprotect_rtp, from_client)) == to_hex(rtp));
        const Bytes from_server = must(server, Operation::protect_rtp, rtp);
        CHECK(to_hex(must(client, Operation::unprotect_rtp, from_server)) == to_hex(rtp));
        // Both ends believing they are the client is a keying mismatch.
        CHECK(unprotect_error(other_client, Operation::unprotect_rtp, from_client) ==
              make_error_code(SrtpError::auth_fail));

        CHECK_THROWS_AS(
            Session::from_keying_material(
                library(), p, std::span(exported).first(exported.size() - 1), DtlsRole::client),
            std::system_error);
    }
}
