#include "server/api/invoice_service.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/conversions.h"
#include "server/api/idempotency.h"
#include "server/api/import_stream.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/api/request_limits.h"
#include "server/api/status_mapping.h"
#include "server/api/unparsable_fields.h"
#include "server/domain/dates.h"
#include "server/domain/field_violations.h"
#include "server/domain/penalties.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

absl::StatusOr<InvoiceChanges> ChangesFromMask(
    const v1::UpdateInvoiceRequest& request) {
  const v1::Invoice& invoice = request.invoice();
  InvoiceChanges changes;
  FieldViolations violations;
  if (request.update_mask().paths().empty()) {
    violations.Add("update_mask", "must name at least one field to change");
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (path == "issue_date") {
      changes.issue_date = invoice.issue_date();
    } else if (path == "due_date") {
      changes.due_date = invoice.due_date();
    } else if (path == "total") {
      changes.total_minor = invoice.total().minor_units();
      changes.total_currency = invoice.total().currency_code();
    } else if (path == "status") {
      changes.status = InvoiceStatusFromProto(invoice.status());
      if (!changes.status.has_value()) {
        violations.Add("invoice.status", "must be OPEN or CANCELLED");
      }
    } else {
      violations.Add("update_mask",
                     "'" + path + "' is not a field that can be changed");
    }
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return changes;
}

absl::StatusOr<storage::InvoiceFilter> FilterFromRequest(
    const v1::ListInvoicesRequest& request) {
  FieldViolations violations;
  storage::InvoiceFilter filter;
  if (request.client_id() != 0) filter.client_id = request.client_id();
  filter.status = InvoiceStatusFromProto(request.status());
  filter.overdue_as_of =
      OptionalDate("overdue_as_of", request.overdue_as_of(), violations);
  filter.due_from =
      OptionalDate("due_date_from", request.due_date_from(), violations);
  filter.due_to =
      OptionalDate("due_date_to", request.due_date_to(), violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return filter;
}

absl::Status Settle(Environment& env, SettlementInput input,
                    const google::protobuf::Message& request,
                    const std::string& request_id, const Caller& caller,
                    storage::ClaimsRecorded* result) {
  RELANCE_ASSIGN_OR_RETURN(const std::string request_key,
                           RequestKey(env, caller, request, request_id));
  RELANCE_ASSIGN_OR_RETURN(
      *result, env.claims()->RecordSettlement(input, request_key, caller.user));
  return absl::OkStatus();
}

// What the law says of `invoice`'s payment terms, for its client's kind. Best
// effort: the invoice is stored already, and a client that cannot be read
// now only loses the warning.
std::optional<std::string> TermsWarning(Environment& env,
                                        const storage::InvoiceRecord& invoice) {
  absl::StatusOr<storage::ClientRecord> client =
      env.clients()->Get(invoice.client_id);
  if (!client.ok()) return std::nullopt;
  return PaymentTermsWarning(invoice.issue_date, invoice.due_date,
                             client->kind);
}

// The kind of the client with `reference`, now that its batch is committed;
// nullopt when it cannot be read.
std::optional<storage::ClientKind> KindOfReference(
    Environment& env, const std::string& reference) {
  storage::ClientFilter filter;
  filter.reference = reference;
  absl::StatusOr<storage::Page<storage::ClientRecord>> found =
      env.clients()->List(filter, storage::PageRequest{.limit = 1});
  if (!found.ok() || found->items.empty()) return std::nullopt;
  return found->items.front().kind;
}

// Adds to `warnings` the payment terms beyond the legal limits, on the rows of
// `batch` imported or already present (the rejected ones say what is wrong
// with them already).
void AddPaymentTermsWarnings(Environment& env,
                             const std::vector<ImportRowInput>& rows,
                             const ImportSummary& batch,
                             std::vector<ImportRejection>& warnings) {
  absl::flat_hash_set<std::int64_t> rejected_lines;
  for (const ImportRejection& rejection : batch.rejections) {
    rejected_lines.insert(rejection.line);
  }
  for (const ImportRowInput& row : rows) {
    if (rejected_lines.contains(row.line)) continue;
    const std::optional<absl::CivilDay> issue = ParseDate(row.issue_date);
    const std::optional<absl::CivilDay> due = ParseDate(row.due_date);
    if (!issue.has_value() || !due.has_value()) continue;
    // Cheap first: terms within the limits for a business need no client.
    if (!PaymentTermsWarning(*issue, *due, storage::ClientKind::kB2B)) {
      continue;
    }
    const std::optional<storage::ClientKind> kind =
        KindOfReference(env, row.client_reference);
    if (!kind.has_value()) continue;
    if (std::optional<std::string> warning =
            PaymentTermsWarning(*issue, *due, *kind)) {
      warnings.push_back({row.line, "due_date", *std::move(warning)});
    }
  }
}

// Up to kMaxRejectionsListed of `items`, in line order (a row rejected for
// several fields appears once per field), each through `add`.
template <typename Add>
void ListByLine(std::vector<ImportRejection> items, Add&& add) {
  std::stable_sort(items.begin(), items.end(),
                   [](const ImportRejection& a, const ImportRejection& b) {
                     return a.line < b.line;
                   });
  const std::size_t listed =
      std::min<std::size_t>(items.size(), kMaxRejectionsListed);
  for (std::size_t i = 0; i < listed; ++i) {
    auto* out = add();
    out->set_line(items[i].line);
    out->set_field(items[i].field);
    out->set_description(items[i].description);
  }
}

void ImportResultToProto(ImportSummary total,
                         std::vector<ImportRejection> warnings,
                         v1::ImportInvoicesResponse* response) {
  response->set_created_count(total.created);
  response->set_already_present_count(total.already_present);
  response->set_clients_created_count(total.clients_created);
  response->set_rejected_count(total.rejected);
  ListByLine(std::move(total.rejections),
             [response] { return response->add_rejections(); });
  ListByLine(std::move(warnings),
             [response] { return response->add_warnings(); });
}

std::vector<ImportRowInput> ImportRowsFromProto(
    const v1::ImportInvoicesRequest& request) {
  std::vector<ImportRowInput> rows;
  rows.reserve(request.rows_size());
  for (const v1::ImportInvoiceRow& row : request.rows()) {
    rows.push_back(ImportRowFromProto(row));
  }
  return rows;
}

}  // namespace

absl::Status InvoiceService::CreateInvoiceOp(
    grpc::ServerContext* context, const v1::CreateInvoiceRequest* request,
    v1::CreateInvoiceResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->invoice().client_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  absl::StatusOr<storage::InvoiceRecord> invoice = env_->invoices()->Create(
      InvoiceInputFromProto(request->invoice()), request_key, caller.user);
  if (!invoice.ok()) return PrefixFieldViolations(invoice.status(), "invoice.");
  ToProto(*invoice, response->mutable_invoice());
  if (std::optional<std::string> warning = TermsWarning(*env_, *invoice)) {
    response->add_warnings(*std::move(warning));
  }
  return absl::OkStatus();
}

absl::Status InvoiceService::GetInvoiceOp(grpc::ServerContext* context,
                                          const v1::GetInvoiceRequest* request,
                                          v1::GetInvoiceResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  absl::StatusOr<Invoices::InvoiceWithSettlements> found =
      env_->invoices()->GetWithSettlements(request->invoice_id());
  if (!found.ok()) return found.status();
  ToProto(found->invoice, response->mutable_invoice());
  for (const storage::SettlementRecord& settlement : found->settlements) {
    if (settlement.kind == storage::SettlementKind::kPayment) {
      ToProto(settlement, response->add_payments());
    } else {
      ToProto(settlement, response->add_credit_notes());
    }
  }
  return absl::OkStatus();
}

absl::Status InvoiceService::ListInvoicesOp(
    grpc::ServerContext* context, const v1::ListInvoicesRequest* request,
    v1::ListInvoicesResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  absl::StatusOr<storage::InvoiceFilter> filter = FilterFromRequest(*request);
  if (!filter.ok()) return filter.status();
  filter->owner = caller.owner_scope();
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->invoices()->List(*filter, page);
      },
      [&](const storage::InvoiceRecord& invoice) {
        ToProto(invoice, response->add_invoices());
      });
}

