#include "core/secrets.h"

#include <fcntl.h>
#include <soci/soci.h>
#include <tdr/error.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "util/digest.h"
#include "util/text.h"

namespace tdr::host {

namespace {

const char* envKey() {
  const char* k = std::getenv("TDR_ID_KEY");
  return k && *k ? k : nullptr;
}

bool isHexKey(const std::string& k) {
  return k.size() == 64 && k.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string readKeyFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string key = ss.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' '))
    key.pop_back();
  if (!in && !in.eof())
    throw Error(ErrorCode::kUnavailable, tr("无法读取身份证号密钥文件“" + path + "”",
                                            "cannot read the national-ID key file '" + path + "'"));
  if (!isHexKey(key))
    throw Error(
        ErrorCode::kUnavailable,
        tr("身份证号密钥文件“" + path + "”不含密钥（64 位十六进制数字）",
           "the national-ID key file '" + path + "' does not hold a key (64 hexadecimal digits)"));
  return key;
}

// Writes the key file readable by its owner only, replacing it atomically, synced to disk
// before the database copy of the key may go.
void writeKeyFile(const std::string& path, const std::string& key) {
  const std::string tmp = path + ".tmp-" + randomHex(4);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error(ErrorCode::kUnavailable,
                tr("无法创建身份证号密钥文件“" + path + "”",
                   "cannot create the national-ID key file '" + path + "'"));
  const std::string text = key + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw Error(ErrorCode::kUnavailable,
                tr("无法写入身份证号密钥文件“" + path + "”",
                   "cannot write the national-ID key file '" + path + "'"));
  }
}

std::optional<std::string> storedKey(soci::session& s) {
  std::string value;
  soci::indicator ind = soci::i_null;
  s << "SELECT value FROM core_settings WHERE key = 'national_id_key'", soci::into(value, ind);
  if (s.got_data() && ind == soci::i_ok) return value;
  return std::nullopt;
}

}  // namespace

std::string idKeyFile(bool sqlite, const std::string& databaseFile) {
  if (const char* f = std::getenv("TDR_ID_KEY_FILE"); f && *f) return f;
  if (!sqlite || databaseFile.empty() || databaseFile == ":memory:") return {};
  return databaseFile + ".idkey";
}

std::string nationalIdKey(soci::session& s, const std::string& keyFile) {
  if (const char* k = envKey()) return k;
  std::optional<std::string> inDb = storedKey(s);
  if (keyFile.empty()) {
    if (inDb) return *inDb;
    std::string value = randomHex(32);
    s << "INSERT INTO core_settings (key, value) VALUES ('national_id_key', :v)", soci::use(value);
    return value;
  }
  std::error_code ec;
  std::string key;
  if (std::filesystem::exists(keyFile, ec)) {
    key = readKeyFile(keyFile);
    if (inDb && *inDb != key)
      throw Error(ErrorCode::kUnavailable,
                  tr("身份证号密钥文件“" + keyFile +
                         "”与数据库中的密钥不同：请恢复属于这个数据库的密钥文件",
                     "the national-ID key file '" + keyFile +
                         "' holds another key than the database; restore the key file that "
                         "belongs to this database"));
  } else {
    key = inDb ? *inDb : randomHex(32);
    writeKeyFile(keyFile, key);
  }
  if (inDb) s << "DELETE FROM core_settings WHERE key = 'national_id_key'";
  return key;
}

void storeNationalIdKey(soci::session& s, const std::string& keyFile, const std::string& key) {
  if (envKey()) return;
  s << "DELETE FROM core_settings WHERE key = 'national_id_key'";
  if (keyFile.empty()) {
    std::string value = key;
    s << "INSERT INTO core_settings (key, value) VALUES ('national_id_key', :v)", soci::use(value);
  } else {
    writeKeyFile(keyFile, key);
  }
}

}  // namespace tdr::host
