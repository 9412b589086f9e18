#ifndef RELANCE_SERVER_CHANNELS_CHANNEL_ADAPTERS_H_
#define RELANCE_SERVER_CHANNELS_CHANNEL_ADAPTERS_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "server/channels/letter_pdf.h"
#include "server/channels/message_composer.h"
#include "server/channels/sms_client.h"
#include "server/channels/smtp_mailer.h"
#include "server/domain/dispatch.h"
#include "storage/base/clock.h"
#include "storage/interfaces/interactions.h"

// The adapters that carry due reminders to debtors: email over SMTP, paper
// letters as PDF (printed from the day's batch), SMS through an HTTP
// provider. Each composes the message of its item, sends it, and returns
// exactly what was sent for the interaction log. Thread-safe.
namespace relance {

// The client's day now, in its time zone (UTC when the zone is unknown).
absl::CivilDay ClientToday(const storage::ClientRecord& client, Clock* clock);

// What every channel of one delivery sends, composed once: a step that goes
// by email and letter reads the penalties, renders its template and makes its
// PDF once, and the attachment is the very letter that is logged.
struct ComposedItem {
  ComposedMessage message;
  // When the step goes by letter: the letter's PDF and, for the log, the
  // content it was rendered from.
  std::string letter_pdf;
  std::string letter_json;
};

// Composes each delivery once for all its channels. Thread-safe.
class DeliveryComposer {
 public:
  DeliveryComposer(const MessageComposer* composer, LetterFonts fonts,
                   Clock* clock);

  // The composition of `item` as of the client's today. Made on the first
  // channel's request and kept for the others of the same claim (the first
  // reminder's id and version: a retry is a new claim, composed afresh).
  // The composer's and the renderer's errors.
  absl::StatusOr<std::shared_ptr<const ComposedItem>> For(
      const DispatchItem& item);

  const MessageComposer& composer() const { return *composer_; }

 private:
  using Key = std::pair<std::int64_t, std::int64_t>;
  // Enough for every dispatcher thread's delivery in flight.
  static constexpr size_t kKept = 64;

  const MessageComposer* composer_;
  LetterFonts fonts_;
  Clock* clock_;
  absl::Mutex mutex_;
  std::deque<std::pair<Key, std::shared_ptr<const ComposedItem>>> recent_
      ABSL_GUARDED_BY(mutex_);
};

struct EmailSettings {
  // "Name <address>" the messages come from; the address is also the
  // envelope sender.
  std::string from;
  // Where replies go; empty for `from`.
  std::string reply_to;
  // The domain of Message-IDs ("reminder-42.first_reminder@DOMAIN").
  std::string message_id_domain;
};

class EmailChannel final : public ChannelAdapter {
 public:
  EmailChannel(DeliveryComposer* composer, const SmtpMailer* mailer,
               EmailSettings settings, Clock* clock);

  // Sends to the client's billing email with its cc contacts; attaches the
  // letter as PDF when the step also goes by letter. FAILED_PRECONDITION when
  // the client has no email or the template no email part; the composer's
  // and the mailer's errors.
  absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) override;

 private:
  DeliveryComposer* composer_;
  const SmtpMailer* mailer_;
  EmailSettings settings_;
  Clock* clock_;
};

// Letters and registered letters: rendered as PDF and logged with their
// content; `relance letters print` gathers a day's letters into one file.
class LetterChannel final : public ChannelAdapter {
 public:
  explicit LetterChannel(DeliveryComposer* composer);

  // FAILED_PRECONDITION when the client has no postal address or the
  // template no letter part; the composer's and the renderer's errors.
  absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) override;

 private:
  DeliveryComposer* composer_;
};

class SmsChannel final : public ChannelAdapter {
 public:
  SmsChannel(DeliveryComposer* composer, const SmsClient* client,
             std::string reference_domain);

  // FAILED_PRECONDITION when the client has no phone number or the template
  // no SMS part; the composer's and the provider's errors.
  absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) override;

 private:
  DeliveryComposer* composer_;
  const SmsClient* client_;
  std::string reference_domain_;
};

// The file name of the letter attached to the email of `item`, for the
// debtor's reading: "Relance FA-2026-0398.pdf", "Relance 3 factures.pdf"
// ("Reminder ..." in English).
std::string AttachmentName(const DispatchItem& item,
                           absl::string_view language);

// Renders the letter of `message` as a one-letter PDF, returning the log
// entry's document fields filled (document, type, content_json).
absl::Status RenderLetterInto(const MessageComposer& composer,
                              const ComposedMessage& message, bool registered,
                              const LetterFonts& fonts, absl::Time now,
                              storage::InteractionRecord* entry);

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_CHANNEL_ADAPTERS_H_
