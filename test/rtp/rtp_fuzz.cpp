// SPDX-License-Identifier: BSD-3-Clause
// fuzz_rtp: RTP parse, RFC 8285 walk, and re-write round trips.
//
// Properties: parse() either succeeds or names an rtpsec.rtp error; the SRTP
// peek agrees with it; writing the parsed fields back reproduces the input
// (padding bytes aside, which the writer zeroes); the RFC 8285 elements
// written back in their form parse to the same elements.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/header_extension_writer.hpp>
#include <rtpsec/rtp/header_peek.hpp>
#include <rtpsec/rtp/rtp_packet.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

using namespace rtpsec::rtp;

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

void check_rewrite(const RtpPacket& packet, std::span<const std::byte> input) {
    std::array<std::uint32_t, 15> csrcs{};
    for (std::size_t i = 0; i < packet.csrc_count(); ++i)
        csrcs[i] = packet.csrc(i);
    RtpHeaderFields fields;
    fields.marker = packet.marker();
    fields.payload_type = packet.payload_type();
    fields.sequence_number = packet.sequence_number();
    fields.timestamp = packet.timestamp();
    fields.ssrc = packet.ssrc();
    fields.csrcs = std::span(csrcs).first(packet.csrc_count());
    if (packet.has_extension())
        fields.extension = RawHeaderExtension{packet.extension_profile(), packet.extension_data()};

    std::vector<std::byte> out(input.size());
    std::error_code ec;
    const auto padding = static_cast<std::uint8_t>(packet.padding_size());
    check(write_rtp_packet(out, fields, packet.payload(), padding, ec) == input.size());
    check(!ec);
    const std::size_t unpadded = input.size() - packet.padding_size();
    check(same_bytes(std::span(out).first(unpadded), input.first(unpadded)));
    if (padding != 0) check(out.back() == input.back());
}

void check_extensions(const HeaderExtensions& list) {
    std::vector<HeaderExtension> elements(list.begin(), list.end());
    for (const HeaderExtension& e : elements) {
        const auto found = list.find(e.id);
        check(found.has_value());
    }
    // Every parsed element fits the form it came in.
    const HeaderExtensionList again{
        .elements = elements, .form = list.form(), .app_bits = list.app_bits()};
    std::error_code ec;
    const std::size_t size = header_extension_size(again, ec);
    check(!ec);
    std::vector<std::byte> out(size);
    check(write_header_extension(out, again, ec) == size);
    check(!ec);
    if (elements.empty()) return;
    const auto profile = load_u16(out, 0);
    const auto reparsed = HeaderExtensions::parse(profile, std::span(out).subspan(4), ec);
    check(reparsed.has_value());
    check(reparsed->form() == list.form() && reparsed->app_bits() == list.app_bits());
    std::size_t i = 0;
    for (const HeaderExtension& e : *reparsed) {
        check(i < elements.size());
        check(e.id == elements[i].id && same_bytes(e.data, elements[i].data));
        ++i;
    }
    check(i == elements.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
    std::error_code ec;
    const auto packet = RtpPacket::parse(input, ec);
    if (!packet) {
        check(ec && ec.category() == rtp_category());
        return 0;
    }
    check(!ec);
    const auto peek = peek_rtp_fixed_header(input);
    check(peek && peek->ssrc == packet->ssrc() &&
          peek->sequence_number == packet->sequence_number() &&
          peek->timestamp == packet->timestamp() && peek->marker == packet->marker() &&
          peek->payload_type == packet->payload_type());
    check(packet->header_size() + packet->payload().size() + packet->padding_size() == size);

    check_rewrite(*packet, input);

    const auto extensions = packet->header_extensions(ec);
    if (extensions) {
        check(!ec);
        check_extensions(*extensions);
    } else {
        check(ec == RtpError::not_rfc8285_extension || ec == RtpError::extension_element_past_end ||
              ec == RtpError::extension_bad_padding);
    }
    return 0;
}
