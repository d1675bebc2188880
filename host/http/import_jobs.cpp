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
#include "db/failure.h"
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

void writeErrors(JsonWriter& w, const std::vector<FieldError>& errors) {
  w.beginArray();
  for (const auto& e : errors) {
    w.beginObject().field("line", static_cast<std::int64_t>(e.line));
    w.field("field", e.field).field("reason", e.reason).endObject();
  }
  w.endArray();
}

// A job's result when it failed: the error shape of the API (DESIGN §5).
std::string errorResult(const std::string& code, const std::string& message,
                        const std::vector<FieldError>& details) {
  return apiErrorJson(code, message, details);
}

std::string unavailableResult(const std::string& message) {
  return errorResult("unavailable", message, {});
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
  std::string kind, target, status, createdBy, createdAt, updatedAt, result, fileName;
  long long rows = 0;
  soci::indicator resultInd = soci::i_null, fileInd = soci::i_null;
  s << "SELECT kind, target, status, created_by, created_at, updated_at, rows_done, result, "
       "file_name FROM core_jobs WHERE id = :id",
      soci::use(id), soci::into(kind), soci::into(target), soci::into(status),
      soci::into(createdBy), soci::into(createdAt), soci::into(updatedAt), soci::into(rows),
      soci::into(result, resultInd), soci::into(fileName, fileInd);
  bool visible = s.got_data() && (createdBy == user.login || seeAll);
  if (!visible)
    throw notFound(tr("没有编号为 " + std::to_string(id) + " 的任务",
                      "job " + std::to_string(id) + " does not exist"));
  // How far the file has been read, 0..100: live while the job runs, 100 once it ended.
  long long percent = status == "done" || status == "failed" ? 100 : 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = liveRows_.find(id);
    if (it != liveRows_.end()) rows = it->second;
    if (auto p = liveProgress_.find(id); p != liveProgress_.end())
      percent = static_cast<long long>(p->second * 100.0);
  }
  JsonWriter w;
  w.beginObject().field("id", static_cast<std::int64_t>(id)).field("kind", kind);
  w.field("target", target).field("status", status).field("created_by", createdBy);
  w.field("created_at", createdAt).field("updated_at", updatedAt);
  w.optional("file_name", fileInd == soci::i_ok ? fileName : "");
  w.field("percent", static_cast<std::int64_t>(percent));
  w.field("rows_done", static_cast<std::int64_t>(rows)).key("report");
  resultInd == soci::i_ok ? w.json(result) : w.null();
  return w.endObject().take();
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
    liveProgress_.erase(job.id);
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
    o.progress = [&](double fraction, long long n) {
      std::lock_guard<std::mutex> lock(mutex_);
      liveRows_[job.id] = n;
      liveProgress_[job.id] = fraction;
    };
    ImportReport r = importRows(*ctx, runtime_.registry(),
                                runtime_.registry().requireRecordType(job.recordType), reader, o);
    rows = r.rows;
    JsonWriter w;
    w.beginObject().field("rows", static_cast<std::int64_t>(r.rows));
    w.field("inserted", static_cast<std::int64_t>(r.inserted));
    w.field("updated", static_cast<std::int64_t>(r.updated));
    w.field("unchanged", static_cast<std::int64_t>(r.unchanged));
    w.field("rejected", static_cast<std::int64_t>(r.rejected)).field("written", r.written);
    w.field("dry_run", job.dryRun).field("encoding", r.encoding).key("errors");
    writeErrors(w, r.errors);
    w.field("more_errors", static_cast<std::int64_t>(r.moreErrors)).endObject();
    result = w.take();
    if (r.rejected && !r.written) status = "failed";
  } catch (...) {
    status = "failed";
    Failure f = failureOf(std::current_exception(), tr("导入任务 " + std::to_string(job.id),
                                                       "import job " + std::to_string(job.id)));
    if (f.internal) std::cerr << "tdr: import job " << job.id << " failed: " << f.logText << "\n";
    result = errorResult(f.code, f.message, f.details);
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
