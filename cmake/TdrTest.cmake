# tdr_add_test(<name> SOURCES <src>... [LIBRARIES <lib>...])
# One GoogleTest executable; every TEST is its own ctest entry (gtest_discover_tests).
include(GoogleTest)
function(tdr_add_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBRARIES;PROPERTIES" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE GTest::gtest_main ${T_LIBRARIES})
  target_compile_options(${name} PRIVATE ${TDR_WARNINGS})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60
                       PROPERTIES ENVIRONMENT "TDR_BUILD_DIR=${CMAKE_BINARY_DIR}" ${T_PROPERTIES})
endfunction()
