#pragma once

#include <tdr/dialect.h>
#include <tdr/plugin.h>

#include <string>
#include <vector>

namespace soci {
class session;
}

namespace tdr::host {

/// One forward-only migration chosen for the current dialect.
struct Migration {
  int version = 0;
  std::string name;      ///< "init" from 0001_init.sql
  std::string fileName;  ///< the file actually used (maybe a dialect variant)
  std::string sql;
  std::string checksum;  ///< SHA-256 of the SQL text
};

/// A row of the core_migrations ledger.
struct LedgerEntry {
  int version = 0;
  std::string name;
  std::string checksum;
  std::string appliedAt;
};

/// Chooses the migrations of one owner for `dialect` from its embedded files: for each version,
/// `NNNN_x.<dialect>.sql` if present, else `NNNN_x.sql`, with `{{id}}` expanded to the dialect's
/// identity primary key. Throws tdr::Error naming a bad file.
std::vector<Migration> migrationsFor(const SchemaFile* files, Dialect dialect);

/// Reads and writes the core_migrations ledger and applies migrations, each in its own
/// transaction.
class Migrator {
 public:
  explicit Migrator(soci::session& session);

  /// Creates core_migrations when missing.
  void ensureLedger();
  std::vector<LedgerEntry> ledger(const std::string& owner);
  /// The highest applied version of `owner` (0 when none).
  int schemaVersion(const std::string& owner);
  /// The migrations not yet applied. Throws tdr::Error (conflict) when an applied migration's
  /// checksum changed or the database is newer than `available`.
  std::vector<Migration> pending(const std::string& owner, const std::vector<Migration>& available);
  /// Applies one migration and records it, in one transaction; on failure nothing is left and
  /// tdr::Error says which statement failed.
  void apply(const std::string& owner, const Migration& m);

 private:
  soci::session& session_;
};

}  // namespace tdr::host
