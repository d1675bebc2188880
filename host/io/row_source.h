#pragma once

#include <string>
#include <vector>

namespace tdr::host {

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
