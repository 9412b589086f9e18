#include "storage/workflow_repository.h"

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
#include "storage/workflow_sql.h"

namespace relance::storage {
namespace {

// The filter every workflow list shares: unset fields do not filter.
struct ListFilter {
  std::optional<std::int64_t> client_id;
  std::optional<std::int64_t> invoice_id;
  // The state's column text; empty for any state.
  std::string state;
  std::optional<std::string> owner;
};

// One page of the rows `select` (its SELECT and FROM, the listed table
// aliased `alias`) that match `filter`, in id order.
template <typename Row>
absl::StatusOr<std::vector<typename Row::Record>> FetchPageIn(
    soci::session& session, absl::string_view select, absl::string_view alias,
    const ListFilter& filter, const PageRequest& page) {
  const long long after_id = page.after_id;
  const long long limit = PageQueryLimit(page);
  const long long client_id = filter.client_id.value_or(0);
  const long long invoice_id = filter.invoice_id.value_or(0);
  std::string sql = absl::StrCat(select, " WHERE ", alias, ".id > :after_id");
  if (filter.client_id.has_value()) {
    absl::StrAppend(&sql, " AND ", alias, ".client_id = :client_id");
  }
  if (filter.invoice_id.has_value()) {
    absl::StrAppend(&sql, " AND ", alias, ".invoice_id = :invoice_id");
  }
  if (!filter.state.empty()) {
    absl::StrAppend(&sql, " AND ", alias, ".state = :state");
  }
  if (filter.owner.has_value()) {
    absl::StrAppend(&sql, " AND ", alias,
                    ".client_id IN (SELECT id FROM clients WHERE owner = "
                    ":owner)");
  }
  absl::StrAppend(&sql, " ORDER BY ", alias, ".id LIMIT :limit");
  SqlQuery query(session, sql);
  query.Use("after_id", after_id);
  if (filter.client_id.has_value()) query.Use("client_id", client_id);
  if (filter.invoice_id.has_value()) query.Use("invoice_id", invoice_id);
  if (!filter.state.empty()) query.Use("state", filter.state);
  if (filter.owner.has_value()) query.Use("owner", *filter.owner);
  query.Use("limit", limit);
  return FetchAll<Row>(query);
}

template <typename Filter>
ListFilter ListFilterOf(const Filter& filter) {
  return {filter.client_id, filter.invoice_id,
          filter.state.has_value() ? std::string(EnumToColumn(*filter.state))
                                   : std::string(),
          filter.owner};
}

}  // namespace

absl::StatusOr<WorkflowChange<DisputeRecord>>
SqlWorkflowRepository::OpenDispute(const DisputeRecord& dispute,
                                   const InteractionRecord& entry,
                                   absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckDispute(dispute));
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<DisputeRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<DisputeRecord>(session, *earlier, earlier->dispute_id,
                                   kDisputeNoun, GetDisputeIn);
    }
    RELANCE_ASSIGN_OR_RETURN(DisputeRecord opened,
                             InsertDisputeIn(session, dispute, now));
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord stored,
        AppendIn(session,
                 DisputeEntry(entry, InteractionKind::kDisputeOpened, opened),
                 now));
    return WorkflowChange<DisputeRecord>{.record = std::move(opened),
                                         .entries = {std::move(stored)}};
  });
}

absl::StatusOr<WorkflowChange<DisputeRecord>>
SqlWorkflowRepository::CommentDispute(std::int64_t dispute_id,
                                      const InteractionRecord& entry,
                                      absl::Time now) {
  const long long id = dispute_id;
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<DisputeRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<DisputeRecord>(session, *earlier, earlier->dispute_id,
                                   kDisputeNoun, GetDisputeIn);
    }
    RELANCE_ASSIGN_OR_RETURN(DisputeRecord dispute, GetDisputeIn(session, id));
    if (dispute.state != DisputeState::kOpen) {
      return absl::FailedPreconditionError(
          absl::StrCat("dispute ", id, " is resolved"));
    }
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord stored,
        AppendIn(
            session,
            DisputeEntry(entry, InteractionKind::kDisputeCommented, dispute),
            now));
    return WorkflowChange<DisputeRecord>{.record = std::move(dispute),
                                         .entries = {std::move(stored)}};
  });
}

