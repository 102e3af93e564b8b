// SPDX-License-Identifier: BSD-3-Clause
// RTP/RTCP wire layer costs, each against the raw work underneath it,
// measured in the same run:
//   - RTP parse (160- and 1200-byte payloads, with and without an RFC 8285
//     extension) against a memcpy of the same bytes and against a minimal
//     hand read of the 12-byte fixed header;
//   - RTP write against a memcpy of the bytes it produces;
//   - RTCP compound walk (SR + SDES, typed reads) against a memcpy;
//   - classify() and per-packet receive statistics, in ns per call.
// Every benchmark counts packets (items_per_second) and bytes; at the end the
// ratio of each measurement to its baseline is printed (medians over
// --benchmark_repetitions).
#include <algorithm>
#include <array>
#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <rtpsec/rtp/classify.hpp>
#include <rtpsec/rtp/receive_statistics.hpp>
#include <rtpsec/rtp/rtcp_compound.hpp>
#include <rtpsec/rtp/rtcp_report.hpp>
#include <rtpsec/rtp/rtcp_sdes.hpp>
#include <rtpsec/rtp/rtcp_writer.hpp>
#include <rtpsec/rtp/rtp_packet.hpp>
#include <rtpsec/rtp/rtp_writer.hpp>

namespace {

using namespace rtpsec::rtp;
using Bytes = std::vector<std::byte>;

const std::array<std::byte, 1> audio_level{std::byte{0x85}};
const std::array<std::byte, 3> send_time{std::byte{0x12}, std::byte{0x34}, std::byte{0x56}};
const std::array<HeaderExtension, 2> elements{{{1, audio_level}, {3, send_time}}};

RtpHeaderFields rtp_fields(bool extension) {
    RtpHeaderFields fields;
    fields.marker = true;
    fields.payload_type = 111;
    fields.sequence_number = 4242;
    fields.timestamp = 0x12345678;
    fields.ssrc = 0xcafebabe;
    if (extension) fields.extension = HeaderExtensionList{.elements = elements};
    return fields;
}

Bytes rtp_packet(std::size_t payload_size, bool extension) {
    const Bytes payload(payload_size, std::byte{0x55});
    std::error_code ec;
    const auto fields = rtp_fields(extension);
    Bytes packet(rtp_packet_size(fields, payload_size, 0, ec));
    write_rtp_packet(packet, fields, payload, 0, ec);
    return packet;
}

Bytes rtcp_sr_sdes() {
    const std::array<ReportBlock, 1> blocks{{{.ssrc = 0x01020304, .fraction_lost = 3}}};
    const std::array<SdesItem, 1> items{{{SdesItemType::cname, "caller@192.0.2.10"}}};
    const std::array<SdesChunkFields, 1> chunks{{{0xcafebabe, items}}};
    Bytes buffer(1500);
    RtcpCompoundWriter writer(buffer);
    writer.add_sender_report(0xcafebabe, {.ntp_timestamp = 1, .rtp_timestamp = 2}, blocks);
    writer.add_source_description(chunks);
    buffer.resize(writer.size());
    return buffer;
}

void count(benchmark::State& state, std::size_t bytes_per_packet) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes_per_packet));
}

void rtp_parse(benchmark::State& state, Bytes packet, bool read_extension) {
    const std::span<const std::byte> bytes(packet);
    for (auto _ : state) {
        benchmark::DoNotOptimize(bytes.data());
        std::error_code ec;
        const auto parsed = RtpPacket::parse(bytes, ec);
        std::uint64_t sum = parsed->ssrc() + parsed->sequence_number() + parsed->timestamp() +
                            parsed->payload().size() + parsed->payload_type();
        if (read_extension) {
            const auto list = parsed->header_extensions(ec);
            sum += std::to_integer<unsigned>((*list->find(1))[0]);
        }
        benchmark::DoNotOptimize(sum);
    }
    count(state, packet.size());
}

void memcpy_baseline(benchmark::State& state, std::size_t size) {
    const Bytes source(size, std::byte{0x55});
    Bytes destination(size);
    for (auto _ : state) {
        benchmark::DoNotOptimize(source.data());
        std::memcpy(destination.data(), source.data(), size);
        benchmark::ClobberMemory();
    }
    count(state, size);
}

// The least a receiver can do: check the version and read the fixed fields.
void hand_read_header(benchmark::State& state, Bytes packet) {
    for (auto _ : state) {
        benchmark::DoNotOptimize(packet.data());
        const auto* b = reinterpret_cast<const unsigned char*>(packet.data());
        std::uint64_t sum = 0;
        if (packet.size() >= 12 && b[0] >> 6 == 2) {
            sum = (b[2] << 8 | b[3]) + (std::uint32_t{b[4]} << 24 | b[5] << 16 | b[6] << 8 | b[7]) +
                  (std::uint32_t{b[8]} << 24 | b[9] << 16 | b[10] << 8 | b[11]) + (b[1] & 0x7f);
        }
        benchmark::DoNotOptimize(sum);
    }
    count(state, packet.size());
}

void rtp_write(benchmark::State& state, std::size_t payload_size, bool extension) {
    const Bytes payload(payload_size, std::byte{0x55});
    const auto fields = rtp_fields(extension);
    std::error_code ec;
    Bytes out(rtp_packet_size(fields, payload_size, 0, ec));
    for (auto _ : state) {
        benchmark::DoNotOptimize(payload.data());
        benchmark::DoNotOptimize(write_rtp_packet(out, fields, payload, 0, ec));
        benchmark::ClobberMemory();
    }
    count(state, out.size());
}

