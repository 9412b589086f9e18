#ifndef RELANCE_STORAGE_INTERFACES_INTERACTIONS_H_
#define RELANCE_STORAGE_INTERFACES_INTERACTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/records.h"

// The interaction log: an append-only timeline of everything that happened
// with a debtor. Entries are added, never changed or removed; a correction is a
// new entry that points at the one it corrects.
namespace relance::storage {

enum class CallOutcome {
  kReached,
  kNoAnswer,
  kWrongNumber,
  kPromise,
  kDispute
};
enum class DisputeOutcome {
  kCreditNoteIssued,
  kInvoiceCorrected,
  kClaimRejected
};

enum class InteractionKind {
  // A reminder that went out on a channel, with exactly what was sent.
  kMessageSent,
  // An email or a letter received from the debtor (body_text holds it).
  kInboundEmail,
  kInboundLetter,
  // A call made to the debtor, with its outcome.
  kCall,
  kNote,
  kDisputeOpened,
  kDisputeCommented,
  // With the resolution's outcome.
  kDisputeResolved,
  // The dispute's deadline passed with the dispute still open: dunning resumed.
  kDisputeDeadlinePassed,
  kPromiseMade,
  kPromiseKept,
  kPromiseBroken,
  kPlanCreated,
  // `day` is the instalment's due date, `amount` its amount; the instalment's
  // number is in content_json ({"number": N}).
  kInstalmentPaid,
  kInstalmentMissed,
  kPlanCompleted,
  kPlanBroken,
  kPlanCancelled,
  // A payment or a credit note recorded on the invoice.
  kPaymentReceived,
  kCreditNoteRecorded,
  // The invoice was handed over to collection (the ladder's last step).
  kHandOver,
  // `day` is the last blocked day.
  kClientBlocked,
  kClientUnblocked,
  // A registered letter was posted (see registered_letters.h), or its
  // acknowledgement of receipt came back; the summary says which.
  kLetterPosted,
  kLetterAcknowledged,
  // Part of the extras claimed (interest, indemnity, fees) paid by a payment
  // beyond the principal, or waived (text: why); the summary says which.
  kExtrasPaid,
  kExtrasWaived,
  // The server's warning that the invoice's claim comes close to its
  // limitation date (see server/domain/limitation.h): `day` is its last day,
  // the summary says how long is left. Once per invoice and limitation date.
  kLimitationWarning,
};

struct InteractionRecord {
  // Assigned when appended.
  std::int64_t id = 0;
  std::int64_t client_id = 0;
  // Set when the entry concerns one invoice.
  std::optional<std::int64_t> invoice_id;
  // Read from the invoice; not written.
  std::string invoice_number;
  InteractionKind kind = InteractionKind::kMessageSent;
  // The channel of a message.
  std::optional<Channel> channel;
  // A user name, or the dispatcher's worker name for automatic sends.
  std::string actor;
  absl::Time occurred_time;
  std::string summary;
  // For a message: its Message-ID (emails), recipients (addresses or phone
  // number), and exactly what was sent.
  std::string message_id;
  std::vector<std::string> recipients;
  std::string subject;
  std::string body_text;
  std::string body_html;
  // The attached or printed file (raw bytes) and its media type.
  std::string document_type;
  std::string document;
  // The structured content the document was rendered from.
  std::string content_json;
  std::optional<std::int64_t> corrects_id;
  // The idempotency key of the call that wrote the entry; empty for none.
  std::string request_id;
  // What the entry concerns, besides its client and invoice.
  std::optional<std::int64_t> dispute_id;
  std::optional<std::int64_t> promise_id;
  std::optional<std::int64_t> plan_id;
  // A call's outcome, or a resolved dispute's (one column).
  std::optional<CallOutcome> call_outcome;
  std::optional<DisputeOutcome> dispute_outcome;
  // The entry's money (a promise, a payment, an instalment); minor 0 for none.
  CurrencyAmount amount;
  // The entry's date (promised date, instalment due date, last blocked day).
  std::optional<absl::CivilDay> day;
  // The reminders the entry carried out, with their invoices.
  std::vector<std::int64_t> reminder_ids;
  std::vector<std::int64_t> reminder_invoice_ids;
  // Assigned when appended.
  absl::Time create_time;
  // The event the entry raised (see events.h); assigned when appended.
  std::int64_t event_sequence = 0;
};

struct InteractionFilter {
  std::optional<std::int64_t> client_id;
  // Entries about this invoice: its own, and messages that carried one of its
  // reminders.
  std::optional<std::int64_t> invoice_id;
  // Entries of these kinds; all kinds when empty.
  std::vector<InteractionKind> kinds;
  // Entries linked to this reminder.
  std::optional<std::int64_t> reminder_id;
  std::optional<Channel> channel;
  // [occurred_from, occurred_until)
  absl::Time occurred_from = absl::InfinitePast();
  absl::Time occurred_until = absl::InfiniteFuture();
  // Only rows of the clients whose owner is this.
  std::optional<std::string> owner;
};

// Every method is one transaction and may return UNAVAILABLE and INTERNAL like
// any repository (see repositories.h).
class InteractionRepository {
 public:
  virtual ~InteractionRepository() = default;

  // Appends `entry` (id, create time and event sequence assigned) with the
  // event it raises, and returns it as stored. When a non-empty request_id
  // was already used, returns the entry first appended with it, unchanged.
  // NOT_FOUND for an unknown client, invoice, reminder, corrected entry,
  // dispute, promise or plan; INVALID_ARGUMENT when reminder_ids and
  // reminder_invoice_ids differ in length.
  virtual absl::StatusOr<InteractionRecord> Append(
      const InteractionRecord& entry, absl::Time now) = 0;

  // NOT_FOUND if there is no such entry.
  virtual absl::StatusOr<InteractionRecord> Get(std::int64_t id) = 0;

  // Entries matching `filter`, oldest first (in id order).
  virtual absl::StatusOr<Page<InteractionRecord>> List(
      const InteractionFilter& filter, const PageRequest& page) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_INTERACTIONS_H_
