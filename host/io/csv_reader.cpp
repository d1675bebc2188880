#include "io/csv_reader.h"

#include <tdr/checks.h>
#include <tdr/error.h>

#include <cerrno>
#include <filesystem>
#include <string_view>

#include "io/table_writer.h"
#include "util/text.h"

namespace tdr::host {

namespace {
constexpr std::size_t kChunk = 1 << 16;

// True when `s` is valid UTF-8, allowing one multibyte sequence cut off at the end.
bool looksUtf8(const std::string& s) {
  std::size_t end = s.size();
  for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back) {
    unsigned char c = static_cast<unsigned char>(s[s.size() - back]);
    if ((c & 0xC0) == 0xC0) {  // a lead byte: is its sequence complete?
      std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
      if (back < len) end = s.size() - back;
      break;
    }
    if ((c & 0xC0) != 0x80) break;
  }
  return isValidUtf8(s.substr(0, end));
}
// Undoes inertCsvText: a `'` before a formula start is how tdr (and the OWASP advice it follows)
// exports such a value, so that an exported file imports back unchanged.
std::string uninert(std::string cell) {
  if (cell.size() >= 2 && cell[0] == '\'' &&
      std::string_view(kFormulaStarts).find(cell[1]) != std::string_view::npos)
    cell.erase(0, 1);
  return cell;
}
}  // namespace

CsvReader::CsvReader(const std::string& path, const std::string& displayName)
    : name_(displayName.empty() ? path : displayName) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw Error(ErrorCode::kNotFound, tr("文件“" + name_ + "”不存在或不是普通文件",
                                         "file '" + name_ + "' does not exist or is not a file"));
  fileSize_ = static_cast<long long>(std::filesystem::file_size(path, ec));
  in_.open(path, std::ios::binary);
  if (!in_)
    throw Error(ErrorCode::kNotFound,
                tr("无法读取文件“" + name_ + "”", "file '" + name_ + "' cannot be read"));

  raw_.resize(kChunk);
  in_.read(&raw_[0], kChunk);
  raw_.resize(static_cast<std::size_t>(in_.gcount()));
  consumed_ = static_cast<long long>(raw_.size());
  sha_.update(raw_.data(), raw_.size());
  if (raw_.size() >= 2 &&
      ((raw_[0] == '\xFF' && raw_[1] == '\xFE') || (raw_[0] == '\xFE' && raw_[1] == '\xFF')))
    throw validationError(tr(
        "文件“" + name_ + "”是 UTF-16 编码（Excel 的“Unicode 文本”），请另存为“CSV UTF-8”或“CSV”",
        "file '" + name_ + "' is UTF-16 (Excel 'Unicode text'); save it as 'CSV UTF-8' or 'CSV'"));
  if (raw_.compare(0, 3, "\xEF\xBB\xBF") == 0) {
    raw_.erase(0, 3);
    encoding_ = "UTF-8 (BOM)";
  } else if (!looksUtf8(raw_)) {
    encoding_ = "GB18030";
    if (!iconv_.open("GB18030"))
      throw Error(ErrorCode::kUnavailable, "GB18030 conversion is not available on this system");
  }
  fill();

  long long line = 0;
  if (!next(header_, line) || (header_.size() == 1 && header_[0].empty()))
    throw validationError(
        tr("文件“" + name_ + "”是空的：第一行必须是列名",
           "file '" + name_ + "' is empty: the first line must name the columns"));
}

CsvReader::~CsvReader() = default;

double CsvReader::progress() const {
  return fileSize_ == 0 ? 1.0 : static_cast<double>(consumed_) / static_cast<double>(fileSize_);
}

