#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace tdr::host {

ProgressBar::ProgressBar(std::string label) : label_(std::move(label)), enabled_(isatty(2)) {}

ProgressBar::~ProgressBar() { done(); }

void ProgressBar::update(double fraction, long long rows) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (drawn_ && fraction < 1.0 && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  if (fraction > 1.0) fraction = 1.0;
  const int width = 30;
  int filled = static_cast<int>(fraction * width);
  std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% %lld rows", label_.c_str(), filled,
               "##############################", width - filled, "",
               static_cast<int>(fraction * 100), rows);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::done() {
  if (enabled_ && drawn_) {
    std::fprintf(stderr, "\n");
    drawn_ = false;
  }
}

}  // namespace tdr::host
