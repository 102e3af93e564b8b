# SPDX-License-Identifier: BSD-3-Clause
# Provides the imported target rtpsec::libsrtp2 and RTPSEC_LIBSRTP_BACKEND.
#
# Default: the static libsrtp2 built from Debian's source package with the
# OpenSSL backend by scripts/build-libsrtp.sh. RTPSEC_SYSTEM_LIBSRTP=ON links
# Debian's binary package instead (NSS backend, much slower; see
# docs/performance.md).
#
# Where the OpenSSL-backed build comes from, the same for a top-level build, a
# subproject (add_subdirectory, FetchContent) and a package build:
# RTPSEC_LIBSRTP_PREFIX when set; else build/_deps/libsrtp2 of the source tree
# when scripts/setup.sh has built it there; else <build tree>/_deps/libsrtp2.
# When that prefix holds no library, configure runs scripts/build-libsrtp.sh
# into it (Debian's source package through apt, about 20 s) unless
# RTPSEC_LIBSRTP_AUTOBUILD is OFF.

set(RTPSEC_LIBSRTP_PREFIX "" CACHE PATH
    "Prefix of the OpenSSL-backed libsrtp2 (empty: found or built as cmake/Libsrtp.cmake says)")
option(RTPSEC_LIBSRTP_AUTOBUILD "Build the OpenSSL-backed libsrtp2 at configure time when it is missing" ON)

if(RTPSEC_SYSTEM_LIBSRTP)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(SYSTEM_SRTP2 REQUIRED IMPORTED_TARGET libsrtp2)
  add_library(rtpsec::libsrtp2 ALIAS PkgConfig::SYSTEM_SRTP2)
  set(RTPSEC_LIBSRTP_BACKEND "libsrtp2 ${SYSTEM_SRTP2_VERSION} (system, NSS)")
else()
  if(RTPSEC_LIBSRTP_PREFIX)
    set(_prefix "${RTPSEC_LIBSRTP_PREFIX}")
  elseif(EXISTS "${PROJECT_SOURCE_DIR}/build/_deps/libsrtp2/lib/libsrtp2.a")
    set(_prefix "${PROJECT_SOURCE_DIR}/build/_deps/libsrtp2")
  else()
    set(_prefix "${PROJECT_BINARY_DIR}/_deps/libsrtp2")
  endif()
  set(_lib "${_prefix}/lib/libsrtp2.a")
  set(_inc "${_prefix}/include")
  if(NOT EXISTS "${_lib}" OR NOT EXISTS "${_inc}/srtp2/srtp.h")
    if(NOT RTPSEC_LIBSRTP_AUTOBUILD)
      message(FATAL_ERROR
        "No OpenSSL-backed libsrtp2 in ${_prefix}.\n"
        "Run scripts/setup.sh (or scripts/build-libsrtp.sh PREFIX) first, configure with "
        "-DRTPSEC_LIBSRTP_AUTOBUILD=ON to build it now, or with -DRTPSEC_SYSTEM_LIBSRTP=ON "
        "to use Debian's NSS-backed library.")
    endif()
    message(STATUS "rtpsec: building the OpenSSL-backed libsrtp2 into ${_prefix}")
    execute_process(COMMAND "${PROJECT_SOURCE_DIR}/scripts/build-libsrtp.sh" "${_prefix}"
                    RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0 OR NOT EXISTS "${_lib}")
      message(FATAL_ERROR
        "Could not build the OpenSSL-backed libsrtp2 into ${_prefix} (scripts/build-libsrtp.sh "
        "exited with ${_rc}). It fetches Debian's libsrtp2 source package through apt and needs "
        "dpkg-dev, make and a C compiler (scripts/setup.sh installs them). Or configure with "
        "-DRTPSEC_LIBSRTP_PREFIX=<prefix holding lib/libsrtp2.a> or -DRTPSEC_SYSTEM_LIBSRTP=ON.")
    endif()
  endif()
  set(RTPSEC_LIBSRTP_LIBRARY "${_lib}")
  find_package(OpenSSL 3.0 REQUIRED)
  # Named with the namespace so an exported static rtpsec::srtp refers to the
  # same name, which the installed package defines (cmake/rtpsecConfig.cmake.in).
  add_library(rtpsec::libsrtp2 STATIC IMPORTED GLOBAL)
  set_target_properties(rtpsec::libsrtp2 PROPERTIES
    IMPORTED_LOCATION "${_lib}"
    INTERFACE_INCLUDE_DIRECTORIES "${_inc}"
    INTERFACE_LINK_LIBRARIES OpenSSL::Crypto)
  set(_ver "")
  if(EXISTS "${_prefix}/.rtpsec-stamp")
    file(READ "${_prefix}/.rtpsec-stamp" _stamp)
    string(REGEX MATCH "^[^ ]+" _ver "${_stamp}")
  endif()
  set(RTPSEC_LIBSRTP_BACKEND "libsrtp2 ${_ver} (static, OpenSSL)")
endif()
message(STATUS "rtpsec: SRTP from ${RTPSEC_LIBSRTP_BACKEND}")
