#include "server/channels/channel_adapters.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "server/domain/business_calendar.h"
#include "server/domain/message_context.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

constexpr char kPdfType[] = "application/pdf";

bool HasLetterChannel(const storage::ReminderRecord& reminder) {
  for (storage::Channel channel : reminder.channels) {
    if (channel == storage::Channel::kLetter ||
        channel == storage::Channel::kRegisteredLetter) {
      return true;
    }
  }
  return false;
}

bool IsRegistered(const storage::ReminderRecord& reminder) {
  for (storage::Channel channel : reminder.channels) {
    if (channel == storage::Channel::kRegisteredLetter) return true;
  }
  return false;
}

absl::Status Missing(const storage::ClientRecord& client,
                     absl::string_view what) {
  return absl::FailedPreconditionError(
      absl::StrCat("client ", client.reference, " has no ", what));
}

absl::Status NoPart(const storage::ReminderRecord& reminder,
                    absl::string_view language, absl::string_view part) {
  return absl::FailedPreconditionError(
      absl::StrCat("template '", reminder.template_key, "' (", language,
                   ") has no ", part, " part"));
}

}  // namespace

std::string AttachmentName(const DispatchItem& item,
                           absl::string_view language) {
  const bool french = LocaleFormat(language).french();
  std::string name;
  if (item.reminders.size() == 1) {
    // What a file name cannot hold becomes a dash.
    std::string number = item.reminders.front().invoice.number;
    for (char& c : number) {
      if (c == '/' || c == '\\' || c == ':' || c == '"' || c == '*' ||
          c == '?' || c == '<' || c == '>' || c == '|' ||
          static_cast<unsigned char>(c) < 0x20) {
        c = '-';
      }
    }
    name = absl::StrCat(french ? "Relance " : "Reminder ", number);
  } else {
    name =
        absl::StrCat(french ? "Relance " : "Reminder ", item.reminders.size(),
                     french ? " factures" : " invoices");
  }
  return absl::StrCat(name, ".pdf");
}

absl::CivilDay ClientToday(const storage::ClientRecord& client, Clock* clock) {
  absl::StatusOr<absl::TimeZone> zone = LoadClientTimeZone(client.time_zone);
  return BusinessCalendar::LocalDay(clock->Now(),
                                    zone.ok() ? *zone : absl::UTCTimeZone());
}

absl::Status RenderLetterInto(const MessageComposer& composer,
                              const ComposedMessage& message, bool registered,
                              const LetterFonts& fonts, absl::Time now,
                              storage::InteractionRecord* entry) {
  const Letter letter = composer.ComposeLetter(message, registered);
  RELANCE_ASSIGN_OR_RETURN(entry->document,
                           RenderLettersPdf({letter}, fonts, now));
  entry->document_type = kPdfType;
  entry->content_json = LetterToJson(letter).dump();
  return absl::OkStatus();
}

DeliveryComposer::DeliveryComposer(const MessageComposer* composer,
                                   LetterFonts fonts, Clock* clock)
    : composer_(composer), fonts_(std::move(fonts)), clock_(clock) {}

absl::StatusOr<std::shared_ptr<const ComposedItem>> DeliveryComposer::For(
    const DispatchItem& item) {
  const storage::ReminderContext& first = item.reminders.front();
  const Key key{first.reminder.id, first.reminder.version};
  {
    absl::MutexLock lock(&mutex_);
    for (const auto& [kept_key, kept] : recent_) {
      if (kept_key == key) return kept;
    }
  }
  auto composed = std::make_shared<ComposedItem>();
  RELANCE_ASSIGN_OR_RETURN(
      composed->message,
      composer_->Compose(item, ClientToday(first.client, clock_)));
  if (HasLetterChannel(first.reminder) &&
      !composed->message.parts.letter.empty()) {
    storage::InteractionRecord letter;
    RELANCE_RETURN_IF_ERROR(RenderLetterInto(*composer_, composed->message,
                                             IsRegistered(first.reminder),
                                             fonts_, clock_->Now(), &letter));
    composed->letter_pdf = std::move(letter.document);
    composed->letter_json = std::move(letter.content_json);
  }
  absl::MutexLock lock(&mutex_);
  recent_.emplace_back(key, composed);
  if (recent_.size() > kKept) recent_.pop_front();
  return composed;
}

