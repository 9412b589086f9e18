#ifndef RELANCE_SERVER_ENVIRONMENT_H_
#define RELANCE_SERVER_ENVIRONMENT_H_

#include <string>
#include <utility>

#include "server/clock.h"
#include "server/domain/business_calendar.h"
#include "server/domain/clients.h"
#include "server/domain/dispatch.h"
#include "server/domain/dunning_engine.h"
#include "server/domain/invoices.h"
#include "server/domain/penalties.h"
#include "server/domain/policies.h"
#include "server/domain/reminders.h"
#include "server/domain/templates.h"
#include "storage/database.h"

namespace relance {

struct EnvironmentOptions {
  // Names this process in the claims of reminders being sent.
  std::string worker = "relanced";
  // Where due reminders go, per channel; channels without one wait.
  ChannelAdapters adapters;
};

// What the request handlers work with, built once by main (or by a test around
// a fake clock) and passed by pointer. Thread-safe; must outlive the server.
class Environment {
 public:
  Environment(storage::Database* database, Clock* clock,
              EnvironmentOptions options = {})
      : clock_(clock),
        calendar_(BusinessCalendar::French()),
        clients_(&database->clients(), clock),
        invoices_(&database->invoices(), clock),
        policies_(&database->policies(), clock),
        dispatcher_(&database->dunning(), &policies_, clock,
                    std::move(options.worker), std::move(options.adapters)),
        engine_(&policies_, &database->dunning(), &calendar_, clock,
                &dispatcher_),
        reminders_(&database->dunning(), &policies_, &dispatcher_, clock),
        penalties_(&invoices_, &clients_, &database->penalty_rates()),
        templates_(&database->templates(), clock) {}

  Clock* clock() { return clock_; }
  Clients* clients() { return &clients_; }
  Invoices* invoices() { return &invoices_; }
  Policies* policies() { return &policies_; }
  Dispatcher* dispatcher() { return &dispatcher_; }
  DunningEngine* engine() { return &engine_; }
  Reminders* reminders() { return &reminders_; }
  Penalties* penalties() { return &penalties_; }
  Templates* templates() { return &templates_; }

 private:
  Clock* clock_;
  const BusinessCalendar calendar_;
  Clients clients_;
  Invoices invoices_;
  Policies policies_;
  Dispatcher dispatcher_;
  DunningEngine engine_;
  Reminders reminders_;
  Penalties penalties_;
  Templates templates_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_ENVIRONMENT_H_