absl::StatusOr<WorkflowChange<DisputeRecord>>
SqlWorkflowRepository::ResolveDispute(std::int64_t dispute_id,
                                      DisputeOutcome outcome,
                                      const std::string& resolution,
                                      const InteractionRecord& entry,
                                      absl::Time now) {
  const long long id = dispute_id;
  const std::string outcome_column(EnumToColumn(outcome));
  const long long now_column = TimeToColumn(now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<DisputeRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<DisputeRecord>(session, *earlier, earlier->dispute_id,
                                   kDisputeNoun, GetDisputeIn);
    }
    {
      SqlQuery update(session, kResolveDispute);
      update.Use("outcome", outcome_column)
          .Use("resolution", resolution)
          .Use("resolved_by", entry.actor)
          .Use("now", now_column)
          .Use("id", id);
      update.Execute();
      if (update.affected_rows() != 1) {
        RELANCE_RETURN_IF_ERROR(GetDisputeIn(session, id).status());
        return absl::FailedPreconditionError(
            absl::StrCat("dispute ", id, " is already resolved"));
      }
    }
    RELANCE_ASSIGN_OR_RETURN(DisputeRecord dispute, GetDisputeIn(session, id));
    MarkInvoice(session, dispute.invoice_id);
    InteractionRecord resolved =
        DisputeEntry(entry, InteractionKind::kDisputeResolved, dispute);
    resolved.dispute_outcome = outcome;
    RELANCE_ASSIGN_OR_RETURN(InteractionRecord stored,
                             AppendIn(session, resolved, now));
    return WorkflowChange<DisputeRecord>{.record = std::move(dispute),
                                         .entries = {std::move(stored)}};
  });
}

absl::StatusOr<DisputeRecord> SqlWorkflowRepository::GetDispute(
    std::int64_t id) {
  return runner_->Read(
      [&](soci::session& session) { return GetDisputeIn(session, id); });
}

absl::StatusOr<Page<DisputeRecord>> SqlWorkflowRepository::ListDisputes(
    const DisputeFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const std::string select =
      absl::StrCat("SELECT ", kDisputeColumns, kDisputeFrom);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<DisputeRecord>> {
        RELANCE_ASSIGN_OR_RETURN(
            std::vector<DisputeRecord> rows,
            FetchPageIn<DisputeRow>(session, select, "d", ListFilterOf(filter),
                                    page));
        return ToPage(std::move(rows), page);
      });
}

absl::StatusOr<WorkflowChange<PromiseRecord>>
SqlWorkflowRepository::MakePromise(const PromiseRecord& promise,
                                   const InteractionRecord& entry,
                                   absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckPromise(promise));
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<PromiseRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<PromiseRecord>(session, *earlier, earlier->promise_id,
                                   kPromiseNoun, GetPromiseIn);
    }
    RELANCE_ASSIGN_OR_RETURN(PromiseRecord made,
                             InsertPromiseIn(session, promise, now));
    RELANCE_ASSIGN_OR_RETURN(InteractionRecord stored,
                             AppendIn(session, PromiseEntry(entry, made), now));
    return WorkflowChange<PromiseRecord>{.record = std::move(made),
                                         .entries = {std::move(stored)}};
  });
}

absl::StatusOr<PromiseRecord> SqlWorkflowRepository::GetPromise(
    std::int64_t id) {
  return runner_->Read(
      [&](soci::session& session) { return GetPromiseIn(session, id); });
}

absl::StatusOr<Page<PromiseRecord>> SqlWorkflowRepository::ListPromises(
    const PromiseFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const std::string select =
      absl::StrCat("SELECT ", kPromiseColumns, kPromiseFrom);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<PromiseRecord>> {
        RELANCE_ASSIGN_OR_RETURN(
            std::vector<PromiseRecord> rows,
            FetchPageIn<PromiseRow>(session, select, "p", ListFilterOf(filter),
                                    page));
        return ToPage(std::move(rows), page);
      });
}

