// SPDX-License-Identifier: BSD-3-Clause
// The rtpsec::Context a program runs its endpoints with.
#pragma once

#include <memory>

#include <rtpsec/context.hpp>
#include <rtpsec/dtls/certificate.hpp>

namespace rtpsec::apps {

// The default policy with `certificate`, and rtpsec's AES-GCM installed in
// libsrtp (the programs are the whole process, so nothing else is affected).
std::shared_ptr<const Context> make_program_context(dtls::Certificate certificate);

}  // namespace rtpsec::apps
