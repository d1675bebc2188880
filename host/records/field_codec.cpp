#include "records/field_codec.h"

#include <soci/soci.h>
#include <tdr/checks.h>
#include <tdr/dialect.h>
#include <tdr/error.h>

#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "db/pg_copy.h"
#include "records/id_tail.h"
#include "records/record_store.h"
#include "util/digest.h"
#include "util/text.h"

namespace tdr::host {

std::string trimCell(const std::string& s) {
  std::size_t b = 0, e = s.size();
  while (true) {
    if (b < e && (s[b] == ' ' || s[b] == '\t')) {
      ++b;
    } else if (e - b >= 3 && s.compare(b, 3, "\xE3\x80\x80") == 0) {
      b += 3;
    } else {
      break;
    }
  }
  while (true) {
    if (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) {
      --e;
    } else if (e - b >= 3 && s.compare(e - 3, 3, "\xE3\x80\x80") == 0) {
      e -= 3;
    } else {
      break;
    }
  }
  return s.substr(b, e - b);
}

std::string normaliseDate(const std::string& s) {
  if (isValidDate(s)) return s;
  int part[3] = {0, 0, 0};
  int digits[3] = {0, 0, 0};
  int k = 0;
  char sep = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      part[k] = part[k] * 10 + (c - '0');
      if (++digits[k] > 4) return {};
    } else if ((c == '-' || c == '/' || c == '.') && k < 2 && (sep == 0 || sep == c)) {
      sep = c;
      ++k;
    } else {
      return {};
    }
  }
  if (k != 2 || digits[0] != 4 || digits[1] == 0 || digits[1] > 2 || digits[2] == 0 ||
      digits[2] > 2)
    return {};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", part[0], part[1], part[2]);
  return isValidDate(buf) ? buf : std::string();
}

struct ReferenceResolver::Target {
  std::string keyName;
  bool intKey = false;
  BoundStatement* byKey = nullptr;
  BoundStatement* byId = nullptr;
  std::unordered_map<std::string, long long> ids;
  std::unordered_map<long long, std::string> keys;
  std::string titleColumn;  // "" when the type declares no title
  BoundStatement* titleById = nullptr;
  std::unordered_map<long long, std::string> titles;
};

ReferenceResolver::ReferenceResolver(soci::session& s, const Registry& registry,
                                     StatementCache* cache)
    : registry_(registry),
      postgres_(dialectOf(s) == Dialect::kPostgreSQL),
      ownCache_(cache ? nullptr : std::make_unique<StatementCache>(s)),
      cache_(cache ? *cache : *ownCache_) {}

ReferenceResolver::~ReferenceResolver() = default;

ReferenceResolver::Target& ReferenceResolver::target(const std::string& name) {
  auto& slot = targets_[name];
  if (slot) return *slot;
  const RecordTypeEntry& t = registry_.requireRecordType(name);
  if (t.type.naturalKey.size() != 1)
    throw Error(ErrorCode::kInternal,
                "record type " + name + " cannot be referenced: its natural key is not one field");
  const Field* key = t.type.field(t.type.naturalKey[0]);
  if (!key || key->type() == FieldType::kReference || key->type() == FieldType::kNationalId)
    throw Error(ErrorCode::kInternal,
                "record type " + name + " cannot be referenced: its key is not a plain field");
  auto target = std::make_unique<Target>();
  target->keyName = key->name();
  bool intKey = isIntegerField(*key);
  target->intKey = intKey;
  target->byKey =
      &cache_.get("SELECT id FROM " + t.type.table + " WHERE " + key->columnName() + " = :k",
                  std::vector<bool>{intKey}, std::vector<bool>{true});
  target->byId =
      &cache_.get("SELECT " + key->columnName() + " FROM " + t.type.table + " WHERE id = :id",
                  std::vector<bool>{true}, std::vector<bool>{intKey});
  if (const Field* title = t.type.field(t.titleField)) {
    target->titleColumn = title->columnName();
    target->titleById =
        &cache_.get("SELECT " + title->columnName() + " FROM " + t.type.table + " WHERE id = :id",
                    std::vector<bool>{true}, std::vector<bool>{false});
  }
  slot = std::move(target);
  return *slot;
}

std::optional<long long> ReferenceResolver::idFor(const std::string& name, const std::string& key) {
  Target& t = target(name);
  auto it = t.ids.find(key);
  if (it != t.ids.end()) return it->second;
  if (t.intKey) {  // "12abc" names no record (it is not 12), and "abc" is no number at all
    long long n = 0;
    if (!parseInteger(key, n)) return std::nullopt;
    t.byKey->set(0, Value{n});
  } else {
    t.byKey->set(0, Value{key});
  }
  auto row = t.byKey->queryOne();
  if (!row) return std::nullopt;  // not cached: it may be created later
  long long id = std::get<long long>((*row)[0]);
  t.ids[key] = id;
  t.keys[id] = key;
  return id;
}

