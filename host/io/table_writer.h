#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace tdr::host {

class XlsxSheetWriter;

/// Writes rows of text cells as CSV, JSON (array of objects), XLSX or an aligned text table.
/// Streams: rows go out as they come, except the text table which aligns at the end and XLSX,
/// built in a temporary file (constant memory) and copied to the stream at the end.
class TableWriter {
 public:
  enum class Format { kCsv, kJson, kXlsx, kTable };

  /// Parses "csv", "json", "xlsx" or "table"; throws tdr::Error (validation) naming the option.
  static Format parseFormat(const std::string& s, const std::string& option);

  /// `title` names the XLSX worksheet.
  TableWriter(std::ostream& out, Format format, std::vector<std::string> columns,
              bool csvBom = false, const std::string& title = "tdr");
  ~TableWriter();
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
  std::string xlsxPath_;
  std::unique_ptr<XlsxSheetWriter> xlsx_;
};

/// CSV-quotes a cell when it holds a comma, quote, CR or LF.
std::string csvCell(const std::string& s);
/// The characters that make a spreadsheet read a cell as a formula (or, for tab and CR, that
/// spreadsheets strip before one): a CSV text cell starting with one is written after a `'`,
/// which spreadsheets show as text and tdr's CSV reader removes again (round trip).
inline constexpr const char* kFormulaStarts = "=+-@\t\r";
/// `s`, prefixed with `'` when it starts with one of kFormulaStarts (CSV injection).
std::string inertCsvText(const std::string& s);

}  // namespace tdr::host
