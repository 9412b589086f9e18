#ifndef RELANCE_CLIENT_CLI_RECORD_TABLES_H_
#define RELANCE_CLIENT_CLI_RECORD_TABLES_H_

#include <google/protobuf/repeated_ptr_field.h>

#include <cstdint>
#include <string>

#include "absl/time/time.h"
#include "client-cli/output.h"
#include "relance/v1/client.pb.h"
#include "relance/v1/dunning.pb.h"
#include "relance/v1/invoice.pb.h"
#include "relance/v1/penalty.pb.h"
#include "relance/v1/policy.pb.h"

// The API's records as output sections: one record reads as "field: value"
// lines, several as columns. Each record type has one column list, shared by
// both.
namespace relance::cli {

Section ClientSection(const v1::Client& client);
Section ClientsSection(
    const google::protobuf::RepeatedPtrField<v1::Client>& clients);

Section InvoiceSection(const v1::Invoice& invoice);
Section InvoicesSection(
    const google::protobuf::RepeatedPtrField<v1::Invoice>& invoices);

Section PaymentSection(const v1::Payment& payment);
Section PaymentsSection(
    const google::protobuf::RepeatedPtrField<v1::Payment>& payments,
    std::string title);

// "interest", "indemnity", "fees".
std::string ClaimComponentText(v1::ClaimComponent component);
// Amounts of interest, indemnity or fees paid or waived.
Section ClaimEntriesSection(
    const google::protobuf::RepeatedPtrField<v1::ClaimEntry>& entries);
Section CreditNoteSection(const v1::CreditNote& credit_note);
Section CreditNotesSection(
    const google::protobuf::RepeatedPtrField<v1::CreditNote>& credit_notes,
    std::string title);

// The counts of an import, then (when there are any) one line per rejected row.
std::vector<Section> ImportSections(const v1::ImportInvoicesResponse& response);

// A policy's own fields; its ladder, one step per row, titled "steps".
Section PolicySection(const v1::Policy& policy);
Section PolicyStepsSection(
    const google::protobuf::RepeatedPtrField<v1::PolicyStep>& steps);
Section PoliciesSection(
    const google::protobuf::RepeatedPtrField<v1::Policy>& policies);

// Reminders and dunning actions show their scheduled time in `zone` (the
// user's), to the minute; CSV also has it in RFC 3339, UTC.
Section ReminderSection(const v1::Reminder& reminder,
                        const absl::TimeZone& zone);
// What a reminder sent on one channel (or would send: a preview).
Section ReminderMessageSection(const v1::ReminderMessage& message,
                               const absl::TimeZone& zone);
Section RemindersSection(
    const google::protobuf::RepeatedPtrField<v1::Reminder>& reminders,
    const absl::TimeZone& zone);
Section DunningActionsSection(
    const google::protobuf::RepeatedPtrField<v1::DunningAction>& actions,
    const absl::TimeZone& zone);

// The line under the actions of a dunning run or preview: "3 actions: 2
// scheduled, 1 due; 5 invoices examined".
std::string DunningSummary(
    const google::protobuf::RepeatedPtrField<v1::DunningAction>& actions,
    std::int64_t invoices_examined, bool preview);

// "Sent 3 messages: 2 email, 1 letter", or "Nothing sent": what a run sent.
std::string SentSummary(
    const google::protobuf::RepeatedPtrField<v1::ChannelCount>& sent);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_RECORD_TABLES_H_
