#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace tdr::host {

/// What one import file may hold. Within these a file streams in flat memory; beyond them it
/// is refused with a message naming the limit (docs/operations.md lists them).
struct ImportLimits {
  static constexpr std::size_t kMaxColumns = 16384;              ///< Excel's own column limit
  static constexpr long long kMaxRows = 1048576;                 ///< Excel's own row limit
  static constexpr std::size_t kMaxCellBytes = 128 * 1024;       ///< 32,767 characters in UTF-8
  static constexpr std::size_t kMaxLineBytes = 4 * 1024 * 1024;  ///< one CSV record
  /// XLSX: uncompressed bytes of one part (worksheet, shared strings) and of the whole file.
  static constexpr long long kMaxPartBytes = 512LL * 1024 * 1024;
  static constexpr long long kMaxTotalBytes = 1024LL * 1024 * 1024;
  /// XLSX: a part inflating more than this many times its compressed size (beyond 16 MiB) is
  /// a zip bomb, not a spreadsheet (real worksheets compress 5-30 times).
  static constexpr long long kMaxRatio = 200;
  static constexpr long long kRatioFloorBytes = 16LL * 1024 * 1024;
  static constexpr std::size_t kMaxSharedStrings = 2000000;
  static constexpr long long kMaxSharedStringBytes = 128LL * 1024 * 1024;
};

/// Rows to import: a header and then cells, one row at a time (memory flat in input size).
class RowSource {
 public:
  virtual ~RowSource() = default;
  /// The header cells (field names or Chinese labels).
  virtual const std::vector<std::string>& header() const = 0;
  /// Reads the next row; `line` is the 1-based line where it starts. False at the end.
  virtual bool next(std::vector<std::string>& cells, long long& line) = 0;
  /// How much of the input has been read, 0..1.
  virtual double progress() const = 0;
  /// What the input is, for reports ("UTF-8", "GB18030", "generated").
  virtual std::string encoding() const = 0;
  /// The file name to show in messages.
  virtual std::string name() const = 0;
  /// SHA-256 of the input read so far (the whole file once read to the end), for the audit log.
  virtual std::string digest() const { return {}; }
};

}  // namespace tdr::host
