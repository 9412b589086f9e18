#include "server/domain/invoices.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/domain/clients.h"
#include "server/domain/dates.h"
#include "server/domain/errors.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"

namespace relance {
namespace {

storage::InvoiceStatus DerivedStatus(const storage::InvoiceRecord& invoice) {
  return invoice.outstanding_minor() == 0 ? storage::InvoiceStatus::kPaid
                                          : storage::InvoiceStatus::kOpen;
}

// Appends the field violations of `status`, except those on fields in
// `skipped`.
void AddRejections(const absl::Status& status, absl::string_view field_prefix,
                   std::int64_t line, absl::string_view skipped,
                   std::vector<ImportRejection>& rejections) {
  for (const FieldViolation& violation : GetFieldViolations(status)) {
    if (violation.field == skipped) continue;
    rejections.push_back({line, absl::StrCat(field_prefix, violation.field),
                          violation.description});
  }
}

// Validates one import row as a client and an invoice; on failure, appends its
// rejections.
std::optional<storage::ImportRow> ValidateImportRow(
    const ImportRowInput& input, std::vector<ImportRejection>& rejections) {
  storage::ClientRecord client;
  client.reference = input.client_reference;
  client.name =
      input.client_name.empty() ? input.client_reference : input.client_name;
  client.kind = input.client_kind.value_or(storage::ClientKind::kB2B);
  client.email = input.client_email;
  client.phone = input.client_phone;
  client.postal_address_lines = input.client_postal_address_lines;
  client.cc_emails = input.client_cc_emails;
  absl::StatusOr<storage::ClientRecord> valid_client =
      NormalizeClient(std::move(client));
  // The client's fields are the row's client_* columns. A name taken from the
  // reference is the reference's problem, reported once under its own column.
  if (!valid_client.ok()) {
    AddRejections(valid_client.status(), "client_", input.line,
                  input.client_name.empty() ? "name" : "", rejections);
  }

  // The client id is assigned when the batch is stored; any positive id passes
  // validation.
  absl::StatusOr<storage::InvoiceRecord> valid_invoice =
      ValidateInvoice({.number = input.number,
                       .client_id = 1,
                       .issue_date = input.issue_date,
                       .due_date = input.due_date,
                       .currency = input.currency,
                       .total_minor = input.total_minor});
  if (!valid_invoice.ok()) {
    AddRejections(valid_invoice.status(), "", input.line, "", rejections);
  }

  if (!valid_client.ok() || !valid_invoice.ok()) return std::nullopt;
  valid_invoice->client_id = 0;
  return storage::ImportRow{.client = *std::move(valid_client),
                            .invoice = *std::move(valid_invoice)};
}

}  // namespace

ImportSummary& ImportSummary::operator+=(const ImportSummary& other) {
  created += other.created;
  already_present += other.already_present;
  clients_created += other.clients_created;
  rejected += other.rejected;
  rejections.insert(rejections.end(), other.rejections.begin(),
                    other.rejections.end());
  return *this;
}

absl::StatusOr<storage::InvoiceRecord> Invoices::Create(
    const InvoiceInput& input, absl::string_view request_id,
    absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                           ValidateInvoice(input));
  return repository_->Create(
      invoice, request_id, storage::Change(clock_->Now(), std::string(actor)));
}

absl::StatusOr<storage::InvoiceRecord> Invoices::Get(std::int64_t id) {
  return repository_->Get(id);
}

absl::StatusOr<Invoices::InvoiceWithSettlements> Invoices::GetWithSettlements(
    std::int64_t id) {
  // One snapshot: two reads showed payments that did not add up to the
  // invoice's own paid sum while payments were being recorded.
  RELANCE_ASSIGN_OR_RETURN(storage::InvoiceWithSettlementsRecord read,
                           repository_->GetWithSettlements(id));
  return InvoiceWithSettlements{std::move(read.invoice),
                                std::move(read.settlements),
                                std::move(read.claim_entries)};
}

absl::StatusOr<storage::ClaimsRecorded> Invoices::RecordClaims(
    const storage::InvoiceRecord& read,
    const std::optional<storage::SettlementRecord>& settlement,
    const std::vector<storage::ClaimEntryRecord>& entries,
    const storage::InteractionRecord& timeline_entry,
    absl::string_view request_id) {
  return repository_->RecordClaims(read.id, read.version, settlement, entries,
                                   timeline_entry, request_id, clock_->Now());
}

absl::StatusOr<std::optional<storage::ClaimsRecorded>>
Invoices::FindClaimsByRequestId(absl::string_view request_id) {
  return repository_->FindClaimsByRequestId(request_id);
}

absl::StatusOr<storage::Page<storage::InvoiceRecord>> Invoices::List(
    const storage::InvoiceFilter& filter, const storage::PageRequest& page) {
  return repository_->List(filter, page);
}

