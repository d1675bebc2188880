#pragma once

#include <soci/soci.h>
#include <tdr/value.h>

#include <string>
#include <vector>

namespace tdr::host {

/// A prepared statement whose parameters and result columns are decided at run time (from a
/// record type's fields), each an integer or a text with a null indicator. Prepared once,
/// executed many times: set the parameters, execute, read the results.
class BoundStatement {
 public:
  BoundStatement(soci::session& s, const std::string& sql, const std::vector<bool>& paramIsInt,
                 const std::vector<bool>& resultIsInt);

  void set(std::size_t i, const Value& v);
  /// Executes; with result columns, fetches the first row. True when a row came.
  bool execute();
  /// Fetches the next row. False at the end.
  bool fetch();
  Value result(std::size_t i) const;
  std::size_t resultCount() const { return results_.size(); }
  /// Rows changed by the last execution of an INSERT/UPDATE/DELETE.
  long long affectedRows() { return statement_.get_affected_rows(); }

 private:
  struct Slot {
    bool isInt = false;
    long long integer = 0;
    std::string text;
    soci::indicator ind = soci::i_null;
  };
  std::vector<Slot> params_;
  std::vector<Slot> results_;
  soci::statement statement_;
};

}  // namespace tdr::host
