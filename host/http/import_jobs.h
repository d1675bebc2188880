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
class Metrics;

class ImportJobs {
 public:
  /// Starts the worker after failing the jobs a dead server process left queued or running
  /// (and removing their uploads). `metrics`, when given, counts finished jobs and rows.
  explicit ImportJobs(Runtime& runtime, Metrics* metrics = nullptr);
  ~ImportJobs();

  /// Queues an import of `file` (CSV or XLSX bytes, stored 0600 until the job ends) into
  /// `recordType` on behalf of `user`; `fileName` is the user's name for it, shown in
  /// messages. Returns the job id.
  long long submit(soci::session& s, const User& user, const std::string& recordType,
                   const std::string& file, const std::string& fileName, bool dryRun, bool partial);
  /// This server process as core_jobs.owner names it ("host:pid").
  static std::string processName();
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
    std::string fileName;
    bool dryRun;
    bool partial;
    std::string language;  // of the request: the report's messages are in it
  };
  void work();
  void run(const Job& job);
  void failOrphans();

  Runtime& runtime_;
  Metrics* metrics_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  std::map<long long, long long> liveRows_;
  std::map<long long, double> liveProgress_;  // fraction of the file read, while running
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace tdr::host
