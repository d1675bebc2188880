#include "io/xlsx_reader.h"

#include <Poco/Exception.h>
#include <Poco/Zip/ZipArchive.h>
#include <Poco/Zip/ZipStream.h>
#include <expat.h>
#include <tdr/error.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <type_traits>

#include "io/csv_reader.h"
#include "util/digest.h"
#include "util/text.h"

namespace tdr::host {

// Counts what a part inflates to and refuses zip bombs: more than a part or a file may hold,
// or far more than its compressed size.
class InflateBudget {
 public:
  InflateBudget(std::string file, long long& total) : file_(std::move(file)), total_(total) {}
  void start(const std::string& part, long long compressed) {
    part_ = part;
    compressed_ = compressed < 1 ? 1 : compressed;
    bytes_ = 0;
  }
  void add(long long n) {
    bytes_ += n;
    total_ += n;
    if (bytes_ > ImportLimits::kMaxPartBytes || total_ > ImportLimits::kMaxTotalBytes)
      throw validationError(
          tr("文件“" + file_ + "”解压后超过 " + std::to_string(ImportLimits::kMaxPartBytes >> 20) +
                 " MiB（" + part_ + "）或整个文件 " +
                 std::to_string(ImportLimits::kMaxTotalBytes >> 20) + " MiB 的上限",
             "file '" + file_ + "' inflates beyond the limit of " +
                 std::to_string(ImportLimits::kMaxPartBytes >> 20) + " MiB per part (" + part_ +
                 ") or " + std::to_string(ImportLimits::kMaxTotalBytes >> 20) + " MiB per file"));
    if (bytes_ > ImportLimits::kRatioFloorBytes && bytes_ / compressed_ > ImportLimits::kMaxRatio)
      throw validationError(tr("文件“" + file_ + "”的 " + part_ + " 解压后超过压缩大小的 " +
                                   std::to_string(ImportLimits::kMaxRatio) +
                                   " 倍：这不是正常的工作簿",
                               "file '" + file_ + "': " + part_ + " inflates to more than " +
                                   std::to_string(ImportLimits::kMaxRatio) +
                                   " times its compressed size; this is not a normal workbook"));
  }

