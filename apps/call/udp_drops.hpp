// SPDX-License-Identifier: BSD-3-Clause
// Datagrams the kernel dropped because a UDP socket's receive buffer was full
// (RcvbufErrors in /proc/net/snmp): the sign that the rig itself, not the
// impairment asked for, lost packets. The counter is the host's, so other
// programs' drops during the run count too.
#pragma once

#include <cstdint>
#include <optional>

namespace rtpsec::apps {

// nullopt where /proc/net/snmp cannot be read.
std::optional<std::uint64_t> udp_receive_buffer_errors();

}  // namespace rtpsec::apps
