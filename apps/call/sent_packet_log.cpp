// SPDX-License-Identifier: BSD-3-Clause
#include "call/sent_packet_log.hpp"

#include <rtpsec/rtp/header_peek.hpp>

namespace rtpsec::apps {
namespace {

// FNV-1a, 64-bit: a check against corruption in our own process, not an
// adversary, so a fast non-cryptographic digest is enough.
std::uint64_t digest(std::span<const std::byte> bytes) {
    std::uint64_t hash = 14695981039346656037ull;
    for (const std::byte b : bytes) {
        hash ^= std::to_integer<std::uint8_t>(b);
        hash *= 1099511628211ull;
    }
    return hash;
}

}  // namespace

void SentPacketLog::record(std::span<const std::byte> rtp) {
    const auto header = rtp::peek_rtp_fixed_header(rtp);
    if (!header) return;
    auto& entry = ring_[header->sequence_number % ring_.size()];
    entry = {digest(rtp), header->sequence_number, static_cast<std::uint32_t>(rtp.size())};
}

SentPacketLog::Verdict SentPacketLog::check(std::span<const std::byte> rtp) const {
    const auto header = rtp::peek_rtp_fixed_header(rtp);
    if (!header) return Verdict::mismatch;
    const auto& entry = ring_[header->sequence_number % ring_.size()];
    if (entry.sequence != header->sequence_number) return Verdict::unknown;
    return entry.length == rtp.size() && entry.digest == digest(rtp) ? Verdict::match
                                                                     : Verdict::mismatch;
}

}  // namespace rtpsec::apps