void rtcp_walk(benchmark::State& state, Bytes compound) {
    const std::span<const std::byte> bytes(compound);
    for (auto _ : state) {
        benchmark::DoNotOptimize(bytes.data());
        std::error_code ec;
        const auto parsed = RtcpCompound::parse(bytes, ec);
        std::uint64_t sum = 0;
        for (const RtcpPacket& packet : *parsed) {
            if (const auto sr = SenderReport::parse(packet, ec)) {
                sum += sr->sender_info().rtp_timestamp + sr->report_block(0).fraction_lost;
            } else if (const auto sdes = SourceDescription::parse(packet, ec)) {
                sum += sdes->begin()->find(SdesItemType::cname)->size();
            }
        }
        benchmark::DoNotOptimize(sum);
    }
    count(state, compound.size());
}

void classify_mixed(benchmark::State& state) {
    // One of each kind a media port sees, in turn, so the branches are not
    // all predicted the same way.
    const std::array<Bytes, 4> datagrams{rtp_packet(160, false), rtcp_sr_sdes(),
                                         Bytes{std::byte{22}, std::byte{0xfe}},
                                         Bytes{std::byte{0}, std::byte{1}}};
    std::size_t i = 0;
    for (auto _ : state) {
        const auto& datagram = datagrams[i++ & 3];
        benchmark::DoNotOptimize(datagram.data());
        benchmark::DoNotOptimize(classify(datagram));
    }
    count(state, 0);
}

void statistics_on_packet(benchmark::State& state) {
    ReceiveStatistics stats(0xcafebabe, 8000);
    std::uint16_t sequence = 0;
    std::uint32_t timestamp = 0;
    std::uint32_t arrival = 0;
    for (auto _ : state) {
        // 1 in 64 lost, alternating 1 unit of arrival wobble.
        sequence = static_cast<std::uint16_t>(sequence + ((sequence & 63) == 0 ? 2 : 1));
        timestamp += 160;
        arrival += 160 + (sequence & 1);
        benchmark::DoNotOptimize(stats.on_packet_rtp_time(sequence, timestamp, arrival));
    }
    count(state, 0);
}

// Prints, after the usual table, each measurement over its baseline.
class RatioReporter : public benchmark::ConsoleReporter {
  public:
    struct Pair {
        std::string measured;
        std::string baseline;
    };
    explicit RatioReporter(std::vector<Pair> pairs) : pairs_(std::move(pairs)) {}

    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs) {
            if (run.run_type == Run::RT_Iteration && !run.error_occurred)
                times_[run.benchmark_name()].push_back(run.GetAdjustedCPUTime());
        }
        ConsoleReporter::ReportRuns(runs);
    }

    void Finalize() override {
        ConsoleReporter::Finalize();
        // Medians over --benchmark_repetitions: a shared machine's noise
        // moves the mean more than the median.
        std::printf("\n%-44s %-28s %9s %9s %7s\n", "measured (median ns)", "baseline", "ns",
                    "base ns", "ratio");
        for (const Pair& pair : pairs_) {
            const auto m = times_.find(pair.measured);
            const auto b = times_.find(pair.baseline);
            if (m == times_.end() || b == times_.end()) continue;
            const double measured = median(m->second);
            const double baseline = median(b->second);
            std::printf("%-44s %-28s %9.2f %9.2f %7.2f\n", pair.measured.c_str(),
                        pair.baseline.c_str(), measured, baseline, measured / baseline);
        }
    }

  private:
    static double median(std::vector<double> values) {
        std::sort(values.begin(), values.end());
        const std::size_t mid = values.size() / 2;
        return values.size() % 2 != 0 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    std::vector<Pair> pairs_;
    std::map<std::string, std::vector<double>> times_;
};

}  // namespace

int main(int argc, char** argv) {
    std::vector<RatioReporter::Pair> pairs;
    for (const std::size_t payload : {std::size_t{160}, std::size_t{1200}}) {
        for (const bool extension : {false, true}) {
            const Bytes packet = rtp_packet(payload, extension);
            const std::string suffix =
                "/payload:" + std::to_string(payload) + (extension ? "/ext:2" : "/ext:none");
            const std::string parse = "rtp_parse" + suffix;
            const std::string memcpy_name = "memcpy/bytes:" + std::to_string(packet.size());
            const std::string hand = "hand_read_header" + suffix;
            benchmark::RegisterBenchmark(parse.c_str(), rtp_parse, packet, false);
            benchmark::RegisterBenchmark(hand.c_str(), hand_read_header, packet);
            benchmark::RegisterBenchmark(memcpy_name.c_str(), memcpy_baseline, packet.size());
            pairs.push_back({parse, memcpy_name});
            pairs.push_back({parse, hand});
            if (extension) {
                const std::string find = "rtp_parse_find_extension" + suffix;
                benchmark::RegisterBenchmark(find.c_str(), rtp_parse, packet, true);
                pairs.push_back({find, memcpy_name});
                pairs.push_back({find, hand});
            }
            const std::string write = "rtp_write" + suffix;
            benchmark::RegisterBenchmark(write.c_str(), rtp_write, payload, extension);
            pairs.push_back({write, memcpy_name});
        }
    }
    const Bytes compound = rtcp_sr_sdes();
    const std::string compound_memcpy = "memcpy/bytes:" + std::to_string(compound.size());
    benchmark::RegisterBenchmark("rtcp_walk/sr+sdes", rtcp_walk, compound);
    benchmark::RegisterBenchmark(compound_memcpy.c_str(), memcpy_baseline, compound.size());
    pairs.push_back({"rtcp_walk/sr+sdes", compound_memcpy});
    benchmark::RegisterBenchmark("classify/mixed", classify_mixed);
    benchmark::RegisterBenchmark("receive_statistics/on_packet", statistics_on_packet);

    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    RatioReporter reporter(std::move(pairs));
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
