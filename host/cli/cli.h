#pragma once

namespace tdr::host {

/// The `tdr` command line: parses global options and the command, runs it, and turns every
/// error into a message on stderr and an exit code (0 ok, 1 failed, 2 usage).
int runCli(int argc, char** argv);

}  // namespace tdr::host
