#include "http/read_deadlines.h"

#include <Poco/Exception.h>

#include "util/json.h"
#include "util/text.h"

namespace tdr::host {

thread_local ReadDeadlines::Slot* ReadDeadlines::current_ = nullptr;

long long ReadDeadlines::nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

long long ReadDeadlines::bodySeconds(long long bytes) {
  const long long head = current_ ? current_->owner->headSeconds_ : 0;
  return head + bytes / kMinBodyBytesPerSecond + 1;
}

ReadDeadlines::ReadDeadlines(int headSeconds, std::function<int()> waiting)
    : headSeconds_(headSeconds), waiting_(std::move(waiting)), thread_([this] { watch(); }) {}

ReadDeadlines::~ReadDeadlines() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

ReadDeadlines::Connection::Connection(ReadDeadlines& owner, const Poco::Net::StreamSocket& socket) {
  std::lock_guard<std::mutex> lock(owner.mutex_);
  owner.slots_.emplace_back();
  Slot& slot = owner.slots_.back();
  slot.socket = socket;
  slot.owner = &owner;
  current_ = &slot;
  responseSent();
}

ReadDeadlines::Connection::~Connection() {
  Slot* slot = current_;
  current_ = nullptr;
  if (!slot) return;
  ReadDeadlines& owner = *slot->owner;
  std::lock_guard<std::mutex> lock(owner.mutex_);
  for (auto it = owner.slots_.begin(); it != owner.slots_.end(); ++it)
    if (&*it == slot) {
      owner.slots_.erase(it);
      break;
    }
}

void ReadDeadlines::headRead() {
  if (!current_) return;
  current_->headSinceMs = 0;
  current_->deadlineMs = 0;
}

void ReadDeadlines::responseSent() {
  if (!current_) return;
  long long now = nowMs();
  current_->headSinceMs = now;
  current_->deadlineMs = now + 1000LL * current_->owner->headSeconds_;
}

void ReadDeadlines::bodyStarts(long long bytes) {
  if (!current_) return;
  current_->deadlineMs = nowMs() + 1000LL * bodySeconds(bytes);
}

void ReadDeadlines::bodyRead() {
  if (current_) current_->deadlineMs = 0;
}

bool ReadDeadlines::bodyCutOff() { return current_ && current_->cut; }

void ReadDeadlines::cutOff(Slot& slot, bool head) {
  slot.cut = true;
  try {
    if (head) {  // the serving thread only reads now: the answer is the watchdog's to send
      const std::string body = apiErrorJson(
          "request_timeout",
          tr("请求头没有在 " + std::to_string(headSeconds_) + " 秒内（有其他客户端等待时 " +
                 std::to_string(kBusyHeadSeconds) + " 秒）发送完，连接已关闭",
             "the request head did not arrive within " + std::to_string(headSeconds_) + " s (" +
                 std::to_string(kBusyHeadSeconds) +
                 " s while other clients wait); the connection is closed"));
      std::string reply =
          "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Type: application/json; "
          "charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n"
          "Content-Length: " +
          std::to_string(body.size()) + "\r\n\r\n" + body;
      slot.socket.sendBytes(reply.data(), static_cast<int>(reply.size()));
      slot.socket.shutdown();
    } else {  // the serving thread's read ends; readBody answers 408
      slot.socket.shutdownReceive();
    }
  } catch (const Poco::Exception&) {  // the client went away meanwhile: nothing to tell it
  }
}

void ReadDeadlines::watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(100));
    if (stopping_) break;
    const long long now = nowMs();
    bool othersWait = false, asked = false;
    for (Slot& slot : slots_) {
      long long deadline = slot.deadlineMs, since = slot.headSinceMs;
      if (deadline == 0) continue;
      bool head = since != 0;
      if (head && !asked && now - since > 1000LL * kBusyHeadSeconds) {
        othersWait = waiting_ && waiting_() > 0;
        asked = true;
      }
      if ((now > deadline || (head && othersWait && now - since > 1000LL * kBusyHeadSeconds)) &&
          slot.deadlineMs.compare_exchange_strong(deadline, 0))  // not read meanwhile
        cutOff(slot, head);
    }
  }
}

}  // namespace tdr::host
