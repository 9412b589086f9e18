// What the dunning simulation reads its book and its debtors' experience with:
// the messages each debtor received, and the book's invoices and clients.
#ifndef RELANCE_TESTS_SERVER_DEBTOR_MAILBOX_H_
#define RELANCE_TESTS_SERVER_DEBTOR_MAILBOX_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/collections.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/penalty.grpc.pb.h"
#include "relance/v1/policy.grpc.pb.h"
#include "server/channels/channel_adapters.h"
#include "server/channels/message_composer.h"
#include "server/domain/business_calendar.h"
#include "server/domain/dispatch.h"
#include "server/domain/policies.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/api_money.h"

namespace relance::simulation_test {

inline int EnvInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value == nullptr || *value == '\0' ? fallback : std::atoi(value);
}

inline absl::TimeZone Paris() { return *LoadClientTimeZone("Europe/Paris"); }

inline absl::Time ParisTime(absl::CivilDay day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilHour(day) + hour, Paris()) +
         absl::Minutes(minute);
}

using testing::Eur;

// One reminder as a message carried it.
struct Carried {
  int64_t reminder_id = 0;
  int64_t invoice_id = 0;
  std::string step_key;
  int32_t rank = 0;
  bool ladder = true;
  int64_t fee_minor = 0;
  // The minimum gap of its step when it went out.
  int gap_days = 0;
};

// One message as the debtor received it.
struct Received {
  absl::Time time;
  storage::Channel channel = storage::Channel::kEmail;
  int64_t client_id = 0;
  storage::ClientKind kind = storage::ClientKind::kB2B;
  std::vector<Carried> reminders;
  // Subject, text, HTML and letter parts, as rendered for the debtor.
  std::string text;
};

// Composes every message with the server's own composer and templates, as
// the email and letter channels do before handing them to SMTP or the
// printer, and keeps what the debtor would read. Thread-safe.
class DebtorMailbox final : public ChannelAdapter {
 public:
  explicit DebtorMailbox(Clock* clock) : clock_(clock) {}

  // Set once the server is up, before anything is sent.
  void Attach(const MessageComposer* composer, Policies* policies) {
    absl::MutexLock lock(&mutex_);
    composer_ = composer;
    policies_ = policies;
  }

  absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) override {
    const storage::ClientRecord& client = item.reminders.front().client;
    Received received{.time = clock_->Now(),
                      .channel = channel,
                      .client_id = client.id,
                      .kind = client.kind};
    const MessageComposer* composer;
    Policies* policies;
    {
      absl::MutexLock lock(&mutex_);
      composer = composer_;
      policies = policies_;
    }
    absl::StatusOr<PolicyBook> book = policies->LoadBook();
    if (!book.ok()) return book.status();
    for (const storage::ReminderContext& context : item.reminders) {
      const storage::PolicyStepRecord* step =
          book->FindStep(context.reminder.policy_id, context.reminder.step_key);
      received.reminders.push_back(
          {.reminder_id = context.reminder.id,
           .invoice_id = context.invoice.id,
           .step_key = context.reminder.step_key,
           .rank = context.reminder.rank,
           .ladder =
               context.reminder.origin == storage::ReminderOrigin::kLadder,
           .fee_minor = context.reminder.fee_minor,
           .gap_days = step == nullptr ? 1 : std::max(1, step->min_gap_days)});
    }
    absl::StatusOr<ComposedMessage> composed =
        composer->Compose(item, ClientToday(client, clock_));
    if (!composed.ok()) return composed.status();
    const RenderedTemplate& parts = composed->parts;
    received.text = absl::StrCat(parts.subject, "\n", parts.text, "\n",
                                 parts.html, "\n", parts.letter);
    storage::InteractionRecord sent;
    sent.subject = parts.subject;
    sent.body_text = parts.text;
    absl::MutexLock lock(&mutex_);
    received_.push_back(std::move(received));
    return sent;
  }

  std::vector<Received> received() {
    absl::MutexLock lock(&mutex_);
    return received_;
  }

 private:
  Clock* clock_;
  absl::Mutex mutex_;
  const MessageComposer* composer_ ABSL_GUARDED_BY(mutex_) = nullptr;
  Policies* policies_ ABSL_GUARDED_BY(mutex_) = nullptr;
  std::vector<Received> received_ ABSL_GUARDED_BY(mutex_);
};

// What the test knows of an invoice, independently of the server.
struct BookInvoice {
  int64_t id = 0;
  int64_t client_id = 0;
  absl::CivilDay due_date;
  int64_t total_minor = 0;
  int64_t paid_minor = 0;
  // The payments of the principal: value date, amount.
  std::vector<std::pair<absl::CivilDay, int64_t>> payments;
  // When it was paid in full.
  std::optional<absl::Time> settled;
  // Open disputes: from, and until (resolved or deadline passed).
  std::vector<std::pair<absl::Time, absl::Time>> disputed;
  bool time_barred = false;
};

struct BookClient {
  int64_t id = 0;
  storage::ClientKind kind = storage::ClientKind::kB2B;
};

}  // namespace relance::simulation_test

#endif  // RELANCE_TESTS_SERVER_DEBTOR_MAILBOX_H_
