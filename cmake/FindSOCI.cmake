# FindSOCI — Debian's libsoci-dev ships no CMake config; this finds the core library and the
# SQLite3/PostgreSQL backends and exposes them as imported targets:
#   SOCI::core  SOCI::sqlite3  SOCI::postgresql
# The backends are linked directly (no runtime backend loading).
include(FindPackageHandleStandardArgs)

find_path(SOCI_INCLUDE_DIR soci/soci.h)
find_library(SOCI_CORE_LIBRARY NAMES soci_core)
find_library(SOCI_SQLITE3_LIBRARY NAMES soci_sqlite3)
find_library(SOCI_POSTGRESQL_LIBRARY NAMES soci_postgresql)
find_path(SOCI_PG_INCLUDE_DIR libpq-fe.h PATH_SUFFIXES postgresql)

if(SOCI_INCLUDE_DIR AND EXISTS "${SOCI_INCLUDE_DIR}/soci/version.h")
  file(STRINGS "${SOCI_INCLUDE_DIR}/soci/version.h" _soci_ver REGEX "#define SOCI_VERSION [0-9]+")
  string(REGEX REPLACE ".*SOCI_VERSION ([0-9]+).*" "\\1" _soci_num "${_soci_ver}")
  math(EXPR _major "${_soci_num} / 100000")
  math(EXPR _minor "${_soci_num} / 100 % 1000")
  math(EXPR _patch "${_soci_num} % 100")
  set(SOCI_VERSION "${_major}.${_minor}.${_patch}")
endif()

find_package_handle_standard_args(SOCI
  REQUIRED_VARS SOCI_CORE_LIBRARY SOCI_SQLITE3_LIBRARY SOCI_POSTGRESQL_LIBRARY SOCI_INCLUDE_DIR
  VERSION_VAR SOCI_VERSION)

if(SOCI_FOUND)
  if(NOT TARGET SOCI::core)
    add_library(SOCI::core UNKNOWN IMPORTED)
    set_target_properties(SOCI::core PROPERTIES
      IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}")
  endif()
  if(NOT TARGET SOCI::sqlite3)
    add_library(SOCI::sqlite3 UNKNOWN IMPORTED)
    set_target_properties(SOCI::sqlite3 PROPERTIES
      IMPORTED_LOCATION "${SOCI_SQLITE3_LIBRARY}"
      INTERFACE_LINK_LIBRARIES SOCI::core)
  endif()
  if(NOT TARGET SOCI::postgresql)
    add_library(SOCI::postgresql UNKNOWN IMPORTED)
    set_target_properties(SOCI::postgresql PROPERTIES
      IMPORTED_LOCATION "${SOCI_POSTGRESQL_LIBRARY}"
      INTERFACE_LINK_LIBRARIES SOCI::core)
    if(SOCI_PG_INCLUDE_DIR)
      set_property(TARGET SOCI::postgresql APPEND PROPERTY
        INTERFACE_INCLUDE_DIRECTORIES "${SOCI_PG_INCLUDE_DIR}")
    endif()
  endif()
endif()
mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY SOCI_SQLITE3_LIBRARY SOCI_POSTGRESQL_LIBRARY
                 SOCI_PG_INCLUDE_DIR)
