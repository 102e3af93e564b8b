// SPDX-License-Identifier: BSD-3-Clause
// Datagrams an attacker writes by hand: plaintext DTLS records (RFC 6347
// §4.1) and datagrams of each first-byte class of RFC 7983.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rtpsec::test {

// An epoch-0 alert record: what anyone can forge, since alerts before the
// keys carry no authentication. level 1 warning, 2 fatal (RFC 5246 §7.2).
std::vector<std::byte> plaintext_alert(std::uint8_t level, std::uint8_t description,
                                       std::uint64_t record_sequence);

// An epoch-0 handshake record holding one fragment of a message that says it
// is `message_length` bytes long: what makes a DTLS stack reassemble (or
// buffer, when message_sequence is ahead) on a stranger's behalf.
std::vector<std::byte> handshake_fragment(std::uint8_t message_type, std::uint32_t message_length,
                                          std::uint16_t message_sequence,
                                          std::uint32_t fragment_offset,
                                          std::uint32_t fragment_length,
                                          std::uint64_t record_sequence);

// `size` bytes starting with `first` (and `second` when size > 1), the rest
// a deterministic pattern.
std::vector<std::byte> datagram_of_class(std::size_t size, std::uint8_t first,
                                         std::uint8_t second = 0);

}  // namespace rtpsec::test
