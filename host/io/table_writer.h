#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace tdr::host {

/// Writes rows of text cells as CSV, JSON (array of objects) or an aligned text table.
/// Streams: rows go out as they come, except the text table which aligns at the end.
class TableWriter {
 public:
  enum class Format { kCsv, kJson, kTable };

  /// Parses "csv", "json" or "table"; throws tdr::Error (validation) naming the option.
  static Format parseFormat(const std::string& s, const std::string& option);

  TableWriter(std::ostream& out, Format format, std::vector<std::string> columns,
              bool csvBom = false);
  /// Writes one row; `isNumber[i]` makes a JSON cell a number instead of a string.
  void row(const std::vector<std::string>& cells, const std::vector<bool>& isNumber = {});
  /// Closes the JSON array / prints the table.
  void finish();

 private:
  std::ostream& out_;
  Format format_;
  std::vector<std::string> columns_;
  std::vector<std::vector<std::string>> buffered_;
  bool first_ = true;
};

/// CSV-quotes a cell when it holds a comma, quote, CR or LF.
std::string csvCell(const std::string& s);
/// A JSON string literal, with control characters escaped.
std::string jsonString(const std::string& s);

}  // namespace tdr::host
