#ifndef RELANCE_SERVER_API_INVOICE_SERVICE_H_
#define RELANCE_SERVER_API_INVOICE_SERVICE_H_

#include <cstdint>

#include "relance/v1/invoice.grpc.pb.h"
#include "server/api/request_limits.h"
#include "server/api/service_limits.h"
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

  grpc::Status CreateInvoice(grpc::ServerContext* context,
                             const v1::CreateInvoiceRequest* request,
                             v1::CreateInvoiceResponse* response) override;
  grpc::Status GetInvoice(grpc::ServerContext* context,
                          const v1::GetInvoiceRequest* request,
                          v1::GetInvoiceResponse* response) override;
  grpc::Status ListInvoices(grpc::ServerContext* context,
                            const v1::ListInvoicesRequest* request,
                            v1::ListInvoicesResponse* response) override;
  grpc::Status UpdateInvoice(grpc::ServerContext* context,
                             const v1::UpdateInvoiceRequest* request,
                             v1::UpdateInvoiceResponse* response) override;
  grpc::Status ImportInvoices(
      grpc::ServerContext* context,
      grpc::ServerReader<v1::ImportInvoicesRequest>* reader,
      v1::ImportInvoicesResponse* response) override;
  grpc::Status RecordPayment(grpc::ServerContext* context,
                             const v1::RecordPaymentRequest* request,
                             v1::RecordPaymentResponse* response) override;
  grpc::Status CreateCreditNote(
      grpc::ServerContext* context, const v1::CreateCreditNoteRequest* request,
      v1::CreateCreditNoteResponse* response) override;

 private:
  Environment* env_;
  const std::int64_t max_import_rows_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_INVOICE_SERVICE_H_
