#ifndef RELANCE_SERVER_API_WORKFLOW_CONVERSIONS_H_
#define RELANCE_SERVER_API_WORKFLOW_CONVERSIONS_H_

#include <optional>

#include "relance/v1/collections.pb.h"
#include "relance/v1/interaction.pb.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/workflow.h"

// Between the collections workflow's records and relance.v1 messages.
namespace relance::api {

void ToProto(const storage::InteractionRecord& entry, v1::TimelineEntry* out);
void ToProto(const storage::DisputeRecord& record, v1::Dispute* out);
void ToProto(const storage::PromiseRecord& record, v1::Promise* out);
void ToProto(const storage::PlanRecord& record, v1::PaymentPlan* out);

// nullopt for the UNSPECIFIED values and unknown numbers.
std::optional<storage::InteractionKind> EntryKindFromProto(int kind);
std::optional<storage::CallOutcome> CallOutcomeFromProto(int outcome);
std::optional<storage::DisputeOutcome> DisputeOutcomeFromProto(int outcome);
std::optional<storage::DisputeState> DisputeStateFromProto(int state);
std::optional<storage::PromiseState> PromiseStateFromProto(int state);
std::optional<storage::PlanState> PlanStateFromProto(int state);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_WORKFLOW_CONVERSIONS_H_
