#ifndef RELANCE_SERVER_API_INVOICE_SERVICE_H_
#define RELANCE_SERVER_API_INVOICE_SERVICE_H_

#include <cstdint>

#include "relance/v1/invoice.grpc.pb.h"
#include "server/api/request_limits.h"
#include "server/api/service_limits.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// The most rejections one ImportInvoicesResponse lists (rejected_count counts
// them all), so that a file of bad rows cannot produce a response larger than a
// client accepts.
inline constexpr int kMaxRejectionsListed = 10000;

// relance.v1.InvoiceService: validates the request, calls the domain, converts
// the result.
class InvoiceService final : public v1::InvoiceService::Service {
 public:
  // An import stream beyond `max_import_rows` rows fails with
  // RESOURCE_EXHAUSTED.
  explicit InvoiceService(Environment* env,
                          std::int64_t max_import_rows = kDefaultMaxImportRows)
      : env_(env), max_import_rows_(max_import_rows) {}

  RELANCE_RPC(CreateInvoice, const v1::CreateInvoiceRequest*,
              v1::CreateInvoiceResponse*);
  RELANCE_RPC(GetInvoice, const v1::GetInvoiceRequest*,
              v1::GetInvoiceResponse*);
  RELANCE_RPC(ListInvoices, const v1::ListInvoicesRequest*,
              v1::ListInvoicesResponse*);
  RELANCE_RPC(UpdateInvoice, const v1::UpdateInvoiceRequest*,
              v1::UpdateInvoiceResponse*);
  RELANCE_RPC(ImportInvoices, grpc::ServerReader<v1::ImportInvoicesRequest>*,
              v1::ImportInvoicesResponse*);
  RELANCE_RPC(RecordPayment, const v1::RecordPaymentRequest*,
              v1::RecordPaymentResponse*);
  RELANCE_RPC(CreateCreditNote, const v1::CreateCreditNoteRequest*,
              v1::CreateCreditNoteResponse*);

 private:
  Environment* env_;
  const std::int64_t max_import_rows_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_INVOICE_SERVICE_H_
