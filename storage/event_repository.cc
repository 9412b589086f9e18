#include "storage/event_repository.h"

#include <soci/soci.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "storage/base/status_macros.h"
#include "storage/event_payload.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

// NULL references are read as 0, so that the buffers need no indicators. The
// client's name and owner and the invoice's number are read as they are now.
constexpr char kSelectEvents[] =
    "SELECT e.sequence, e.kind, e.client_id, COALESCE(e.invoice_id, 0), "
    "COALESCE(e.interaction_id, 0), COALESCE(e.reminder_id, 0), "
    "e.occurred_time_us, e.payload, COALESCE(c.name, ''), "
    "COALESCE(c.owner, ''), COALESCE(i.number, '') FROM events e "
    "LEFT JOIN clients c ON c.id = e.client_id "
    "LEFT JOIN invoices i ON i.id = e.invoice_id "
    "WHERE e.sequence > :after_sequence";
constexpr char kUpToSequence[] = " AND e.sequence <= :up_to_sequence";
constexpr char kAndEventOwner[] = " AND c.owner = :owner";
constexpr char kOrderAndLimit[] = " ORDER BY e.sequence LIMIT :limit";
constexpr char kLastSequence[] =
    "SELECT COALESCE(MAX(sequence), 0) FROM events";

// " AND column IN (:prefix0, :prefix1, ...)", with the names it binds.
std::string InList(absl::string_view column, absl::string_view prefix,
                   size_t count, std::vector<std::string>* names) {
  std::string sql = absl::StrCat(" AND ", column, " IN (");
  for (size_t i = 0; i < count; ++i) {
    names->push_back(absl::StrCat(prefix, i));
    absl::StrAppend(&sql, i == 0 ? ":" : ", :", names->back());
  }
  absl::StrAppend(&sql, ")");
  return sql;
}

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
    statement.exchange(soci::into(client_name));
    statement.exchange(soci::into(client_owner));
    statement.exchange(soci::into(invoice_number));
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
    record.client_name = client_name;
    record.client_owner = client_owner;
    record.invoice_number = invoice_number;
    RELANCE_RETURN_IF_ERROR(DecodeEventPayload(payload, &record));
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
  std::string client_name;
  std::string client_owner;
  std::string invoice_number;
};

}  // namespace

absl::StatusOr<std::vector<EventRecord>> SqlEventRepository::List(
    const EventFilter& filter, int limit) {
  if (limit < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit must be at least 1, not ", limit));
  }
  const long long after_sequence = filter.after_sequence;
  const long long up_to_sequence = filter.up_to_sequence.value_or(0);
  const long long row_limit = limit;
  std::vector<long long> client_ids(filter.client_ids.begin(),
                                    filter.client_ids.end());
  std::string sql = kSelectEvents;
  if (filter.up_to_sequence.has_value()) absl::StrAppend(&sql, kUpToSequence);
  // Clients and kinds come from callers: each is bound, never inlined.
  std::vector<std::string> client_names;
  if (!client_ids.empty()) {
    absl::StrAppend(&sql, InList("e.client_id", "client", client_ids.size(),
                                 &client_names));
  }
  if (filter.owner.has_value()) absl::StrAppend(&sql, kAndEventOwner);
  std::vector<std::string> kind_names;
  if (!filter.kinds.empty()) {
    absl::StrAppend(&sql,
                    InList("e.kind", "kind", filter.kinds.size(), &kind_names));
  }
  absl::StrAppend(&sql, kOrderAndLimit);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<std::vector<EventRecord>> {
        SqlQuery query(session, sql);
        query.Use("after_sequence", after_sequence);
        if (filter.up_to_sequence.has_value()) {
          query.Use("up_to_sequence", up_to_sequence);
        }
        for (size_t i = 0; i < client_ids.size(); ++i) {
          query.Use(client_names[i].c_str(), client_ids[i]);
        }
        if (filter.owner.has_value()) query.Use("owner", *filter.owner);
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