absl::Status InvoiceService::UpdateInvoiceOp(
    grpc::ServerContext* context, const v1::UpdateInvoiceRequest* request,
    v1::UpdateInvoiceResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice().id()));
  absl::StatusOr<InvoiceChanges> changes = ChangesFromMask(*request);
  if (!changes.ok()) return changes.status();
  absl::StatusOr<storage::InvoiceRecord> invoice = env_->invoices()->Update(
      request->invoice().id(), request->invoice().etag(), *changes,
      caller.user);
  if (!invoice.ok()) return PrefixFieldViolations(invoice.status(), "invoice.");
  ToProto(*invoice, response->mutable_invoice());
  if (std::optional<std::string> warning = TermsWarning(*env_, *invoice)) {
    response->add_warnings(*std::move(warning));
  }
  return absl::OkStatus();
}

absl::Status InvoiceService::ImportInvoicesOp(
    grpc::ServerContext* context,
    grpc::ServerReader<v1::ImportInvoicesRequest>* reader,
    v1::ImportInvoicesResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(const Caller caller,
                           Authorize(*context, *env_, Permission::kChangeData));
  ImportSummary total;
  std::vector<ImportRejection> warnings;
  v1::ImportInvoicesRequest request;
  ImportStreamTally tally(max_import_rows_);
  // Each message is committed before the next is read: when the stream breaks,
  // every batch already read is either wholly stored or wholly absent, and
  // re-sending the rows is safe. A message over a limit is refused before any
  // of it is written; the batches before it stay committed.
  while (reader->Read(&request)) {
    RELANCE_RETURN_IF_ERROR(tally.Accept(request));
    const std::vector<ImportRowInput> rows = ImportRowsFromProto(request);
    RELANCE_ASSIGN_OR_RETURN(
        const ImportSummary batch,
        env_->invoices()->ImportBatch(rows, caller.owner_scope(), caller.user));
    AddPaymentTermsWarnings(*env_, rows, batch, warnings);
    total += batch;
  }
  // protobuf names the field of a message it could not parse, on this thread.
  RELANCE_RETURN_IF_ERROR(
      tally.End(total.created + total.already_present + total.rejected,
                TakeUnparsableUtf8Field()));
  ImportResultToProto(std::move(total), std::move(warnings), response);
  return absl::OkStatus();
}

