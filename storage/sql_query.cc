#include "storage/sql_query.h"

#include <soci/soci.h>

#include <string>
#include <utility>

namespace relance::storage {

SqlQuery::SqlQuery(soci::session& session, std::string sql, Reuse reuse)
    : statement_(session), sql_(std::move(sql)), reuse_(reuse) {}

bool SqlQuery::Execute() {
  if (!prepared_) {
    statement_.alloc();
    statement_.prepare(sql_, reuse_ == Reuse::kOnce
                                 ? soci::details::st_one_time_query
                                 : soci::details::st_repeatable_query);
    statement_.define_and_bind();
    prepared_ = true;
  }
  return statement_.execute(/*withDataExchange=*/true);
}

bool SqlQuery::Next() { return statement_.fetch(); }

long long SqlQuery::affected_rows() { return statement_.get_affected_rows(); }

}  // namespace relance::storage
