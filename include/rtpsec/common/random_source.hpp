// SPDX-License-Identifier: BSD-3-Clause
// RandomSource: where rtpsec takes the random numbers it chooses itself (SSRCs,
// RTCP interval jitter, cookie secrets, ICE credentials, tls-id, SIP tags).
//
// A Context holds one (rtpsec/context.hpp). The default reads the kernel's
// CSPRNG (getrandom), since cookie secrets, ICE passwords and SIP tags must be
// unguessable off-path (RFC 6347 §4.2.1, RFC 8839 §5.4, RFC 3261 §19.3). A
// seeded source makes a test or a simulation repeat itself; it is predictable
// and never for production. OpenSSL's handshake randoms are OpenSSL's own.
//
// Threading: fill() may be called from several threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include <rtpsec/common/export.hpp>
#include <rtpsec/common/split_mix64.hpp>

namespace rtpsec {

class RTPSEC_EXPORT RandomSource {
  public:
    virtual ~RandomSource() = default;
    // Fills `out`; throws std::system_error when the source fails.
    virtual void fill(std::span<std::byte> out) = 0;
};

// The kernel's CSPRNG (getrandom). Stateless: every instance is the same source.
RTPSEC_EXPORT std::shared_ptr<RandomSource> os_random_source();

// SplitMix64 from a seed: the same seed gives the same bytes. For tests and
// simulations only.
class RTPSEC_EXPORT SeededRandomSource final : public RandomSource {
  public:
    explicit SeededRandomSource(std::uint64_t seed) : generator_(seed) {}
    void fill(std::span<std::byte> out) override;

  private:
    std::mutex mutex_;
    SplitMix64 generator_;
};

// A uniformly random number in [0, 2^bits).
RTPSEC_EXPORT std::uint64_t random_bits(RandomSource& source, unsigned bits);

// A random non-zero 32-bit value (an SSRC, a seed).
RTPSEC_EXPORT std::uint32_t random_nonzero_u32(RandomSource& source);

// `count` characters drawn uniformly from `alphabet` (1 to 256 characters;
// std::invalid_argument otherwise).
RTPSEC_EXPORT std::string random_string(RandomSource& source, std::size_t count,
                                        std::string_view alphabet);

}  // namespace rtpsec
