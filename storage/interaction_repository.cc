#include "storage/interaction_repository.h"

#include <soci/soci.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/event_listener.h"
#include "storage/event_payload.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

constexpr absl::string_view kInteractionNoun = "interaction";

// NULL references are read as 0, so that the buffers need no indicators.
constexpr char kInteractionColumns[] =
    "id, client_id, COALESCE(invoice_id, 0), kind, channel, actor, "
    "occurred_time_us, summary, message_id, recipients, subject, body_text, "
    "body_html, document_type, document, content_json, "
    "COALESCE(corrects_id, 0), create_time_us, COALESCE(request_id, ''), "
    "COALESCE(dispute_id, 0), COALESCE(promise_id, 0), COALESCE(plan_id, 0), "
    "outcome, amount_minor, currency, day, "
    "COALESCE((SELECT MIN(sequence) FROM events "
    "WHERE events.interaction_id = interactions.id), 0), "
    "COALESCE((SELECT number FROM invoices "
    "WHERE invoices.id = interactions.invoice_id), '')";

constexpr char kInsertInteraction[] =
    "INSERT INTO interactions (client_id, invoice_id, kind, channel, actor, "
    "occurred_time_us, summary, message_id, recipients, subject, body_text, "
    "body_html, document_type, document, content_json, corrects_id, "
    "create_time_us, request_id, dispute_id, promise_id, plan_id, outcome, "
    "amount_minor, currency, day) VALUES (:client_id, NULLIF(:invoice_id, 0), "
    ":kind, :channel, :actor, :occurred_time_us, :summary, :message_id, "
    ":recipients, :subject, :body_text, :body_html, :document_type, "
    ":document, :content_json, NULLIF(:corrects_id, 0), :create_time_us, "
    "NULLIF(:request_id, ''), NULLIF(:dispute_id, 0), NULLIF(:promise_id, 0), "
    "NULLIF(:plan_id, 0), :outcome, :amount_minor, :currency, :day) "
    "RETURNING id";

constexpr char kInsertInteractionReminder[] =
    "INSERT INTO interaction_reminders (interaction_id, reminder_id, "
    "invoice_id) VALUES (:interaction_id, :reminder_id, :invoice_id)";

constexpr char kReadInteractionReminders[] =
    "SELECT interaction_id, reminder_id, invoice_id FROM interaction_reminders "
    "WHERE interaction_id IN ";

constexpr char kInsertEvent[] =
    "INSERT INTO events (kind, client_id, invoice_id, interaction_id, "
    "reminder_id, occurred_time_us, payload) VALUES (:kind, :client_id, "
    "NULLIF(:invoice_id, 0), NULLIF(:interaction_id, 0), "
    "NULLIF(:reminder_id, 0), :occurred_time_us, :payload) RETURNING sequence";

// Any fixed key: the lock stands for "taking an event sequence".
constexpr char kLockEventSequence[] = "SELECT pg_advisory_xact_lock(7250001)";

constexpr char kFindInteractionByRequest[] =
    "SELECT id FROM interactions WHERE request_id = :request_id";

