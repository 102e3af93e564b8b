#include "libsrtp_library.hpp"

#include <cstdlib>
#include <srtp2/srtp.h>
#include <string_view>

#include "aes_gcm_cipher.hpp"
#include "libsrtp_status.hpp"

namespace rtpsec::srtp::detail {
namespace {

// libsrtp logs to stderr by default. Its messages are debugging text with no
// channel of ours to go to, and a debug-enabled libsrtp prints session keys in
// them, so they are dropped. Every failure we act on also comes back as a
// status code.
void discard_libsrtp_log(srtp_log_level_t, const char*, void*) {}

srtp_err_status_t initialize_once() {
    const srtp_err_status_t logging = srtp_install_log_handler(&discard_libsrtp_log, nullptr);
    if (logging != srtp_err_status_ok) return logging;
    const srtp_err_status_t status = srtp_init();
    // srtp_init is not idempotent: when another part of the process has
    // initialised libsrtp already, the crypto kernel reports itself ready and
    // only registering libsrtp's debug module a second time fails, with
    // bad_param. The library is usable then, so that is success for us.
    if (status != srtp_err_status_ok && status != srtp_err_status_bad_param) return status;
    // RTPSEC_LIBSRTP_STOCK_GCM=1 keeps libsrtp's own GCM, to compare the two.
    const char* stock = std::getenv("RTPSEC_LIBSRTP_STOCK_GCM");
    if (stock != nullptr && std::string_view(stock) == "1") return srtp_err_status_ok;
    return install_aes_gcm_cipher();
}

}  // namespace

void ensure_libsrtp_initialized() {
    // A function-local static is initialised exactly once, thread-safely.
    static const srtp_err_status_t status = initialize_once();
    if (status != srtp_err_status_ok) {
        throw std::system_error(setup_error(status), "libsrtp initialisation (srtp_init) failed");
    }
}

}  // namespace rtpsec::srtp::detail
