# Provides the imported target rtpsec::libsrtp2 and RTPSEC_LIBSRTP_BACKEND.
#
# Default: the static libsrtp2 built from Debian's source package with the
# OpenSSL backend by scripts/build-libsrtp.sh. RTPSEC_SYSTEM_LIBSRTP=ON links
# Debian's binary package instead (NSS backend, much slower; see
# docs/performance.md).

if(RTPSEC_SYSTEM_LIBSRTP)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SYSTEM_SRTP2 REQUIRED IMPORTED_TARGET libsrtp2)
  add_library(rtpsec::libsrtp2 ALIAS PkgConfig::SYSTEM_SRTP2)
  set(RTPSEC_LIBSRTP_BACKEND "libsrtp2 ${SYSTEM_SRTP2_VERSION} (system, NSS)")
else()
  set(_lib "${RTPSEC_LIBSRTP_PREFIX}/lib/libsrtp2.a")
  set(_inc "${RTPSEC_LIBSRTP_PREFIX}/include")
  if(NOT EXISTS "${_lib}" OR NOT EXISTS "${_inc}/srtp2/srtp.h")
    message(FATAL_ERROR
      "No OpenSSL-backed libsrtp2 in ${RTPSEC_LIBSRTP_PREFIX}.\n"
      "Run scripts/setup.sh (or scripts/build-libsrtp.sh) first, "
      "or configure with -DRTPSEC_SYSTEM_LIBSRTP=ON to use Debian's NSS-backed library.")
  endif()
  find_package(OpenSSL 3.0 REQUIRED)
  add_library(rtpsec_libsrtp2 STATIC IMPORTED GLOBAL)
  set_target_properties(rtpsec_libsrtp2 PROPERTIES
    IMPORTED_LOCATION "${_lib}"
    INTERFACE_INCLUDE_DIRECTORIES "${_inc}"
    INTERFACE_LINK_LIBRARIES OpenSSL::Crypto)
  add_library(rtpsec::libsrtp2 ALIAS rtpsec_libsrtp2)
  file(READ "${RTPSEC_LIBSRTP_PREFIX}/.rtpsec-stamp" _stamp)
  string(REGEX MATCH "^[^ ]+" _ver "${_stamp}")
  set(RTPSEC_LIBSRTP_BACKEND "libsrtp2 ${_ver} (static, OpenSSL)")
endif()
message(STATUS "rtpsec: SRTP from ${RTPSEC_LIBSRTP_BACKEND}")
