#pragma once

#include <string>

namespace soci {
class session;
}

namespace tdr::host {

/// Writes a consistent copy of the open SQLite database to `out` while servers keep serving
/// (VACUUM INTO reads one snapshot; writers are not blocked). The copy is created 0600 — it
/// holds people's data — and an existing `out` is refused, naming it. Returns the copy's size.
long long backupSqlite(soci::session& s, const std::string& out);

/// Checks that `file` is a whole SQLite database (integrity_check) that tdr wrote (it has the
/// core tables); throws tdr::Error naming the file and what is wrong.
void checkSqliteBackup(const std::string& file);

/// While a server runs on a SQLite database it holds a shared lock on `<database>.serving`,
/// so that `tdr restore` can tell the database is in use (any number of servers may share it).
class ServingLock {
 public:
  explicit ServingLock(const std::string& databaseFile);
  ~ServingLock();
  ServingLock(const ServingLock&) = delete;
  ServingLock& operator=(const ServingLock&) = delete;

 private:
  int fd_ = -1;
};

/// Replaces the SQLite database `target` by the backup `backup`: refused while a server holds
/// the target's serving lock; the backup is checked first, copied beside the target (0600),
/// synced and renamed over it, and the target's stale -wal/-shm files removed, so a failure
/// at any point leaves the old database as it was. The national-ID key file is not touched.
void restoreSqlite(const std::string& backup, const std::string& target);

}  // namespace tdr::host
