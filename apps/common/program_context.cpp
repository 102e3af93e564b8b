// SPDX-License-Identifier: BSD-3-Clause
#include "common/program_context.hpp"

namespace rtpsec::apps {

std::shared_ptr<const Context> make_program_context(dtls::Certificate certificate) {
    ContextOptions options(std::move(certificate));
    options.srtp.rtpsec_aes_gcm = true;
    options.srtp.rtpsec_hmac_sha1 = true;
    return Context::create(std::move(options));
}

}  // namespace rtpsec::apps
