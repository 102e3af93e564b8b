// SPDX-License-Identifier: BSD-3-Clause
#include "dtls_records.hpp"

namespace rtpsec::test {
namespace {

void put(std::vector<std::byte>& out, std::uint64_t value, int bytes) {
    for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8)
        out.push_back(static_cast<std::byte>((value >> shift) & 0xff));
}

// Record header: type, DTLS 1.2 (0xfefd), epoch 0, 48-bit sequence, length.
void record_header(std::vector<std::byte>& out, std::uint8_t type, std::uint64_t sequence,
                   std::size_t length) {
    put(out, type, 1);
    put(out, 0xfefd, 2);
    put(out, 0, 2);
    put(out, sequence, 6);
    put(out, length, 2);
}

}  // namespace

std::vector<std::byte> plaintext_alert(std::uint8_t level, std::uint8_t description,
                                       std::uint64_t record_sequence) {
    std::vector<std::byte> out;
    record_header(out, 21, record_sequence, 2);
    put(out, level, 1);
    put(out, description, 1);
    return out;
}

std::vector<std::byte> handshake_fragment(std::uint8_t message_type, std::uint32_t message_length,
                                          std::uint16_t message_sequence,
                                          std::uint32_t fragment_offset,
                                          std::uint32_t fragment_length,
                                          std::uint64_t record_sequence) {
    std::vector<std::byte> out;
    record_header(out, 22, record_sequence, 12 + fragment_length);
    put(out, message_type, 1);
    put(out, message_length, 3);
    put(out, message_sequence, 2);
    put(out, fragment_offset, 3);
    put(out, fragment_length, 3);
    for (std::uint32_t i = 0; i < fragment_length; ++i)
        out.push_back(static_cast<std::byte>(i * 131 + 7));
    return out;
}

std::vector<std::byte> datagram_of_class(std::size_t size, std::uint8_t first,
                                         std::uint8_t second) {
    std::vector<std::byte> out(size);
    for (std::size_t i = 0; i < size; ++i)
        out[i] = static_cast<std::byte>((i * 2654435761u) >> 13);
    if (size > 0) out[0] = static_cast<std::byte>(first);
    if (size > 1) out[1] = static_cast<std::byte>(second);
    return out;
}

}  // namespace rtpsec::test
