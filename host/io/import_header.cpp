#include "io/import_header.h"

#include <tdr/checks.h>
#include <tdr/error.h>

#include <algorithm>

#include "records/field_codec.h"
#include "util/text.h"

namespace tdr::host {

namespace {

std::string lowerAscii(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

}  // namespace

std::vector<const Field*> mapHeader(const RecordTypeEntry& type, const RowSource& source) {
  const RecordType& t = type.type;
  std::vector<const Field*> mapping;
  std::vector<FieldError> problems;
  std::vector<bool> seen(t.fields.size(), false);
  std::string expected, expectedLabels;
  for (const auto& f : t.fields) {
    expected += (expected.empty() ? "" : ", ") + f.name();
    expectedLabels += (expectedLabels.empty() ? "" : "、") + f.label();
  }
  for (const auto& raw : source.header()) {
    std::string h = trimCell(raw);
    const Field* match = nullptr;
    for (std::size_t i = 0; i < t.fields.size(); ++i) {
      const Field& f = t.fields[i];
      if (lowerAscii(h) == f.name() || (!f.label().empty() && h == f.label())) {
        match = &f;
        if (seen[i]) problems.push_back({h, tr("列重复出现", "column appears twice"), 1});
        seen[i] = true;
      }
    }
    if (!match)
      problems.push_back({h,
                          tr("不认识的列（可用的列：" + expectedLabels + "）",
                             "unknown column (expected: " + expected + ")"),
                          1});
    mapping.push_back(match);
  }
  for (std::size_t i = 0; i < t.fields.size(); ++i) {
    const Field& f = t.fields[i];
    bool isKey =
        std::find(t.naturalKey.begin(), t.naturalKey.end(), f.name()) != t.naturalKey.end();
    if (!seen[i] && (f.isRequired() || isKey))
      problems.push_back(
          {f.name(),
           tr("缺少必填列（" + f.label() + "）", "required column is missing (" + f.label() + ")"),
           1});
  }
  if (!problems.empty())
    throw validationError(
        tr("文件“" + source.name() + "”的表头不符合" + t.label + "的格式",
           "file '" + source.name() + "': the header does not fit " + type.qualifiedName),
        problems);
  return mapping;
}

}  // namespace tdr::host
