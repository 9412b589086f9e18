#include "client-cli/invoice_currency.h"

#include <cstdint>
#include <string>

#include "client-cli/money.h"

namespace relance::cli {

grpc::Status InvoiceCurrency(CommandEnv& env, std::int64_t invoice_id,
                             const std::string& given, std::string& currency) {
  if (!given.empty()) {
    currency = NormalizeCurrency(given);
    return grpc::Status::OK;
  }
  v1::GetInvoiceRequest request;
  request.set_invoice_id(invoice_id);
  v1::GetInvoiceResponse response;
  grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.invoices().GetInvoice(context, request, &response);
      });
  if (status.ok()) currency = response.invoice().total().currency_code();
  return status;
}

}  // namespace relance::cli
