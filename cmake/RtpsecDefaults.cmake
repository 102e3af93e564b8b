# SPDX-License-Identifier: BSD-3-Clause
# Compiler settings shared by every rtpsec target.

include(GNUInstallDirs)

set(RTPSEC_WARNINGS -Wall -Wextra -Wpedantic -Werror -Wshadow -Wconversion -Wno-sign-conversion)

set(RTPSEC_SANITIZER_FLAGS "")
if(RTPSEC_SANITIZE)
  set(RTPSEC_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                             -fno-omit-frame-pointer)
endif()
if(RTPSEC_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "RTPSEC_FUZZ needs clang: configure with CC=clang CXX=clang++")
  endif()
  # Every library is instrumented for coverage; the fuzz targets add -fsanitize=fuzzer.
  set(RTPSEC_SANITIZER_FLAGS -fsanitize=fuzzer-no-link,address,undefined
                             -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
endif()

# Applies warnings and sanitizers to one of our targets.
function(rtpsec_target_defaults target)
  target_compile_options(${target} PRIVATE ${RTPSEC_WARNINGS} ${RTPSEC_SANITIZER_FLAGS})
  target_link_options(${target} PRIVATE ${RTPSEC_SANITIZER_FLAGS})
endfunction()

# rtpsec_library(NAME layer SOURCES ... DEPS ...): the library target of one
# layer folder, named rtpsec_<layer> with the alias rtpsec::<layer> (also its
# name in the installed CMake package). STATIC or SHARED as BUILD_SHARED_LIBS
# says; a shared library exports only what the public headers mark
# RTPSEC_EXPORT (include/rtpsec/common/export.hpp). VISIBLE_HEADER_LIBRARY:
# the library instantiates a header-only library whose per-process state must
# be shared with its users (Boost.Asio), so nothing is hidden but what
# cmake/rtpsec-visible.map leaves out.
function(rtpsec_library)
  cmake_parse_arguments(ARG "VISIBLE_HEADER_LIBRARY" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target rtpsec_${ARG_NAME})
  add_library(${target} ${ARG_SOURCES})
  add_library(rtpsec::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
                                              $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  target_compile_options(${target} PUBLIC "$<BUILD_INTERFACE:${RTPSEC_SANITIZER_FLAGS}>")
  target_link_options(${target} PUBLIC "$<BUILD_INTERFACE:${RTPSEC_SANITIZER_FLAGS}>")
  target_compile_options(${target} PRIVATE ${RTPSEC_WARNINGS})
  set_target_properties(${target} PROPERTIES
    EXPORT_NAME ${ARG_NAME}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR})
  set(map ${PROJECT_SOURCE_DIR}/cmake/rtpsec.map)
  if(ARG_VISIBLE_HEADER_LIBRARY)
    set(map ${PROJECT_SOURCE_DIR}/cmake/rtpsec-visible.map)
  else()
    set_target_properties(${target} PROPERTIES CXX_VISIBILITY_PRESET hidden
                                               VISIBILITY_INLINES_HIDDEN ON)
  endif()
  if(BUILD_SHARED_LIBS)
    # Static archives linked in (libsrtp2) keep their symbols to themselves:
    # a host's own libsrtp or OpenSSL is a separate copy, never interposed.
    # The version script exports rtpsec's symbols and nothing else.
    target_link_options(${target} PRIVATE -Wl,--exclude-libs,ALL -Wl,--no-undefined
                        -Wl,--version-script=${map})
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${map})
    # An installed library finds its sibling libraries wherever the prefix is
    # (a program's RUNPATH does not reach its libraries' own dependencies).
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN")
  endif()
  set_property(GLOBAL APPEND PROPERTY RTPSEC_LIBRARY_TARGETS ${target})
endfunction()
