#include "server/domain/errors.h"

#include "absl/strings/str_cat.h"
#include "proto/relance/money_text.h"

namespace relance::errors {

absl::Status OutsideScope(absl::string_view what, std::int64_t id) {
  return absl::PermissionDeniedError(
      absl::StrCat(what, " ", id, " does not belong to one of your clients"));
}

absl::Status NotTheClients(absl::string_view what, std::int64_t id,
                           std::int64_t client_id) {
  return absl::FailedPreconditionError(
      absl::StrCat(what, " ", id, " is not client ", client_id, "'s"));
}

absl::Status WrongState(absl::string_view what, std::int64_t id,
                        absl::string_view state, absl::string_view wanted,
                        absl::string_view action) {
  return absl::FailedPreconditionError(absl::StrCat(
      what, " ", id, " is ", state, "; only a ", wanted, " can be ", action));
}

absl::Status EtagMismatch(absl::string_view resource, std::int64_t id,
                          absl::string_view etag) {
  return absl::AbortedError(
      absl::StrCat(resource, " ", id, " has changed since etag '", etag,
                   "' was read; read it again and retry"));
}

absl::Status CurrencyMismatch(absl::string_view invoice_number,
                              absl::string_view invoice_currency,
                              absl::string_view given_currency) {
  return absl::FailedPreconditionError(absl::StrCat("invoice ", invoice_number,
                                                    " is in ", invoice_currency,
                                                    ", not ", given_currency));
}

absl::Status InvoiceCancelled(absl::string_view invoice_number) {
  return absl::FailedPreconditionError(absl::StrCat(
      "invoice ", invoice_number, " is cancelled; reopen it first"));
}

absl::Status ExceedsOutstanding(absl::string_view invoice_number,
                                absl::string_view currency,
                                std::int64_t amount_minor,
                                std::int64_t outstanding_minor) {
  return absl::FailedPreconditionError(
      absl::StrCat("amount ", FormatAmount(amount_minor, currency),
                   " exceeds the ", FormatAmount(outstanding_minor, currency),
                   " still due on invoice ", invoice_number));
}

absl::Status TotalBelowSettled(absl::string_view invoice_number,
                               absl::string_view currency,
                               std::int64_t total_minor,
                               std::int64_t settled_minor) {
  return absl::FailedPreconditionError(
      absl::StrCat("total ", FormatAmount(total_minor, currency),
                   " is below the ", FormatAmount(settled_minor, currency),
                   " already paid or credited on invoice ", invoice_number));
}

absl::Status CancelPaidInvoice(absl::string_view invoice_number) {
  return absl::FailedPreconditionError(absl::StrCat(
      "invoice ", invoice_number, " is paid and cannot be cancelled"));
}

}  // namespace relance::errors
