#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace tdr::host {

// A 64-bit hash of a key, for in-file duplicate detection with memory flat in row width.
inline std::uint64_t keyHash(const std::string& s) { return std::hash<std::string>{}(s); }

// The line of the first row with each key hash: open addressing with linear probing, two flat
// arrays at most half full, no allocation per row (a node-based map was a tenth of an import).
class LineIndex {
 public:
  /// {line of the earlier row with this key, false}, or {line, true} when the key is new.
  std::pair<long long, bool> insert(std::uint64_t key, long long line) {
    if (key == 0) key = 1;  // 0 marks an empty slot
    if ((size_ + 1) * 2 > keys_.size()) grow();
    const std::size_t mask = keys_.size() - 1;
    for (std::size_t i = mix(key) & mask;; i = (i + 1) & mask) {
      if (keys_[i] == 0) {
        keys_[i] = key;
        lines_[i] = line;
        ++size_;
        return {line, true};
      }
      if (keys_[i] == key) return {lines_[i], false};
    }
  }

 private:
  static std::size_t mix(std::uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return static_cast<std::size_t>(k);
  }
  void grow() {
    std::vector<std::uint64_t> keys(std::max<std::size_t>(1 << 12, keys_.size() * 2), 0);
    std::vector<long long> lines(keys.size(), 0);
    keys_.swap(keys);
    lines_.swap(lines);
    size_ = 0;
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i]) insert(keys[i], lines[i]);
  }
  std::vector<std::uint64_t> keys_;
  std::vector<long long> lines_;
  std::size_t size_ = 0;
};

}  // namespace tdr::host
