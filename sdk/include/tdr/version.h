#pragma once

#include <Poco/Version.h>
#include <soci/version.h>

#include <boost/version.hpp>
#include <cstddef>

/// The one source of the SDK version: sdk/CMakeLists.txt reads these two lines for the
/// library's SOVERSION and the CMake package version; the abi test checks them against the
/// exported symbols.
/// SDK ABI major: bumped when a change breaks plugins built before it (the host refuses them).
#define TDR_SDK_ABI_MAJOR 2
/// SDK ABI minor: bumped when the SDK adds something; a plugin built against a newer minor
/// than the host's is refused, an older one loads.
#define TDR_SDK_ABI_MINOR 2

#define TDR_STRINGIFY_(x) #x
#define TDR_STRINGIFY(x) TDR_STRINGIFY_(x)

/// What a plugin must have been built with to share C++ objects with the host: compiler major,
/// libstdc++ ABI, and the Poco/SOCI/Boost versions whose types cross the boundary.
#define TDR_BUILD_TAG \
  "gcc-" TDR_STRINGIFY(__GNUC__) ";cxx11abi=" TDR_STRINGIFY(_GLIBCXX_USE_CXX11_ABI) ";poco=" \
      TDR_STRINGIFY(POCO_VERSION) ";soci=" TDR_STRINGIFY(SOCI_VERSION) ";boost=" TDR_STRINGIFY(BOOST_VERSION)
