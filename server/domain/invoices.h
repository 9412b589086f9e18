#ifndef RELANCE_SERVER_DOMAIN_INVOICES_H_
#define RELANCE_SERVER_DOMAIN_INVOICES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/field_violations.h"
#include "server/domain/validation.h"
#include "storage/base/clock.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/repositories.h"

namespace relance {

// The fields an update may change; unset ones keep their value. The number, the
// client and the currency identify what was billed and never change: a wrong
// invoice is cancelled and reissued.
struct InvoiceChanges {
  std::optional<std::string> issue_date;
  std::optional<std::string> due_date;
  // In the invoice's currency, which must be restated.
  std::optional<std::int64_t> total_minor;
  std::optional<std::string> total_currency;
  // kOpen or kCancelled; kPaid follows from the payments and cannot be set.
  std::optional<storage::InvoiceStatus> status;
};

// One row of a bulk import, as the caller wrote it.
struct ImportRowInput {
  std::int64_t line = 0;
  std::string client_reference;
  std::string client_name;
  std::string client_email;
  std::string client_phone;
  std::optional<storage::ClientKind> client_kind;
  std::vector<std::string> client_postal_address_lines;
  std::vector<std::string> client_cc_emails;
  std::string number;
  std::string issue_date;
  std::string due_date;
  std::string currency;
  std::int64_t total_minor = 0;
};

struct ImportRejection {
  std::int64_t line = 0;
  // Named as in the import row: number, client_reference, due_date, total...
  std::string field;
  std::string description;
};

struct ImportSummary {
  std::int64_t created = 0;
  std::int64_t already_present = 0;
  std::int64_t clients_created = 0;
  // Rows rejected; a row may have several rejections, one per field at fault.
  std::int64_t rejected = 0;
  std::vector<ImportRejection> rejections;

  ImportSummary& operator+=(const ImportSummary& other);
};

// The invoice book: invoices and what settles them. Besides the errors named,
// every method may return the storage errors UNAVAILABLE and INTERNAL.
class Invoices {
 public:
  Invoices(storage::InvoiceRepository* repository, Clock* clock)
      : repository_(repository), clock_(clock) {}

  // INVALID_ARGUMENT (field violations of ValidateInvoice); NOT_FOUND for an
  // unknown client; ALREADY_EXISTS for a number in use. A repeated `request_id`
  // returns the invoice first created. `actor` (the caller's user name) is
  // recorded in the change log, as by Update and ImportBatch.
  absl::StatusOr<storage::InvoiceRecord> Create(const InvoiceInput& input,
                                                absl::string_view request_id,
                                                absl::string_view actor);

  struct InvoiceWithSettlements {
    storage::InvoiceRecord invoice;
    // Payments and credit notes in the order they were recorded.
    std::vector<storage::SettlementRecord> settlements;
    // What was paid or waived of its extras, in the order recorded.
    std::vector<storage::ClaimEntryRecord> claim_entries;
  };
  // NOT_FOUND.
  absl::StatusOr<storage::InvoiceRecord> Get(std::int64_t id);
  // NOT_FOUND.
  absl::StatusOr<InvoiceWithSettlements> GetWithSettlements(std::int64_t id);

  absl::StatusOr<storage::Page<storage::InvoiceRecord>> List(
      const storage::InvoiceFilter& filter, const storage::PageRequest& page);

  // Applies `changes` if `etag` is empty or current. NOT_FOUND; ABORTED for a
  // stale etag or a concurrent change (a payment included); INVALID_ARGUMENT
  // for invalid fields (issue_date, due_date, total, total.currency_code,
  // status); FAILED_PRECONDITION for a total below what is settled or the
  // cancellation of a paid invoice.
  absl::StatusOr<storage::InvoiceRecord> Update(std::int64_t id,
                                                absl::string_view etag,
                                                const InvoiceChanges& changes,
                                                absl::string_view actor);

  // Records a payment or a credit note. INVALID_ARGUMENT (field violations of
  // ValidateSettlement); NOT_FOUND for an unknown invoice; FAILED_PRECONDITION
  // for another currency, a cancelled invoice, or more than is still due. A
  // repeated `request_id` returns the settlement first recorded.
  // `actor` (a user name) is recorded as who recorded it.
  absl::StatusOr<storage::SettlementResult> Settle(const SettlementInput& input,
                                                   absl::string_view request_id,
                                                   absl::string_view actor);

  // Records claims entries and the principal part of a payment in one
  // transaction, checked against the invoice's version: see
  // storage::InvoiceRepository::RecordClaims.
  absl::StatusOr<storage::ClaimsRecorded> RecordClaims(
      const storage::InvoiceRecord& read,
      const std::optional<storage::SettlementRecord>& settlement,
      const std::vector<storage::ClaimEntryRecord>& entries,
      const storage::InteractionRecord& timeline_entry,
      absl::string_view request_id);
  // What `request_id` recorded through RecordClaims or Settle, if anything.
  absl::StatusOr<std::optional<storage::ClaimsRecorded>> FindClaimsByRequestId(
      absl::string_view request_id);

  // Validates every row, rejects the invalid ones with the field at fault, and
  // imports the others in one transaction. A row whose number exists for the
  // same client is already present; for another client, it is rejected (field
  // "number"). Returns the storage error, with nothing of the batch written, if
  // the transaction fails. With an `owner_scope` (a sales rep's import), a
  // row of a client that is not theirs is rejected (field "client_reference")
  // and the clients created are theirs.
  absl::StatusOr<ImportSummary> ImportBatch(
      const std::vector<ImportRowInput>& rows,
      std::optional<std::string> owner_scope, absl::string_view actor);

 private:
  storage::InvoiceRepository* repository_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_INVOICES_H_