// The buffers one interactions row is read into.
struct InteractionRow {
  using Record = InteractionRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(client_id));
    statement.exchange(soci::into(invoice_id));
    statement.exchange(soci::into(kind));
    statement.exchange(soci::into(channel));
    statement.exchange(soci::into(actor));
    statement.exchange(soci::into(occurred_time_us));
    statement.exchange(soci::into(summary));
    statement.exchange(soci::into(message_id));
    statement.exchange(soci::into(recipients));
    statement.exchange(soci::into(subject));
    statement.exchange(soci::into(body_text));
    statement.exchange(soci::into(body_html));
    statement.exchange(soci::into(document_type));
    statement.exchange(soci::into(document));
    statement.exchange(soci::into(content_json));
    statement.exchange(soci::into(corrects_id));
    statement.exchange(soci::into(create_time_us));
    statement.exchange(soci::into(request_id));
    statement.exchange(soci::into(dispute_id));
    statement.exchange(soci::into(promise_id));
    statement.exchange(soci::into(plan_id));
    statement.exchange(soci::into(outcome));
    statement.exchange(soci::into(amount_minor));
    statement.exchange(soci::into(currency));
    statement.exchange(soci::into(day));
    statement.exchange(soci::into(event_sequence));
    statement.exchange(soci::into(invoice_number));
  }

  // INTERNAL if a column holds what no record value is written as.
  absl::StatusOr<InteractionRecord> ToRecord() const {
    InteractionRecord record;
    record.id = id;
    record.client_id = client_id;
    if (invoice_id != 0) record.invoice_id = invoice_id;
    RELANCE_ASSIGN_OR_RETURN(record.kind, InteractionKindFromColumn(kind));
    RELANCE_ASSIGN_OR_RETURN(record.channel,
                             OptionalChannelFromColumn(channel));
    record.actor = actor;
    record.occurred_time = TimeFromColumn(occurred_time_us);
    record.summary = summary;
    record.message_id = message_id;
    if (!recipients.empty()) {
      record.recipients = absl::StrSplit(recipients, '\n');
    }
    record.subject = subject;
    record.body_text = body_text;
    record.body_html = body_html;
    record.document_type = document_type;
    if (!absl::Base64Unescape(document, &record.document)) {
      return absl::InternalError(absl::StrCat("interaction ", id,
                                              " has a document that is not "
                                              "base64 in the database"));
    }
    record.content_json = content_json;
    if (corrects_id != 0) record.corrects_id = corrects_id;
    record.create_time = TimeFromColumn(create_time_us);
    record.request_id = request_id;
    if (dispute_id != 0) record.dispute_id = dispute_id;
    if (promise_id != 0) record.promise_id = promise_id;
    if (plan_id != 0) record.plan_id = plan_id;
    if (!outcome.empty()) {
      if (record.kind == InteractionKind::kCall) {
        RELANCE_ASSIGN_OR_RETURN(record.call_outcome,
                                 CallOutcomeFromColumn(outcome));
      } else {
        RELANCE_ASSIGN_OR_RETURN(record.dispute_outcome,
                                 OptionalDisputeOutcomeFromColumn(outcome));
      }
    }
    record.amount = {currency, amount_minor};
    RELANCE_ASSIGN_OR_RETURN(record.day, OptionalDayFromColumn(day));
    record.event_sequence = event_sequence;
    record.invoice_number = invoice_number;
    return record;
  }

  long long id = 0;
  long long client_id = 0;
  long long invoice_id = 0;
  std::string kind;
  std::string channel;
  std::string actor;
  long long occurred_time_us = 0;
  std::string summary;
  std::string message_id;
  std::string recipients;
  std::string subject;
  std::string body_text;
  std::string body_html;
  std::string document_type;
  std::string document;
  std::string content_json;
  long long corrects_id = 0;
  long long create_time_us = 0;
  std::string request_id;
  long long dispute_id = 0;
  long long promise_id = 0;
  long long plan_id = 0;
  std::string outcome;
  long long amount_minor = 0;
  std::string currency;
  std::string day;
  long long event_sequence = 0;
  std::string invoice_number;
};

absl::Status CheckEntry(const InteractionRecord& entry) {
  if (entry.reminder_ids.size() != entry.reminder_invoice_ids.size()) {
    return absl::InvalidArgumentError(
        "an interaction needs one invoice per reminder it links");
  }
  for (const std::string& recipient : entry.recipients) {
    if (recipient.empty() || recipient.find('\n') != std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "interaction recipient '", recipient, "' is empty or spans lines"));
    }
  }
  return absl::OkStatus();
}

