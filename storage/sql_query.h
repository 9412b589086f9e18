#ifndef RELANCE_STORAGE_SQL_QUERY_H_
#define RELANCE_STORAGE_SQL_QUERY_H_

#include <soci/soci.h>

#include <string>

#include "absl/strings/string_view.h"

// A thin layer over soci::statement for statements whose bindings are assembled
// step by step (a row buffer, optional filters), which SOCI's `session << ...`
// syntax cannot express.
namespace relance::storage {

class SqlQuery {
 public:
  // kOnce suits a statement run once: on PostgreSQL it is sent with its
  // parameters in one round trip instead of being prepared, run and deallocated
  // in three. kRepeated keeps the prepared statement for Execute() to run again
  // with the bound variables' new values.
  enum class Reuse { kOnce, kRepeated };

  SqlQuery(soci::session& session, std::string sql, Reuse reuse = Reuse::kOnce);
  SqlQuery(const SqlQuery&) = delete;
  SqlQuery& operator=(const SqlQuery&) = delete;

  // Binds :name to `value`, read at each Execute(); it must outlive the query.
  template <typename T>
  SqlQuery& Use(const char* name, const T& value) {
    statement_.exchange(soci::use(value, name));
    return *this;
  }

  // Binds :name to `value`, or to NULL while `indicator` is soci::i_null; both
  // must outlive the query.
  template <typename T>
  SqlQuery& Use(const char* name, const T& value, soci::indicator& indicator) {
    statement_.exchange(soci::use(value, indicator, name));
    return *this;
  }

  // Binds the next result column to `value`, written by each Execute() and
  // Next() that returns true.
  template <typename T>
  SqlQuery& Into(T& value) {
    statement_.exchange(soci::into(value));
    return *this;
  }

  // Binds the next result columns to a row buffer (see sql_rows.h).
  template <typename Row>
  SqlQuery& IntoRow(Row& row) {
    row.BindColumns(statement_);
    return *this;
  }

  // Runs the statement and fetches its first row, if any; returns whether there
  // was one.
  bool Execute();
  // Fetches the next row; returns whether there was one.
  bool Next();
  long long affected_rows();

 private:
  soci::statement statement_;
  std::string sql_;
  Reuse reuse_;
  bool prepared_ = false;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_SQL_QUERY_H_
