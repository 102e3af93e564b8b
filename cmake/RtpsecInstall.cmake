# SPDX-License-Identifier: BSD-3-Clause
# Install rules: public headers, the libraries, the CMake package
# (rtpsecConfig.cmake, targets rtpsec::<layer>) and rtpsec.pc. The programs
# and their man pages are installed by apps/. Components: "runtime" (shared
# libraries, programs, man pages) and "dev" (the rest), which CPack turns
# into the packages rtpsec and rtpsec-dev.

include(CMakePackageConfigHelpers)

get_property(_rtpsec_libs GLOBAL PROPERTY RTPSEC_LIBRARY_TARGETS)
set(_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/rtpsec)

install(TARGETS ${_rtpsec_libs} rtpsec_all EXPORT rtpsecTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT dev
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/rtpsec DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        COMPONENT dev)
install(EXPORT rtpsecTargets NAMESPACE rtpsec:: DESTINATION ${_cmake_dir} COMPONENT dev)

if(BUILD_SHARED_LIBS)
  set(BUILD_SHARED_LIBS_BOOL TRUE)
else()
  set(BUILD_SHARED_LIBS_BOOL FALSE)
endif()
if(RTPSEC_SYSTEM_LIBSRTP)
  set(RTPSEC_SYSTEM_LIBSRTP_BOOL TRUE)
else()
  set(RTPSEC_SYSTEM_LIBSRTP_BOOL FALSE)
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/rtpsecConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/rtpsecConfig.cmake INSTALL_DESTINATION ${_cmake_dir})
# 0.x: a new minor version may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/rtpsecConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/package/rtpsecConfig.cmake
              ${PROJECT_BINARY_DIR}/package/rtpsecConfigVersion.cmake
        DESTINATION ${_cmake_dir} COMPONENT dev)

# A static rtpsec::srtp needs its libsrtp2 at the user's link: the
# OpenSSL-backed archive goes into a private directory (not to clash with a
# system libsrtp2), where rtpsecConfig.cmake and rtpsec.pc point. A shared
# librtpsec_srtp.so has it inside.
set(RTPSEC_PC_LIBS_PRIVATE "")
set(RTPSEC_PC_REQUIRES_PRIVATE "")
if(NOT BUILD_SHARED_LIBS)
  if(NOT RTPSEC_SYSTEM_LIBSRTP)
    install(FILES ${RTPSEC_LIBSRTP_LIBRARY} DESTINATION ${CMAKE_INSTALL_LIBDIR}/rtpsec
            COMPONENT dev)
    set(RTPSEC_PC_LIBS_PRIVATE "\${libdir}/rtpsec/libsrtp2.a -pthread")
    set(RTPSEC_PC_REQUIRES_PRIVATE "libssl libcrypto libosip2")
  else()
    set(RTPSEC_PC_LIBS_PRIVATE "-pthread")
    set(RTPSEC_PC_REQUIRES_PRIVATE "libsrtp2 libssl libcrypto libosip2")
  endif()
endif()

# Dependents before their dependencies, for single-pass static linking.
set(RTPSEC_PC_LIBS "")
foreach(layer IN ITEMS sip asio endpoint sdp dtls fingerprint srtp srtp_profiles rtp common)
  if(TARGET rtpsec_${layer})
    string(APPEND RTPSEC_PC_LIBS " -lrtpsec_${layer}")
  endif()
endforeach()
string(STRIP "${RTPSEC_PC_LIBS}" RTPSEC_PC_LIBS)
# The prefix is written at install time, so it is the one installed into
# (cmake --install --prefix, CPack's /usr), and absolute: pkg-config then
# drops -I/usr/include and -L/usr/lib/<triplet> as the system's own.
set(RTPSEC_PC_PREFIX "@RTPSEC_PC_INSTALL_PREFIX@")
configure_file(${PROJECT_SOURCE_DIR}/cmake/rtpsec.pc.in ${PROJECT_BINARY_DIR}/package/rtpsec.pc.in @ONLY)
install(CODE "
  file(READ \"${PROJECT_BINARY_DIR}/package/rtpsec.pc.in\" _pc)
  string(REPLACE \"@RTPSEC_PC_INSTALL_PREFIX@\" \"\${CMAKE_INSTALL_PREFIX}\" _pc \"\${_pc}\")
  file(WRITE \"${PROJECT_BINARY_DIR}/package/rtpsec.pc\" \"\${_pc}\")"
  COMPONENT dev)
install(FILES ${PROJECT_BINARY_DIR}/package/rtpsec.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

install(FILES ${PROJECT_SOURCE_DIR}/LICENSE ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT runtime)
