# tdr_add_test(<name> LABEL unit|db|http SOURCES <src>... [LIBRARIES <lib>...]
#               [PROPERTIES <prop> <value>...] [BOTH_BACKENDS])
# One GoogleTest executable; every TEST is its own ctest entry (gtest_discover_tests). With
# BOTH_BACKENDS each test is registered twice: on SQLite, and prefixed "pg." on PostgreSQL
# (TDR_TEST_BACKEND=postgresql; the server is TDR_TEST_PG, and without one they skip).
# The executable links tdr_test_support, whose main() handles that skip. Each test carries
# its LABEL (`ctest -L unit`: no database; `db`: real SQLite files; `http`: a real server on
# loopback); the PostgreSQL runs carry `pg` instead. `make test-fast` runs unit, db and http.
include(GoogleTest)
function(tdr_add_test name)
  cmake_parse_arguments(T "BOTH_BACKENDS" "LABEL" "SOURCES;LIBRARIES;PROPERTIES" ${ARGN})
  if(NOT T_LABEL)
    message(FATAL_ERROR "tdr_add_test(${name}): give LABEL unit, db or http")
  endif()
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE tdr_test_support GTest::gtest ${T_LIBRARIES})
  target_compile_options(${name} PRIVATE ${TDR_WARNINGS})
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_LIST ${name}_sqlite
                       PROPERTIES LABELS ${T_LABEL} ${T_PROPERTIES})
  if(T_BOTH_BACKENDS)
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_PREFIX "pg." TEST_LIST ${name}_pg
                         PROPERTIES LABELS pg ENVIRONMENT "TDR_TEST_BACKEND=postgresql"
                                    ${T_PROPERTIES})
  endif()
endfunction()
