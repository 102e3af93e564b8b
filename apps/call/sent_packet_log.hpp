// SPDX-License-Identifier: BSD-3-Clause
// Remembers what one side sent, so the other side can check that every
// packet it decrypted is byte for byte one that was sent.
//
// A ring of digests indexed by RTP sequence number: bounded memory (window ×
// 16 bytes) however long the call. A packet older than the window cannot be
// checked and is reported as such, not as a match.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace rtpsec::apps {

class SentPacketLog {
  public:
    enum class Verdict { match, mismatch, unknown };

    explicit SentPacketLog(std::size_t window = 1024) : ring_(window) {}

    void record(std::span<const std::byte> rtp);
    Verdict check(std::span<const std::byte> rtp) const;

  private:
    struct Entry {
        std::uint64_t digest = 0;
        std::uint32_t sequence = 0x10000;  // none yet: no 16-bit sequence matches
        std::uint32_t length = 0;
    };

    std::vector<Entry> ring_;
};

}  // namespace rtpsec::apps
