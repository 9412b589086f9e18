#include "storage/workflow_sql.h"

#include <soci/soci.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/dunning_repository.h"
#include "storage/interaction_repository.h"
#include "storage/repository_support.h"
#include "storage/sql_errors.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"
#include "storage/workflow_progress.h"

namespace relance::storage {

absl::StatusOr<InvoiceRecord> ReadInvoiceForChange(soci::session& session,
                                                   long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kInvoiceColumns, kInvoiceById,
                                       IsPostgresql(session) ? kLock : ""));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<InvoiceRecord> invoice,
                           FetchOne<InvoiceRow>(query));
  if (!invoice.has_value()) return NotFound(kInvoiceNoun, id);
  return *std::move(invoice);
}

absl::Status CheckInvoiceOwes(const InvoiceRecord& invoice) {
  if (invoice.status == InvoiceStatus::kCancelled) {
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", invoice.id, " is cancelled"));
  }
  if (invoice.status == InvoiceStatus::kPaid ||
      invoice.outstanding_minor() <= 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", invoice.id, " is paid"));
  }
  return absl::OkStatus();
}

std::optional<long long> FindIdOfInvoice(soci::session& session,
                                         const char* sql,
                                         long long invoice_id) {
  long long id = 0;
  SqlQuery query(session, sql);
  query.Use("invoice_id", invoice_id).Into(id);
  if (!query.Execute()) return std::nullopt;
  return id;
}

absl::StatusOr<ClientRecord> GetClientIn(soci::session& session, long long id,
                                         bool lock) {
  SqlQuery query(session,
                 absl::StrCat("SELECT ", kClientColumns, kClientById,
                              lock && IsPostgresql(session) ? kLock : ""));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<ClientRecord> client,
                           FetchOne<ClientRow>(query));
  if (!client.has_value()) return NotFound(kClientNoun, id);
  return *std::move(client);
}

absl::StatusOr<DisputeRecord> GetDisputeIn(soci::session& session,
                                           long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kDisputeColumns, kDisputeFrom,
                                       " WHERE d.id = :id"));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<DisputeRecord> dispute,
                           FetchOne<DisputeRow>(query));
  if (!dispute.has_value()) return NotFound(kDisputeNoun, id);
  return *std::move(dispute);
}

absl::StatusOr<PromiseRecord> GetPromiseIn(soci::session& session,
                                           long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kPromiseColumns, kPromiseFrom,
                                       " WHERE p.id = :id"));
  query.Use("id", id);
  RELANCE_ASSIGN_OR_RETURN(std::optional<PromiseRecord> promise,
                           FetchOne<PromiseRow>(query));
  if (!promise.has_value()) return NotFound(kPromiseNoun, id);
  return *std::move(promise);
}

absl::StatusOr<std::vector<PlanRecord>> WithInstalments(
    soci::session& session, std::vector<PlanWithPaid> plans) {
  std::vector<PlanRecord> result;
  if (plans.empty()) return result;
  std::vector<long long> ids;
  absl::flat_hash_map<long long, size_t> index;
  for (size_t i = 0; i < plans.size(); ++i) {
    ids.push_back(plans[i].plan.id);
    index[plans[i].plan.id] = i;
  }
  {
    long long plan_id = 0;
    int number = 0;
    std::string due_date;
    long long amount_minor = 0;
    std::string state;
    // Ids this process read from the database: safe to inline.
    SqlQuery query(session,
                   absl::StrCat(kReadInstalments, "(", absl::StrJoin(ids, ","),
                                ") ORDER BY plan_id, number"));
    query.Into(plan_id)
        .Into(number)
        .Into(due_date)
        .Into(amount_minor)
        .Into(state);
    for (bool found = query.Execute(); found; found = query.Next()) {
      InstalmentRecord instalment;
      instalment.number = number;
      RELANCE_ASSIGN_OR_RETURN(instalment.due_date, DayFromColumn(due_date));
      instalment.amount_minor = amount_minor;
      RELANCE_ASSIGN_OR_RETURN(instalment.state,
                               InstalmentStateFromColumn(state));
      plans[index.at(plan_id)].plan.instalments.push_back(instalment);
    }
  }
  for (PlanWithPaid& plan : plans) {
    // Payments cover the instalments in number order.
    std::int64_t left = plan.paid_since_minor;
    for (InstalmentRecord& instalment : plan.plan.instalments) {
      instalment.paid_minor = std::min(instalment.amount_minor, left);
      left -= instalment.paid_minor;
    }
    result.push_back(std::move(plan.plan));
  }
  return result;
}

