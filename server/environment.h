#ifndef RELANCE_SERVER_ENVIRONMENT_H_
#define RELANCE_SERVER_ENVIRONMENT_H_

#include "server/clock.h"
#include "server/domain/clients.h"
#include "server/domain/invoices.h"
#include "storage/database.h"
#include "storage/penalty_rates.h"

namespace relance {

// What the request handlers work with, built once by main (or by a test around
// a fake clock) and passed by pointer. Thread-safe; must outlive the server.
class Environment {
 public:
  Environment(storage::Database* database, Clock* clock)
      : clients_(&database->clients(), clock),
        invoices_(&database->invoices(), clock),
        penalty_rates_(&database->penalty_rates()) {}

  Clients* clients() { return &clients_; }
  Invoices* invoices() { return &invoices_; }
  // The rate table; penalties themselves are computed by ComputePenalties
  // (server/domain/penalties.h).
  storage::PenaltyRateRepository* penalty_rates() { return penalty_rates_; }

 private:
  Clients clients_;
  Invoices invoices_;
  storage::PenaltyRateRepository* penalty_rates_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_ENVIRONMENT_H_
