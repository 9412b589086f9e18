#ifndef RELANCE_STORAGE_DATABASE_OPTIONS_H_
#define RELANCE_STORAGE_DATABASE_OPTIONS_H_

#include "absl/time/time.h"

// What a database is and how it is opened, apart from the repositories
// (storage/database.h): the server's configuration needs these alone.
namespace relance::storage {

class EventSignal;
class WorkflowRules;

enum class Dialect { kSqlite, kPostgresql };

struct DatabaseOptions {
  // Pooled connections.
  int pool_size = 8;
  // How long a caller waits for a pooled connection before getting UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(10);
  // How long a write waits for a lock another transaction holds (SQLite's busy
  // timeout for the database write lock, PostgreSQL's lock_timeout for rows)
  // before getting UNAVAILABLE.
  absl::Duration lock_timeout = absl::Seconds(10);
  // Notified after each committed write transaction and, on PostgreSQL, when
  // any server sharing the database commits events (LISTEN/NOTIFY on a
  // connection of its own, reopened if lost); may be null. Must outlive the
  // database.
  EventSignal* event_signal = nullptr;
  // Required: the collections workflow's rules, which settlements and the
  // sweep apply in their transactions (the domain's CollectionsRules,
  // server/domain/workflow_rules.h). Must outlive the database.
  const WorkflowRules* workflow_rules = nullptr;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_DATABASE_OPTIONS_H_