absl::StatusOr<PlanRecord> GetPlanIn(soci::session& session, long long id) {
  std::vector<PlanWithPaid> rows;
  {
    SqlQuery query(session, absl::StrCat("SELECT ", kPlanColumns, kPlanFrom,
                                         " WHERE p.id = :id"));
    query.Use("id", id);
    RELANCE_ASSIGN_OR_RETURN(rows, FetchAll<PlanRow>(query));
  }
  if (rows.empty()) return NotFound(kPlanNoun, id);
  RELANCE_ASSIGN_OR_RETURN(std::vector<PlanRecord> plans,
                           WithInstalments(session, std::move(rows)));
  return std::move(plans.front());
}

absl::StatusOr<InteractionRecord> AppendIn(soci::session& session,
                                           const InteractionRecord& entry,
                                           absl::Time now) {
  RELANCE_ASSIGN_OR_RETURN(std::int64_t id,
                           AppendInteractionIn(session, entry, now));
  return GetInteractionIn(session, id);
}

absl::Status CheckDispute(const DisputeRecord& dispute) {
  if (dispute.reason.empty()) {
    return absl::InvalidArgumentError("a dispute needs a reason");
  }
  return CheckStorableDay(dispute.deadline, "deadline");
}

absl::StatusOr<DisputeRecord> InsertDisputeIn(soci::session& session,
                                              const DisputeRecord& dispute,
                                              absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckDispute(dispute));
  RELANCE_ASSIGN_OR_RETURN(InvoiceRecord invoice,
                           ReadInvoiceForChange(session, dispute.invoice_id));
  RELANCE_RETURN_IF_ERROR(CheckInvoiceOwes(invoice));
  // The unique index would refuse it too, with a less helpful error.
  if (std::optional<long long> open =
          FindIdOfInvoice(session, kOpenDisputeOfInvoice, invoice.id);
      open.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "invoice ", invoice.id, " already has open dispute ", *open));
  }
  const long long invoice_id = invoice.id;
  const long long client_id = invoice.client_id;
  const std::string deadline = OptionalDayToColumn(dispute.deadline);
  const long long now_column = TimeToColumn(now);
  long long id = 0;
  {
    SqlQuery insert(session, kInsertDispute);
    insert.Use("invoice_id", invoice_id)
        .Use("client_id", client_id)
        .Use("reason", dispute.reason)
        .Use("owner", dispute.owner)
        .Use("deadline", deadline)
        .Use("opened_by", dispute.opened_by)
        .Use("now", now_column)
        .Into(id);
    if (!insert.Execute()) {
      return absl::InternalError("dispute insert returned no id");
    }
  }
  MarkInvoice(session, invoice_id);
  return GetDisputeIn(session, id);
}

absl::Status CheckPromise(const PromiseRecord& promise) {
  if (promise.amount.minor <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a promised amount must be positive, not ", promise.amount.minor));
  }
  if (promise.grace_days < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "grace days must not be negative, not ", promise.grace_days));
  }
  RELANCE_RETURN_IF_ERROR(
      CheckStorableDay(promise.promised_date, "promised_date"));
  return CheckStorableDay(promise.promised_date + promise.grace_days,
                          "promised_date + grace_days");
}

