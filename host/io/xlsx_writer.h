#pragma once

#include <string>
#include <vector>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace tdr::host {

/// Writes one worksheet of an .xlsx file with libxlsxwriter in constant-memory mode (each row
/// goes to a temporary file as it comes): a bold header row, then rows of text or numbers.
class XlsxSheetWriter {
 public:
  XlsxSheetWriter(const std::string& path, const std::string& sheetName,
                  const std::vector<std::string>& columns);
  ~XlsxSheetWriter();
  XlsxSheetWriter(const XlsxSheetWriter&) = delete;
  XlsxSheetWriter& operator=(const XlsxSheetWriter&) = delete;

  /// Appends a row; cells flagged numeric (and not empty) are written as numbers.
  void row(const std::vector<std::string>& cells, const std::vector<bool>& isNumber);
  /// Finishes the file; throws tdr::Error if it cannot be written.
  void close();

 private:
  lxw_workbook* workbook_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  unsigned row_ = 1;
  std::string path_;
};

}  // namespace tdr::host
