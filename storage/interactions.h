#ifndef RELANCE_STORAGE_INTERACTIONS_H_
#define RELANCE_STORAGE_INTERACTIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/dunning_records.h"
#include "storage/records.h"

// The interaction log: an append-only timeline of everything that happened
// with a debtor. Entries are added, never changed or removed; a correction is a
// new entry that points at the one it corrects.
namespace relance::storage {

enum class InteractionKind {
  // A reminder that went out on a channel, with exactly what was sent.
  kMessageSent,
};

struct InteractionRecord {
  // Assigned when appended.
  std::int64_t id = 0;
  std::int64_t client_id = 0;
  // Set when the entry concerns one invoice.
  std::optional<std::int64_t> invoice_id;
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
  // The reminders the entry carried out, with their invoices.
  std::vector<std::int64_t> reminder_ids;
  std::vector<std::int64_t> reminder_invoice_ids;
  // Assigned when appended.
  absl::Time create_time;
};

struct InteractionFilter {
  std::optional<std::int64_t> client_id;
  // Entries linked to this reminder.
  std::optional<std::int64_t> reminder_id;
  std::optional<Channel> channel;
  // [occurred_from, occurred_until)
  absl::Time occurred_from = absl::InfinitePast();
  absl::Time occurred_until = absl::InfiniteFuture();
};

// Every method is one transaction and may return UNAVAILABLE and INTERNAL like
// any repository (see repositories.h).
class InteractionRepository {
 public:
  virtual ~InteractionRepository() = default;

  // Appends `entry` (id and create time assigned) and returns it as stored.
  // NOT_FOUND for an unknown client, invoice, reminder or corrected entry;
  // INVALID_ARGUMENT when reminder_ids and reminder_invoice_ids differ in
  // length.
  virtual absl::StatusOr<InteractionRecord> Append(
      const InteractionRecord& entry, absl::Time now) = 0;

  // NOT_FOUND if there is no such entry.
  virtual absl::StatusOr<InteractionRecord> Get(std::int64_t id) = 0;

  // Entries matching `filter`, oldest first (in id order).
  virtual absl::StatusOr<Page<InteractionRecord>> List(
      const InteractionFilter& filter, const PageRequest& page) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERACTIONS_H_
