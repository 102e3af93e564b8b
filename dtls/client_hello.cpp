// SPDX-License-Identifier: BSD-3-Clause
#include "client_hello.hpp"

namespace rtpsec::dtls::detail {
namespace {

// A cursor over bytes that refuses to read past the end.
class Reader {
  public:
    explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    bool read(std::size_t n, std::span<const std::uint8_t>& out) {
        if (n > bytes_.size() - at_) return false;
        out = bytes_.subspan(at_, n);
        at_ += n;
        return true;
    }
    bool read_uint(std::size_t n, std::uint32_t& out) {
        std::span<const std::uint8_t> bytes;
        if (!read(n, bytes)) return false;
        out = 0;
        for (const auto b : bytes)
            out = out << 8 | b;
        return true;
    }
    // A vector with a one-byte length prefix (TLS opaque<0..2^8-1>).
    bool read_vector8(std::span<const std::uint8_t>& out) {
        std::uint32_t length = 0;
        return read_uint(1, length) && read(length, out);
    }

  private:
    std::span<const std::uint8_t> bytes_;
    std::size_t at_ = 0;
};

}  // namespace

ClientHelloParse parse_client_hello_first_fragment(std::span<const std::uint8_t> datagram,
                                                   ClientHelloFirstFragment& out) {
    Reader record(datagram);
    std::uint32_t type = 0, version = 0, length = 0;
    std::span<const std::uint8_t> epoch_and_sequence, body;
    if (!record.read_uint(1, type) || !record.read_uint(2, version) ||
        !record.read(8, epoch_and_sequence) || !record.read_uint(2, length)) {
        return ClientHelloParse::malformed;
    }
    // A ClientHello that starts a handshake is sent in epoch 0 (RFC 6347 §4.1).
    if (type != content_type_handshake || (version >> 8) != 0xfe || epoch_and_sequence[0] != 0 ||
        epoch_and_sequence[1] != 0) {
        return ClientHelloParse::not_handshake;
    }
    if (!record.read(length, body)) return ClientHelloParse::malformed;

    Reader handshake(body);
    std::uint32_t msg_type = 0, message_length = 0, message_seq = 0, fragment_offset = 0,
                  fragment_length = 0;
    if (!handshake.read_uint(1, msg_type) || !handshake.read_uint(3, message_length) ||
        !handshake.read_uint(2, message_seq) || !handshake.read_uint(3, fragment_offset) ||
        !handshake.read_uint(3, fragment_length)) {
        return ClientHelloParse::malformed;
    }
    if (msg_type != handshake_type_client_hello) return ClientHelloParse::not_client_hello;
    if (fragment_offset != 0) return ClientHelloParse::not_first_fragment;
    std::span<const std::uint8_t> fragment;
    if (fragment_length > message_length || !handshake.read(fragment_length, fragment)) {
        return ClientHelloParse::malformed;
    }

    // RFC 6347 §4.2.1: client_version, random, session_id, cookie.
    Reader hello(fragment);
    std::uint32_t client_version = 0;
    std::span<const std::uint8_t> random, session_id, cookie;
    if (!hello.read_uint(2, client_version) || !hello.read(32, random) ||
        !hello.read_vector8(session_id) || session_id.size() > 32 || !hello.read_vector8(cookie)) {
        return ClientHelloParse::malformed;
    }

    std::copy(epoch_and_sequence.begin(), epoch_and_sequence.end(),
              out.record_epoch_and_sequence.begin());
    out.record_size = record_header_size + length;
    out.message_seq = static_cast<std::uint16_t>(message_seq);
    out.client_version = static_cast<std::uint16_t>(client_version);
    out.random = random;
    out.session_id = session_id;
    out.cookie = cookie;
    return ClientHelloParse::ok;
}

}  // namespace rtpsec::dtls::detail