// Fills in the reminders linked to `entries` (in id order).
absl::Status ReadLinks(soci::session& session,
                       std::vector<InteractionRecord>& entries) {
  if (entries.empty()) return absl::OkStatus();
  absl::flat_hash_map<long long, InteractionRecord*> by_id;
  std::vector<long long> ids;
  for (InteractionRecord& entry : entries) {
    by_id[entry.id] = &entry;
    ids.push_back(entry.id);
  }
  long long interaction_id = 0;
  long long reminder_id = 0;
  long long invoice_id = 0;
  SqlQuery query(
      session,
      absl::StrCat(kReadInteractionReminders, "(", absl::StrJoin(ids, ","),
                   ") ORDER BY interaction_id, reminder_id"));
  query.Into(interaction_id).Into(reminder_id).Into(invoice_id);
  for (bool found = query.Execute(); found; found = query.Next()) {
    InteractionRecord* entry = by_id.at(interaction_id);
    entry->reminder_ids.push_back(reminder_id);
    entry->reminder_invoice_ids.push_back(invoice_id);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<InteractionRecord> GetInteractionIn(soci::session& session,
                                                   std::int64_t id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kInteractionColumns,
                                       " FROM interactions WHERE id = :id"));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<InteractionRecord> found,
                           FetchOne<InteractionRow>(query));
  if (!found.has_value()) return NotFound(kInteractionNoun, id);
  std::vector<InteractionRecord> entries = {*std::move(found)};
  RELANCE_RETURN_IF_ERROR(ReadLinks(session, entries));
  return std::move(entries.front());
}

absl::StatusOr<std::optional<InteractionRecord>> FindInteractionByRequestIn(
    soci::session& session, const std::string& request_id) {
  if (request_id.empty()) return std::nullopt;
  long long id = 0;
  SqlQuery query(session, kFindInteractionByRequest);
  query.Use("request_id", request_id).Into(id);
  if (!query.Execute()) return std::nullopt;
  return GetInteractionIn(session, id);
}

absl::StatusOr<std::int64_t> AppendEventIn(soci::session& session,
                                           const EventRecord& event) {
  if (session.get_backend_name() == "postgresql") {
    // Identity values are taken at insert but become visible at commit, in
    // any order; serialising event writers from here to their commit makes
    // sequences visible in order, so a reader past N never misses N - 1.
    SqlQuery lock(session, kLockEventSequence);
    lock.Execute();
  }
  const long long client_id = event.client_id;
  const long long invoice_id = event.invoice_id.value_or(0);
  const long long interaction_id = event.interaction_id.value_or(0);
  const long long reminder_id = event.reminder_id.value_or(0);
  const long long occurred_time_us = TimeToColumn(event.occurred_time);
  const std::string payload = EncodeEventPayload(event);
  long long sequence = 0;
  SqlQuery insert(session, kInsertEvent);
  insert.Use("kind", event.kind)
      .Use("client_id", client_id)
      .Use("invoice_id", invoice_id)
      .Use("interaction_id", interaction_id)
      .Use("reminder_id", reminder_id)
      .Use("occurred_time_us", occurred_time_us)
      .Use("payload", payload)
      .Into(sequence);
  if (!insert.Execute()) {
    return absl::InternalError("event insert returned no sequence");
  }
  if (session.get_backend_name() == "postgresql") {
    // Delivered to the listeners of every server when the transaction
    // commits; sent again in one transaction, it is delivered once.
    SqlQuery notify(
        session, absl::StrCat("SELECT pg_notify('", kEventChannel, "', '')"));
    notify.Execute();
  }
  return sequence;
}

