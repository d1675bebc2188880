#pragma once

#include <iconv.h>

#include <fstream>
#include <string>
#include <vector>

#include "io/row_source.h"
#include "util/digest.h"

namespace tdr::host {

/// An iconv conversion descriptor, closed with its owner (also when a constructor throws).
class IconvHandle {
 public:
  IconvHandle() = default;
  ~IconvHandle() {
    if (isOpen()) iconv_close(cd_);
  }
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  /// Opens a conversion from `from` to UTF-8; false when the system lacks it.
  bool open(const char* from) {
    cd_ = iconv_open("UTF-8", from);
    return isOpen();
  }
  bool isOpen() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
};

/// Streams a CSV file (RFC 4180: quoted fields with commas, quotes and newlines; CRLF or LF)
/// in UTF-8 with or without BOM, or GB18030/GBK as Chinese Excel writes it (detected from the
/// first 64 KiB when not valid UTF-8). Throws tdr::Error naming the file for unreadable input.
class CsvReader : public RowSource {
 public:
  /// `displayName` is the name messages show (the user's upload, not a temporary file).
  explicit CsvReader(const std::string& path, const std::string& displayName = "");
  ~CsvReader() override;

  const std::vector<std::string>& header() const override { return header_; }
  bool next(std::vector<std::string>& cells, long long& line) override;
  double progress() const override;
  std::string encoding() const override { return encoding_; }
  std::string name() const override { return name_; }
  std::string digest() const override { return sha_.hex(); }

 private:
  bool fill();        // refills decoded_ from the file; false at end of input
  bool get(char& c);  // next decoded byte

  std::string name_;
  std::ifstream in_;
  std::string encoding_ = "UTF-8";
  IconvHandle iconv_;
  std::string raw_;      // undecoded bytes carried between reads (partial multibyte chars)
  std::string decoded_;  // UTF-8 bytes ready to parse
  std::size_t pos_ = 0;
  long long fileSize_ = 0;
  long long consumed_ = 0;
  long long lineNo_ = 1;
  long long records_ = 0;
  bool eof_ = false;
  std::vector<std::string> header_;
  Sha256 sha_;
};

}  // namespace tdr::host
