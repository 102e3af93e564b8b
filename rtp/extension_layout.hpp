// SPDX-License-Identifier: BSD-3-Clause
// Private to rtp/: the RFC 8285 writer's layout step, shared with the RTP
// writer so that a packet's extension is measured once, not once for the size
// and again for the write.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <system_error>

#include <rtpsec/rtp/header_extension_writer.hpp>

namespace rtpsec::rtp::detail {

struct ExtensionLayout {
    ExtensionForm form;
    std::size_t size;  // 4-byte header + body padded to 32 bits; 0 for no extension
};

// The form and size `list` is written in; nullopt with `ec` set when it cannot
// be written (see header_extension_size()).
std::optional<ExtensionLayout> extension_layout(const HeaderExtensionList& list,
                                                std::error_code& ec) noexcept;

// Writes `list` laid out as `layout`; `out` holds at least layout.size bytes.
void store_header_extension(std::span<std::byte> out, const HeaderExtensionList& list,
                            const ExtensionLayout& layout) noexcept;

}  // namespace rtpsec::rtp::detail
