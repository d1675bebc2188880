#include "cli/cli.h"

int main(int argc, char** argv) { return tdr::host::runCli(argc, argv); }
