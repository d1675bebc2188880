#pragma once

// Everything a plugin needs, in one include.
#include <tdr/context.h>
#include <tdr/dialect.h>
#include <tdr/error.h>
#include <tdr/json.h>
#include <tdr/params.h>
#include <tdr/plugin.h>
#include <tdr/record.h>
#include <tdr/registrar.h>
#include <tdr/soci_optional.h>
#include <tdr/value.h>
#include <tdr/version.h>
