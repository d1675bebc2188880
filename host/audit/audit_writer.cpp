#include "audit/audit_writer.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

#include "db/database.h"
#include "db/transaction.h"

namespace tdr::host {

AuditWriter::AuditWriter(Database& db) : db_(db), thread_([this] { work(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AuditWriter::append(AuditEntry entry, bool wait) {
  std::future<void> done;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return queue_.size() < kMaxQueued || stopping_; });
    queue_.push_back({std::move(entry), {}});
    if (wait) {
      queue_.back().done.emplace();
      done = queue_.back().done->get_future();
    }
  }
  wake_.notify_one();
  if (wait) done.get();  // rethrows why the entry could not be written
}

void AuditWriter::flush() {
  std::unique_lock<std::mutex> lock(mutex_);
  room_.wait(lock, [&] { return queue_.empty() && writing_ == 0; });
}

void AuditWriter::work() {
  auto backoff = std::chrono::milliseconds(100);
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, everything written
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      writing_ = batch.size();
    }
    room_.notify_all();
    std::string failure;
    try {
      SessionLease lease(db_);
      WriteTransaction tx(*lease);
      for (const auto& p : batch) appendAudit(*lease, p.entry);
      tx.commit();
      for (auto& p : batch)
        if (p.done) p.done->set_value();
      batch.clear();
      backoff = std::chrono::milliseconds(100);
    } catch (const std::exception& e) {
      failure = e.what();
      // A waiting caller learns why now; the others' entries are tried again.
      std::vector<Pending> retry;
      for (auto& p : batch) {
        if (p.done)
          p.done->set_exception(std::current_exception());
        else
          retry.push_back(std::move(p));
      }
      batch = std::move(retry);
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto it = batch.rbegin(); it != batch.rend(); ++it) queue_.push_front(std::move(*it));
      writing_ = 0;
    }
    room_.notify_all();
    if (!batch.empty()) {
      bool givingUp = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_ && ++stopAttempts_ > 8) {  // the server is stopping: do not hang it
          givingUp = true;
          std::cerr << "tdr: " << queue_.size()
                    << " audit entries of sensitive reads could not be written before the stop ("
                    << failure << ")\n";
          queue_.clear();
        }
      }
      if (givingUp) {
        room_.notify_all();
        return;
      }
      std::cerr << "tdr: " << batch.size()
                << " audit entries of sensitive reads are not written yet (" << failure
                << "); trying again\n";
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
    }
  }
}

}  // namespace tdr::host
