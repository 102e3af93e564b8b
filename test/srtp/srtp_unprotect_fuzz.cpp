// SPDX-License-Identifier: BSD-3-Clause
// Arbitrary bytes as SRTP/SRTCP, into sessions keyed like a real call.
//
// Input: one selector byte (bits 0-1: profile from all_profiles(), bit 2:
// RTCP instead of RTP), then the packet. Properties checked:
//  - unprotect never crashes, never reads or writes out of bounds (ASan), and
//    never returns an error that would tear the session down: an attacker who
//    can only send packets must not be able to end a call;
//  - whatever protect accepts, the peer's unprotect gives back byte for byte.
// Sessions are made afresh for each input so a crash replays from its input alone.
// libsrtp is a prebuilt, uninstrumented library: ASan checks our code and the
// libc calls libsrtp makes (memcpy, memset), not libsrtp's own loads and stores.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <rtpsec/srtp/error.hpp>
#include <rtpsec/srtp/session.hpp>

namespace {

using rtpsec::srtp::DtlsRole;
using rtpsec::srtp::Profile;
using rtpsec::srtp::Session;

// The keying material of the seeds named *-protected: each is the client's
// first packet (RFC 7714's RTP or RTCP packet, or an RTP packet with a CSRC and
// an RFC 8285 extension) under this export; *-plain are the same unprotected.
std::vector<std::uint8_t> keying_material(const Profile& profile) {
    std::vector<std::uint8_t> material(profile.keying_material_length());
    for (std::size_t i = 0; i < material.size(); ++i) {
        material[i] = static_cast<std::uint8_t>(i * 37 + 11);
    }
    return material;
}

void check_not_fatal(const std::error_code& ec) {
    if (rtpsec::srtp::is_fatal(ec)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const auto profiles = rtpsec::srtp::all_profiles();
    const Profile& profile = profiles[data[0] & 0x03u];
    const bool rtcp = (data[0] & 0x04u) != 0;
    const std::uint8_t* packet = data + 1;
    const std::size_t length = size - 1;

    const auto material = keying_material(profile);
    static const rtpsec::srtp::Library library(
        rtpsec::srtp::LibraryOptions{.rtpsec_aes_gcm = true, .rtpsec_hmac_sha1 = true});
    Session client = Session::from_keying_material(library, profile, material, DtlsRole::client);
    Session server = Session::from_keying_material(library, profile, material, DtlsRole::server);

    // The packet as if it came from the client, in an exactly sized buffer so
    // that ASan sees any access past it.
    std::vector<std::byte> received(length);
    if (length > 0) std::memcpy(received.data(), packet, length);
    std::error_code ec;
    const std::size_t plain = rtcp ? server.unprotect_rtcp(received, length, ec)
                                   : server.unprotect_rtp(received, length, ec);
    check_not_fatal(ec);
    if (!ec && plain > length) std::abort();
    const bool accepted = !ec;  // a *-protected seed, or a mutation that kept it valid

    // The packet as something to send: protect, then the peer must recover it.
    const std::size_t growth = rtcp ? profile.rtcp_overhead() : profile.rtp_overhead();
    std::vector<std::byte> sent(length + growth);
    if (length > 0) std::memcpy(sent.data(), packet, length);
    const std::size_t protected_length =
        rtcp ? client.protect_rtcp(sent, length, ec) : client.protect_rtp(sent, length, ec);
    check_not_fatal(ec);
    // An accepted packet's index is now taken on the server: skip the round trip.
    if (ec || accepted) return 0;
    if (protected_length != length + growth) std::abort();
    const std::size_t recovered = rtcp ? server.unprotect_rtcp(sent, protected_length, ec)
                                       : server.unprotect_rtp(sent, protected_length, ec);
    if (ec || recovered != length) std::abort();
    if (length > 0 && std::memcmp(sent.data(), packet, length) != 0) std::abort();
    return 0;
}
