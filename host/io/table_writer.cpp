#include "io/table_writer.h"

#include <tdr/checks.h>
#include <tdr/error.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "io/xlsx_writer.h"
#include "util/digest.h"
#include "util/json.h"

namespace tdr::host {

std::string csvCell(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string inertCsvText(const std::string& s) {
  if (!s.empty() && std::string_view(kFormulaStarts).find(s[0]) != std::string_view::npos)
    return "'" + s;
  return s;
}

TableWriter::Format TableWriter::parseFormat(const std::string& s, const std::string& option) {
  if (s == "csv") return Format::kCsv;
  if (s == "json") return Format::kJson;
  if (s == "table") return Format::kTable;
  if (s == "xlsx") return Format::kXlsx;
  throw validationError(option + " '" + s + "': expected csv, json, xlsx or table");
}

TableWriter::TableWriter(std::ostream& out, Format format, std::vector<std::string> columns,
                         bool csvBom, const std::string& title)
    : out_(out), format_(format), columns_(std::move(columns)) {
  if (format_ == Format::kXlsx) {
    xlsxPath_ =
        (std::filesystem::temp_directory_path() / ("tdr-" + randomHex(8) + ".xlsx")).string();
    xlsx_ = std::make_unique<XlsxSheetWriter>(xlsxPath_, title, columns_);
  } else if (format_ == Format::kCsv) {
    if (csvBom) out_ << "\xEF\xBB\xBF";  // so that Excel opens UTF-8 CSV correctly
    for (std::size_t i = 0; i < columns_.size(); ++i)
      out_ << (i ? "," : "") << csvCell(columns_[i]);
    out_ << "\r\n";
  } else if (format_ == Format::kJson) {
    out_ << "[";
  }
}

void TableWriter::row(const std::vector<std::string>& cells, const std::vector<bool>& isNumber) {
  switch (format_) {
    case Format::kCsv:
      for (std::size_t i = 0; i < cells.size(); ++i) {
        bool number = i < isNumber.size() && isNumber[i];
        out_ << (i ? "," : "") << csvCell(number ? cells[i] : inertCsvText(cells[i]));
      }
      out_ << "\r\n";
      break;
    case Format::kJson: {  // one object a row, streamed inside the array opened by the constructor
      JsonWriter w;
      w.beginObject();
      for (std::size_t i = 0; i < cells.size() && i < columns_.size(); ++i) {
        w.key(columns_[i]);
        if (cells[i].empty())
          w.null();
        else if (i < isNumber.size() && isNumber[i])
          w.number(cells[i]);
        else
          w.value(cells[i]);
      }
      out_ << (first_ ? "\n  " : ",\n  ") << w.endObject().str();
      break;
    }
    case Format::kTable:
      buffered_.push_back(cells);
      break;
    case Format::kXlsx:
      xlsx_->row(cells, isNumber);
      break;
  }
  first_ = false;
}

TableWriter::~TableWriter() {
  xlsx_.reset();
  if (!xlsxPath_.empty()) {
    std::error_code ec;
    std::filesystem::remove(xlsxPath_, ec);
  }
}

namespace {
// Display width: CJK characters take two columns in a terminal.
std::size_t displayWidth(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}
}  // namespace

void TableWriter::finish() {
  if (format_ == Format::kXlsx) {
    xlsx_->close();
    std::ifstream in(xlsxPath_, std::ios::binary);
    out_ << in.rdbuf();
  } else if (format_ == Format::kJson) {
    out_ << (first_ ? "]\n" : "\n]\n");
  } else if (format_ == Format::kTable) {
    std::vector<std::size_t> width(columns_.size());
    for (std::size_t i = 0; i < columns_.size(); ++i) width[i] = displayWidth(columns_[i]);
    for (const auto& r : buffered_)
      for (std::size_t i = 0; i < r.size() && i < width.size(); ++i)
        width[i] = std::max(width[i], displayWidth(r[i]));
    auto print = [&](const std::vector<std::string>& r) {
      for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) {
        out_ << r[i];
        if (i + 1 < r.size()) out_ << std::string(width[i] - displayWidth(r[i]) + 2, ' ');
      }
      out_ << "\n";
    };
    print(columns_);
    for (const auto& r : buffered_) print(r);
  }
  out_.flush();
}

}  // namespace tdr::host