 private:
  std::string file_, part_;
  long long& total_;
  long long compressed_ = 1, bytes_ = 0;
};

namespace {

// Runs expat over a whole part of the package with the given element handlers. Handlers do
// not throw (expat is C): they stop the parser and leave the reason in `*problem`.
void parsePart(std::istream& in, InflateBudget& budget, void* data, XML_StartElementHandler start,
               XML_EndElementHandler end, XML_CharacterDataHandler text, const std::string& what,
               const std::string* problem, XML_Parser* parserOut) {
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, void (*)(XML_Parser)> p(
      XML_ParserCreate("UTF-8"), XML_ParserFree);
  if (parserOut) *parserOut = p.get();
  XML_SetUserData(p.get(), data);
  XML_SetElementHandler(p.get(), start, end);
  if (text) XML_SetCharacterDataHandler(p.get(), text);
  char buf[65536];
  bool ok = true;
  while (ok) {
    in.read(buf, sizeof buf);
    auto n = in.gcount();
    budget.add(n);
    bool last = n < static_cast<std::streamsize>(sizeof buf);
    ok = XML_Parse(p.get(), buf, static_cast<int>(n), last) == XML_STATUS_OK;
    if (last) break;
  }
  if (problem && !problem->empty()) throw validationError(*problem);
  if (!ok)
    throw validationError(tr(what + " 不是格式正确的 XML：", what + " is not well-formed XML: ") +
                          XML_ErrorString(XML_GetErrorCode(p.get())));
}

const char* attr(const XML_Char** atts, const char* name) {
  for (int i = 0; atts[i]; i += 2)
    if (std::string(atts[i]) == name) return atts[i + 1];
  return nullptr;
}

// "BC12" -> column index 54 (0-based) and row 12.
void cellRef(const std::string& ref, std::size_t& col, long long& row) {
  std::size_t i = 0, c = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i)
    if (c <= ImportLimits::kMaxColumns) c = c * 26 + (ref[i] - 'A' + 1);  // saturates, no wrap
  col = c ? c - 1 : 0;
  row = std::atoll(ref.c_str() + i);
}

// Excel's 1900 date system: serial 1 = 1900-01-01, with its fictitious 1900-02-29.
std::string serialToDate(double serial) {
  long days = static_cast<long>(serial);
  if (days < 61) ++days;  // before the phantom leap day
  // Days since 1899-12-30 to a civil date (Howard Hinnant's algorithm).
  long z = days - 25569 + 719468;  // 25569: 1899-12-30 .. 1970-01-01
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp + (mp < 10 ? 3 : -9);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04ld-%02ld-%02ld", y + (m <= 2), m, d);
  return buf;
}

bool isDateFormat(int id, const std::string& code) {
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
    return true;
  if (code.empty()) return false;
  std::string plain;  // without quoted text and [colour] sections
  bool quoted = false, bracket = false;
  for (char c : code) {
    if (c == '"')
      quoted = !quoted;
    else if (c == '[')
      bracket = true;
    else if (c == ']')
      bracket = false;
    else if (!quoted && !bracket)
      plain += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return plain.find('y') != std::string::npos || plain.find('d') != std::string::npos;
}

struct SharedStrings {
  std::vector<std::string>* out = nullptr;
  bool inSi = false, inT = false;
  std::string current;
  long long bytes = 0;
  std::string file, problem;
  XML_Parser parser = nullptr;
};

struct Styles {
  std::map<int, std::string> formats;  // numFmtId -> code
  std::vector<int> xfFormats;          // cellXfs index -> numFmtId
  bool inCellXfs = false;
};

std::string shortNumber(const std::string& v) {
  // Excel writes 2.5 as "2.5", but sums like 0.1+0.2 as "0.30000000000000004": keep 10
  // significant decimals, which is what a person typed.
  if (v.find_first_of("eE") != std::string::npos || v.find('.') == std::string::npos) return v;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10f", std::strtod(v.c_str(), nullptr));
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

struct XlsxReader::State {
  State() = default;
  ~State() {
    if (parser) XML_ParserFree(parser);  // also when the reader's constructor throws
  }
  State(const State&) = delete;
  State& operator=(const State&) = delete;

  std::vector<std::string> shared;
  std::vector<bool> dateStyle;  // per cellXfs index
  std::deque<std::pair<long long, std::vector<std::string>>> ready;
  std::vector<std::string> row;
  long long rowNumber = 0;
  std::size_t col = 0;
  std::string type, style, text;
  bool inValue = false;
  long long totalRows = 0, readRows = 0;
  XML_Parser parser = nullptr;
  std::string file;     // the name messages show
  std::string problem;  // set by a callback that stopped the parser over a limit
};

// Stops the parser with a reason (callbacks must not throw through expat).
static void refuse(XlsxReader::State* s, const std::string& zh, const std::string& en) {
  if (s->problem.empty()) s->problem = tr(zh, en);
  XML_StopParser(s->parser, XML_FALSE);
}

namespace {

void XMLCALL sheetStart(void* data, const XML_Char* name, const XML_Char** atts) {
  auto* s = static_cast<XlsxReader::State*>(data);
  std::string n = name;
  if (n == "dimension") {
    if (const char* ref = attr(atts, "ref")) {
      std::string r = ref;
      auto colon = r.find(':');
      std::size_t col;
      long long last = 0;
      cellRef(colon == std::string::npos ? r : r.substr(colon + 1), col, last);
      s->totalRows = last;
    }
  } else if (n == "row") {
    s->row.clear();
    const char* r = attr(atts, "r");
    s->rowNumber = r ? std::atoll(r) : s->rowNumber + 1;
    if (s->rowNumber > ImportLimits::kMaxRows || s->rowNumber < 0)
      refuse(s, "文件“" + s->file + "”的行号超过 1048576 行的上限",
             "file '" + s->file + "' has a row beyond the limit of 1,048,576 rows");
  } else if (n == "c") {
    const char* r = attr(atts, "r");
    long long rowIgnored = 0;
    if (r)
      cellRef(r, s->col, rowIgnored);
    else
      s->col = s->row.size();
    if (s->col >= ImportLimits::kMaxColumns) {
      refuse(s,
             "文件“" + s->file + "”第 " + std::to_string(s->rowNumber) +
                 " 行有单元格超出 16384 列（XFD）的上限",
             "file '" + s->file + "' row " + std::to_string(s->rowNumber) +
                 " has a cell beyond the limit of 16,384 columns (XFD)");
      s->col = 0;
      return;
    }
    const char* t = attr(atts, "t");
    const char* st = attr(atts, "s");
    s->type = t ? t : "n";
    s->style = st ? st : "";
    s->text.clear();
  } else if (n == "v" || n == "t") {
    s->inValue = true;
  }
}

void XMLCALL sheetText(void* data, const XML_Char* text, int len) {
  auto* s = static_cast<XlsxReader::State*>(data);
  if (!s->inValue) return;
  s->text.append(text, static_cast<std::size_t>(len));
  if (s->text.size() > ImportLimits::kMaxCellBytes) {
    refuse(s,
           "文件“" + s->file + "”第 " + std::to_string(s->rowNumber) +
               " 行有单元格超过 32767 个字符的上限",
           "file '" + s->file + "' row " + std::to_string(s->rowNumber) +
               " has a cell longer than the limit of 32,767 characters");
    s->text.clear();
    s->inValue = false;
  }
}

void XMLCALL sheetEnd(void* data, const XML_Char* name) {
  auto* s = static_cast<XlsxReader::State*>(data);
  std::string n = name;
  if (n == "v" || n == "t") {
    s->inValue = false;
  } else if (n == "c") {
    std::string value;
    if (s->type == "s") {
      std::size_t i = static_cast<std::size_t>(std::atoll(s->text.c_str()));
      value = i < s->shared.size() ? s->shared[i] : "";
    } else if (s->type == "b") {
      value = s->text == "1" ? "true" : "false";
    } else if (s->type == "n" && !s->text.empty()) {
      std::size_t style =
          s->style.empty() ? 0 : static_cast<std::size_t>(std::atoi(s->style.c_str()));
      value = style < s->dateStyle.size() && s->dateStyle[style]
                  ? serialToDate(std::strtod(s->text.c_str(), nullptr))
                  : shortNumber(s->text);
    } else {
      value = s->text;  // inlineStr, str, d (ISO date), e (error text)
    }
    if (s->row.size() <= s->col) s->row.resize(s->col + 1);
    s->row[s->col] = value;
  } else if (n == "row") {
    s->ready.emplace_back(s->rowNumber, std::move(s->row));
    s->row.clear();
    ++s->readRows;
    XML_StopParser(s->parser, XML_TRUE);  // hand the row over; resume on the next read
  }
}

}  // namespace

namespace {
[[noreturn]] void unreadablePackage(const std::string& name) {
  throw validationError(
      tr("文件“" + name + "”不是可读的 XLSX 工作簿（压缩包已损坏或用了不支持的压缩方式）",
         "file '" + name +
             "' is not a readable XLSX workbook (a damaged package or an "
             "unsupported compression)"));
}
}  // namespace

// Whatever the zip library throws on a damaged package becomes the file's own error.
XlsxReader::XlsxReader(const std::string& path, const std::string& displayName) try
    : name_(displayName.empty() ? path : displayName), state_(std::make_unique<State>()) {
  state_->file = name_;
  file_.open(path, std::ios::binary);
  if (!file_)
    throw Error(ErrorCode::kNotFound,
                tr("无法读取文件“" + name_ + "”", "file '" + name_ + "' cannot be read"));
  {
    Sha256 sha;
    char buf[65536];
    while (file_.read(buf, sizeof buf) || file_.gcount() > 0)
      sha.update(buf, static_cast<std::size_t>(file_.gcount()));
    digest_ = sha.hex();
    file_.clear();
    file_.seekg(0);
  }
  try {
    archive_ = std::make_unique<Poco::Zip::ZipArchive>(file_);
  } catch (const Poco::Exception&) {
    throw validationError(tr("文件“" + name_ + "”不是可读的 XLSX 工作簿",
                             "file '" + name_ + "' is not a readable XLSX workbook"));
  }
  budget_ = std::make_unique<InflateBudget>(name_, inflated_);
  auto open = [&](const std::string& part) -> std::unique_ptr<Poco::Zip::ZipInputStream> {
    auto it = archive_->findHeader(part);
    if (it == archive_->headerEnd()) return nullptr;
    budget_->start(part, static_cast<long long>(it->second.getCompressedSize()));
    file_.clear();
    return std::make_unique<Poco::Zip::ZipInputStream>(file_, it->second);
  };
  if (auto strings = open("xl/sharedStrings.xml")) {
    SharedStrings ss;
    ss.out = &state_->shared;
    ss.file = name_;
    parsePart(
        *strings, *budget_, &ss,
        [](void* d, const XML_Char* n, const XML_Char**) {
          auto* s = static_cast<SharedStrings*>(d);
          std::string name = n;
          if (name == "si") {
            s->inSi = true;
            s->current.clear();
          } else if (name == "t") {
            s->inT = true;
          } else if (name == "rPh") {
            s->inT = false;  // phonetic runs are not part of the text
          }
        },
        [](void* d, const XML_Char* n) {
          auto* s = static_cast<SharedStrings*>(d);
          std::string name = n;
          if (name == "t") s->inT = false;
          if (name == "si" && s->problem.empty()) {
            s->bytes += static_cast<long long>(s->current.size());
            if (s->out->size() >= ImportLimits::kMaxSharedStrings ||
                s->bytes > ImportLimits::kMaxSharedStringBytes) {
              s->problem =
                  tr("文件“" + s->file + "”的共享字符串表超过 " +
                         std::to_string(ImportLimits::kMaxSharedStrings) + " 项或 " +
                         std::to_string(ImportLimits::kMaxSharedStringBytes >> 20) + " MiB 的上限",
                     "file '" + s->file + "' has a shared-string table beyond the limit of " +
                         std::to_string(ImportLimits::kMaxSharedStrings) + " entries or " +
                         std::to_string(ImportLimits::kMaxSharedStringBytes >> 20) + " MiB");
              XML_StopParser(s->parser, XML_FALSE);
              return;
            }
            s->out->push_back(s->current);
            s->inSi = false;
          }
        },
        [](void* d, const XML_Char* t, int len) {
          auto* s = static_cast<SharedStrings*>(d);
          if (!s->inSi || !s->inT || !s->problem.empty()) return;
          s->current.append(t, static_cast<std::size_t>(len));
          if (s->current.size() > ImportLimits::kMaxCellBytes) {
            s->problem = tr(
                "文件“" + s->file + "”有字符串超过 32767 个字符的上限",
                "file '" + s->file + "' has a string longer than the limit of 32,767 characters");
            XML_StopParser(s->parser, XML_FALSE);
          }
        },
        tr("文件“" + name_ + "”（共享字符串）", "file '" + name_ + "' (shared strings)"),
        &ss.problem, &ss.parser);
  }
  if (auto styles = open("xl/styles.xml")) {
    Styles st;
    parsePart(
        *styles, *budget_, &st,
        [](void* d, const XML_Char* n, const XML_Char** atts) {
          auto* s = static_cast<Styles*>(d);
          std::string name = n;
          if (name == "numFmt") {
            const char* id = attr(atts, "numFmtId");
            const char* code = attr(atts, "formatCode");
            if (id && code && s->formats.size() < 65536) s->formats[std::atoi(id)] = code;
          } else if (name == "cellXfs") {
            s->inCellXfs = true;
          } else if (name == "xf" && s->inCellXfs && s->xfFormats.size() < 65536) {
            const char* id = attr(atts, "numFmtId");
            s->xfFormats.push_back(id ? std::atoi(id) : 0);
          }
        },
        [](void* d, const XML_Char* n) {
          if (std::string(n) == "cellXfs") static_cast<Styles*>(d)->inCellXfs = false;
        },
        nullptr, tr("文件“" + name_ + "”（样式）", "file '" + name_ + "' (styles)"), nullptr,
        nullptr);
    for (int id : st.xfFormats) {
      auto it = st.formats.find(id);
      state_->dateStyle.push_back(isDateFormat(id, it == st.formats.end() ? "" : it->second));
    }
  }
  sheet_ = open("xl/worksheets/sheet1.xml");
  if (!sheet_)
    throw validationError(
        tr("文件“" + name_ + "”没有第一个工作表", "file '" + name_ + "' has no first worksheet"));
  state_->parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(state_->parser, state_.get());
  XML_SetElementHandler(state_->parser, sheetStart, sheetEnd);
  XML_SetCharacterDataHandler(state_->parser, sheetText);

  long long line = 0;
  if (!next(header_, line) || header_.empty())
    throw validationError(tr("文件“" + name_ + "”是空的：第一行必须是列名",
                             "file '" + name_ + "' is empty: the first row must name the columns"));
  while (!header_.empty() && header_.back().empty()) header_.pop_back();
} catch (const Poco::Exception&) {
  unreadablePackage(displayName.empty() ? path : displayName);
}

XlsxReader::~XlsxReader() = default;

void XlsxReader::parseFailed() const {
  if (!state_->problem.empty()) throw validationError(state_->problem);
  throw validationError(tr("文件“" + name_ + "”：工作表不是格式正确的 XML：",
                           "file '" + name_ + "': the worksheet is not well-formed XML: ") +
                        XML_ErrorString(XML_GetErrorCode(state_->parser)));
}

bool XlsxReader::fill() {
  XML_ParsingStatus status;
  XML_GetParsingStatus(state_->parser, &status);
  if (status.parsing == XML_SUSPENDED) {
    if (XML_ResumeParser(state_->parser) == XML_STATUS_ERROR) parseFailed();
    return true;
  }
  if (done_) return false;
  char buf[65536];
  try {
    sheet_->read(buf, sizeof buf);
  } catch (const Poco::Exception&) {
    unreadablePackage(name_);
  }
  auto n = sheet_->gcount();
  budget_->add(n);
  bool last = n == 0;
  if (XML_Parse(state_->parser, buf, static_cast<int>(n), last) == XML_STATUS_ERROR) parseFailed();
  if (last) done_ = true;
  return true;
}

bool XlsxReader::next(std::vector<std::string>& cells, long long& line) {
  while (state_->ready.empty()) {
    if (!fill()) return false;
  }
  line = state_->ready.front().first;
  cells = std::move(state_->ready.front().second);
  state_->ready.pop_front();
  if (!header_.empty() && cells.size() < header_.size()) cells.resize(header_.size());
  while (cells.size() > header_.size() && !header_.empty() && cells.back().empty())
    cells.pop_back();
  if (cells.empty()) cells.emplace_back();
  return true;
}

double XlsxReader::progress() const {
  return state_->totalRows > 0
             ? static_cast<double>(state_->readRows) / static_cast<double>(state_->totalRows)
             : 0.0;
}

std::unique_ptr<RowSource> openImportFile(const std::string& path, const std::string& displayName) {
  const std::string shown = displayName.empty() ? path : displayName;
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {0, 0, 0, 0};
  in.read(magic, 4);
  if (in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4)
    return std::make_unique<XlsxReader>(path, displayName);
  if (in.gcount() == 4 && static_cast<unsigned char>(magic[0]) == 0xD0 &&
      static_cast<unsigned char>(magic[1]) == 0xCF)
    throw validationError(tr(
        "文件“" + shown + "”是旧版 Excel 97-2003 .xls 工作簿，请另存为 .xlsx 或 CSV",
        "file '" + shown + "' is a legacy Excel 97-2003 .xls workbook; save it as .xlsx or CSV"));
  return std::make_unique<CsvReader>(path, displayName);
}

}  // namespace tdr::host
