// Random identifiers for the SDP we write: session ids, tls-id values and ICE
// credentials. Read from the kernel (getrandom), because tls-id and ICE
// passwords must not be guessable by an off-path attacker (RFC 8842 §4,
// RFC 8839 §5.4).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rtpsec::sdp::detail {

// A uniformly random number in [0, 2^bits).
std::uint64_t random_bits(unsigned bits);

// `count` characters drawn uniformly from `alphabet` (at most 256 characters).
std::string random_string(std::size_t count, std::string_view alphabet);

}  // namespace rtpsec::sdp::detail
