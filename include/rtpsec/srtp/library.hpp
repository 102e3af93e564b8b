// SPDX-License-Identifier: BSD-3-Clause
// srtp::Library: rtpsec's handle on libsrtp's process-wide crypto kernel.
//
// libsrtp keeps one crypto kernel per process (srtp_init, the cipher
// registry). A Library makes sure it is initialised and says how rtpsec uses
// it; every srtp::Session is made with one. What rtpsec does to the kernel:
//   - srtp_init() once, unless the host application did it first (its own
//     initialisation is used as it is; both may create sessions freely);
//   - nothing else, unless LibraryOptions::rtpsec_aes_gcm asks for rtpsec's
//     AES-GCM (srtp/aes_gcm_cipher.hpp): a faster implementation of the GCM
//     profiles on OpenSSL EVP, installed with srtp_replace_cipher_type().
//     libsrtp's cipher registry has one entry per algorithm for the whole
//     process, so once installed it serves every GCM session created after,
//     the host's own included. It gives the same packets (libsrtp checks it
//     against RFC 7714's vectors before taking it) and stays until exit;
//   - likewise, when LibraryOptions::rtpsec_hmac_sha1 asks for it, rtpsec's
//     HMAC-SHA1 (srtp/hmac_sha1_auth.hpp), the AES-CM profiles' authentication
//     without libsrtp's heap allocations per packet, installed with
//     srtp_replace_auth_type() for the whole process (checked against RFC
//     2202's vectors; same tags, same packets).
// rtpsec never calls srtp_shutdown, never installs a log handler and never
// enables libsrtp's debug modules.
//
// Threading: constructing Libraries on several threads at once is safe; a
// Library is immutable afterwards.
#pragma once

#include <string_view>

#include <rtpsec/common/export.hpp>

namespace rtpsec::srtp {

struct RTPSEC_EXPORT LibraryOptions {
    // Install rtpsec's AES-GCM into libsrtp (see above). Off by default.
    bool rtpsec_aes_gcm = false;
    // Install rtpsec's HMAC-SHA1 into libsrtp (see above). Off by default.
    bool rtpsec_hmac_sha1 = false;
};

class RTPSEC_EXPORT Library {
  public:
    // Throws std::system_error when srtp_init fails, or when rtpsec's AES-GCM
    // or HMAC-SHA1 was asked for and libsrtp refused it.
    explicit Library(LibraryOptions options = {});

    const LibraryOptions& options() const { return options_; }

  private:
    LibraryOptions options_;
};

// Which AES-GCM code libsrtp runs now for the GCM profiles: "rtpsec (OpenSSL
// EVP)" once some Library installed it, else "libsrtp".
RTPSEC_EXPORT std::string_view aes_gcm_implementation() noexcept;

// Which HMAC-SHA1 libsrtp runs now for the AES-CM profiles: "rtpsec (OpenSSL
// SHA-1 states)" once some Library installed it, else "libsrtp".
RTPSEC_EXPORT std::string_view hmac_sha1_implementation() noexcept;

}  // namespace rtpsec::srtp
