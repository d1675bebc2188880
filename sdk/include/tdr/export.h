#pragma once

/// Marks SDK types and functions whose symbols (and type_info) are shared by host and plugins,
/// even though plugins are compiled with -fvisibility=hidden.
#define TDR_API __attribute__((visibility("default")))
