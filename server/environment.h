#ifndef RELANCE_SERVER_ENVIRONMENT_H_
#define RELANCE_SERVER_ENVIRONMENT_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/time/time.h"
#include "server/channels/channel_adapters.h"
#include "server/channels/channels_config.h"
#include "server/channels/correspondence.h"
#include "server/channels/message_composer.h"
#include "server/channels/sms_client.h"
#include "server/channels/smtp_mailer.h"
#include "server/domain/access.h"
#include "server/domain/auth_throttle.h"
#include "server/domain/business_calendar.h"
#include "server/domain/claims.h"
#include "server/domain/clients.h"
#include "server/domain/dispatch.h"
#include "server/domain/dunning_engine.h"
#include "server/domain/invoices.h"
#include "server/domain/penalties.h"
#include "server/domain/policies.h"
#include "server/domain/registered_letters.h"
#include "server/domain/reminders.h"
#include "server/domain/templates.h"
#include "server/domain/workflow.h"
#include "server/notifications/event_hub.h"
#include "storage/base/clock.h"
#include "storage/database.h"
#include "storage/interfaces/event_signal.h"

namespace relance {

struct EnvironmentOptions {
  // Names this process in the claims of reminders being sent.
  std::string worker = "relanced";
  // How debtors are reached (relanced --config); unset, no channel is
  // configured and due reminders wait, unless `adapters` carries them.
  std::optional<ChannelsConfig> channels;
  // Adapters that replace the configured ones on their channels (tests).
  ChannelAdapters adapters;
  // How long a dispatcher's claim on a reminder lasts: after a crash, the
  // reminder is sent again once it has expired.
  absl::Duration claim_lease = absl::Minutes(5);
  // How long a reminder waits after a transient failure.
  absl::Duration retry_delay = absl::Minutes(10);
  // The collections workflow's delays and limits.
  WorkflowOptions workflow;
  // What wakes the notification hub when events are committed (the one in
  // the database's options); null, the hub polls.
  storage::EventSignal* event_signal = nullptr;
  // Days before an open invoice's limitation date when a run warns of it
  // (relanced --limitation-warning-days); 0, never.
  int limitation_warning_days = 90;
  // Subscribers' queues, heartbeats and polling.
  notifications::HubOptions notifications;
  // Failed authentications a peer address may have in a window before it is
  // refused whatever token it sends.
  AuthThrottle::Options auth_throttle;
};

// What the request handlers work with, built once by main (or by a test around
// a fake clock) and passed by pointer. Thread-safe; must outlive the server.
class Environment {
 public:
  Environment(storage::Database* database, Clock* clock,
              EnvironmentOptions options = {});

  // For what has no domain layer: operating the database (backups).
  storage::Database* database() { return database_; }
  Clock* clock() { return clock_; }
  Access* access() { return &access_; }
  Clients* clients() { return &clients_; }
  Invoices* invoices() { return &invoices_; }
  Policies* policies() { return &policies_; }
  Dispatcher* dispatcher() { return &dispatcher_; }
  DunningEngine* engine() { return &engine_; }
  Reminders* reminders() { return &reminders_; }
  Penalties* penalties() { return &penalties_; }
  Claims* claims() { return &claims_; }
  Templates* templates() { return &templates_; }
  // How messages are composed, for tests that read them as the debtor does.
  const MessageComposer* composer() const { return &composer_; }
  Correspondence* correspondence() { return &correspondence_; }
  RegisteredLetters* registered_letters() { return &registered_letters_; }
  Workflow* workflow() { return &workflow_; }
  notifications::EventHub* event_hub() { return &event_hub_; }
  AuthThrottle* auth_throttle() { return &auth_throttle_; }

 private:
  // The configured channels' adapters, with `overrides` in their place.
  ChannelAdapters Adapters(const ChannelAdapters& overrides);

  storage::Database* database_;
  Clock* clock_;
  const BusinessCalendar calendar_;
  const ChannelsConfig channels_;
  Access access_;
  Clients clients_;
  Invoices invoices_;
  Policies policies_;
  Penalties penalties_;
  Claims claims_;
  Templates templates_;
  MessageComposer composer_;
  DeliveryComposer delivery_composer_;
  std::unique_ptr<SmtpMailer> mailer_;
  std::unique_ptr<SmsClient> sms_client_;
  std::unique_ptr<EmailChannel> email_channel_;
  std::unique_ptr<LetterChannel> letter_channel_;
  std::unique_ptr<SmsChannel> sms_channel_;
  Dispatcher dispatcher_;
  Workflow workflow_;
  DunningEngine engine_;
  Reminders reminders_;
  Correspondence correspondence_;
  RegisteredLetters registered_letters_;
  notifications::EventHub event_hub_;
  AuthThrottle auth_throttle_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_ENVIRONMENT_H_
