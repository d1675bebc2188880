#pragma once

namespace soci {
class session;
}

namespace tdr::host {

/// A write transaction that rolls back unless committed. On SQLite it starts with
/// BEGIN IMMEDIATE, taking the write lock up front, so that concurrent writers wait (busy
/// timeout) instead of failing when their read snapshot turns out to be stale.
class WriteTransaction {
 public:
  explicit WriteTransaction(soci::session& s);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;

  void commit();
  void rollback();

 private:
  soci::session& session_;
  bool open_ = true;
};

class StatementCache;

/// One read snapshot for a series of queries (SQLite: BEGIN ... COMMIT with statements prepared
/// once per session): one set of file locks instead of one per autocommit query.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(StatementCache& cache);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

 private:
  StatementCache& cache_;
};

}  // namespace tdr::host
