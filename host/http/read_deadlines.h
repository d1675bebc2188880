#pragma once

#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <list>
#include <mutex>
#include <thread>

namespace tdr::host {

/// Deadlines for reading a request, so that clients sending slowly (a few bytes at a time,
/// each within the per-read timeout) cannot hold the server's threads: a watchdog thread
/// answers 408 and closes a connection whose request head is not in within `headSeconds` of
/// its start (or of the previous response) — 2 s while other clients wait for a thread — and
/// cuts the body read of a request whose body is not in by its deadline (readBody then
/// answers 408). Connections register from the thread that serves them.
class ReadDeadlines {
 public:
  /// `waiting` says how many connections wait for a thread.
  ReadDeadlines(int headSeconds, std::function<int()> waiting);
  ~ReadDeadlines();
  ReadDeadlines(const ReadDeadlines&) = delete;
  ReadDeadlines& operator=(const ReadDeadlines&) = delete;

  /// The head deadline while other clients wait (beyond the 2 s an idle keep-alive
  /// connection has to start its next request, after which Poco closes it anyway).
  static constexpr int kBusyHeadSeconds = 3;
  /// A body must arrive at this rate at least (beyond the head allowance).
  static constexpr long long kMinBodyBytesPerSecond = 64 * 1024;

  /// The connection served by this thread, from its start to its end: arms the head deadline.
  class Connection {
   public:
    Connection(ReadDeadlines& owner, const Poco::Net::StreamSocket& socket);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
  };

  /// The request head was read (the handler is about to run): no deadline now.
  static void headRead();
  /// The response was sent: the next request's head must come within the head deadline.
  static void responseSent();
  /// A body of `bytes` (or at most that many) is to be read now.
  static void bodyStarts(long long bytes);
  /// The body is read.
  static void bodyRead();
  /// True when the watchdog cut this thread's body read off (readBody answers 408).
  static bool bodyCutOff();
  /// The seconds a body of `bytes` is allowed after the head: the head allowance plus one
  /// second per 64 KiB, plus one.
  static long long bodySeconds(long long bytes);

  int headSeconds() const { return headSeconds_; }

 private:
  struct Slot {
    Poco::Net::StreamSocket socket;
    std::atomic<long long> deadlineMs{0};   // steady clock ms; 0 = none
    std::atomic<long long> headSinceMs{0};  // the head phase started then; 0 = not in it
    std::atomic<bool> cut{false};
    ReadDeadlines* owner = nullptr;
  };
  static long long nowMs();
  void watch();
  void cutOff(Slot& slot, bool head);

  const int headSeconds_;
  std::function<int()> waiting_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::list<Slot> slots_;
  std::thread thread_;
  static thread_local Slot* current_;
};

}  // namespace tdr::host
