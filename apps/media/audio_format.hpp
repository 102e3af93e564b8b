// SPDX-License-Identifier: BSD-3-Clause
// The one audio format the programs send: G.711 PCMU at 8 kHz, 20 ms packets.
#pragma once

#include <cstddef>

namespace rtpsec::media {

inline constexpr int sample_rate = 8000;
inline constexpr std::size_t samples_per_packet = 160;  // 20 ms
inline constexpr int packet_interval_ms = 20;
inline constexpr int pcmu_payload_type = 0;

}  // namespace rtpsec::media
