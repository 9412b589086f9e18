#ifndef RELANCE_SERVER_API_CONVERSIONS_H_
#define RELANCE_SERVER_API_CONVERSIONS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "relance/v1/client.pb.h"
#include "relance/v1/invoice.pb.h"
#include "relance/v1/penalty.pb.h"
#include "server/domain/invoices.h"
#include "server/domain/validation.h"
#include "storage/interfaces/records.h"

// Between the API's messages and the domain's records. Field copies only:
// validation is the domain's.
namespace relance::api {

void ToProto(absl::Time time, google::protobuf::Timestamp* out);
void SetMoney(std::int64_t minor_units, const std::string& currency,
              v1::Money* out);
void ToProto(const storage::ClientRecord& record, v1::Client* out);
void ToProto(const storage::InvoiceRecord& record, v1::Invoice* out);
// A settlement of kind payment or credit note respectively.
void ToProto(const storage::SettlementRecord& record, v1::Payment* out);
void ToProto(const storage::SettlementRecord& record, v1::CreditNote* out);
v1::ClaimComponent ToProto(storage::ClaimComponent component);
void ToProto(const storage::ClaimEntryRecord& record, v1::ClaimEntry* out);

// `id`, `etag`, `policy_id` and the times are ignored. INVALID_ARGUMENT
// (field dunning_blocked_until) for a malformed date.
absl::StatusOr<storage::ClientRecord> ClientFromProto(const v1::Client& client);
InvoiceInput InvoiceInputFromProto(const v1::Invoice& invoice);
ImportRowInput ImportRowFromProto(const v1::ImportInvoiceRow& row);

// nullopt for UNSPECIFIED.
std::optional<storage::ClientKind> ClientKindFromProto(v1::ClientKind kind);
std::optional<storage::PaymentMethod> PaymentMethodFromProto(
    v1::PaymentMethod method);
std::optional<storage::InvoiceStatus> InvoiceStatusFromProto(
    v1::InvoiceStatus status);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_CONVERSIONS_H_