absl::StatusOr<WorkflowChange<PlanRecord>> SqlWorkflowRepository::CreatePlan(
    const PlanRecord& plan, const InteractionRecord& entry, absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckPlan(plan));
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<PlanRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<PlanRecord>(session, *earlier, earlier->plan_id, kPlanNoun,
                                GetPlanIn);
    }
    RELANCE_ASSIGN_OR_RETURN(InvoiceRecord invoice,
                             ReadInvoiceForChange(session, plan.invoice_id));
    RELANCE_RETURN_IF_ERROR(CheckInvoiceOwes(invoice));
    if (std::optional<long long> active =
            FindIdOfInvoice(session, kActivePlanOfInvoice, invoice.id);
        active.has_value()) {
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", invoice.id,
                       " already has active payment plan ", *active));
    }
    if (plan.total.currency != invoice.currency) {
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", invoice.id, " is in ", invoice.currency,
                       ", not ", plan.total.currency));
    }
    std::int64_t sum = 0;
    for (const InstalmentRecord& instalment : plan.instalments) {
      sum += instalment.amount_minor;
    }
    if (sum != invoice.outstanding_minor()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "instalments add up to ", sum, ", the invoice still owes ",
          invoice.outstanding_minor()));
    }
    const long long invoice_id = invoice.id;
    const long long client_id = invoice.client_id;
    const long long total = invoice.outstanding_minor();
    const long long paid_at_start = invoice.paid_minor + invoice.credited_minor;
    const int grace_days = plan.grace_days;
    const int break_after_days = plan.break_after_days;
    const long long now_column = TimeToColumn(now);
    long long id = 0;
    {
      SqlQuery insert(session, kInsertPlan);
      insert.Use("invoice_id", invoice_id)
          .Use("client_id", client_id)
          .Use("total_minor", total)
          .Use("currency", invoice.currency)
          .Use("paid_at_start", paid_at_start)
          .Use("grace_days", grace_days)
          .Use("break_after_days", break_after_days)
          .Use("created_by", plan.created_by)
          .Use("now", now_column)
          .Into(id);
      if (!insert.Execute()) {
        return absl::InternalError("payment plan insert returned no id");
      }
    }
    {
      int number = 0;
      std::string due_date;
      long long amount = 0;
      SqlQuery insert(session, kInsertInstalment, SqlQuery::Reuse::kRepeated);
      insert.Use("plan_id", id)
          .Use("number", number)
          .Use("due_date", due_date)
          .Use("amount_minor", amount);
      for (const InstalmentRecord& instalment : plan.instalments) {
        ++number;
        due_date = DayToColumn(instalment.due_date);
        amount = instalment.amount_minor;
        insert.Execute();
      }
    }
    MarkInvoice(session, invoice_id);
    RELANCE_ASSIGN_OR_RETURN(PlanRecord created, GetPlanIn(session, id));
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord stored,
        AppendIn(session,
                 PlanEntry(entry, InteractionKind::kPlanCreated, created),
                 now));
    return WorkflowChange<PlanRecord>{.record = std::move(created),
                                      .entries = {std::move(stored)}};
  });
}

absl::StatusOr<WorkflowChange<PlanRecord>> SqlWorkflowRepository::CancelPlan(
    std::int64_t plan_id, const InteractionRecord& entry, absl::Time now) {
  const long long id = plan_id;
  const long long now_column = TimeToColumn(now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<PlanRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<PlanRecord>(session, *earlier, earlier->plan_id, kPlanNoun,
                                GetPlanIn);
    }
    {
      SqlQuery update(session, kCancelPlan);
      update.Use("now", now_column).Use("id", id);
      update.Execute();
      if (update.affected_rows() != 1) {
        RELANCE_ASSIGN_OR_RETURN(PlanRecord plan, GetPlanIn(session, id));
        return absl::FailedPreconditionError(
            absl::StrCat("payment plan ", id, " is ", EnumToColumn(plan.state),
                         ", not active"));
      }
    }
    {
      SqlQuery cancel(session, kCancelPlanReminders);
      cancel.Use("now", now_column).Use("plan_id", id);
      cancel.Execute();
    }
    RELANCE_ASSIGN_OR_RETURN(PlanRecord plan, GetPlanIn(session, id));
    MarkInvoice(session, plan.invoice_id);
    RELANCE_ASSIGN_OR_RETURN(
        InteractionRecord stored,
        AppendIn(session,
                 PlanEntry(entry, InteractionKind::kPlanCancelled, plan), now));
    return WorkflowChange<PlanRecord>{.record = std::move(plan),
                                      .entries = {std::move(stored)}};
  });
}

