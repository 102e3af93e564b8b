// SPDX-License-Identifier: BSD-3-Clause
// fuzz_rtcp: compound iteration and the typed readers, with write-back.
//
// Properties: parse() either succeeds or names an rtpsec.rtp error; the
// packets of a valid compound tile it exactly; every typed reader either
// accepts or names an error; what a reader accepts, the matching writer
// writes back into a packet that reads the same.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include <rtpsec/rtp/error.hpp>
#include <rtpsec/rtp/header_peek.hpp>
#include <rtpsec/rtp/rtcp_app.hpp>
#include <rtpsec/rtp/rtcp_bye.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>
#include <rtpsec/rtp/rtcp_feedback.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>
#include <rtpsec/rtp/rtcp_sdes.hpp>

using namespace rtpsec::rtp;

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

bool same_bytes(std::span<const std::byte> a, std::span<const std::byte> b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

// Parses what a writer produced as a lone packet.
RtcpPacket only_packet(std::span<const std::byte> written) {
    std::error_code ec;
    const auto compound = RtcpCompound::parse(written, ec, RtcpValidation::reduced_size);
    check(compound.has_value() && compound->packet_count() == 1);
    return *compound->begin();
}

template <typename Reader>
Reader reread(std::span<const std::byte> written) {
    std::error_code ec;
    const auto reader = Reader::parse(only_packet(written), ec);
    check(reader.has_value() && !ec);
    return *reader;
}

std::vector<ReportBlock> blocks_of(const auto& report) {
    std::vector<ReportBlock> blocks;
    for (std::size_t i = 0; i < report.report_count(); ++i)
        blocks.push_back(report.report_block(i));
    return blocks;
}

void sender_report(const SenderReport& sr) {
    const auto blocks = blocks_of(sr);
    std::vector<std::byte> out(4 + 24 + 24 * blocks.size());
    std::error_code ec;
    check(write_sender_report(out, sr.sender_ssrc(), sr.sender_info(), blocks, ec) == out.size());
    const auto again = reread<SenderReport>(out);
    check(again.sender_ssrc() == sr.sender_ssrc() && again.sender_info() == sr.sender_info());
    check(blocks_of(again) == blocks);
}

void receiver_report(const ReceiverReport& rr) {
    const auto blocks = blocks_of(rr);
    std::vector<std::byte> out(4 + 4 + 24 * blocks.size());
    std::error_code ec;
    check(write_receiver_report(out, rr.sender_ssrc(), blocks, ec) == out.size());
    const auto again = reread<ReceiverReport>(out);
    check(again.sender_ssrc() == rr.sender_ssrc() && blocks_of(again) == blocks);
}

void source_description(const SourceDescription& sdes) {
    std::vector<std::vector<SdesItem>> items;
    std::vector<SdesChunkFields> chunks;
    for (const SdesChunk& chunk : sdes) {
        for (const SdesItem& item : chunk)
            check(item.type != SdesItemType::end);
        items.emplace_back(chunk.begin(), chunk.end());
        const auto cname = chunk.find(SdesItemType::cname);
        (void)cname;
    }
    check(items.size() == sdes.chunk_count());
    std::size_t i = 0;
    for (const SdesChunk& chunk : sdes)
        chunks.push_back({chunk.ssrc(), items[i++]});
    std::error_code ec;
    const std::size_t size = write_source_description({}, chunks, ec);
    check(ec == RtpError::buffer_too_small);
    std::vector<std::byte> out(size);
    check(write_source_description(out, chunks, ec) == size);
    const auto again = reread<SourceDescription>(out);
    check(again.chunk_count() == chunks.size());
    i = 0;
    for (const SdesChunk& chunk : again) {
        check(chunk.ssrc() == chunks[i].ssrc);
        check(std::vector<SdesItem>(chunk.begin(), chunk.end()) == items[i]);
        ++i;
    }
}

void goodbye(const Goodbye& bye) {
    std::vector<std::uint32_t> ssrcs;
    for (std::size_t i = 0; i < bye.source_count(); ++i)
        ssrcs.push_back(bye.ssrc(i));
    std::error_code ec;
    const std::size_t size = write_goodbye({}, ssrcs, bye.reason(), ec);
    std::vector<std::byte> out(size);
    check(write_goodbye(out, ssrcs, bye.reason(), ec) == size);
    const auto again = reread<Goodbye>(out);
    check(again.source_count() == ssrcs.size() && again.reason() == bye.reason());
    for (std::size_t i = 0; i < ssrcs.size(); ++i)
        check(again.ssrc(i) == ssrcs[i]);
}

void application(const ApplicationDefined& app) {
    // An odd padding count can leave data that is not whole words, which the
    // writer (RFC 3550 §6.7) refuses.
    if (app.data().size() % 4 != 0) return;
    std::vector<std::byte> out(12 + app.data().size());
    std::error_code ec;
    check(write_application_defined(out, app.subtype(), app.ssrc(), app.name(), app.data(), ec) ==
          out.size());
    const auto again = reread<ApplicationDefined>(out);
    check(again.subtype() == app.subtype() && again.ssrc() == app.ssrc() &&
          again.name() == app.name() && same_bytes(again.data(), app.data()));
}

void feedback(const FeedbackMessage& fb) {
    if (fb.fci().size() % 4 != 0) return;
    std::vector<std::byte> out(12 + fb.fci().size());
    std::error_code ec;
    check(write_feedback_message(out, fb.type(), fb.format(), fb.sender_ssrc(), fb.media_ssrc(),
                                 fb.fci(), ec) == out.size());
    const auto again = reread<FeedbackMessage>(out);
    check(again.type() == fb.type() && again.format() == fb.format() &&
          again.sender_ssrc() == fb.sender_ssrc() && again.media_ssrc() == fb.media_ssrc() &&
          same_bytes(again.fci(), fb.fci()));
}

template <typename Reader, typename Use>
void read_as(const RtcpPacket& packet, Use use) {
    std::error_code ec;
    const auto reader = Reader::parse(packet, ec);
    if (reader) {
        check(!ec);
        use(*reader);
    } else {
        check(ec && ec.category() == rtp_category());
    }
}

void walk(const RtcpCompound& compound, std::span<const std::byte> input) {
    std::size_t total = 0;
    std::size_t count = 0;
    for (const RtcpPacket& packet : compound) {
        check(packet.bytes().data() == input.data() + total);
        check(packet.body().size() + 4 + packet.padding_size() == packet.bytes().size());
        total += packet.bytes().size();
        ++count;
        read_as<SenderReport>(packet, sender_report);
        read_as<ReceiverReport>(packet, receiver_report);
        read_as<SourceDescription>(packet, source_description);
        read_as<Goodbye>(packet, goodbye);
        read_as<ApplicationDefined>(packet, application);
        read_as<FeedbackMessage>(packet, feedback);
    }
    check(total == input.size() && count == compound.packet_count());
    check(peek_rtcp_sender_ssrc(input).has_value() || input.size() < 8);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::byte> input(reinterpret_cast<const std::byte*>(data), size);
    for (const RtcpValidation rules : {RtcpValidation::compound, RtcpValidation::reduced_size}) {
        std::error_code ec;
        const auto compound = RtcpCompound::parse(input, ec, rules);
        if (!compound) {
            check(ec && ec.category() == rtp_category());
            continue;
        }
        check(!ec);
        walk(*compound, input);
    }
    return 0;
}
