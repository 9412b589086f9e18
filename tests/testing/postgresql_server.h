#ifndef RELANCE_TESTS_TESTING_POSTGRESQL_SERVER_H_
#define RELANCE_TESTS_TESTING_POSTGRESQL_SERVER_H_

#include <memory>
#include <string>

namespace relance::testing {

// A PostgreSQL server of the test's own, in a new directory on a free
// loopback port, that the test may stop, start and restart: what a fault test
// does to its database must never happen to the shared test server. Run as
// the `postgres` user when the test runs as root (initdb refuses root).
// Stopped and deleted when destroyed.
class PostgresqlServer {
 public:
  // Null, with *why set, if this machine cannot run one (no initdb, no
  // `postgres` user while running as root, initdb or start failed).
  static std::unique_ptr<PostgresqlServer> Start(std::string* why);
  ~PostgresqlServer();
  PostgresqlServer(const PostgresqlServer&) = delete;
  PostgresqlServer& operator=(const PostgresqlServer&) = delete;

  // A URL of the `postgres` database, for storage::OpenDatabase or relanced.
  std::string url() const;
  int port() const { return port_; }

  // `pg_ctl restart -m fast`: every connection is cut, the data stays.
  // Returns whether pg_ctl succeeded.
  bool Restart();
  bool Stop();
  bool StartAgain();

 private:
  PostgresqlServer(std::string bin, std::string directory, int port)
      : bin_(std::move(bin)), directory_(std::move(directory)), port_(port) {}
  // Runs a PostgreSQL program as the server's user; returns its exit code.
  int Run(const std::string& program, const std::string& arguments) const;

  const std::string bin_;
  const std::string directory_;
  const int port_;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_POSTGRESQL_SERVER_H_