absl::StatusOr<std::int64_t> AppendInteractionIn(soci::session& session,
                                                 const InteractionRecord& entry,
                                                 absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckEntry(entry));
  const long long client_id = entry.client_id;
  const long long invoice_id = entry.invoice_id.value_or(0);
  const std::string kind(EnumToColumn(entry.kind));
  const std::string channel(
      entry.channel.has_value() ? EnumToColumn(*entry.channel) : "");
  const long long occurred_time_us = TimeToColumn(entry.occurred_time);
  const std::string recipients = absl::StrJoin(entry.recipients, "\n");
  const std::string document = absl::Base64Escape(entry.document);
  const long long corrects_id = entry.corrects_id.value_or(0);
  const long long create_time_us = TimeToColumn(now);
  const long long dispute_id = entry.dispute_id.value_or(0);
  const long long promise_id = entry.promise_id.value_or(0);
  const long long plan_id = entry.plan_id.value_or(0);
  const long long amount_minor = entry.amount.minor;
  const std::string day = OptionalDayToColumn(entry.day);
  const std::string outcome(entry.call_outcome.has_value()
                                ? EnumToColumn(*entry.call_outcome)
                                : (entry.dispute_outcome.has_value()
                                       ? EnumToColumn(*entry.dispute_outcome)
                                       : absl::string_view()));
  long long id = 0;
  {
    SqlQuery insert(session, kInsertInteraction);
    insert.Use("client_id", client_id)
        .Use("invoice_id", invoice_id)
        .Use("kind", kind)
        .Use("channel", channel)
        .Use("actor", entry.actor)
        .Use("occurred_time_us", occurred_time_us)
        .Use("summary", entry.summary)
        .Use("message_id", entry.message_id)
        .Use("recipients", recipients)
        .Use("subject", entry.subject)
        .Use("body_text", entry.body_text)
        .Use("body_html", entry.body_html)
        .Use("document_type", entry.document_type)
        .Use("document", document)
        .Use("content_json", entry.content_json)
        .Use("corrects_id", corrects_id)
        .Use("create_time_us", create_time_us)
        .Use("request_id", entry.request_id)
        .Use("dispute_id", dispute_id)
        .Use("promise_id", promise_id)
        .Use("plan_id", plan_id)
        .Use("outcome", outcome)
        .Use("amount_minor", amount_minor)
        .Use("currency", entry.amount.currency)
        .Use("day", day)
        .Into(id);
    if (!insert.Execute()) {
      return absl::InternalError("interaction insert returned no id");
    }
  }
  long long reminder_id = 0;
  long long reminder_invoice_id = 0;
  SqlQuery link(session, kInsertInteractionReminder,
                SqlQuery::Reuse::kRepeated);
  link.Use("interaction_id", id)
      .Use("reminder_id", reminder_id)
      .Use("invoice_id", reminder_invoice_id);
  for (size_t i = 0; i < entry.reminder_ids.size(); ++i) {
    reminder_id = entry.reminder_ids[i];
    reminder_invoice_id = entry.reminder_invoice_ids[i];
    link.Execute();
  }
  EventRecord event;
  event.kind = kind;
  event.client_id = entry.client_id;
  event.invoice_id = entry.invoice_id;
  event.interaction_id = id;
  if (!entry.reminder_ids.empty()) event.reminder_id = entry.reminder_ids[0];
  event.occurred_time = entry.occurred_time;
  event.actor = entry.actor;
  event.amount = entry.amount;
  event.day = entry.day;
  // What the kind alone does not say of a registered letter: its number, and
  // whether it was signed for or returned.
  if (entry.kind == InteractionKind::kLetterPosted) {
    event.detail = absl::StrCat("number ", entry.message_id);
  } else if (entry.kind == InteractionKind::kLetterAcknowledged) {
    event.detail = entry.summary;
  }
  RELANCE_RETURN_IF_ERROR(AppendEventIn(session, event).status());
  return id;
}

absl::StatusOr<InteractionRecord> SqlInteractionRepository::Append(
    const InteractionRecord& entry, absl::Time now) {
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<InteractionRecord> {
        RELANCE_ASSIGN_OR_RETURN(
            std::optional<InteractionRecord> earlier,
            FindInteractionByRequestIn(session, entry.request_id));
        if (earlier.has_value()) return *std::move(earlier);
        RELANCE_ASSIGN_OR_RETURN(std::int64_t id,
                                 AppendInteractionIn(session, entry, now));
        return GetInteractionIn(session, id);
      });
}

