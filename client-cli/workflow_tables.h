#ifndef RELANCE_CLIENT_CLI_WORKFLOW_TABLES_H_
#define RELANCE_CLIENT_CLI_WORKFLOW_TABLES_H_

#include <google/protobuf/repeated_ptr_field.h>

#include "client-cli/output.h"
#include "relance/v1/collections.pb.h"
#include "relance/v1/interaction.pb.h"

// The collections workflow's records as output sections, as record_tables.h
// does for the others: one record as "field: value" lines, several as columns.
namespace relance::cli {

// Timeline entries as columns, for CSV (tables print TimelineText lines).
Section TimelineSection(
    const google::protobuf::RepeatedPtrField<v1::TimelineEntry>& entries);

Section DisputeSection(const v1::Dispute& dispute);
Section DisputesSection(
    const google::protobuf::RepeatedPtrField<v1::Dispute>& disputes);

Section PromiseSection(const v1::Promise& promise);
Section PromisesSection(
    const google::protobuf::RepeatedPtrField<v1::Promise>& promises);

// A plan's own fields; its instalments, one per row, titled "instalments".
Section PlanSection(const v1::PaymentPlan& plan);
Section InstalmentsSection(const v1::PaymentPlan& plan);
Section PlansSection(
    const google::protobuf::RepeatedPtrField<v1::PaymentPlan>& plans);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_WORKFLOW_TABLES_H_
