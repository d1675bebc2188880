// The XLSX reader (and the CSV/XLSX sniffing in front of it) on any bytes: rows or a
// tdr::Error naming the file; never another exception, a crash or unbounded memory.
#include <tdr/error.h>

#include <cstdint>
#include <cstdlib>

#include "fuzz_input.h"
#include "io/xlsx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tdr::fuzz::MemoryFile file(data, size);
  try {
    auto source = tdr::host::openImportFile(file.path(), "fuzz.xlsx");
    std::vector<std::string> cells;
    long long line = 0;
    while (source->next(cells, line))
      if (cells.size() > tdr::host::ImportLimits::kMaxColumns) std::abort();
  } catch (const tdr::Error&) {
  }
  return 0;
}
