#include "http/import_jobs.h"

#include <soci/soci.h>
#include <tdr/error.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "auth/digest.h"
#include "db/timestamps.h"
#include "db/transaction.h"
#include "i18n/text.h"
#include "io/importer.h"
#include "io/table_writer.h"
#include "io/xlsx_reader.h"
#include "runtime.h"

namespace tdr::host {

namespace {

void setStatus(soci::session& s, long long id, const std::string& status, long long rows,
               const std::string* result) {
  WriteTransaction tx(s);
  std::string now = utcNow();
  soci::indicator ind = result ? soci::i_ok : soci::i_null;
  std::string text = result ? *result : std::string();
  s << "UPDATE core_jobs SET status = :s, updated_at = :t, rows_done = :r, result = :res "
       "WHERE id = :id",
      soci::use(status), soci::use(now), soci::use(rows), soci::use(text, ind), soci::use(id);
  tx.commit();
}

std::string errorsJson(const std::vector<FieldError>& errors) {
  std::string out = "[";
  for (std::size_t i = 0; i < errors.size(); ++i)
    out += std::string(i ? ", " : "") + "{\"line\": " + std::to_string(errors[i].line) +
           ", \"field\": " + jsonString(errors[i].field) +
           ", \"reason\": " + jsonString(errors[i].reason) + "}";
  return out + "]";
}

}  // namespace

ImportJobs::ImportJobs(Runtime& runtime) : runtime_(runtime), worker_([this] { work(); }) {}

ImportJobs::~ImportJobs() { stop(); }

long long ImportJobs::submit(soci::session& s, const User& user, const std::string& recordType,
                             const std::string& csv, bool dryRun, bool partial) {
  std::string file =
      (std::filesystem::temp_directory_path() / ("tdr-import-" + randomHex(12) + ".csv")).string();
  {
    std::ofstream out(file, std::ios::binary);
    out << csv;
    if (!out) throw Error(ErrorCode::kUnavailable, "cannot store the uploaded file");
  }
  long long id = 0;
  {
    WriteTransaction tx(s);
    std::string now = utcNow();
    s << "INSERT INTO core_jobs (kind, target, status, created_by, created_at, updated_at) "
         "VALUES ('import', :t, 'queued', :u, :c, :c2) RETURNING id",
        soci::use(recordType), soci::use(user.login), soci::use(now), soci::use(now),
        soci::into(id);
    tx.commit();
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back({id, user, recordType, file, dryRun, partial, language()});
  }
  wake_.notify_one();
  return id;
}

std::string ImportJobs::statusJson(soci::session& s, long long id, const User& user, bool seeAll) {
  std::string kind, target, status, createdBy, createdAt, updatedAt, result;
  long long rows = 0;
  soci::indicator resultInd = soci::i_null;
  s << "SELECT kind, target, status, created_by, created_at, updated_at, rows_done, result "
       "FROM core_jobs WHERE id = :id",
      soci::use(id), soci::into(kind), soci::into(target), soci::into(status),
      soci::into(createdBy), soci::into(createdAt), soci::into(updatedAt), soci::into(rows),
      soci::into(result, resultInd);
  bool visible = s.got_data() && (createdBy == user.login || seeAll);
  if (!visible) throw notFound("job " + std::to_string(id) + " does not exist");
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = liveRows_.find(id);
    if (it != liveRows_.end()) rows = it->second;
  }
  return "{\"id\": " + std::to_string(id) + ", \"kind\": " + jsonString(kind) +
         ", \"target\": " + jsonString(target) + ", \"status\": " + jsonString(status) +
         ", \"created_by\": " + jsonString(createdBy) +
         ", \"created_at\": " + jsonString(createdAt) +
         ", \"updated_at\": " + jsonString(updatedAt) + ", \"rows_done\": " + std::to_string(rows) +
         ", \"report\": " + (resultInd == soci::i_ok ? result : "null") + "}";
}

void ImportJobs::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  SessionLease lease(runtime_.database());
  soci::session& s = *lease;
  for (const auto& job : queue_) {  // never started: say so
    std::string result = "{\"error\": \"the server stopped before the job started\"}";
    setStatus(s, job.id, "failed", 0, &result);
    std::filesystem::remove(job.file);
  }
  queue_.clear();
}

void ImportJobs::work() {
  while (true) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      queue_.pop_front();
      liveRows_[job.id] = 0;
    }
    run(job);
    std::lock_guard<std::mutex> lock(mutex_);
    liveRows_.erase(job.id);
  }
}

void ImportJobs::run(const Job& job) {
  LanguageScope lang(job.language);
  SessionLease lease(runtime_.database());
  soci::session& s = *lease;
  std::string result;
  std::string status = "done";
  long long rows = 0;
  try {
    setStatus(s, job.id, "running", 0, nullptr);
    auto ctx = runtime_.context(s, job.user);
    auto source = openImportFile(job.file);
    RowSource& reader = *source;
    ImportOptions o;
    o.dryRun = job.dryRun;
    o.partial = job.partial;
    o.nationalIdKey = runtime_.nationalIdKey();
    o.progress = [&](double, long long n) {
      std::lock_guard<std::mutex> lock(mutex_);
      liveRows_[job.id] = n;
    };
    ImportReport r = importRows(*ctx, runtime_.registry(),
                                runtime_.registry().requireRecordType(job.recordType), reader, o);
    rows = r.rows;
    std::ostringstream out;
    out << "{\"rows\": " << r.rows << ", \"inserted\": " << r.inserted
        << ", \"updated\": " << r.updated << ", \"unchanged\": " << r.unchanged
        << ", \"rejected\": " << r.rejected << ", \"written\": " << (r.written ? "true" : "false")
        << ", \"dry_run\": " << (job.dryRun ? "true" : "false")
        << ", \"encoding\": " << jsonString(r.encoding) << ", \"errors\": " << errorsJson(r.errors)
        << ", \"more_errors\": " << r.moreErrors << "}";
    result = out.str();
    if (r.rejected && !r.written) status = "failed";
  } catch (const Error& e) {
    status = "failed";
    result = "{\"error\": {\"code\": " + jsonString(errorCodeName(e.code())) +
             ", \"message\": " + jsonString(e.what()) +
             ", \"details\": " + errorsJson(e.details()) + "}}";
  } catch (const std::exception& e) {
    status = "failed";
    std::cerr << "tdr: import job " << job.id << " failed: " << e.what() << "\n";
    result =
        "{\"error\": {\"code\": \"internal\", \"message\": \"the import failed; see the "
        "server log for job " +
        std::to_string(job.id) + "\"}}";
  }
  std::filesystem::remove(job.file);
  try {
    setStatus(s, job.id, status, rows, &result);
  } catch (const std::exception& e) {
    std::cerr << "tdr: cannot record the end of import job " << job.id << ": " << e.what() << "\n";
  }
}

}  // namespace tdr::host
