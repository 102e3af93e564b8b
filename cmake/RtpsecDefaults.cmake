# Compiler settings shared by every rtpsec target.

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
# layer folder, named rtpsec_<layer> with the alias rtpsec::<layer>.
function(rtpsec_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(rtpsec_${ARG_NAME} STATIC ${ARG_SOURCES})
  add_library(rtpsec::${ARG_NAME} ALIAS rtpsec_${ARG_NAME})
  target_include_directories(rtpsec_${ARG_NAME} PUBLIC ${PROJECT_SOURCE_DIR}/include)
  target_link_libraries(rtpsec_${ARG_NAME} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  target_compile_options(rtpsec_${ARG_NAME} PUBLIC ${RTPSEC_SANITIZER_FLAGS})
  target_link_options(rtpsec_${ARG_NAME} PUBLIC ${RTPSEC_SANITIZER_FLAGS})
  target_compile_options(rtpsec_${ARG_NAME} PRIVATE ${RTPSEC_WARNINGS})
endfunction()