void ReferenceResolver::prefetch(const std::string& name, const std::vector<std::string>& keys) {
  if (!postgres_ || keys.empty()) return;
  Target& t = target(name);
  const RecordTypeEntry& type = registry_.requireRecordType(name);
  const std::string column = type.type.field(t.keyName)->columnName();
  const std::string sql = "SELECT id, " + column + " FROM " + type.type.table + " WHERE " + column +
                          " = ANY(CAST(:k AS " + (t.intKey ? "BIGINT[])" : "TEXT[])") + ")";
  constexpr std::size_t kChunk = 1000;
  std::unordered_set<std::string> asked;
  std::string array;
  std::size_t count = 0;
  auto run = [&] {
    if (count == 0) return;
    // One-time: the plan is made for this array (a cached generic plan would not know its size).
    BoundStatement st(cache_.session(), sql, {false}, {true, t.intKey}, true);
    st.set(0, Value{array + "}"});
    for (bool row = st.execute(); row; row = st.fetch()) {
      long long id = std::get<long long>(st.result(0));
      std::string key = toText(st.result(1));
      t.keys[id] = key;
      t.ids[std::move(key)] = id;
    }
    array.clear();
    count = 0;
  };
  for (const auto& key : keys) {
    if (t.ids.count(key) || !asked.insert(key).second) continue;
    Value v{key};
    if (t.intKey) {
      long long n = 0;
      if (!parseInteger(key, n)) continue;  // names no record: idFor() says so
      v = Value{n};
    }
    array += count ? ',' : '{';
    appendArrayElement(array, v);
    if (++count == kChunk) run();
  }
  run();
}

namespace {
// The text column `st` selects for record `id`, asked once per id ("" when there is none).
std::string cachedText(BoundStatement& st, std::unordered_map<long long, std::string>& cache,
                       long long id) {
  auto it = cache.find(id);
  if (it != cache.end()) return it->second;
  st.set(0, Value{id});
  auto row = st.queryOne();
  return cache[id] = row ? toText((*row)[0]) : std::string();
}
}  // namespace

std::string ReferenceResolver::keyFor(const std::string& name, long long id) {
  Target& t = target(name);
  return cachedText(*t.byId, t.keys, id);
}

std::string ReferenceResolver::titleFor(const std::string& name, long long id) {
  Target& t = target(name);
  return t.titleById ? cachedText(*t.titleById, t.titles, id) : std::string();
}

std::string ReferenceResolver::keyName(const std::string& name) { return target(name).keyName; }

std::string ReferenceResolver::unknownReason(const std::string& name, const std::string& key) {
  const RecordTypeEntry& t = registry_.requireRecordType(name);
  const Field* k = t.type.field(target(name).keyName);
  return tr("没有" + k->label() + "为 '" + key + "' 的" + t.type.label,
            "unknown " + name + " " + k->name() + " '" + key + "'");
}

