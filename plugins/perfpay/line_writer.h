#pragma once

#include <soci/soci.h>

#include <string>
#include <vector>

#include "compute.h"

namespace tdr::perfpay {

// Writes pay lines in multi-row INSERTs of 50 (one round trip each on PostgreSQL instead of
// one a teacher) through a statement prepared once per action call and bound to its buffers
// (preparing a 550-parameter statement is not free: SQLite maps parameter names in O(n²)).
class LineWriter {
 public:
  explicit LineWriter(soci::session& db) : db_(db), ints_(kChunk * kInts), texts_(kChunk) {}

  void write(long long schemeId, const std::vector<Line>& lines) {
    for (std::size_t start = 0; start < lines.size(); start += kChunk) {
      const std::size_t n = std::min(kChunk, lines.size() - start);
      for (std::size_t i = 0; i < n; ++i) {
        const Line& l = lines[start + i];
        long long* v = &ints_[i * kInts];
        v[0] = schemeId;
        v[1] = l.teacherId;
        v[2] = l.months;
        v[3] = l.basicFen;
        v[4] = l.allowanceFen;
        v[5] = l.rotationFen;
        v[6] = l.incentiveFen;
        v[7] = l.totalFen;
        v[8] = l.points;
        v[9] = l.vetoed ? 1 : 0;
        texts_[i] = l.explanation;
      }
      if (n == kChunk) {
        if (!full_) full_ = prepare(kChunk);
        full_->execute(true);
      } else {
        prepare(n)->execute(true);
      }
    }
  }

 private:
  static constexpr std::size_t kChunk = 50, kInts = 10;
  std::unique_ptr<soci::statement> prepare(std::size_t rows) {
    std::string sql =
        "INSERT INTO perfpay_lines (scheme_id, teacher_id, months, basic_fen, allowance_fen, "
        "rotation_fen, incentive_fen, total_fen, points, vetoed, explanation) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) {
      sql += i ? ", (" : "(";
      for (std::size_t k = 0; k <= kInts; ++k)
        sql += (k ? ", :p" : ":p") + std::to_string(i * (kInts + 1) + k);
      sql += ")";
    }
    auto st = std::make_unique<soci::statement>(db_);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t k = 0; k < kInts; ++k) st->exchange(soci::use(ints_[i * kInts + k]));
      st->exchange(soci::use(texts_[i]));
    }
    st->alloc();
    st->prepare(sql);
    st->define_and_bind();
    return st;
  }
  soci::session& db_;
  std::vector<long long> ints_;
  std::vector<std::string> texts_;
  std::unique_ptr<soci::statement> full_;
};

}  // namespace tdr::perfpay
