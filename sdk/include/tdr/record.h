#pragma once

#include <tdr/error.h>
#include <tdr/export.h>
#include <tdr/value.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tdr {

class Context;

/// What kind of value a field holds; decides parsing, validation, storage and export.
enum class FieldType {
  kText,        ///< UTF-8 text
  kInteger,     ///< whole number (BIGINT)
  kBoolean,     ///< stored 0/1; files accept 1/0, true/false, yes/no, 是/否
  kDate,        ///< YYYY-MM-DD text, a real calendar date
  kChoice,      ///< one of a fixed list of codes; files may use the code or its Chinese label
  kReference,   ///< another record, given in files by its natural key, stored as its id
  kMoney,       ///< integer fen; files use yuan with up to two decimals ("1234.50")
  kHoursX10,    ///< integer tenths of a 学时; files use hours with one decimal ("2.5")
  kNationalId,  ///< GB 11643 ID number: stored as keyed hash + last 4, exported masked
  kYear,        ///< a calendar year written YYYY, stored as an integer
};

/// "text", "integer", ... as shown in docs and OpenAPI.
TDR_API const char* fieldTypeName(FieldType t);

/// One allowed value of a choice field: the stored code and its Chinese label.
struct Choice {
  std::string code;
  std::string label;
};

/// A declared field of a record type. Build with the factories, refine with the setters:
/// `Field::text("name", "姓名").required().maxLength(50)`.
class TDR_API Field {
 public:
  static Field text(std::string name, std::string label);
  static Field integer(std::string name, std::string label);
  static Field boolean(std::string name, std::string label);
  static Field date(std::string name, std::string label);
  static Field choice(std::string name, std::string label, std::vector<Choice> choices);
  /// A reference to `target` ("core.teachers"); the column defaults to `<name>_id`.
  static Field reference(std::string name, std::string label, std::string target);
  static Field money(std::string name, std::string label);
  static Field hoursX10(std::string name, std::string label);
  /// A national ID; stored in columns `<name>_hash` and `<name>_last4`.
  static Field nationalId(std::string name, std::string label);
  /// A calendar year (YYYY).
  static Field year(std::string name, std::string label);

  Field& required(bool v = true);
  Field& unique(bool v = true);
  Field& range(long long min, long long max);
  Field& maxLength(std::size_t n);
  /// Only users holding `capability` see the value; others see it masked.
  Field& sensitive(std::string capability);
  Field& column(std::string c);
  /// Derived or workflow-owned: set only by the plugin (prepare hooks, actions through
  /// Context::save); a create, update or import that gives a different value is refused.
  Field& readOnly(bool v = true);
  /// For action and report parameters: the value used when the caller gives none.
  Field& defaultValue(std::string v);
  /// A longer explanation for people (forms, OpenAPI, `--help`).
  Field& description(std::string d);

  const std::string& name() const { return name_; }
  const std::string& label() const { return label_; }
  FieldType type() const { return type_; }
  bool isRequired() const { return required_; }
  bool isUnique() const { return unique_; }
  const std::optional<long long>& minValue() const { return min_; }
  const std::optional<long long>& maxValue() const { return max_; }
  std::size_t maxLen() const { return maxLength_; }
  const std::vector<Choice>& choices() const { return choices_; }
  const std::string& target() const { return target_; }
  const std::string& sensitiveCapability() const { return sensitiveCapability_; }
  /// The column holding the value (for national IDs: the hash column).
  const std::string& columnName() const { return column_; }
  bool isReadOnly() const { return readOnly_; }
  const std::string& defaultText() const { return default_; }
  const std::string& descriptionText() const { return description_; }

 private:
  Field(std::string name, std::string label, FieldType type);

  std::string name_;
  std::string label_;
  FieldType type_;
  bool required_ = false;
  bool unique_ = false;
  std::optional<long long> min_;
  std::optional<long long> max_;
  std::size_t maxLength_ = 0;
  std::vector<Choice> choices_;
  std::string target_;
  std::string sensitiveCapability_;
  std::string column_;
  bool readOnly_ = false;
  std::string default_;
  std::string description_;
};

/// Domain validation run after field validation, before a write; add to `errors` to reject.
/// `record` is always the whole record as it will be stored (for an update: the stored values
/// merged with the change), with its id (0 for a new one).
using ValidateFn =
    std::function<void(Context& ctx, const Record& record, std::vector<FieldError>& errors)>;

/// Fills derived values of a record about to be written (from a file row, an API body or an
/// action), before its validation. `record` is the whole record as it will be stored (the
/// stored values merged with the change); `existing` is the stored record it updates, or
/// nullptr for a new one.
using PrepareFn = std::function<void(Context& ctx, Record& record, const Record* existing)>;

/// A declared record type: the host derives CRUD, import/export, validation and scoping.
struct RecordType {
  std::string name;                     ///< addressed as `<plugin>.<name>`
  std::string label;                    ///< Chinese label for people
  std::string table;                    ///< `<plugin>_...`
  std::vector<Field> fields;            ///< in file/column order
  std::vector<std::string> naturalKey;  ///< fields identifying a record in files (upsert key)
  /// Field scoping the record to a school ("" = none): a reference to core.schools, to
  /// core.teachers (their home school) or to a record type that is itself school-scoped (the
  /// scope follows the chain). Anything else refuses the plugin at load.
  std::string schoolField;
  /// Field naming the teacher a record belongs to ("" = none): a reference to core.teachers.
  /// Users whose role has own-record scope (teachers) see and change only their own rows; a
  /// type that references core.teachers without declaring it is hidden from them.
  std::string teacherField;
  /// Ownership by user attribute: user attribute -> field. A user holding the attribute (a
  /// training centre's `provider`) may write only records whose field equals it, as stored and
  /// as they will be.
  std::map<std::string, std::string> ownerAttributes;
  /// Capability to read / to write this type ("" = `<plugin>:read` / `<plugin>:write`); e.g.
  /// district rules that only HR may change.
  std::string readCapability;
  std::string writeCapability;
  ValidateFn validate;  ///< optional domain validation
  PrepareFn prepare;    ///< optional derived values, run before validate

  /// The field called `name`, or nullptr.
  TDR_API const Field* field(const std::string& name) const;
};

}  // namespace tdr