namespace {

std::size_t codePoints(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string shown(const Field& f, long long v) {
  if (f.type() == FieldType::kMoney) return formatScaledDecimal(v, 2);
  if (f.type() == FieldType::kHoursX10) return formatScaledDecimal(v, 1);
  return std::to_string(v);
}

std::string rangeReason(const Field& f, long long v) {
  if ((f.minValue() && v < *f.minValue()) || (f.maxValue() && v > *f.maxValue())) {
    if (f.minValue() && f.maxValue())
      return tr("须在 " + shown(f, *f.minValue()) + " 到 " + shown(f, *f.maxValue()) + " 之间",
                "must be between " + shown(f, *f.minValue()) + " and " + shown(f, *f.maxValue()));
    if (f.minValue())
      return tr("不能小于 " + shown(f, *f.minValue()),
                "must be at least " + shown(f, *f.minValue()));
    return tr("不能大于 " + shown(f, *f.maxValue()), "must be at most " + shown(f, *f.maxValue()));
  }
  return {};
}

std::string lowerAscii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

std::string FieldCodec::parse(const Field& f, const std::string& cell, Record& out) {
  switch (f.type()) {
    case FieldType::kText:
      if (f.maxLen() && codePoints(cell) > f.maxLen())
        return tr("超过 " + std::to_string(f.maxLen()) + " 个字",
                  "is longer than " + std::to_string(f.maxLen()) + " characters");
      out.set(f.name(), Value{cell});
      return {};
    case FieldType::kInteger: {
      long long v = 0;
      bool neg = !cell.empty() && cell[0] == '-';
      if (!parseScaledDecimal(neg ? cell.substr(1) : cell, 0, v))
        return tr("'" + cell + "' 不是整数", "'" + cell + "' is not a whole number");
      if (neg) v = -v;
      if (auto r = rangeReason(f, v); !r.empty()) return r;
      out.set(f.name(), Value{v});
      return {};
    }
    case FieldType::kYear: {
      if (cell.size() != 4 || cell.find_first_not_of("0123456789") != std::string::npos)
        return tr("'" + cell + "' 不是年份（YYYY）", "'" + cell + "' is not a year (YYYY)");
      long long v = std::stoll(cell);
      if (auto r = rangeReason(f, v); !r.empty()) return r;
      out.set(f.name(), Value{v});
      return {};
    }
    case FieldType::kBoolean: {
      std::string l = lowerAscii(cell);
      if (l == "1" || l == "true" || l == "yes" || l == "y" || cell == "是") {
        out.set(f.name(), Value{1LL});
      } else if (l == "0" || l == "false" || l == "no" || l == "n" || cell == "否") {
        out.set(f.name(), Value{0LL});
      } else {
        return tr("'" + cell + "' 不是“是/否”（可填 是/否、1/0、true/false）",
                  "'" + cell + "' is not yes/no (use 1/0, true/false, 是/否)");
      }
      return {};
    }
    case FieldType::kDate: {
      std::string d = normaliseDate(cell);
      if (d.empty())
        return tr("'" + cell + "' 不是日期（YYYY-MM-DD，如 2024-09-01）",
                  "'" + cell + "' is not a date (YYYY-MM-DD)");
      out.set(f.name(), Value{d});
      return {};
    }
    case FieldType::kChoice: {
      for (const auto& c : f.choices())
        if (c.code == cell || c.label == cell) {
          out.set(f.name(), Value{c.code});
          return {};
        }
      std::string l = lowerAscii(cell);  // codes are lower case; files may shout them
      std::string allowed, labels;
      for (const auto& c : f.choices()) {
        if (c.code == l) {
          out.set(f.name(), Value{c.code});
          return {};
        }
        allowed +=
            (allowed.empty() ? "" : ", ") + c.code + (c.label.empty() ? "" : " (" + c.label + ")");
        labels += (labels.empty() ? "" : "、") + (c.label.empty() ? c.code : c.label);
      }
      return tr("'" + cell + "' 不是可选值（" + labels + "）",
                "'" + cell + "' is not one of: " + allowed);
    }
    case FieldType::kReference: {
      auto id = refs_.idFor(f.target(), cell);
      if (!id) return refs_.unknownReason(f.target(), cell);
      out.set(f.name(), Value{*id});
      return {};
    }
    case FieldType::kMoney:
    case FieldType::kHoursX10: {
      int decimals = f.type() == FieldType::kMoney ? 2 : 1;
      long long v = 0;
      if (!parseScaledDecimal(cell, decimals, v)) {
        auto dot = cell.find('.');
        if (dot != std::string::npos &&
            cell.size() - dot - 1 > static_cast<std::size_t>(decimals) &&
            parseScaledDecimal(cell.substr(0, dot + 1 + decimals), decimals, v))
          return tr("'" + cell + "' 的小数超过 " + (decimals == 1 ? "一" : "两") + " 位",
                    "'" + cell + "' has more than " +
                        (decimals == 1 ? std::string("one decimal place") : "two decimal places"));
        return decimals == 1 ? tr("'" + cell + "' 不是学时数（如 2.5）",
                                  "'" + cell + "' is not a number of hours (e.g. 2.5)")
                             : tr("'" + cell + "' 不是金额（元，如 1234.50）",
                                  "'" + cell + "' is not an amount in yuan (e.g. 1234.50)");
      }
      if (auto r = rangeReason(f, v); !r.empty()) return r;
      out.set(f.name(), Value{v});
      return {};
    }
    case FieldType::kNationalId: {
      std::string id = cell;
      if (!id.empty() && id.back() == 'x') id.back() = 'X';
      if (!isValidNationalId(id))
        return tr("不是有效的身份证号（18 位，校验码按 GB 11643）",
                  "is not a valid national ID number (18 characters, GB 11643 check digit)");
      std::string hash = hmacSha256Hex(nationalIdKey_, id);
      out.set(f.name() + "_last4", Value{sealIdTail(nationalIdKey_, hash, id.substr(14))});
      out.set(f.name(), Value{std::move(hash)});
      return {};
    }
  }
  return tr("不支持的字段类型", "unsupported field type");
}

std::string FieldCodec::format(const Field& f, const Record& r) {
  const Value& v = r.get(f.name());
  if (isNull(v)) return {};
  switch (f.type()) {
    case FieldType::kReference:
      return refs_.keyFor(f.target(), std::get<long long>(v));
    case FieldType::kMoney:
      return formatScaledDecimal(std::get<long long>(v), 2);
    case FieldType::kHoursX10:
      return formatScaledDecimal(std::get<long long>(v), 1);
    case FieldType::kNationalId: {
      std::string tail = openIdTail(nationalIdKey_, toText(v), toText(r.get(f.name() + "_last4")));
      return std::string(14, '*') + (tail.empty() ? "****" : tail);
    }
    default:
      return toText(v);
  }
}

std::string FieldCodec::display(const Field& f, const Record& r) {
  const Value& v = r.get(f.name());
  if (isNull(v)) return {};
  if (f.type() == FieldType::kChoice) {
    const std::string code = toText(v);
    for (const auto& c : f.choices())
      if (c.code == code) return tr(c.label, code);
    return code;
  }
  if (f.type() == FieldType::kBoolean) return toText(v) == "0" ? tr("否", "no") : tr("是", "yes");
  if (f.type() != FieldType::kNationalId && !std::holds_alternative<long long>(v))
    return toText(v);  // text, dates, or a plugin's text where a number was declared
  if (f.type() == FieldType::kMoney) return yuanText(std::get<long long>(v));
  return format(f, r);
}

}  // namespace tdr::host