absl::StatusOr<storage::InvoiceRecord> Invoices::Update(
    std::int64_t id, absl::string_view etag, const InvoiceChanges& changes,
    absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                           repository_->Get(id));
  RELANCE_RETURN_IF_ERROR(CheckEtag("invoice", id, invoice.version, etag));

  FieldViolations violations;
  if (changes.status == storage::InvoiceStatus::kPaid) {
    violations.Add(
        "status",
        "PAID follows from payments and credit notes and cannot be set");
  }
  if (changes.total_currency.has_value() &&
      *changes.total_currency != invoice.currency) {
    violations.Add("total.currency_code",
                   absl::StrCat("must stay ", invoice.currency,
                                ", the invoice's currency"));
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());

  // Re-validate the whole invoice as it would become, so that the date rules
  // hold across fields.
  RELANCE_ASSIGN_OR_RETURN(
      storage::InvoiceRecord changed,
      ValidateInvoice(
          {.number = invoice.number,
           .client_id = invoice.client_id,
           .issue_date =
               changes.issue_date.value_or(FormatDate(invoice.issue_date)),
           .due_date = changes.due_date.value_or(FormatDate(invoice.due_date)),
           .currency = invoice.currency,
           .total_minor = changes.total_minor.value_or(invoice.total_minor)}));
  const std::int64_t settled = invoice.paid_minor + invoice.credited_minor;
  if (changed.total_minor < settled) {
    return errors::TotalBelowSettled(invoice.number, invoice.currency,
                                     changed.total_minor, settled);
  }
  invoice.issue_date = changed.issue_date;
  invoice.due_date = changed.due_date;
  invoice.total_minor = changed.total_minor;

  const storage::InvoiceStatus wanted = changes.status.value_or(
      invoice.status == storage::InvoiceStatus::kCancelled
          ? storage::InvoiceStatus::kCancelled
          : storage::InvoiceStatus::kOpen);
  if (wanted == storage::InvoiceStatus::kCancelled) {
    if (invoice.status == storage::InvoiceStatus::kPaid) {
      return errors::CancelPaidInvoice(invoice.number);
    }
    invoice.status = storage::InvoiceStatus::kCancelled;
  } else {
    invoice.status = DerivedStatus(invoice);
  }
  return repository_->Update(
      invoice, storage::Change(clock_->Now(), std::string(actor)));
}

absl::StatusOr<storage::SettlementResult> Invoices::Settle(
    const SettlementInput& input, absl::string_view request_id,
    absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::SettlementRecord settlement,
                           ValidateSettlement(input));
  settlement.recorded_by = std::string(actor);
  // The repository checks currency, cancellation and the outstanding amount
  // inside its transaction, where they hold against concurrent payments, and
  // after recognising a replayed request_id. Its refusal is then explained from
  // the invoice as it stands.
  absl::StatusOr<storage::SettlementResult> result =
      repository_->AddSettlement(settlement, request_id, clock_->Now());
  if (result.status().code() != absl::StatusCode::kFailedPrecondition)
    return result;
  absl::StatusOr<storage::InvoiceRecord> invoice =
      repository_->Get(input.invoice_id);
  if (!invoice.ok()) return result;
  if (settlement.currency != invoice->currency) {
    return errors::CurrencyMismatch(invoice->number, invoice->currency,
                                    settlement.currency);
  }
  if (invoice->status == storage::InvoiceStatus::kCancelled) {
    return errors::InvoiceCancelled(invoice->number);
  }
  if (settlement.amount_minor > invoice->outstanding_minor()) {
    return errors::ExceedsOutstanding(invoice->number, invoice->currency,
                                      settlement.amount_minor,
                                      invoice->outstanding_minor());
  }
  return result;
}

absl::StatusOr<ImportSummary> Invoices::ImportBatch(
    const std::vector<ImportRowInput>& rows,
    std::optional<std::string> owner_scope, absl::string_view actor) {
  ImportSummary summary;
  std::vector<storage::ImportRow> valid_rows;
  std::vector<std::int64_t> valid_lines;
  valid_rows.reserve(rows.size());
  valid_lines.reserve(rows.size());
  for (const ImportRowInput& input : rows) {
    if (std::optional<storage::ImportRow> row =
            ValidateImportRow(input, summary.rejections)) {
      valid_rows.push_back(*std::move(row));
      valid_lines.push_back(input.line);
    } else {
      ++summary.rejected;
    }
  }
  if (valid_rows.empty()) return summary;

  RELANCE_ASSIGN_OR_RETURN(
      storage::ImportBatchResult result,
      repository_->ImportBatch(
          valid_rows, {.owner_scope = std::move(owner_scope)},
          storage::Change(clock_->Now(), std::string(actor))));
  summary.clients_created = result.clients_created;
  for (std::size_t i = 0; i < result.outcomes.size(); ++i) {
    switch (result.outcomes[i]) {
      case storage::ImportOutcome::kCreated:
        ++summary.created;
        break;
      case storage::ImportOutcome::kAlreadyPresent:
        ++summary.already_present;
        break;
      case storage::ImportOutcome::kNumberTakenByAnotherClient:
        ++summary.rejected;
        summary.rejections.push_back(
            {valid_lines[i], "number",
             absl::StrCat("invoice ", valid_rows[i].invoice.number,
                          " already exists for another client")});
        break;
      case storage::ImportOutcome::kClientOfAnotherOwner:
        ++summary.rejected;
        summary.rejections.push_back(
            {valid_lines[i], "client_reference",
             absl::StrCat("client ", valid_rows[i].client.reference,
                          " is not one of your clients")});
        break;
    }
  }
  return summary;
}

}  // namespace relance
