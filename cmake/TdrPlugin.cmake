# tdr_add_plugin(<target> SOURCES <src>... [SCHEMAS <dir>] [OUTPUT_NAME <name>]
#                [OUTPUT_DIRECTORY <dir>] [LIBRARIES <lib>...] [DEFINITIONS <def>...]
#                [COMPILE_OPTIONS <opt>...] [INSTALL])
#
# Builds a tdr plugin: a MODULE library compiled with hidden visibility, linked to tdr::sdk,
# with every <dir>/*.sql migration embedded (so the plugin is one .so file). Compile options
# are COMPILE_OPTIONS plus the list in TDR_PLUGIN_COMPILE_OPTIONS (e.g. -Wall -Wextra for
# every plugin of a tree); INSTALL installs it where tdr loads plugins from
# (<libdir>/tdr/plugins). Used by the built-in plugins and installed for third-party authors.
include(GNUInstallDirs)
set(TDR_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/tdr_embed_schemas.cmake")

function(tdr_add_plugin target)
  cmake_parse_arguments(P "INSTALL" "SCHEMAS;OUTPUT_NAME;OUTPUT_DIRECTORY"
                        "SOURCES;LIBRARIES;DEFINITIONS;COMPILE_OPTIONS" ${ARGN})
  if(NOT P_SOURCES)
    message(FATAL_ERROR "tdr_add_plugin(${target}): SOURCES is required")
  endif()
  set(schema_files "")
  if(P_SCHEMAS)
    get_filename_component(schema_dir "${P_SCHEMAS}" ABSOLUTE)
    file(GLOB schema_files CONFIGURE_DEPENDS "${schema_dir}/*.sql")
  endif()
  string(REPLACE ";" "|" files_arg "${schema_files}")
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/${target}_schemas.cpp")
  add_custom_command(
    OUTPUT "${generated}"
    COMMAND "${CMAKE_COMMAND}" "-DOUT=${generated}" "-DNAMESPACE=tdr::embedded"
            "-DNAME=kSchemaFiles" "-DFILES=${files_arg}" -P "${TDR_EMBED_SCRIPT}"
    DEPENDS ${schema_files} "${TDR_EMBED_SCRIPT}"
    COMMENT "Embedding migrations of ${target}"
    VERBATIM)
  add_library(${target} MODULE ${P_SOURCES} "${generated}")
  target_link_libraries(${target} PRIVATE tdr::sdk ${P_LIBRARIES})
  if(P_DEFINITIONS)
    target_compile_definitions(${target} PRIVATE ${P_DEFINITIONS})
  endif()
  if(P_COMPILE_OPTIONS OR TDR_PLUGIN_COMPILE_OPTIONS)
    target_compile_options(${target} PRIVATE ${TDR_PLUGIN_COMPILE_OPTIONS} ${P_COMPILE_OPTIONS})
  endif()
  if(P_INSTALL)
    install(TARGETS ${target} LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}/tdr/plugins")
  endif()
  if(NOT P_OUTPUT_NAME)
    set(P_OUTPUT_NAME "${target}")
  endif()
  if(NOT P_OUTPUT_DIRECTORY)
    if(DEFINED TDR_PLUGIN_OUTPUT_DIRECTORY)
      set(P_OUTPUT_DIRECTORY "${TDR_PLUGIN_OUTPUT_DIRECTORY}")
    else()
      set(P_OUTPUT_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}")
    endif()
  endif()
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    OUTPUT_NAME "${P_OUTPUT_NAME}"
    LIBRARY_OUTPUT_DIRECTORY "${P_OUTPUT_DIRECTORY}"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    CXX_STANDARD 17
    CXX_STANDARD_REQUIRED ON)
endfunction()
