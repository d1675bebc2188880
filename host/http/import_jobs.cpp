#include "http/import_jobs.h"

#include <fcntl.h>
#include <signal.h>
#include <soci/soci.h>
#include <tdr/error.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/runtime.h"
#include "db/db_error.h"
#include "db/transaction.h"
#include "http/metrics.h"
#include "io/importer.h"
#include "io/xlsx_reader.h"
#include "util/digest.h"
#include "util/json.h"
#include "util/text.h"
#include "util/timestamps.h"

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

namespace {
// A job's result when the server stopped it: the error shape of the API (DESIGN §5).
std::string unavailableResult(const std::string& message) {
  return "{\"error\": {\"code\": \"unavailable\", \"message\": " + jsonString(message) +
         ", \"details\": []}}";
}
}  // namespace

std::string ImportJobs::processName() {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown");
  return std::string(host) + ":" + std::to_string(static_cast<long long>(getpid()));
}

ImportJobs::ImportJobs(Runtime& runtime, Metrics* metrics) : runtime_(runtime), metrics_(metrics) {
  failOrphans();
  worker_ = std::thread([this] { work(); });
}

void ImportJobs::failOrphans() {
  SessionLease lease(runtime_.database());
  soci::session& s = *lease;
  const std::string self = processName();
  const std::string host = self.substr(0, self.rfind(':'));
  std::vector<std::pair<long long, std::string>> dead;  // job id, upload
  {
    long long id = 0;
    std::string owner, upload;
    soci::indicator ownerInd = soci::i_null, uploadInd = soci::i_null;
    soci::statement st =
        (s.prepare << "SELECT id, owner, upload FROM core_jobs WHERE status IN "
                      "('queued', 'running')",
         soci::into(id), soci::into(owner, ownerInd), soci::into(upload, uploadInd));
    st.execute();
    while (st.fetch()) {
      // A job of a process on this machine that no longer runs (or of a release that did not
      // record its process). Jobs of other machines are theirs to fail when they restart.
      bool orphan = ownerInd != soci::i_ok;
      if (!orphan && owner.substr(0, owner.rfind(':')) == host) {
        long long pid = std::atoll(owner.substr(owner.rfind(':') + 1).c_str());
        orphan = pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
      }
      if (orphan) dead.emplace_back(id, uploadInd == soci::i_ok ? upload : std::string());
    }
  }
  for (const auto& [id, upload] : dead) {
    std::string result =
        unavailableResult(tr("服务器在导入完成前停止，没有写入任何内容；请重新导入",
                             "the server stopped before the import finished; nothing was "
                             "written: import the file again"));
    setStatus(s, id, "failed", 0, &result);
    if (!upload.empty()) {
      std::error_code ec;
      std::filesystem::remove(upload, ec);
    }
  }
}

ImportJobs::~ImportJobs() { stop(); }

long long ImportJobs::submit(soci::session& s, const User& user, const std::string& recordType,
                             const std::string& bytes, const std::string& fileName, bool dryRun,
                             bool partial) {
  std::string file =
      (std::filesystem::temp_directory_path() / ("tdr-import-" + randomHex(12) + ".upload"))
          .string();
  {
    // Owner-only: an upload holds national IDs in clear.
    int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok = fd >= 0;
    for (std::size_t done = 0; ok && done < bytes.size();) {
      ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      ok = n > 0;
      if (ok) done += static_cast<std::size_t>(n);
    }
    if (fd >= 0) ok = ::close(fd) == 0 && ok;
    if (!ok) {
      std::error_code ec;
      std::filesystem::remove(file, ec);
      throw Error(ErrorCode::kUnavailable,
                  tr("服务器无法保存上传的文件", "the server cannot store the uploaded file"));
    }
  }
  long long id = 0;
  try {
    WriteTransaction tx(s);
    std::string now = utcNow(), owner = processName();
    s << "INSERT INTO core_jobs (kind, target, status, created_by, created_at, updated_at, "
         "upload, owner, file_name) VALUES ('import', :t, 'queued', :u, :c, :c2, :f, :o, :n) "
         "RETURNING id",
        soci::use(recordType), soci::use(user.login), soci::use(now), soci::use(now),
        soci::use(file), soci::use(owner), soci::use(fileName), soci::into(id);
    tx.commit();
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    throw;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back({id, user, recordType, file, fileName, dryRun, partial, language()});
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
    std::string result =
        unavailableResult(tr("服务器在任务开始前停止，没有写入任何内容；请重新导入",
                             "the server stopped before the job started; nothing was written: "
                             "import the file again"));
    setStatus(s, job.id, "failed", 0, &result);
    std::error_code ec;
    std::filesystem::remove(job.file, ec);
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
    auto source = openImportFile(
        job.file, job.fileName.empty() ? tr("上传的文件", "the upload") : job.fileName);
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
  } catch (const soci::soci_error& e) {
    status = "failed";
    bool busy = classify(e).failure == DbFailure::kBusy;
    if (!busy) std::cerr << "tdr: import job " << job.id << " failed: " << e.what() << "\n";
    result =
        "{\"error\": {\"code\": " + jsonString(busy ? "unavailable" : "internal") +
        ", \"message\": " +
        jsonString(
            busy ? tr("数据库正忙，没有写入任何内容；请稍后重新导入",
                      "the database was busy; nothing was written: import again in "
                      "a moment")
                 : tr("导入失败，请查看服务器日志（任务 " + std::to_string(job.id) + "）",
                      "the import failed; see the server log for job " + std::to_string(job.id))) +
        ", \"details\": []}}";
  } catch (const std::exception& e) {
    status = "failed";
    std::cerr << "tdr: import job " << job.id << " failed: " << e.what() << "\n";
    result =
        "{\"error\": {\"code\": \"internal\", \"message\": \"the import failed; see the "
        "server log for job " +
        std::to_string(job.id) + "\"}}";
  }
  std::error_code removeError;
  std::filesystem::remove(job.file, removeError);
  try {
    setStatus(s, job.id, status, rows, &result);
  } catch (const std::exception& e) {
    std::cerr << "tdr: cannot record the end of import job " << job.id << ": " << e.what() << "\n";
  }
  if (metrics_) metrics_->jobFinished(job.dryRun && status == "done" ? "dry_run" : status, rows);
  std::cerr << utcNow() << " job " << job.id << " "
            << (job.user.login.empty() ? "-" : job.user.login) << " import " << job.recordType
            << (job.dryRun ? " (dry run)" : "") << " " << status << " " << rows << " rows\n";
}

}  // namespace tdr::host
