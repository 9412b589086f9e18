#ifndef RELANCE_SERVER_CHANNELS_CHANNEL_ADAPTERS_H_
#define RELANCE_SERVER_CHANNELS_CHANNEL_ADAPTERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "server/channels/letter_pdf.h"
#include "server/channels/message_composer.h"
#include "server/channels/sms_client.h"
#include "server/channels/smtp_mailer.h"
#include "server/clock.h"
#include "server/domain/dispatch.h"
#include "storage/interactions.h"

// The adapters that carry due reminders to debtors: email over SMTP, paper
// letters as PDF (printed from the day's batch), SMS through an HTTP
// provider. Each composes the message of its item, sends it, and returns
// exactly what was sent for the interaction log. Thread-safe.
namespace relance {

// The client's day now, in its time zone (UTC when the zone is unknown).
absl::CivilDay ClientToday(const storage::ClientRecord& client, Clock* clock);

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
  EmailChannel(const MessageComposer* composer, const SmtpMailer* mailer,
               EmailSettings settings, LetterFonts fonts, Clock* clock);

  // Sends to the client's billing email with its cc contacts; attaches the
  // letter as PDF when the step also goes by letter. FAILED_PRECONDITION when
  // the client has no email or the template no email part; the composer's
  // and the mailer's errors.
  absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) override;

 private:
  const MessageComposer* composer_;
  const SmtpMailer* mailer_;
  EmailSettings settings_;
  LetterFonts fonts_;
  Clock* clock_;
};

// Letters and registered letters: rendered as PDF and logged with their
// content; `relance letters print` gathers a day's letters into one file.
class LetterChannel final : public ChannelAdapter {
 public:
  LetterChannel(const MessageComposer* composer, LetterFonts fonts,
                Clock* clock);

  // FAILED_PRECONDITION when the client has no postal address or the
  // template no letter part; the composer's and the renderer's errors.
  absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) override;

 private:
  const MessageComposer* composer_;
  LetterFonts fonts_;
  Clock* clock_;
};

class SmsChannel final : public ChannelAdapter {
 public:
  SmsChannel(const MessageComposer* composer, const SmsClient* client,
             std::string reference_domain, Clock* clock);

  // FAILED_PRECONDITION when the client has no phone number or the template
  // no SMS part; the composer's and the provider's errors.
  absl::StatusOr<storage::InteractionRecord> Send(
      storage::Channel channel, const DispatchItem& item) override;

 private:
  const MessageComposer* composer_;
  const SmsClient* client_;
  std::string reference_domain_;
  Clock* clock_;
};

// Renders the letter of `message` as a one-letter PDF, returning the log
// entry's document fields filled (document, type, content_json).
absl::Status RenderLetterInto(const MessageComposer& composer,
                              const ComposedMessage& message, bool registered,
                              const LetterFonts& fonts, absl::Time now,
                              storage::InteractionRecord* entry);

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_CHANNEL_ADAPTERS_H_
