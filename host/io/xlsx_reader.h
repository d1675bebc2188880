#pragma once

#include <deque>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "io/row_source.h"

namespace Poco::Zip {
class ZipArchive;
class ZipInputStream;
}  // namespace Poco::Zip

namespace tdr::host {

class InflateBudget;

/// Streams the first worksheet of an .xlsx file as rows of text (expat, chunk by chunk: memory
/// stays flat in the sheet's size; only the shared-string table is held). Shared and inline
/// strings, numbers, booleans and cells with a date format (as YYYY-MM-DD) are understood;
/// "lines" are Excel row numbers. Throws tdr::Error naming the file for anything unreadable.
class XlsxReader : public RowSource {
 public:
  /// `displayName` is the name messages show (the user's upload, not a temporary file).
  explicit XlsxReader(const std::string& path, const std::string& displayName = "");
  ~XlsxReader() override;

  const std::vector<std::string>& header() const override { return header_; }
  bool next(std::vector<std::string>& cells, long long& line) override;
  double progress() const override;
  std::string encoding() const override { return "XLSX"; }
  std::string name() const override { return name_; }
  std::string digest() const override { return digest_; }

  struct State;  // the parser's, shared with expat's callbacks

 private:
  bool fill();                            // parses more of the sheet; false at its end
  [[noreturn]] void parseFailed() const;  // throws why the sheet's parser stopped

  std::string name_;
  std::string digest_;
  std::ifstream file_;
  std::unique_ptr<Poco::Zip::ZipArchive> archive_;
  std::unique_ptr<Poco::Zip::ZipInputStream> sheet_;
  std::unique_ptr<State> state_;
  long long inflated_ = 0;  // uncompressed bytes read from the package so far
  std::unique_ptr<InflateBudget> budget_;
  std::vector<std::string> header_;
  bool done_ = false;
};

/// Opens an import file by its content: XLSX (a zip) or CSV. Refuses legacy .xls clearly.
/// Messages name `displayName` when given (an upload's own name), else `path`.
std::unique_ptr<RowSource> openImportFile(const std::string& path,
                                          const std::string& displayName = "");

}  // namespace tdr::host