absl::StatusOr<PromiseRecord> InsertPromiseIn(soci::session& session,
                                              const PromiseRecord& promise,
                                              absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckPromise(promise));
  RELANCE_ASSIGN_OR_RETURN(InvoiceRecord invoice,
                           ReadInvoiceForChange(session, promise.invoice_id));
  RELANCE_RETURN_IF_ERROR(CheckInvoiceOwes(invoice));
  if (promise.amount.currency != invoice.currency) {
    return absl::FailedPreconditionError(
        absl::StrCat("invoice ", invoice.id, " is in ", invoice.currency,
                     ", not ", promise.amount.currency));
  }
  if (promise.amount.minor > invoice.outstanding_minor()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the promised ", promise.amount.minor, " exceed the ",
        invoice.outstanding_minor(), " invoice ", invoice.id, " still owes"));
  }
  const long long invoice_id = invoice.id;
  const long long client_id = invoice.client_id;
  const long long amount = promise.amount.minor;
  const std::string promised_date = DayToColumn(promise.promised_date);
  const int grace_days = promise.grace_days;
  const std::string until_date =
      DayToColumn(promise.promised_date + promise.grace_days);
  const long long paid_at_start = invoice.paid_minor + invoice.credited_minor;
  const long long now_column = TimeToColumn(now);
  long long id = 0;
  {
    SqlQuery insert(session, kInsertPromise);
    insert.Use("invoice_id", invoice_id)
        .Use("client_id", client_id)
        .Use("amount_minor", amount)
        .Use("currency", promise.amount.currency)
        .Use("promised_date", promised_date)
        .Use("grace_days", grace_days)
        .Use("until_date", until_date)
        .Use("paid_at_start", paid_at_start)
        .Use("made_by", promise.made_by)
        .Use("now", now_column)
        .Into(id);
    if (!insert.Execute()) {
      return absl::InternalError("promise insert returned no id");
    }
  }
  MarkInvoice(session, invoice_id);
  return GetPromiseIn(session, id);
}

InteractionRecord DisputeEntry(InteractionRecord entry, InteractionKind kind,
                               const DisputeRecord& dispute) {
  entry.kind = kind;
  entry.client_id = dispute.client_id;
  entry.invoice_id = dispute.invoice_id;
  entry.dispute_id = dispute.id;
  return entry;
}

InteractionRecord PromiseEntry(InteractionRecord entry,
                               const PromiseRecord& promise) {
  entry.kind = InteractionKind::kPromiseMade;
  entry.client_id = promise.client_id;
  entry.invoice_id = promise.invoice_id;
  entry.promise_id = promise.id;
  entry.amount = promise.amount;
  entry.day = promise.promised_date;
  return entry;
}

InteractionRecord PlanEntry(InteractionRecord entry, InteractionKind kind,
                            const PlanRecord& plan) {
  entry.kind = kind;
  entry.client_id = plan.client_id;
  entry.invoice_id = plan.invoice_id;
  entry.plan_id = plan.id;
  entry.amount = plan.total;
  return entry;
}

absl::Status CheckPlan(const PlanRecord& plan) {
  if (plan.instalments.empty()) {
    return absl::InvalidArgumentError("a payment plan needs instalments");
  }
  if (plan.grace_days < 0 || plan.break_after_days < plan.grace_days) {
    return absl::InvalidArgumentError(
        absl::StrCat("a plan needs 0 <= grace_days <= break_after_days, not ",
                     plan.grace_days, " and ", plan.break_after_days));
  }
  for (size_t i = 0; i < plan.instalments.size(); ++i) {
    const InstalmentRecord& instalment = plan.instalments[i];
    if (instalment.amount_minor <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("instalment ", i + 1,
                                                     " must be positive, not ",
                                                     instalment.amount_minor));
    }
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(instalment.due_date, "due_date"));
    if (i > 0 && instalment.due_date <= plan.instalments[i - 1].due_date) {
      return absl::InvalidArgumentError(absl::StrCat(
          "instalment ", i + 1, " is due on ", DayToColumn(instalment.due_date),
          ", not after instalment ", i, "'s ",
          DayToColumn(plan.instalments[i - 1].due_date)));
    }
  }
  return absl::OkStatus();
}

}  // namespace relance::storage
