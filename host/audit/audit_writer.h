#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "audit/audit_log.h"

namespace tdr::host {

class Database;

/// Appends audit entries that have no write of their own to ride with (reads of sensitive
/// fields) off the request path: entries queue and a writer thread commits every entry queued
/// meanwhile in one transaction, so a thousand reads cost a handful of commits. A read is
/// answered once its entry is queued; a batch that cannot be written (the write lock is held
/// by a long import) is retried until it is, and the queue is written out when the server
/// stops. The queue is bounded: beyond kMaxQueued waiting entries a read waits for room. An
/// entry appended with `wait` (an export, whose rows already left) is committed before
/// append returns, and its failure is thrown to the caller instead of retried.
class AuditWriter {
 public:
  explicit AuditWriter(Database& db);
  ~AuditWriter();  ///< commits what is queued, then stops
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  /// Queues `entry`; with `wait`, blocks until it is in the audit log (or throws why not).
  void append(AuditEntry entry, bool wait = false);
  /// Blocks until every entry queued so far is written (tests, orderly stops).
  void flush();

  static constexpr std::size_t kMaxBatch = 1000;
  static constexpr std::size_t kMaxQueued = 100000;

 private:
  struct Pending {
    AuditEntry entry;
    std::optional<std::promise<void>> done;  // a caller waits for this one
  };
  void work();

  Database& db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable room_;  // the queue has room again, or a batch was written
  std::deque<Pending> queue_;
  std::size_t writing_ = 0;  // entries of the batch being written
  bool stopping_ = false;
  int stopAttempts_ = 0;  // failed batches since the stop began
  std::thread thread_;
};

}  // namespace tdr::host
