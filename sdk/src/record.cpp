#include <tdr/record.h>

namespace tdr {

const char* fieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::kText:
      return "text";
    case FieldType::kInteger:
      return "integer";
    case FieldType::kBoolean:
      return "boolean";
    case FieldType::kDate:
      return "date";
    case FieldType::kChoice:
      return "choice";
    case FieldType::kReference:
      return "reference";
    case FieldType::kMoney:
      return "money";
    case FieldType::kHoursX10:
      return "hours";
    case FieldType::kNationalId:
      return "national_id";
    case FieldType::kYear:
      return "year";
  }
  return "text";
}

Field::Field(std::string name, std::string label, FieldType type)
    : name_(std::move(name)), label_(std::move(label)), type_(type), column_(name_) {}

Field Field::text(std::string name, std::string label) {
  return Field(std::move(name), std::move(label), FieldType::kText);
}
Field Field::integer(std::string name, std::string label) {
  return Field(std::move(name), std::move(label), FieldType::kInteger);
}
Field Field::boolean(std::string name, std::string label) {
  return Field(std::move(name), std::move(label), FieldType::kBoolean);
}
Field Field::date(std::string name, std::string label) {
  return Field(std::move(name), std::move(label), FieldType::kDate);
}
Field Field::choice(std::string name, std::string label, std::vector<Choice> choices) {
  Field f(std::move(name), std::move(label), FieldType::kChoice);
  f.choices_ = std::move(choices);
  return f;
}
Field Field::reference(std::string name, std::string label, std::string target) {
  Field f(std::move(name), std::move(label), FieldType::kReference);
  f.target_ = std::move(target);
  f.column_ = f.name_ + "_id";
  return f;
}
Field Field::money(std::string name, std::string label) {
  return Field(std::move(name), std::move(label), FieldType::kMoney);
}
Field Field::hoursX10(std::string name, std::string label) {
  return Field(std::move(name), std::move(label), FieldType::kHoursX10);
}
Field Field::nationalId(std::string name, std::string label) {
  Field f(std::move(name), std::move(label), FieldType::kNationalId);
  f.column_ = f.name_ + "_hash";
  return f;
}

Field Field::year(std::string name, std::string label) {
  Field f(std::move(name), std::move(label), FieldType::kYear);
  f.min_ = 1900;
  f.max_ = 2999;
  return f;
}

Field& Field::readOnly(bool v) {
  readOnly_ = v;
  return *this;
}
Field& Field::defaultValue(std::string v) {
  default_ = std::move(v);
  return *this;
}
Field& Field::description(std::string d) {
  description_ = std::move(d);
  return *this;
}

Field& Field::required(bool v) {
  required_ = v;
  return *this;
}
Field& Field::unique(bool v) {
  unique_ = v;
  return *this;
}
Field& Field::range(long long min, long long max) {
  min_ = min;
  max_ = max;
  return *this;
}
Field& Field::maxLength(std::size_t n) {
  maxLength_ = n;
  return *this;
}
Field& Field::sensitive(std::string capability) {
  sensitiveCapability_ = std::move(capability);
  return *this;
}
Field& Field::column(std::string c) {
  column_ = std::move(c);
  return *this;
}

const Field* RecordType::field(const std::string& n) const {
  for (const auto& f : fields)
    if (f.name() == n) return &f;
  return nullptr;
}

}  // namespace tdr