absl::Status InvoiceService::RecordPaymentOp(
    grpc::ServerContext* context, const v1::RecordPaymentRequest* request,
    v1::RecordPaymentResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  storage::ClaimsRecorded result;
  absl::Status status =
      Settle(*env_,
             {.invoice_id = request->invoice_id(),
              .kind = storage::SettlementKind::kPayment,
              .currency = request->amount().currency_code(),
              .amount_minor = request->amount().minor_units(),
              .date = request->payment_date(),
              .reference = request->reference()},
             *request, request->request_id(), caller, &result);
  if (!status.ok()) return status;
  if (result.settlement.has_value()) {
    ToProto(*result.settlement, response->mutable_payment());
  }
  ToProto(result.invoice, response->mutable_invoice());
  for (const storage::ClaimEntryRecord& entry : result.entries) {
    ToProto(entry, response->add_extras_paid());
  }
  return absl::OkStatus();
}

absl::Status InvoiceService::CreateCreditNoteOp(
    grpc::ServerContext* context, const v1::CreateCreditNoteRequest* request,
    v1::CreateCreditNoteResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  storage::ClaimsRecorded result;
  absl::Status status =
      Settle(*env_,
             {.invoice_id = request->invoice_id(),
              .kind = storage::SettlementKind::kCreditNote,
              .currency = request->amount().currency_code(),
              .amount_minor = request->amount().minor_units(),
              .date = request->credit_date(),
              .reference = request->reference()},
             *request, request->request_id(), caller, &result);
  if (!status.ok()) return status;
  if (result.settlement.has_value()) {
    ToProto(*result.settlement, response->mutable_credit_note());
  }
  ToProto(result.invoice, response->mutable_invoice());
  return absl::OkStatus();
}

}  // namespace relance::api
