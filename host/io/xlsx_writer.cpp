#include "io/xlsx_writer.h"

#include <tdr/error.h>
#include <xlsxwriter.h>

#include <cstdlib>

namespace tdr::host {

XlsxSheetWriter::XlsxSheetWriter(const std::string& path, const std::string& sheetName,
                                 const std::vector<std::string>& columns)
    : path_(path) {
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  workbook_ = workbook_new_opt(path.c_str(), &options);
  if (!workbook_) throw Error(ErrorCode::kUnavailable, "cannot create the XLSX file " + path);
  // Sheet names: at most 31 characters, none of []:*?/\ .
  std::string name = sheetName.substr(0, 31);
  for (auto& c : name)
    if (std::string("[]:*?/\\").find(c) != std::string::npos) c = '_';
  sheet_ = workbook_add_worksheet(workbook_, name.c_str());
  lxw_format* bold = workbook_add_format(workbook_);
  format_set_bold(bold);
  for (std::size_t c = 0; c < columns.size(); ++c)
    worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), columns[c].c_str(), bold);
  worksheet_freeze_panes(sheet_, 1, 0);
}

XlsxSheetWriter::~XlsxSheetWriter() {
  if (workbook_) workbook_close(workbook_);
}

void XlsxSheetWriter::row(const std::vector<std::string>& cells,
                          const std::vector<bool>& isNumber) {
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (cells[c].empty()) continue;
    auto col = static_cast<lxw_col_t>(c);
    if (c < isNumber.size() && isNumber[c])
      worksheet_write_number(sheet_, row_, col, std::strtod(cells[c].c_str(), nullptr), nullptr);
    else
      worksheet_write_string(sheet_, row_, col, cells[c].c_str(), nullptr);
  }
  ++row_;
}

void XlsxSheetWriter::close() {
  lxw_error rc = workbook_close(workbook_);
  workbook_ = nullptr;
  if (rc != LXW_NO_ERROR)
    throw Error(ErrorCode::kUnavailable,
                "cannot write the XLSX file " + path_ + ": " + lxw_strerror(rc));
}

}  // namespace tdr::host
