#include "tests/server/server_test_base.h"

#include <utility>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace relance::testing {

void ServerTestBase::SetUp() {
  RELANCE_SKIP_WITHOUT_TEST_DATABASE(GetParam());
  absl::StatusOr<std::unique_ptr<TestDatabase>> database =
      TestDatabase::Create(GetParam());
  ASSERT_TRUE(database.ok()) << database.status();
  test_database_ = *std::move(database);
  absl::StatusOr<std::unique_ptr<InProcessServer>> server =
      InProcessServer::Start(test_database_->url(), environment_options());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);
}

void ServerTestBase::LiveOn(absl::string_view date) {
  LiveOnDay(clock(), date);
}

}  // namespace relance::testing
