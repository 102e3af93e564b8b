# SPDX-License-Identifier: BSD-3-Clause
# CPack: `cpack -G DEB` in a build tree gives two Debian packages, split the
# Debian way so that the programs do not pull a compiler's worth of headers:
#   rtpsec      programs, man pages, shared libraries (BUILD_SHARED_LIBS=ON)
#   rtpsec-dev  headers, CMake package, rtpsec.pc (and the static libraries
#               with their libsrtp2 in a static build); depends on rtpsec
#               and on the -dev packages that find_package(rtpsec) and the
#               headers need.
# Runtime dependencies come from dpkg-shlibdeps. Configure the tree with
# -DCMAKE_INSTALL_PREFIX=/usr so the libraries go to Debian's multiarch
# directory (/usr/lib/<triplet>).

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rtpsec)
set(CPACK_PACKAGE_VENDOR "the rtpsec authors")
set(CPACK_PACKAGE_CONTACT "rtpsec authors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "DTLS-SRTP media security for VoIP")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "rtpsec authors")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Our own shared libraries are in the package being built; dpkg-shlibdeps
# looks for them there.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/lib)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME rtpsec)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SECTION net)
# The synopsis line of both is CPACK_PACKAGE_DESCRIPTION_SUMMARY.
set(CPACK_DEBIAN_RUNTIME_DESCRIPTION "Programs and shared libraries.
rtpsec-peer (a DTLS-SRTP endpoint), rtpsec-phone (a SIP user agent with
DTLS-SRTP media), rtpsec-call (a loopback call test), rtpsec-sdp (SDP
inspection) and rtpsec's shared libraries.")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME rtpsec-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
# Boost.Asio: the headers of rtpsec::asio. A static build's users also link
# OpenSSL and libosip2 themselves.
set(_dev_depends "libboost-dev (>= 1.74)")
if(NOT BUILD_SHARED_LIBS)
  string(APPEND _dev_depends ", libssl-dev (>= 3.0), libosip2-dev, pkg-config")
endif()
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "${_dev_depends}")
set(CPACK_DEBIAN_DEV_DESCRIPTION "Development files.
Headers, the CMake package (find_package(rtpsec)) and the pkg-config file
(rtpsec.pc).")

include(CPack)