bool CsvReader::fill() {
  decoded_.erase(0, pos_);
  pos_ = 0;
  if (raw_.empty() && !eof_) {
    raw_.resize(kChunk);
    in_.read(&raw_[0], kChunk);
    raw_.resize(static_cast<std::size_t>(in_.gcount()));
    consumed_ += static_cast<long long>(raw_.size());
    sha_.update(raw_.data(), raw_.size());
  }
  if (raw_.empty()) {
    eof_ = true;
    return !decoded_.empty();
  }
  if (!iconv_.isOpen()) {
    decoded_ += raw_;
    raw_.clear();
    return true;
  }
  std::string out(raw_.size() * 2 + 16, '\0');
  char* src = &raw_[0];
  std::size_t srcLeft = raw_.size();
  char* dst = &out[0];
  std::size_t dstLeft = out.size();
  std::size_t rc = iconv(iconv_.get(), &src, &srcLeft, &dst, &dstLeft);
  out.resize(out.size() - dstLeft);
  decoded_ += out;
  if (rc == static_cast<std::size_t>(-1) && errno == EILSEQ)
    throw validationError(tr("文件“" + name_ + "”：第 " +
                                 std::to_string(consumed_ - static_cast<long long>(srcLeft)) +
                                 " 字节附近不是有效的 GB18030 编码",
                             "file '" + name_ + "': invalid GB18030 byte sequence near byte " +
                                 std::to_string(consumed_ - static_cast<long long>(srcLeft))));
  std::string rest(src, srcLeft);  // an incomplete character waits for the next chunk
  raw_.clear();
  if (!rest.empty()) {
    if (in_.eof())
      throw validationError(tr("文件“" + name_ + "”在一个 GB18030 字符中间结束",
                               "file '" + name_ + "' ends inside a GB18030 character"));
    std::string more(kChunk, '\0');
    in_.read(&more[0], kChunk);
    more.resize(static_cast<std::size_t>(in_.gcount()));
    consumed_ += static_cast<long long>(more.size());
    sha_.update(more.data(), more.size());
    raw_ = rest + more;
  }
  return true;
}

bool CsvReader::get(char& c) {
  while (pos_ >= decoded_.size()) {
    if (eof_ || !fill()) return false;
  }
  c = decoded_[pos_++];
  return true;
}

bool CsvReader::next(std::vector<std::string>& cells, long long& line) {
  cells.clear();
  char c;
  if (!get(c)) return false;
  line = lineNo_;
  if (++records_ > ImportLimits::kMaxRows)
    throw validationError(
        tr("文件“" + name_ + "”超过 " + std::to_string(ImportLimits::kMaxRows) + " 行的上限",
           "file '" + name_ + "' has more than the limit of " +
               std::to_string(ImportLimits::kMaxRows) + " rows"));
  std::string cell;
  bool quoted = false, wasQuoted = false;
  std::size_t bytes = 0;
  while (true) {
    if (++bytes > ImportLimits::kMaxLineBytes)
      throw validationError(
          tr("文件“" + name_ + "”第 " + std::to_string(line) + " 行超过每行 " +
                 std::to_string(ImportLimits::kMaxLineBytes / (1024 * 1024)) + " MiB 的上限",
             "file '" + name_ + "' line " + std::to_string(line) + " is longer than the limit of " +
                 std::to_string(ImportLimits::kMaxLineBytes / (1024 * 1024)) + " MiB"));
    if (cell.size() > ImportLimits::kMaxCellBytes)
      throw validationError(tr("文件“" + name_ + "”第 " + std::to_string(line) + " 行第 " +
                                   std::to_string(cells.size() + 1) +
                                   " 列超过每格 32767 个字符的上限",
                               "file '" + name_ + "' line " + std::to_string(line) + " column " +
                                   std::to_string(cells.size() + 1) +
                                   " is longer than the limit of 32,767 characters per cell"));
    if (quoted) {
      if (c == '"') {
        char d;
        if (get(d)) {
          if (d == '"') {
            cell += '"';
          } else {
            quoted = false;
            c = d;
            continue;
          }
        } else {
          quoted = false;
          break;
        }
      } else {
        if (c == '\n') ++lineNo_;
        cell += c;
      }
    } else if (c == ',') {
      if (cells.size() + 1 >= ImportLimits::kMaxColumns)
        throw validationError(
            tr("文件“" + name_ + "”第 " + std::to_string(line) + " 行超过 16384 列的上限",
               "file '" + name_ + "' line " + std::to_string(line) +
                   " has more than the limit of 16,384 columns"));
      cells.push_back(uninert(std::move(cell)));
      cell.clear();
      wasQuoted = false;
    } else if (c == '\n') {
      ++lineNo_;
      break;
    } else if (c == '\r') {
      char d;
      if (get(d) && d != '\n') --pos_;  // lone CR: treat as line end
      ++lineNo_;
      break;
    } else if (c == '"' && cell.empty() && !wasQuoted) {
      quoted = wasQuoted = true;
    } else {
      cell += c;
    }
    if (!get(c)) break;
  }
  if (quoted)
    throw validationError(tr(
        "文件“" + name_ + "”第 " + std::to_string(line) + " 行：引号括起的字段没有结束引号",
        "file '" + name_ + "' line " + std::to_string(line) + ": a quoted field is never closed"));
  cells.push_back(uninert(std::move(cell)));
  return true;
}

}  // namespace tdr::host
