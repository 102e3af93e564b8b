// SPDX-License-Identifier: BSD-3-Clause
// The rtpsec::Context a benchmark's endpoints run with: the default policy.
// Which AES-GCM libsrtp runs is the benchmark's choice for the whole process
// (install_rtpsec_gcm), made before the first context.
#pragma once

#include <memory>

#include <rtpsec/context.hpp>

namespace rtpsec::bench {

inline std::shared_ptr<const Context> context_for(const dtls::Certificate& certificate) {
    return Context::create(ContextOptions(certificate));
}

// rtpsec's AES-GCM and HMAC-SHA1 in libsrtp, as the programs run them.
inline void install_rtpsec_gcm() {
    (void)srtp::Library(srtp::LibraryOptions{.rtpsec_aes_gcm = true, .rtpsec_hmac_sha1 = true});
}

}  // namespace rtpsec::bench
