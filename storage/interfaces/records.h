#ifndef RELANCE_STORAGE_INTERFACES_RECORDS_H_
#define RELANCE_STORAGE_INTERFACES_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

// Plain rows as the repositories store them. Money is an integer count of minor
// units next to its ISO 4217 currency code; dates are calendar days; instants
// are UTC.
namespace relance::storage {

enum class ClientKind { kB2B, kB2C };
enum class InvoiceStatus { kOpen, kPaid, kCancelled };
enum class SettlementKind { kPayment, kCreditNote };
// What a late invoice costs beyond its principal: interest, the 40 EUR
// recovery indemnity, the fees its reminders claimed.
enum class ClaimComponent { kInterest, kIndemnity, kFee };
// What became of part of a claimed extra: paid (by a payment beyond the
// principal) or waived (a "remise gracieuse").
enum class ClaimEntryKind { kPaid, kWaived };
enum class PaymentMethod { kTransfer, kDirectDebit, kCard, kCheque };

struct ClientRecord {
  std::int64_t id = 0;
  std::string reference;
  std::string name;
  ClientKind kind = ClientKind::kB2B;
  std::string email;
  std::string phone;
  std::string legal_id;
  std::string vat_number;
  std::string language;
  std::string time_zone;
  // The sales rep who owns the client (a user name); empty for none.
  std::string owner;
  PaymentMethod payment_method = PaymentMethod::kTransfer;
  // Dunning waits until the day after this one.
  std::optional<absl::CivilDay> dunning_blocked_until;
  std::string dunning_block_reason;
  // Contractual late-payment interest, hundredths of a percent a year.
  std::optional<std::int32_t> contract_interest_rate_bp;
  // The recipient block of letters without the name line, one line each
  // (street, postcode and town, country...); empty when there is none.
  std::vector<std::string> postal_address_lines;
  // Addresses copied on every email to the client.
  std::vector<std::string> cc_emails;
  // The client's own dunning policy; 0 when it follows the default. Written
  // only by PolicyRepository::Assign.
  std::int64_t policy_id = 0;
  // Incremented by every write; the API's etag.
  std::int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;
};

struct InvoiceRecord {
  std::int64_t id = 0;
  std::string number;
  std::int64_t client_id = 0;
  absl::CivilDay issue_date;
  absl::CivilDay due_date;
  std::string currency;
  std::int64_t total_minor = 0;
  // Sums of the invoice's payments and credit notes, kept by the repository in
  // the same transaction as the settlement rows they sum.
  std::int64_t paid_minor = 0;
  std::int64_t credited_minor = 0;
  InvoiceStatus status = InvoiceStatus::kOpen;
  std::int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;

  std::int64_t outstanding_minor() const {
    return total_minor - paid_minor - credited_minor;
  }
};

// A payment or a credit note, allocated to one invoice.
struct SettlementRecord {
  std::int64_t id = 0;
  std::int64_t invoice_id = 0;
  SettlementKind kind = SettlementKind::kPayment;
  std::string currency;
  std::int64_t amount_minor = 0;
  absl::CivilDay date;
  std::string reference;
  absl::Time create_time;
  // Who recorded it: the actor of its timeline entry and of the invoice_paid
  // event it may raise ("relanced" when empty). Not stored with it.
  std::string recorded_by;
};

// An amount of one extra of an invoice, paid or waived: the claims ledger's
// lines (the amounts claimed are worked out from the invoice, its
// settlements, the rate table and the reminders sent).
struct ClaimEntryRecord {
  std::int64_t id = 0;
  std::int64_t invoice_id = 0;
  // The payment whose part beyond the principal paid it, if it also paid
  // principal.
  std::optional<std::int64_t> settlement_id;
  ClaimComponent component = ClaimComponent::kInterest;
  ClaimEntryKind kind = ClaimEntryKind::kPaid;
  // The indemnity's is EUR; the others' the invoice's.
  std::string currency;
  std::int64_t amount_minor = 0;
  // The payment's value date, or the day of the waiver.
  absl::CivilDay date;
  // The payment's reference (bank reference, cheque number).
  std::string reference;
  // Who recorded it, and for a waiver why.
  std::string actor;
  std::string reason;
  absl::Time create_time;
};

// What one payment or waiver recorded in the claims ledger.
struct ClaimsRecorded {
  // The payment's part that went to the principal, when there was one.
  std::optional<SettlementRecord> settlement;
  std::vector<ClaimEntryRecord> entries;
  // The invoice after it.
  InvoiceRecord invoice;
};

// Keyset paging: rows with id > after_id, in id order.
struct PageRequest {
  int limit = 100;
  std::int64_t after_id = 0;
};

template <typename Record>
struct Page {
  std::vector<Record> items;
  // Set when more rows may follow: the after_id of the next page.
  std::optional<std::int64_t> next_after_id;
};

struct ClientFilter {
  std::optional<std::string> reference;
  // Only the clients whose owner is this.
  std::optional<std::string> owner;
};

struct InvoiceFilter {
  std::optional<std::int64_t> client_id;
  std::optional<InvoiceStatus> status;
  // Open invoices due strictly before this day that still owe something.
  std::optional<absl::CivilDay> overdue_as_of;
  // Inclusive bounds on the due date.
  std::optional<absl::CivilDay> due_from;
  std::optional<absl::CivilDay> due_to;
  // Only rows of the clients whose owner is this.
  std::optional<std::string> owner;
};

struct SettlementResult {
  SettlementRecord settlement;
  // The invoice after the settlement.
  InvoiceRecord invoice;
};

// An invoice and its settlements as one snapshot showed them: the payments
// and credit notes add up to its paid and credited sums.
struct InvoiceWithSettlementsRecord {
  InvoiceRecord invoice;
  // In the order they were recorded.
  std::vector<SettlementRecord> settlements;
  // What was paid or waived of its extras, in the order recorded.
  std::vector<ClaimEntryRecord> claim_entries;
};

// One validated import row: the invoice, and the client to create if its
// reference is new.
struct ImportRow {
  // Fields used: reference, name, kind, email, phone, language, time_zone,
  // postal_address_lines, cc_emails.
  ClientRecord client;
  // Fields used: number, issue_date, due_date, currency, total_minor, status.
  InvoiceRecord invoice;
};

enum class ImportOutcome {
  kCreated,
  // An invoice with this number already exists for this client.
  kAlreadyPresent,
  // The number belongs to an invoice of another client.
  kNumberTakenByAnotherClient,
  // The import has an owner scope and the row's client exists with another
  // owner (or none): nothing of the row is written.
  kClientOfAnotherOwner,
};

struct ImportOptions {
  // When set, the batch imports for this owner only: rows of a client owned
  // by anyone else are refused (kClientOfAnotherOwner), and the clients the
  // batch creates get this owner.
  std::optional<std::string> owner_scope;
};

struct ImportBatchResult {
  // One per row, in the order of the rows.
  std::vector<ImportOutcome> outcomes;
  std::int64_t clients_created = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_RECORDS_H_
