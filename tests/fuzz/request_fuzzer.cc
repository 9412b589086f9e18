// libFuzzer target: arbitrary bytes as the requests that carry the most
// caller-written data, through what a handler does before storage: the request
// limits, the conversions from the API's messages and the domain's checks.

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "relance/v1/client.pb.h"
#include "relance/v1/invoice.pb.h"
#include "relance/v1/policy.pb.h"
#include "server/api/conversions.h"
#include "server/api/dunning_conversions.h"
#include "server/api/request_limits.h"
#include "server/domain/field_violations.h"
#include "server/domain/policies.h"
#include "server/domain/validation.h"

namespace {

// The first byte picks the request; the rest is its wire form.
enum RequestKind : std::uint8_t { kClient, kInvoice, kImport, kPolicy, kCount };

// Every violation must name a field: the API turns them into BadRequest
// entries, and an empty path would point the caller nowhere.
void CheckViolations(const absl::Status& status) {
  for (const relance::FieldViolation& violation :
       relance::GetFieldViolations(status)) {
    if (violation.field.empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  if (size == 0) return 0;
  const int kind = data[0] % kCount;
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  const int length = static_cast<int>(size - 1);
  switch (kind) {
    case kClient: {
      relance::v1::CreateClientRequest request;
      if (!request.ParseFromArray(bytes, length)) return 0;
      CheckViolations(relance::api::CheckRequestLimits(request));
      absl::StatusOr<relance::storage::ClientRecord> record =
          relance::api::ClientFromProto(request.client());
      if (!record.ok()) return 0;
      CheckViolations(relance::NormalizeClient(*record).status());
      break;
    }
    case kInvoice: {
      relance::v1::CreateInvoiceRequest request;
      if (!request.ParseFromArray(bytes, length)) return 0;
      CheckViolations(relance::api::CheckRequestLimits(request));
      CheckViolations(
          relance::ValidateInvoice(
              relance::api::InvoiceInputFromProto(request.invoice()))
              .status());
      break;
    }
    case kImport: {
      relance::v1::ImportInvoicesRequest request;
      if (!request.ParseFromArray(bytes, length)) return 0;
      CheckViolations(relance::api::CheckRequestLimits(request));
      for (const relance::v1::ImportInvoiceRow& row : request.rows()) {
        relance::api::ImportRowFromProto(row);
      }
      break;
    }
    case kPolicy: {
      relance::v1::CreatePolicyRequest request;
      if (!request.ParseFromArray(bytes, length)) return 0;
      CheckViolations(relance::api::CheckRequestLimits(request));
      absl::StatusOr<relance::storage::PolicyRecord> record =
          relance::api::PolicyFromProto(request.policy());
      CheckViolations(record.status());
      if (!record.ok()) return 0;
      CheckViolations(relance::NormalizePolicy(*record).status());
      break;
    }
  }
  return 0;
}
