#include "storage/change_log_repository.h"

#include <soci/soci.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/records.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

constexpr char kChangeColumns[] =
    "id, occurred_time_us, actor, action, subject";

constexpr char kInsertChange[] =
    "INSERT INTO changes (occurred_time_us, actor, action, subject) "
    "VALUES (:occurred_time_us, :actor, :action, :subject)";

constexpr char kChangesAfterId[] = " FROM changes WHERE id > :after_id";
constexpr char kAndActor[] = " AND actor = :actor";
// A prefix compared as it is: LIKE would read the '_' of "penalty_rate." as a
// wildcard. The casts tell PostgreSQL which length() is meant.
constexpr char kAndActionPrefix[] =
    " AND substr(action, 1, length(CAST(:action_prefix AS TEXT))) = "
    "CAST(:action_prefix AS TEXT)";

// The buffers one changes row is read into (kChangeColumns).
struct ChangeRow {
  using Record = ChangeRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(occurred_time_us));
    statement.exchange(soci::into(actor));
    statement.exchange(soci::into(action));
    statement.exchange(soci::into(subject));
  }

  absl::StatusOr<ChangeRecord> ToRecord() const {
    ChangeRecord record;
    record.id = id;
    record.time = TimeFromColumn(occurred_time_us);
    record.actor = actor;
    record.action = action;
    record.subject = subject;
    return record;
  }

  long long id = 0;
  long long occurred_time_us = 0;
  std::string actor;
  std::string action;
  std::string subject;
};

}  // namespace

absl::Status RecordChange(soci::session& session, const Change& change,
                          absl::string_view action, absl::string_view subject) {
  if (change.actor.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a change needs an actor (", action, " of ", subject, ")"));
  }
  if (action.empty()) {
    return absl::InvalidArgumentError("a change needs an action");
  }
  const long long occurred_time_us = TimeToColumn(change.now);
  const std::string action_column(action);
  const std::string subject_column(subject);
  SqlQuery insert(session, kInsertChange);
  insert.Use("occurred_time_us", occurred_time_us)
      .Use("actor", change.actor)
      .Use("action", action_column)
      .Use("subject", subject_column);
  insert.Execute();
  return absl::OkStatus();
}

absl::StatusOr<Page<ChangeRecord>> SqlChangeLogRepository::List(
    const ChangeFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const long long after_id = page.after_id;
  const long long limit = PageQueryLimit(page);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<ChangeRecord>> {
        std::string sql =
            absl::StrCat("SELECT ", kChangeColumns, kChangesAfterId);
        if (filter.actor.has_value()) absl::StrAppend(&sql, kAndActor);
        if (filter.action_prefix.has_value()) {
          absl::StrAppend(&sql, kAndActionPrefix);
        }
        absl::StrAppend(&sql, kPageOrder);
        SqlQuery query(session, std::move(sql));
        query.Use("after_id", after_id).Use("limit", limit);
        if (filter.actor.has_value()) query.Use("actor", *filter.actor);
        if (filter.action_prefix.has_value()) {
          query.Use("action_prefix", *filter.action_prefix);
        }
        RELANCE_ASSIGN_OR_RETURN(std::vector<ChangeRecord> rows,
                                 FetchAll<ChangeRow>(query));
        return ToPage(std::move(rows), page);
      });
}

}  // namespace relance::storage