EmailChannel::EmailChannel(DeliveryComposer* composer, const SmtpMailer* mailer,
                           EmailSettings settings, Clock* clock)
    : composer_(composer),
      mailer_(mailer),
      settings_(std::move(settings)),
      clock_(clock) {}

absl::StatusOr<storage::InteractionRecord> EmailChannel::Send(
    storage::Channel, const DispatchItem& item) {
  const storage::ReminderContext& first = item.reminders.front();
  if (first.client.email.empty()) return Missing(first.client, "email");
  RELANCE_ASSIGN_OR_RETURN(std::shared_ptr<const ComposedItem> composed,
                           composer_->For(item));
  const ComposedMessage& message = composed->message;
  if (message.parts.text.empty() && message.parts.html.empty()) {
    return NoPart(first.reminder, message.language, "email text or html");
  }
  storage::InteractionRecord sent;
  MailMessage mail;
  mail.from = settings_.from;
  mail.reply_to = settings_.reply_to;
  mail.to = {first.client.email};
  mail.cc = first.client.cc_emails;
  mail.subject = message.parts.subject;
  mail.text = message.parts.text;
  mail.html = message.parts.html;
  mail.message_id =
      ReminderMessageId(first.reminder, settings_.message_id_domain);
  mail.date = clock_->Now();
  mail.extra_headers = {
      {"X-Relance-Reminder", absl::StrCat(first.reminder.id)}};
  if (!composed->letter_pdf.empty()) {
    sent.document = composed->letter_pdf;
    sent.document_type = kPdfType;
    sent.content_json = composed->letter_json;
    mail.attachments.push_back({AttachmentName(item, message.language),
                                kPdfType, composed->letter_pdf});
  }
  RELANCE_RETURN_IF_ERROR(mailer_->Send(mail));
  sent.message_id = mail.message_id;
  sent.recipients = mail.to;
  sent.recipients.insert(sent.recipients.end(), mail.cc.begin(), mail.cc.end());
  sent.subject = mail.subject;
  sent.body_text = mail.text;
  sent.body_html = mail.html;
  return sent;
}

LetterChannel::LetterChannel(DeliveryComposer* composer)
    : composer_(composer) {}

absl::StatusOr<storage::InteractionRecord> LetterChannel::Send(
    storage::Channel, const DispatchItem& item) {
  const storage::ReminderContext& first = item.reminders.front();
  if (first.client.postal_address_lines.empty()) {
    return Missing(first.client, "postal address");
  }
  RELANCE_ASSIGN_OR_RETURN(std::shared_ptr<const ComposedItem> composed,
                           composer_->For(item));
  const ComposedMessage& message = composed->message;
  if (message.parts.letter.empty()) {
    return NoPart(first.reminder, message.language, "letter");
  }
  storage::InteractionRecord sent;
  sent.document = composed->letter_pdf;
  sent.document_type = kPdfType;
  sent.content_json = composed->letter_json;
  sent.recipients.push_back(first.client.name);
  for (const std::string& line : first.client.postal_address_lines) {
    sent.recipients.push_back(line);
  }
  sent.subject = message.parts.subject;
  sent.body_text = message.parts.letter;
  return sent;
}

SmsChannel::SmsChannel(DeliveryComposer* composer, const SmsClient* client,
                       std::string reference_domain)
    : composer_(composer),
      client_(client),
      reference_domain_(std::move(reference_domain)) {}

absl::StatusOr<storage::InteractionRecord> SmsChannel::Send(
    storage::Channel, const DispatchItem& item) {
  const storage::ReminderContext& first = item.reminders.front();
  if (first.client.phone.empty()) return Missing(first.client, "phone number");
  RELANCE_ASSIGN_OR_RETURN(std::shared_ptr<const ComposedItem> composed,
                           composer_->For(item));
  const ComposedMessage& message = composed->message;
  if (message.parts.sms.empty()) {
    return NoPart(first.reminder, message.language, "sms");
  }
  SmsMessage sms;
  sms.to = first.client.phone;
  sms.text = message.parts.sms;
  // The provider's idempotency key: a resend after a crash is one SMS.
  sms.reference = ReminderMessageId(first.reminder, reference_domain_);
  RELANCE_RETURN_IF_ERROR(client_->Send(sms));
  storage::InteractionRecord sent;
  sent.message_id = sms.reference;
  sent.recipients = {sms.to};
  sent.body_text = sms.text;
  return sent;
}

}  // namespace relance
