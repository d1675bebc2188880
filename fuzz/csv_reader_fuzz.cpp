// The CSV reader on any bytes: rows or a tdr::Error naming the file, nothing else (no other
// exception, no crash, no sanitizer report, memory bounded by the import limits).
#include <tdr/error.h>

#include <cstdint>
#include <cstdlib>

#include "fuzz_input.h"
#include "io/csv_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tdr::fuzz::MemoryFile file(data, size);
  try {
    tdr::host::CsvReader reader(file.path(), "fuzz.csv");
    std::vector<std::string> cells;
    long long line = 0, previous = 0;
    while (reader.next(cells, line)) {
      if (line <= previous) std::abort();  // lines only go forward
      previous = line;
      if (cells.size() > tdr::host::ImportLimits::kMaxColumns) std::abort();
    }
    double p = reader.progress();
    if (p < 0 || p > 1.0000001) std::abort();
  } catch (const tdr::Error&) {
  }
  return 0;
}
