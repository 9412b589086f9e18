#include "storage/event_repository.h"

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

// NULL references are read as 0, so that the buffers need no indicators.
constexpr char kSelectEvents[] =
    "SELECT sequence, kind, client_id, COALESCE(invoice_id, 0), "
    "COALESCE(interaction_id, 0), COALESCE(reminder_id, 0), occurred_time_us, "
    "payload FROM events WHERE sequence > :after_sequence";
constexpr char kAndClient[] = " AND client_id = :client_id";
constexpr char kOrderAndLimit[] = " ORDER BY sequence LIMIT :limit";
constexpr char kLastSequence[] =
    "SELECT COALESCE(MAX(sequence), 0) FROM events";

struct EventRow {
  using Record = EventRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(sequence));
    statement.exchange(soci::into(kind));
    statement.exchange(soci::into(client_id));
    statement.exchange(soci::into(invoice_id));
    statement.exchange(soci::into(interaction_id));
    statement.exchange(soci::into(reminder_id));
    statement.exchange(soci::into(occurred_time_us));
    statement.exchange(soci::into(payload));
  }

  absl::StatusOr<EventRecord> ToRecord() const {
    EventRecord record;
    record.sequence = sequence;
    record.kind = kind;
    record.client_id = client_id;
    if (invoice_id != 0) record.invoice_id = invoice_id;
    if (interaction_id != 0) record.interaction_id = interaction_id;
    if (reminder_id != 0) record.reminder_id = reminder_id;
    record.occurred_time = TimeFromColumn(occurred_time_us);
    record.payload = payload;
    return record;
  }

  long long sequence = 0;
  std::string kind;
  long long client_id = 0;
  long long invoice_id = 0;
  long long interaction_id = 0;
  long long reminder_id = 0;
  long long occurred_time_us = 0;
  std::string payload;
};

}  // namespace

absl::StatusOr<std::vector<EventRecord>> SqlEventRepository::List(
    const EventFilter& filter, int limit) {
  if (limit < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be at least 1, not ", limit));
  }
  const long long after_sequence = filter.after_sequence;
  const long long client_id = filter.client_id.value_or(0);
  const long long row_limit = limit;
  std::string sql = kSelectEvents;
  if (filter.client_id.has_value()) absl::StrAppend(&sql, kAndClient);
  // Kinds come from callers: each is bound, never inlined.
  std::vector<std::string> kind_names;
  if (!filter.kinds.empty()) {
    absl::StrAppend(&sql, " AND kind IN (");
    for (size_t i = 0; i < filter.kinds.size(); ++i) {
      absl::StrAppend(&sql, i == 0 ? "" : ", ", ":kind", i);
      kind_names.push_back(absl::StrCat("kind", i));
    }
    absl::StrAppend(&sql, ")");
  }
  absl::StrAppend(&sql, kOrderAndLimit);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<std::vector<EventRecord>> {
        SqlQuery query(session, sql);
        query.Use("after_sequence", after_sequence);
        if (filter.client_id.has_value()) query.Use("client_id", client_id);
        for (size_t i = 0; i < filter.kinds.size(); ++i) {
          query.Use(kind_names[i].c_str(), filter.kinds[i]);
        }
        query.Use("limit", row_limit);
        return FetchAll<EventRow>(query);
      });
}

absl::StatusOr<std::int64_t> SqlEventRepository::LastSequence() {
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<std::int64_t> {
        long long sequence = 0;
        SqlQuery query(session, kLastSequence);
        query.Into(sequence);
        query.Execute();
        return sequence;
      });
}

}  // namespace relance::storage
