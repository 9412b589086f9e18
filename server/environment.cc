#include "server/environment.h"

#include <memory>
#include <utility>

#include "proto/relance/time_zones.h"
#include "server/logging.h"

namespace relance {
namespace {

absl::TimeZone LettersZone(const ChannelsConfig& channels) {
  // ParseChannelsConfig has checked the name; UTC only for a hand-made one.
  return LoadIanaTimeZone(channels.letters_time_zone)
      .value_or(absl::UTCTimeZone());
}

// The hub's options, with its retried failures in the server's log.
notifications::HubOptions WithServerLog(notifications::HubOptions options) {
  if (!options.log_error) {
    options.log_error = [](const absl::Status& status) {
      LogError("notifications: %s", status.ToString());
    };
  }
  return options;
}

}  // namespace

Environment::Environment(storage::Database* database, Clock* clock,
                         EnvironmentOptions options)
    : database_(database),
      clock_(clock),
      calendar_(BusinessCalendar::French()),
      channels_(options.channels.value_or(ChannelsConfig{})),
      access_(&database->users(), clock),
      clients_(&database->clients(), clock),
      invoices_(&database->invoices(), clock),
      policies_(&database->policies(), clock),
      penalties_(&invoices_, &clients_, &database->penalty_rates(), clock,
                 &database->dunning()),
      claims_(&invoices_, &penalties_, clock),
      templates_(&database->templates(), clock),
      composer_(&templates_, &penalties_, &database->workflow(),
                channels_.creditor, channels_.owners),
      delivery_composer_(&composer_, channels_.fonts, clock),
      mailer_(options.channels.has_value() && channels_.smtp.has_value()
                  ? std::make_unique<SmtpMailer>(*channels_.smtp)
                  : nullptr),
      sms_client_(options.channels.has_value() && channels_.sms.has_value()
                      ? std::make_unique<SmsClient>(*channels_.sms)
                      : nullptr),
      email_channel_(
          mailer_ != nullptr
              ? std::make_unique<EmailChannel>(
                    &delivery_composer_, mailer_.get(), channels_.email, clock)
              : nullptr),
      letter_channel_(options.channels.has_value() && channels_.letters
                          ? std::make_unique<LetterChannel>(&delivery_composer_)
                          : nullptr),
      sms_channel_(sms_client_ != nullptr
                       ? std::make_unique<SmsChannel>(
                             &delivery_composer_, sms_client_.get(),
                             channels_.email.message_id_domain.empty()
                                 ? "relance.invalid"
                                 : channels_.email.message_id_domain)
                       : nullptr),
      dispatcher_(&database->dunning(), &database->interactions(), &policies_,
                  clock, std::move(options.worker), Adapters(options.adapters),
                  options.claim_lease, options.retry_delay),
      workflow_({.workflow = &database->workflow(),
                 .interactions = &database->interactions(),
                 .invoices = &database->invoices(),
                 .clients = &database->clients()},
                &policies_, &calendar_, clock, std::move(options.workflow)),
      engine_(&policies_, &database->dunning(), &calendar_, clock, &dispatcher_,
              &workflow_, /*batch_size=*/500,
              PlannerOptions{
                  .notice_deadline_from_presentation =
                      channels_.creditor.notice_deadline_from_presentation,
                  .limitation_warning_days = options.limitation_warning_days},
              &database->penalty_rates()),
      reminders_(&database->dunning(), &policies_, &dispatcher_, clock),
      correspondence_(&database->dunning(), &database->interactions(),
                      &composer_, channels_.fonts, LettersZone(channels_),
                      clock),
      registered_letters_(&database->registered_letters(),
                          &database->interactions(), &database->dunning(),
                          clock,
                          channels_.creditor.notice_deadline_from_presentation),
      event_hub_(&database->events(), options.event_signal,
                 WithServerLog(std::move(options.notifications))),
      auth_throttle_(clock, options.auth_throttle) {}

ChannelAdapters Environment::Adapters(const ChannelAdapters& overrides) {
  ChannelAdapters adapters;
  if (email_channel_ != nullptr) {
    adapters[storage::Channel::kEmail] = email_channel_.get();
  }
  if (letter_channel_ != nullptr) {
    adapters[storage::Channel::kLetter] = letter_channel_.get();
    adapters[storage::Channel::kRegisteredLetter] = letter_channel_.get();
  }
  if (sms_channel_ != nullptr) {
    adapters[storage::Channel::kSms] = sms_channel_.get();
  }
  for (const auto& [channel, adapter] : overrides) adapters[channel] = adapter;
  return adapters;
}

}  // namespace relance
