#ifndef RELANCE_TESTS_SERVER_SERVER_TEST_BASE_H_
#define RELANCE_TESTS_SERVER_SERVER_TEST_BASE_H_

#include <memory>

#include "absl/strings/string_view.h"
#include "grpcpp/channel.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "tests/server/in_process_server.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/test_database.h"

namespace relance::testing {

// A fixture that gives each test relanced's services on a fresh database of the
// parameter's dialect, reached through a real channel. A subclass overriding
// SetUp() calls ServerTestBase::SetUp() first and returns if IsSkipped().
class ServerTestBase : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override;
  // What the server is built with; a fixture that needs channel adapters
  // overrides it.
  virtual EnvironmentOptions environment_options() { return {}; }

  std::shared_ptr<grpc::Channel> channel() { return server_->channel(); }
  // The server's loopback port, for clients that make their own channel.
  int port() const { return server_->port(); }
  FakeClock& clock() { return server_->clock(); }
  // Moves the clock forward (never back) to 10:00 in Paris on `date`
  // (YYYY-MM-DD): a run as of a day happens on that day, as in real life,
  // where the debtor receives what it sends.
  void LiveOn(absl::string_view date);
  InProcessServer& server() { return *server_; }
  const TestDatabase& test_database() const { return *test_database_; }

 private:
  std::unique_ptr<TestDatabase> test_database_;
  std::unique_ptr<InProcessServer> server_;
};

}  // namespace relance::testing

// Runs every test of `suite` on SQLite and on PostgreSQL.
#define RELANCE_INSTANTIATE_SERVER_TEST(suite)                     \
  INSTANTIATE_TEST_SUITE_P(                                        \
      Backends, suite,                                             \
      ::testing::Values(::relance::storage::Dialect::kSqlite,      \
                        ::relance::storage::Dialect::kPostgresql), \
      ::relance::testing::DialectTestName)

#endif  // RELANCE_TESTS_SERVER_SERVER_TEST_BASE_H_
