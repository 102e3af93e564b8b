// SPDX-License-Identifier: BSD-3-Clause
// Captured datagrams from test/data/fixtures (hex, one datagram per line).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace rtpsec::test {

std::vector<std::vector<std::byte>> load_fixture_datagrams(const std::string& file_name);

}  // namespace rtpsec::test
