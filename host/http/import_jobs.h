#pragma once

#include <tdr/context.h>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace soci {
class session;
}

namespace tdr::host {

class Runtime;

/// Imports submitted over HTTP run as jobs, one at a time on a worker thread, so the request
/// returns at once. Each job is a row of core_jobs (status queued, running, done or failed,
/// the report as JSON): any server on the same database can answer for it. Rows done so far
/// are known live by the server running the job.
class ImportJobs {
 public:
  explicit ImportJobs(Runtime& runtime);
  ~ImportJobs();

  /// Queues an import of `csv` into `recordType` on behalf of `user`; returns the job id.
  long long submit(soci::session& s, const User& user, const std::string& recordType,
                   const std::string& csv, bool dryRun, bool partial);
  /// The job as JSON, for its creator, admins and auditors; tdr::Error not_found otherwise.
  /// `seeAll`: the user may read every user's jobs (auditing); others only their own.
  std::string statusJson(soci::session& s, long long id, const User& user, bool seeAll);
  /// Finishes the running job, fails the queued ones, and stops the worker.
  void stop();

 private:
  struct Job {
    long long id;
    User user;
    std::string recordType;
    std::string file;
    bool dryRun;
    bool partial;
    std::string language;  // of the request: the report's messages are in it
  };
  void work();
  void run(const Job& job);

  Runtime& runtime_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::map<long long, long long> liveRows_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace tdr::host
