// Field codecs: the first byte picks a field type, the rest is a file cell. A cell either
// parses or gets a reason; a parsed value formats to a cell that parses to the same value
// (exports are import files), and a national ID's sealed tail opens to its last four.
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <tdr/record.h>

#include <cstdint>
#include <cstdlib>

#include "records/field_codec.h"
#include "records/id_tail.h"
#include "registry/registry.h"

namespace {

using tdr::Field;

std::vector<Field> fields() {
  std::vector<Field> f;
  f.push_back(Field::text("t", "文本").maxLength(20));
  f.push_back(Field::integer("i", "整数").range(-1000, 1000000));
  f.push_back(Field::boolean("b", "是否"));
  f.push_back(Field::date("d", "日期"));
  f.push_back(Field::choice("c", "选项", {{"first", "一级"}, {"second", "二级"}}));
  f.push_back(Field::money("m", "金额").range(0, 100000000));
  f.push_back(Field::hoursX10("h", "学时").range(0, 10000));
  f.push_back(Field::nationalId("n", "身份证号"));
  f.push_back(Field::year("y", "年度"));
  return f;
}

struct World {
  soci::session session{soci::sqlite3, ":memory:"};
  tdr::host::Registry registry;
  tdr::host::ReferenceResolver refs{session, registry};
  tdr::host::FieldCodec codec{refs, std::string(64, '7')};
  std::vector<Field> fields = ::fields();
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World w;
  if (size == 0) return 0;
  const Field& f = w.fields[data[0] % w.fields.size()];
  std::string cell =
      tdr::host::trimCell(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
  if (cell.empty()) return 0;
  tdr::host::normaliseDate(cell);
  tdr::Record parsed;
  if (!w.codec.parse(f, cell, parsed).empty()) return 0;
  std::string text = w.codec.format(f, parsed);
  if (f.type() == tdr::FieldType::kNationalId) {
    std::string id = cell;
    if (id.back() == 'x') id.back() = 'X';
    if (text != std::string(14, '*') + id.substr(14)) std::abort();  // the tail opens
    return 0;
  }
  tdr::Record again;
  if (!w.codec.parse(f, text, again).empty()) std::abort();  // an export cell must import
  if (!(again.get(f.name()) == parsed.get(f.name()))) std::abort();
  return 0;
}