absl::StatusOr<InteractionRecord> SqlInteractionRepository::Get(
    std::int64_t id) {
  const long long entry_id = id;
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<InteractionRecord> {
        return GetInteractionIn(session, entry_id);
      });
}

absl::StatusOr<Page<InteractionRecord>> SqlInteractionRepository::List(
    const InteractionFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const long long after_id = page.after_id;
  const long long limit = PageQueryLimit(page);
  const long long client_id = filter.client_id.value_or(0);
  const long long reminder_id = filter.reminder_id.value_or(0);
  const long long invoice_id = filter.invoice_id.value_or(0);
  const std::string channel(
      filter.channel.has_value() ? EnumToColumn(*filter.channel) : "");
  // Microseconds bound the column, so the infinite ends become its extremes.
  const long long from_us = filter.occurred_from == absl::InfinitePast()
                                ? std::numeric_limits<long long>::min()
                                : TimeToColumn(filter.occurred_from);
  const long long until_us = filter.occurred_until == absl::InfiniteFuture()
                                 ? std::numeric_limits<long long>::max()
                                 : TimeToColumn(filter.occurred_until);
  std::string sql = absl::StrCat("SELECT ", kInteractionColumns,
                                 " FROM interactions WHERE id > :after_id");
  if (filter.client_id.has_value()) {
    absl::StrAppend(&sql, " AND client_id = :client_id");
  }
  if (filter.invoice_id.has_value()) {
    absl::StrAppend(&sql,
                    " AND (invoice_id = :invoice_id OR id IN (SELECT "
                    "interaction_id FROM interaction_reminders WHERE "
                    "invoice_id = :link_invoice_id))");
  }
  if (!filter.kinds.empty()) {
    std::vector<std::string> kinds;
    for (InteractionKind kind : filter.kinds) {
      // Enum texts are constants of ours: safe to inline.
      kinds.push_back(absl::StrCat("'", EnumToColumn(kind), "'"));
    }
    absl::StrAppend(&sql, " AND kind IN (", absl::StrJoin(kinds, ", "), ")");
  }
  if (filter.reminder_id.has_value()) {
    absl::StrAppend(&sql,
                    " AND id IN (SELECT interaction_id FROM "
                    "interaction_reminders WHERE reminder_id = :reminder_id)");
  }
  if (filter.channel.has_value()) {
    absl::StrAppend(&sql, " AND channel = :channel");
  }
  if (filter.owner.has_value()) {
    absl::StrAppend(
        &sql,
        " AND client_id IN (SELECT id FROM clients WHERE owner = :owner)");
  }
  absl::StrAppend(&sql,
                  " AND occurred_time_us >= :from_us AND occurred_time_us < "
                  ":until_us ORDER BY id LIMIT :limit");
  return runner_->Read([&](soci::session& session)
                           -> absl::StatusOr<Page<InteractionRecord>> {
    SqlQuery query(session, sql);
    query.Use("after_id", after_id);
    if (filter.client_id.has_value()) query.Use("client_id", client_id);
    if (filter.invoice_id.has_value()) {
      query.Use("invoice_id", invoice_id).Use("link_invoice_id", invoice_id);
    }
    if (filter.reminder_id.has_value()) {
      query.Use("reminder_id", reminder_id);
    }
    if (filter.channel.has_value()) query.Use("channel", channel);
    if (filter.owner.has_value()) query.Use("owner", *filter.owner);
    query.Use("from_us", from_us).Use("until_us", until_us).Use("limit", limit);
    RELANCE_ASSIGN_OR_RETURN(std::vector<InteractionRecord> rows,
                             FetchAll<InteractionRow>(query));
    RELANCE_RETURN_IF_ERROR(ReadLinks(session, rows));
    return ToPage(std::move(rows), page);
  });
}

}  // namespace relance::storage
