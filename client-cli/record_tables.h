#ifndef RELANCE_CLIENT_CLI_RECORD_TABLES_H_
#define RELANCE_CLIENT_CLI_RECORD_TABLES_H_

#include <google/protobuf/repeated_ptr_field.h>

#include <string>

#include "client-cli/output.h"
#include "relance/v1/client.pb.h"
#include "relance/v1/invoice.pb.h"

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

Section CreditNoteSection(const v1::CreditNote& credit_note);
Section CreditNotesSection(
    const google::protobuf::RepeatedPtrField<v1::CreditNote>& credit_notes,
    std::string title);

// The counts of an import, then (when there are any) one line per rejected row.
std::vector<Section> ImportSections(const v1::ImportInvoicesResponse& response);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_RECORD_TABLES_H_
