// Random identifiers for SIP: branches, tags and Call-IDs. From the kernel
// (getrandom): RFC 3261 §8.1.1.7 and §19.3 want them globally unique and
// unguessable (a guessed tag or Call-ID lets an off-path attacker send a BYE).
#pragma once

#include <cstddef>
#include <string>

namespace rtpsec::sip::detail {

// `count` characters from [0-9a-z], uniformly.
std::string random_token(std::size_t count);

}  // namespace rtpsec::sip::detail
