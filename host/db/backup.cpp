#include "db/backup.h"

#include <fcntl.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <tdr/error.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "util/digest.h"
#include "util/text.h"

namespace tdr::host {

namespace {

// Creates `path` empty, owner-only; false when it exists or cannot be made.
bool createPrivate(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

bool fsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

long long backupSqlite(soci::session& s, const std::string& out) {
  std::error_code ec;
  if (std::filesystem::exists(out, ec))
    throw Error(ErrorCode::kValidation,
                tr("备份文件“" + out + "”已存在，不会覆盖",
                   "the backup file '" + out + "' exists; not overwritten"));
  if (!createPrivate(out))
    throw Error(ErrorCode::kUnavailable,
                tr("无法创建备份文件“" + out + "”", "cannot create the backup file '" + out + "'"));
  try {
    std::string target = out;
    s << "VACUUM INTO :f", soci::use(target);
  } catch (...) {
    std::filesystem::remove(out, ec);
    throw;
  }
  if (!fsyncPath(out, O_RDONLY))
    throw Error(ErrorCode::kUnavailable, tr("备份文件“" + out + "”无法写入磁盘",
                                            "the backup file '" + out + "' cannot be synced"));
  return static_cast<long long>(std::filesystem::file_size(out, ec));
}

void checkSqliteBackup(const std::string& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw Error(ErrorCode::kValidation,
                tr("没有备份文件“" + file + "”", "there is no backup file '" + file + "'"));
  std::string result;
  long long coreTables = 0;
  try {
    soci::session b(soci::sqlite3, "db=" + file + " readonly=1");
    b << "PRAGMA integrity_check", soci::into(result);
    b << "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN "
         "('core_settings', 'core_teachers', 'core_audit')",
        soci::into(coreTables);
  } catch (const soci::soci_error&) {
    throw Error(ErrorCode::kValidation,
                tr("“" + file + "”不是 SQLite 数据库", "'" + file + "' is not a SQLite database"));
  }
  if (result != "ok")
    throw Error(ErrorCode::kValidation,
                tr("备份文件“" + file + "”已损坏（integrity_check：" + result + "）",
                   "the backup file '" + file + "' is damaged (integrity_check: " + result + ")"));
  if (coreTables != 3)
    throw Error(ErrorCode::kValidation,
                tr("“" + file + "”不是 tdr 的数据库", "'" + file + "' is not a tdr database"));
}

ServingLock::ServingLock(const std::string& databaseFile) {
  const std::string path = databaseFile + ".serving";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) return;  // a read-only directory: restore then cannot tell, as before
  struct flock l {};
  l.l_type = F_RDLCK;
  l.l_whence = SEEK_SET;
  if (::fcntl(fd_, F_SETLK, &l) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

ServingLock::~ServingLock() {
  if (fd_ >= 0) ::close(fd_);  // closing drops the lock
}

void restoreSqlite(const std::string& backup, const std::string& target) {
  checkSqliteBackup(backup);
  {
    const std::string lockPath = target + ".serving";
    int fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) {
      struct flock l {};
      l.l_type = F_WRLCK;
      l.l_whence = SEEK_SET;
      bool inUse = ::fcntl(fd, F_SETLK, &l) != 0;
      ::close(fd);
      if (inUse)
        throw Error(
            ErrorCode::kConflict,
            tr("有服务器正在使用数据库“" + target + "”；请先停止它（systemctl stop tdr）再恢复",
               "a server has the database '" + target +
                   "' open; stop it (systemctl stop tdr) before restoring"));
    }
  }
  const std::string tmp = target + ".restoring-" + randomHex(4);
  std::error_code ec;
  if (std::filesystem::exists(target, ec)) {
    // Everything the old database has goes into its main file first, so that dropping its
    // WAL below loses nothing should the rename fail.
    soci::session old(soci::sqlite3, "db=" + target);
    old << "PRAGMA wal_checkpoint(TRUNCATE)";
  }
  try {
    if (!createPrivate(tmp)) throw std::runtime_error("create");
    std::filesystem::copy_file(backup, tmp, std::filesystem::copy_options::overwrite_existing);
    if (!fsyncPath(tmp, O_RDONLY)) throw std::runtime_error("sync");
    for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(target + suffix, ec);
    std::filesystem::rename(tmp, target);
    auto dir = std::filesystem::path(target).parent_path();
    fsyncPath(dir.empty() ? "." : dir.string(), O_RDONLY | O_DIRECTORY);
  } catch (const std::exception&) {
    std::filesystem::remove(tmp, ec);
    throw Error(ErrorCode::kUnavailable,
                tr("无法把备份写到“" + target + "”；原数据库未改动",
                   "cannot write the backup to '" + target + "'; the database was not changed"));
  }
}

}  // namespace tdr::host