absl::StatusOr<PlanRecord> SqlWorkflowRepository::GetPlan(std::int64_t id) {
  return runner_->Read(
      [&](soci::session& session) { return GetPlanIn(session, id); });
}

absl::StatusOr<Page<PlanRecord>> SqlWorkflowRepository::ListPlans(
    const PlanFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const std::string select = absl::StrCat("SELECT ", kPlanColumns, kPlanFrom);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<PlanRecord>> {
        RELANCE_ASSIGN_OR_RETURN(
            std::vector<PlanWithPaid> rows,
            FetchPageIn<PlanRow>(session, select, "p", ListFilterOf(filter),
                                 page));
        RELANCE_ASSIGN_OR_RETURN(std::vector<PlanRecord> plans,
                                 WithInstalments(session, std::move(rows)));
        return ToPage(std::move(plans), page);
      });
}

absl::StatusOr<WorkflowChange<ClientRecord>>
SqlWorkflowRepository::SetClientBlock(std::int64_t client_id,
                                      std::optional<absl::CivilDay> until,
                                      const std::string& reason,
                                      const InteractionRecord& entry,
                                      absl::Time now) {
  RELANCE_RETURN_IF_ERROR(CheckStorableDay(until, "until"));
  const long long id = client_id;
  const std::string blocked_until = OptionalDayToColumn(until);
  // An unblocked client keeps no reason.
  const std::string block_reason = until.has_value() ? reason : "";
  const long long now_column = TimeToColumn(now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<WorkflowChange<ClientRecord>> {
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<InteractionRecord> earlier,
        FindInteractionByRequestIn(session, entry.request_id));
    if (earlier.has_value()) {
      return Replay<ClientRecord>(
          session, *earlier, earlier->client_id, kClientNoun,
          [](soci::session& in, long long client) {
            return GetClientIn(in, client, /*lock=*/false);
          });
    }
    if (!until.has_value()) {
      RELANCE_ASSIGN_OR_RETURN(ClientRecord client,
                               GetClientIn(session, id, /*lock=*/true));
      if (!client.dunning_blocked_until.has_value()) {
        return absl::FailedPreconditionError(
            absl::StrCat("client ", id, " is not blocked"));
      }
    }
    std::optional<ClientRecord> updated;
    {
      SqlQuery update(session, absl::StrCat(kSetClientBlock, kClientColumns));
      update.Use("blocked_until", blocked_until)
          .Use("block_reason", block_reason)
          .Use("now", now_column)
          .Use("id", id);
      RELANCE_ASSIGN_OR_RETURN(updated, FetchOne<ClientRow>(update));
    }
    if (!updated.has_value()) return NotFound(kClientNoun, id);
    {
      SqlQuery mark(session, kMarkOpenInvoices);
      mark.Use("client_id", id);
      mark.Execute();
    }
    InteractionRecord blocked = entry;
    blocked.kind = until.has_value() ? InteractionKind::kClientBlocked
                                     : InteractionKind::kClientUnblocked;
    blocked.client_id = id;
    blocked.invoice_id.reset();
    blocked.day = until;
    RELANCE_ASSIGN_OR_RETURN(InteractionRecord stored,
                             AppendIn(session, blocked, now));
    return WorkflowChange<ClientRecord>{.record = *std::move(updated),
                                        .entries = {std::move(stored)}};
  });
}

absl::StatusOr<SweepResult> SqlWorkflowRepository::Sweep(
    absl::CivilDay day, absl::Time cutoff, const std::string& actor,
    const InstalmentDunning& dunning, absl::Time now) {
  return SweepWorkflow(runner_, *rules_, day, cutoff, actor, dunning, now);
}

}  // namespace relance::storage
