// libsrtp's process-wide state. Private to srtp/.
#pragma once

namespace rtpsec::srtp::detail {

// Calls srtp_init() exactly once per process, from whichever thread gets here
// first, after routing libsrtp's log output away from stderr. An application
// that initialised libsrtp itself before is fine. Throws std::system_error when
// libsrtp fails to initialise (every later call throws the same error).
// libsrtp is never shut down: sessions may live until exit.
void ensure_libsrtp_initialized();

}  // namespace rtpsec::srtp::detail
