#include "client-cli/workflow_tables.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client-cli/enum_text.h"

namespace relance::cli {
namespace {

using Shown = Column::Shown;

// Zero ids are unset references: an empty cell rather than "0".
std::string IdText(std::int64_t id) {
  return id == 0 ? std::string() : absl::StrCat(id);
}

std::vector<Column> EntryColumns() {
  return {{"id"},
          {"occurred_time"},
          {"record_time", Shown::kDetailsOnly},
          {"kind"},
          {"actor"},
          {"client_id", Shown::kDetailsOnly},
          {"invoice_number"},
          {"invoice_id", Shown::kDetailsOnly},
          {"summary"},
          {"text", Shown::kDetailsOnly},
          {"channel", Shown::kDetailsOnly},
          {"call_outcome", Shown::kDetailsOnly},
          {"dispute_outcome", Shown::kDetailsOnly},
          {"amount", Shown::kDetailsOnly},
          {"date", Shown::kDetailsOnly},
          {"dispute_id", Shown::kDetailsOnly},
          {"promise_id", Shown::kDetailsOnly},
          {"plan_id", Shown::kDetailsOnly},
          {"reminder_ids", Shown::kDetailsOnly},
          {"corrects_entry_id", Shown::kDetailsOnly},
          {"event_sequence", Shown::kDetailsOnly}};
}

std::vector<Cell> EntryRow(const v1::TimelineEntry& entry) {
  return {absl::StrCat(entry.id()),
          TimeText(entry.has_occurred_time(), entry.occurred_time()),
          TimeText(entry.has_record_time(), entry.record_time()),
          std::string(EntryKindName(entry.kind())),
          entry.actor(),
          absl::StrCat(entry.client_id()),
          entry.invoice_number(),
          IdText(entry.invoice_id()),
          entry.summary(),
          entry.text(),
          std::string(ChannelName(entry.channel())),
          std::string(CallOutcomeName(entry.call_outcome())),
          std::string(DisputeOutcomeName(entry.dispute_outcome())),
          MoneyCell(entry.has_amount(), entry.amount()),
          entry.date(),
          IdText(entry.dispute_id()),
          IdText(entry.promise_id()),
          IdText(entry.plan_id()),
          absl::StrJoin(entry.reminder_ids(), " "),
          IdText(entry.corrects_entry_id()),
          IdText(entry.event_sequence())};
}

std::vector<Column> DisputeColumns() {
  return {{"id"},
          {"invoice_number"},
          {"invoice_id", Shown::kDetailsOnly},
          {"client_id"},
          {"state"},
          {"reason"},
          {"owner"},
          {"deadline"},
          {"deadline_passed", Shown::kDetailsOnly},
          {"outcome"},
          {"resolution", Shown::kDetailsOnly},
          {"opened_by", Shown::kDetailsOnly},
          {"resolved_by", Shown::kDetailsOnly},
          {"open_time", Shown::kDetailsOnly},
          {"resolve_time", Shown::kDetailsOnly}};
}

std::vector<Cell> DisputeRow(const v1::Dispute& dispute) {
  return {absl::StrCat(dispute.id()),
          dispute.invoice_number(),
          absl::StrCat(dispute.invoice_id()),
          absl::StrCat(dispute.client_id()),
          std::string(DisputeStateName(dispute.state())),
          dispute.reason(),
          dispute.owner(),
          dispute.deadline(),
          dispute.deadline_passed() ? std::string("yes") : std::string(),
          std::string(DisputeOutcomeName(dispute.outcome())),
          dispute.resolution(),
          dispute.opened_by(),
          dispute.resolved_by(),
          TimeText(dispute.has_open_time(), dispute.open_time()),
          TimeText(dispute.has_resolve_time(), dispute.resolve_time())};
}

std::vector<Column> PromiseColumns() {
  return {{"id"},
          {"invoice_number"},
          {"invoice_id", Shown::kDetailsOnly},
          {"client_id"},
          {"state"},
          {"currency", Shown::kCsvOnly},
          {"amount"},
          {"paid"},
          {"promised_date"},
          {"grace_days", Shown::kDetailsOnly},
          {"until_date"},
          {"made_by", Shown::kDetailsOnly},
          {"create_time", Shown::kDetailsOnly},
          {"close_time", Shown::kDetailsOnly}};
}

std::vector<Cell> PromiseRow(const v1::Promise& promise) {
  return {absl::StrCat(promise.id()),
          promise.invoice_number(),
          absl::StrCat(promise.invoice_id()),
          absl::StrCat(promise.client_id()),
          std::string(PromiseStateName(promise.state())),
          promise.amount().currency_code(),
          MoneyCell(promise.has_amount(), promise.amount()),
          MoneyCell(promise.has_paid(), promise.paid()),
          promise.promised_date(),
          absl::StrCat(promise.grace_days()),
          promise.until_date(),
          promise.made_by(),
          TimeText(promise.has_create_time(), promise.create_time()),
          TimeText(promise.has_close_time(), promise.close_time())};
}

std::vector<Column> PlanColumns() {
  return {{"id"},
          {"invoice_number"},
          {"invoice_id", Shown::kDetailsOnly},
          {"client_id"},
          {"state"},
          {"currency", Shown::kCsvOnly},
          {"total"},
          {"instalments"},
          {"grace_days", Shown::kDetailsOnly},
          {"break_after_days", Shown::kDetailsOnly},
          {"created_by", Shown::kDetailsOnly},
          {"create_time", Shown::kDetailsOnly},
          {"close_time", Shown::kDetailsOnly}};
}

std::vector<Cell> PlanRow(const v1::PaymentPlan& plan) {
  return {absl::StrCat(plan.id()),
          plan.invoice_number(),
          absl::StrCat(plan.invoice_id()),
          absl::StrCat(plan.client_id()),
          std::string(PlanStateName(plan.state())),
          plan.total().currency_code(),
          MoneyCell(plan.has_total(), plan.total()),
          absl::StrCat(plan.instalments_size()),
          absl::StrCat(plan.grace_days()),
          absl::StrCat(plan.break_after_days()),
          plan.created_by(),
          TimeText(plan.has_create_time(), plan.create_time()),
          TimeText(plan.has_close_time(), plan.close_time())};
}

}  // namespace

Section TimelineSection(
    const google::protobuf::RepeatedPtrField<v1::TimelineEntry>& entries) {
  return ListSection(EntryColumns(), entries, EntryRow);
}

Section DisputeSection(const v1::Dispute& dispute) {
  return RecordSection(DisputeColumns(), DisputeRow(dispute));
}

Section DisputesSection(
    const google::protobuf::RepeatedPtrField<v1::Dispute>& disputes) {
  return ListSection(DisputeColumns(), disputes, DisputeRow);
}

Section PromiseSection(const v1::Promise& promise) {
  return RecordSection(PromiseColumns(), PromiseRow(promise));
}

Section PromisesSection(
    const google::protobuf::RepeatedPtrField<v1::Promise>& promises) {
  return ListSection(PromiseColumns(), promises, PromiseRow);
}

Section PlanSection(const v1::PaymentPlan& plan) {
  return RecordSection(PlanColumns(), PlanRow(plan));
}

Section InstalmentsSection(const v1::PaymentPlan& plan) {
  Section section = ListSection(
      {{"number"}, {"due_date"}, {"amount"}, {"paid"}, {"state"}},
      plan.instalments(), [](const v1::Instalment& instalment) {
        return std::vector<Cell>{
            absl::StrCat(instalment.number()), instalment.due_date(),
            MoneyCell(instalment.has_amount(), instalment.amount()),
            MoneyCell(instalment.has_paid(), instalment.paid()),
            std::string(InstalmentStateName(instalment.state()))};
      });
  section.title = "instalments";
  return section;
}

Section PlansSection(
    const google::protobuf::RepeatedPtrField<v1::PaymentPlan>& plans) {
  return ListSection(PlanColumns(), plans, PlanRow);
}

}  // namespace relance::cli
