#ifndef RELANCE_SERVER_DOMAIN_ERRORS_H_
#define RELANCE_SERVER_DOMAIN_ERRORS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

// The catalogue of errors the domain raises itself; storage errors (NOT_FOUND
// for a missing row, ALREADY_EXISTS, UNAVAILABLE...) pass through unchanged.
// Invalid input is reported field by field through FieldViolations instead.
// Each message names the record and its id, so that a user knows which one.
namespace relance::errors {

// PERMISSION_DENIED: `what` `id` is outside the caller's clients (a sales
// rep's own). Said the same whether or not it exists, so that a rep cannot
// probe other reps' clients.
absl::Status OutsideScope(absl::string_view what, std::int64_t id);

// FAILED_PRECONDITION: `what` `id`, named with a client, belongs to another
// client.
absl::Status NotTheClients(absl::string_view what, std::int64_t id,
                           std::int64_t client_id);

// FAILED_PRECONDITION: `what` `id` is `state`, and only a `wanted` can be
// `action` ("reminder 7 is sent; only a scheduled or due reminder can be
// skipped").
absl::Status WrongState(absl::string_view what, std::int64_t id,
                        absl::string_view state, absl::string_view wanted,
                        absl::string_view action);

// ABORTED: the caller's etag is not the current one.
absl::Status EtagMismatch(absl::string_view resource, std::int64_t id,
                          absl::string_view etag);

// FAILED_PRECONDITION: a settlement in another currency than its invoice.
absl::Status CurrencyMismatch(absl::string_view invoice_number,
                              absl::string_view invoice_currency,
                              absl::string_view given_currency);

// FAILED_PRECONDITION: a settlement on a cancelled invoice.
absl::Status InvoiceCancelled(absl::string_view invoice_number);

// FAILED_PRECONDITION: a settlement larger than what is still due.
absl::Status ExceedsOutstanding(absl::string_view invoice_number,
                                absl::string_view currency,
                                std::int64_t amount_minor,
                                std::int64_t outstanding_minor);

// FAILED_PRECONDITION: a new total below what payments and credit notes already
// settled.
absl::Status TotalBelowSettled(absl::string_view invoice_number,
                               absl::string_view currency,
                               std::int64_t total_minor,
                               std::int64_t settled_minor);

// FAILED_PRECONDITION: cancelling an invoice that payments or credit notes
// settled in full.
absl::Status CancelPaidInvoice(absl::string_view invoice_number);

}  // namespace relance::errors

#endif  // RELANCE_SERVER_DOMAIN_ERRORS_H_
