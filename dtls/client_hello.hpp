// SPDX-License-Identifier: BSD-3-Clause
// Reading the fixed fields of a DTLS ClientHello's first fragment, for the
// cookie front door and the engine's post-cookie start. Only what precedes the
// cookie is parsed (RFC 6347 §4.2.1, §4.3.2), with every length checked
// against the bytes present. Private to dtls/.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace rtpsec::dtls::detail {

// RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2).
inline constexpr std::size_t record_header_size = 13;
// RFC 6347 §4.2.2: msg_type(1) length(3) message_seq(2) fragment_offset(3) fragment_length(3).
inline constexpr std::size_t handshake_header_size = 12;
inline constexpr std::uint8_t content_type_handshake = 22;
inline constexpr std::uint8_t handshake_type_client_hello = 1;
inline constexpr std::uint8_t handshake_type_hello_verify_request = 3;

enum class ClientHelloParse {
    ok,
    not_handshake,       // not a handshake record, or not epoch 0
    not_client_hello,    // a handshake message of another type
    not_first_fragment,  // fragment_offset != 0
    malformed,           // a length runs past the bytes present
};

struct ClientHelloFirstFragment {
    std::array<std::uint8_t, 8> record_epoch_and_sequence{};  // copied into a HelloVerifyRequest
    std::size_t record_size = 0;  // header + body of the first record in the datagram
    std::uint16_t message_seq = 0;
    std::uint16_t client_version = 0;
    std::span<const std::uint8_t> random;      // 32 bytes
    std::span<const std::uint8_t> session_id;  // 0..32 bytes
    std::span<const std::uint8_t> cookie;      // 0..255 bytes
};

// Parses the first record of `datagram`. On anything but ok, `out` is unchanged.
ClientHelloParse parse_client_hello_first_fragment(std::span<const std::uint8_t> datagram,
                                                   ClientHelloFirstFragment& out);

}  // namespace rtpsec::dtls::detail
