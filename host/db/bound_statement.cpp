#include "db/bound_statement.h"

#include <tdr/error.h>

#include <charconv>

#include "util/text.h"

namespace tdr::host {

bool parseInteger(const std::string& s, long long& out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

BoundStatement::BoundStatement(soci::session& s, const std::string& sql,
                               const std::vector<bool>& paramIsInt,
                               const std::vector<bool>& resultIsInt, bool oneTime)
    : params_(paramIsInt.size()), results_(resultIsInt.size()), statement_(s) {
  // The slots are sized before binding and never resized: SOCI keeps their addresses.
  for (std::size_t i = 0; i < params_.size(); ++i) {
    params_[i].isInt = paramIsInt[i];
    if (params_[i].isInt)
      statement_.exchange(soci::use(params_[i].integer, params_[i].ind));
    else
      statement_.exchange(soci::use(params_[i].text, params_[i].ind));
  }
  for (std::size_t i = 0; i < results_.size(); ++i) {
    results_[i].isInt = resultIsInt[i];
    if (results_[i].isInt)
      statement_.exchange(soci::into(results_[i].integer, results_[i].ind));
    else
      statement_.exchange(soci::into(results_[i].text, results_[i].ind));
  }
  statement_.alloc();
  statement_.prepare(
      sql, oneTime ? soci::details::st_one_time_query : soci::details::st_repeatable_query);
  statement_.define_and_bind();
}

void BoundStatement::set(std::size_t i, const Value& v) {
  Slot& p = params_.at(i);
  if (isNull(v)) {
    p.ind = soci::i_null;
    return;
  }
  p.ind = soci::i_ok;
  if (p.isInt) {
    if (const auto* n = std::get_if<long long>(&v))
      p.integer = *n;
    else if (!parseInteger(std::get<std::string>(v), p.integer))
      throw Error(ErrorCode::kValidation,
                  tr("'" + std::get<std::string>(v) + "' 不是整数",
                     "'" + std::get<std::string>(v) + "' is not a whole number"));
  } else {
    p.text = toText(v);
  }
}

bool BoundStatement::execute() { return statement_.execute(true); }

bool BoundStatement::fetch() { return statement_.fetch(); }

std::optional<std::vector<Value>> BoundStatement::queryOne() {
  if (!execute()) return std::nullopt;
  std::vector<Value> row;
  row.reserve(results_.size());
  for (std::size_t i = 0; i < results_.size(); ++i) row.push_back(result(i));
  while (fetch()) {
  }
  return row;
}

BoundStatement& StatementCache::get(const std::string& sql, const std::vector<bool>& params,
                                    const std::vector<bool>& results) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) {
    recent_.splice(recent_.begin(), recent_, found->second.use);
    return *found->second.statement;
  }
  auto statement = std::make_unique<BoundStatement>(session_, sql, params, results);
  auto [it, inserted] = statements_.emplace(sql, Entry{std::move(statement), {}});
  (void)inserted;
  recent_.push_front(&it->first);
  it->second.use = recent_.begin();
  return *it->second.statement;
}

void StatementCache::trim() {
  while (statements_.size() > capacity_) {
    const std::string oldest = *recent_.back();  // a copy: the key goes with its entry
    recent_.pop_back();
    statements_.erase(oldest);
    ++evictions_;
  }
}

Value BoundStatement::result(std::size_t i) const {
  const Slot& r = results_.at(i);
  if (r.ind == soci::i_null) return Value{};
  if (r.isInt) return Value{r.integer};
  return Value{r.text};
}

}  // namespace tdr::host
