#include "db/sql_script.h"

#include <cctype>

namespace tdr::host {

namespace {

bool isWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Skips a literal or comment starting at i; returns the index just past it, or i if none.
std::size_t skipLiteral(const std::string& s, std::size_t i) {
  const std::size_t n = s.size();
  char c = s[i];
  if (c == '-' && i + 1 < n && s[i + 1] == '-') {
    while (i < n && s[i] != '\n') ++i;
    return i;
  }
  if (c == '/' && i + 1 < n && s[i + 1] == '*') {
    std::size_t end = s.find("*/", i + 2);
    return end == std::string::npos ? n : end + 2;
  }
  if (c == '\'' || c == '"' || c == '`') {
    ++i;
    while (i < n) {
      if (s[i] == c) {
        if (i + 1 < n && s[i + 1] == c) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      ++i;
    }
    return n;
  }
  if (c == '$') {
    std::size_t j = i + 1;
    while (j < n && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
    if (j < n && s[j] == '$') {
      std::string tag = s.substr(i, j - i + 1);
      std::size_t end = s.find(tag, j + 1);
      return end == std::string::npos ? n : end + tag.size();
    }
  }
  return i;
}

bool hasContent(const std::string& stmt) {
  for (const auto& t : tokenize(stmt))
    if (!t.empty()) return true;
  return false;
}

}  // namespace

std::vector<std::string> tokenize(const std::string& s) {
  std::vector<std::string> out;
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '"' || c == '`') {  // quoted identifier: keep its name
      std::size_t end = skipLiteral(s, i);
      out.push_back(lower(s.substr(i + 1, end >= i + 2 ? end - i - 2 : 0)));
      i = end;
      continue;
    }
    std::size_t skipped = skipLiteral(s, i);
    if (skipped != i) {
      if (c == '\'' || c == '$') out.push_back("'");  // a literal stands as one token
      i = skipped;
      continue;
    }
    if (isWordChar(c)) {
      std::size_t j = i;
      while (j < n && isWordChar(s[j])) ++j;
      out.push_back(lower(s.substr(i, j - i)));
      i = j;
      continue;
    }
    out.push_back(std::string(1, c));
    ++i;
  }
  return out;
}

std::vector<std::string> splitStatements(const std::string& sql) {
  std::vector<std::string> out;
  const std::size_t n = sql.size();
  std::size_t start = 0, i = 0;
  bool inTrigger = false;
  int depth = 0;                  // BEGIN ... END nesting inside a trigger body
  std::vector<std::string> head;  // first words of the current statement
  while (i < n) {
    std::size_t skipped = skipLiteral(sql, i);
    if (skipped != i) {
      i = skipped;
      continue;
    }
    char c = sql[i];
    if (isWordChar(c)) {
      std::size_t j = i;
      while (j < n && isWordChar(sql[j])) ++j;
      std::string w = lower(sql.substr(i, j - i));
      if (head.size() < 4) {
        head.push_back(w);
        if (w == "trigger" && head.front() == "create") inTrigger = true;
      }
      if (inTrigger) {
        if (w == "begin" || w == "case") ++depth;
        if (w == "end" && depth > 0) --depth;
      }
      i = j;
      continue;
    }
    if (c == ';' && !(inTrigger && depth > 0)) {
      std::string stmt = sql.substr(start, i - start);
      if (hasContent(stmt)) out.push_back(stmt);
      start = i + 1;
      head.clear();
      inTrigger = false;
      depth = 0;
    }
    ++i;
  }
  std::string tail = sql.substr(start);
  if (hasContent(tail)) out.push_back(tail);
  return out;
}

std::string checkOwnership(const std::string& owner, const std::vector<std::string>& statements,
                           const std::vector<std::string>& dependencies) {
  const std::string prefix = owner + "_";
  auto owns = [&](const std::string& name) { return name.rfind(prefix, 0) == 0; };
  auto mayReference = [&](const std::string& name) {
    if (owns(name) || name.rfind("core_", 0) == 0) return true;
    for (const auto& d : dependencies)
      if (name.rfind(d + "_", 0) == 0) return true;
    return false;
  };
  for (const auto& stmt : statements) {
    auto t = tokenize(stmt);
    // The object name at position k, skipping IF [NOT] EXISTS and a schema prefix.
    auto nameAt = [&](std::size_t k) -> std::string {
      if (k < t.size() && t[k] == "if") {
        k += (k + 1 < t.size() && t[k + 1] == "not") ? 3 : 2;
      }
      if (k + 2 < t.size() && t[k + 1] == ".") k += 2;
      return k < t.size() ? t[k] : std::string();
    };
    auto refused = [&](const std::string& what, const std::string& name) {
      return "migration " + what + " '" + name + "', which is not " + owner +
             "'s (its objects must be named " + prefix + "*)";
    };
    for (std::size_t k = 0; k < t.size(); ++k) {
      const std::string& w = t[k];
      if (w == "create") {
        std::size_t j = k + 1;
        while (j < t.size() && (t[j] == "unique" || t[j] == "temp" || t[j] == "temporary" ||
                                t[j] == "or" || t[j] == "replace" || t[j] == "virtual"))
          ++j;
        if (j >= t.size()) continue;
        const std::string kind = t[j];
        if (kind != "table" && kind != "index" && kind != "view" && kind != "trigger" &&
            kind != "sequence" && kind != "type" && kind != "function")
          continue;
        std::string name = nameAt(j + 1);
        if (!owns(name)) return refused("creates " + kind, name);
        if (kind == "index" || kind == "trigger") {
          for (std::size_t m = j + 2; m < t.size(); ++m) {
            if (t[m] == "on") {
              std::string table = nameAt(m + 1);
              if (!owns(table)) return refused("puts a " + kind + " on table", table);
              break;
            }
          }
        }
      } else if (w == "alter" || w == "drop" || w == "truncate") {
        std::size_t j = k + 1;
        if (j < t.size() && (t[j] == "table" || t[j] == "index" || t[j] == "view" ||
                             t[j] == "trigger" || t[j] == "sequence")) {
          std::string name = nameAt(j + 1);
          if (!owns(name)) return refused(w + "s " + t[j], name);
        } else if (w == "truncate") {
          std::string name = nameAt(j);
          if (!owns(name)) return refused("truncates", name);
        }
      } else if ((w == "insert" || w == "replace") && k + 1 < t.size() && t[k + 1] == "into") {
        std::string name = nameAt(k + 2);
        if (!owns(name)) return refused("writes into", name);
      } else if (w == "delete" && k + 1 < t.size() && t[k + 1] == "from") {
        std::string name = nameAt(k + 2);
        if (!owns(name)) return refused("deletes from", name);
      } else if (w == "update" && k == 0) {
        std::string name = nameAt(k + 1);
        if (!owns(name)) return refused("updates", name);
      } else if (w == "references") {
        std::string name = nameAt(k + 1);
        if (!mayReference(name))
          return "migration references table '" + name +
                 "', which belongs neither to core nor to a declared dependency of " + owner;
      }
    }
  }
  return {};
}

}  // namespace tdr::host
