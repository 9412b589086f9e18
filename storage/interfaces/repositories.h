#ifndef RELANCE_STORAGE_INTERFACES_REPOSITORIES_H_
#define RELANCE_STORAGE_INTERFACES_REPOSITORIES_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"

// Repository interfaces. Every method is one transaction: it either completes
// or leaves nothing behind. Any method may also return UNAVAILABLE (database
// unreachable, no pooled connection within the acquire timeout, or a write
// conflict that survived the retries) and INTERNAL, and INVALID_ARGUMENT for a
// value the schema cannot hold (a date outside years 1 to 9999, a negative
// amount, a currency that is not three capital letters, a page limit below 1):
// callers validate first, this is the last line.
namespace relance::storage {

class ClientRepository {
 public:
  virtual ~ClientRepository() = default;

  // Inserts `client` (its id, version and times are assigned; policy_id is
  // left to PolicyRepository::Assign) with version 1, and appends its
  // change-log entry (client.create, "client <reference>").
  // When a non-empty `request_id` was already used by a Create, returns the
  // client that call created, unchanged, and records nothing. ALREADY_EXISTS
  // if another client has the same reference.
  virtual absl::StatusOr<ClientRecord> Create(const ClientRecord& client,
                                              absl::string_view request_id,
                                              const Change& change) = 0;

  // NOT_FOUND if there is no such client.
  virtual absl::StatusOr<ClientRecord> Get(std::int64_t id) = 0;

  virtual absl::StatusOr<Page<ClientRecord>> List(const ClientFilter& filter,
                                                  const PageRequest& page) = 0;

  // Overwrites the stored client `client.id` with `client` (reference,
  // policy_id and create_time excepted) if its stored version is still
  // `client.version`; returns it with version + 1. In the same transaction,
  // marks the client's open invoices for the dunning engine's next run and
  // appends its change-log entry (client.update, "client <reference>").
  // NOT_FOUND if there is no such client; ABORTED if the version has moved on.
  virtual absl::StatusOr<ClientRecord> Update(const ClientRecord& client,
                                              const Change& change) = 0;
};

class InvoiceRepository {
 public:
  virtual ~InvoiceRepository() = default;

  // Inserts `invoice` (id, version, times, paid and credited amounts are
  // assigned) with version 1, and appends its change-log entry
  // (invoice.create, "invoice <number>"). A repeated non-empty `request_id`
  // returns the invoice first created, as it is now, and records nothing.
  // NOT_FOUND if the client does not exist; ALREADY_EXISTS if the number is
  // taken.
  virtual absl::StatusOr<InvoiceRecord> Create(const InvoiceRecord& invoice,
                                               absl::string_view request_id,
                                               const Change& change) = 0;

  // NOT_FOUND if there is no such invoice.
  virtual absl::StatusOr<InvoiceRecord> Get(std::int64_t id) = 0;

  virtual absl::StatusOr<Page<InvoiceRecord>> List(const InvoiceFilter& filter,
                                                   const PageRequest& page) = 0;

  // Writes issue_date, due_date, total_minor and status of invoice `invoice.id`
  // if its stored version is still `invoice.version`, marks it for the
  // dunning engine's next run and appends its change-log entry
  // (invoice.update, "invoice <number>"); returns it with version + 1.
  // NOT_FOUND if there is no such invoice; ABORTED if the version has moved
  // on.
  virtual absl::StatusOr<InvoiceRecord> Update(const InvoiceRecord& invoice,
                                               const Change& change) = 0;

  // Inserts the settlement and, in the same transaction, adds its amount to the
  // invoice's paid or credited sum, marks the invoice paid when nothing remains
  // due, bumps its version and marks it for the dunning engine's next run. A
  // repeated non-empty `request_id` returns the settlement first recorded and
  // the invoice now. NOT_FOUND if the invoice does not exist;
  // FAILED_PRECONDITION if the currency differs from the invoice's, the invoice
  // is cancelled, or the amount exceeds what is still due.
  virtual absl::StatusOr<SettlementResult> AddSettlement(
      const SettlementRecord& settlement, absl::string_view request_id,
      absl::Time now) = 0;

  // Records what was paid or waived of an invoice's extras (`entries`, each
  // of invoice `invoice_id`) and, for a payment that also pays principal,
  // `settlement` (as AddSettlement would, its timeline entry and event
  // included), and `timeline_entry` (what the entries settle, its event with
  // it), in one transaction, provided the invoice is still at version
  // `expected_version`: the entries were worked out from it. Bumps the
  // invoice's version and marks it for the next run. A repeated non-empty
  // `request_id` returns what it first recorded. ABORTED if the invoice
  // changed; NOT_FOUND; the FAILED_PRECONDITION of AddSettlement.
  virtual absl::StatusOr<ClaimsRecorded> RecordClaims(
      std::int64_t invoice_id, std::int64_t expected_version,
      const std::optional<SettlementRecord>& settlement,
      const std::vector<ClaimEntryRecord>& entries,
      const InteractionRecord& timeline_entry, absl::string_view request_id,
      absl::Time now) = 0;

  // What `request_id` recorded through RecordClaims, if it did.
  virtual absl::StatusOr<std::optional<ClaimsRecorded>> FindClaimsByRequestId(
      absl::string_view request_id) = 0;

  // The invoice's payments and credit notes in the order they were recorded.
  virtual absl::StatusOr<std::vector<SettlementRecord>> ListSettlements(
      std::int64_t invoice_id) = 0;

  // Get and ListSettlements in one snapshot: a settlement committed meanwhile
  // is in both or in neither. NOT_FOUND if there is no such invoice.
  virtual absl::StatusOr<InvoiceWithSettlementsRecord> GetWithSettlements(
      std::int64_t id) = 0;

  // Imports validated rows in one transaction: clients are created on first
  // sight of their reference (an existing client is left as it is), invoices
  // are inserted unless their number exists. Rows may repeat a client reference
  // and may repeat an invoice number (the later row is then already present).
  // With an owner scope (see ImportOptions), a row whose client is not the
  // scope's writes nothing and its outcome says so. A batch that created
  // something appends one change-log entry (invoice.import, "import: 3
  // invoices created, 1 client created"); one that created nothing records
  // nothing.
  virtual absl::StatusOr<ImportBatchResult> ImportBatch(
      const std::vector<ImportRow>& rows, const ImportOptions& options,
      const Change& change) = 0;

  // ImportBatch without an owner scope.
  absl::StatusOr<ImportBatchResult> ImportBatch(
      const std::vector<ImportRow>& rows, const Change& change) {
    return ImportBatch(rows, ImportOptions{}, change);
  }
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_REPOSITORIES_H_
