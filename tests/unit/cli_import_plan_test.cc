// PlanImport: the check of an import file's header and the count of its
// records, before anything is sent. Pure logic on a stream; what the server
// makes of the rows is tested in tests/server/cli_import_test.cc.

#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "client-cli/importer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace relance::cli {
namespace {

using ::relance::testing::StatusIs;
using ::testing::HasSubstr;

constexpr char kHeader[] =
    "number,client_reference,issue_date,due_date,currency,total\n";

std::string Row(int n) {
  return "F-" + std::to_string(n) + ",C1,2026-01-01,2026-02-01,EUR,10.00\n";
}

TEST(PlanImportTest, CountsRecordsAndRewinds) {
  std::istringstream in(std::string(kHeader) + Row(1) + "\n" + ",,,,,\n" +
                        Row(2));
  absl::StatusOr<ImportPlan> plan = PlanImport(in);
  ASSERT_TRUE(plan.ok()) << plan.status();
  // The blank line and the row of empty fields do not count.
  EXPECT_EQ(plan->record_count, 2);
  std::string first_line;
  std::getline(in, first_line);
  EXPECT_EQ(first_line + "\n", kHeader);
}

TEST(PlanImportTest, RefusesAFileWithoutAUsableHeader) {
  std::istringstream empty("");
  EXPECT_THAT(PlanImport(empty),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("empty")));
  std::istringstream missing(
      "number,client_reference,issue_date,currency,total\n");
  EXPECT_THAT(PlanImport(missing), StatusIs(absl::StatusCode::kInvalidArgument,
                                            HasSubstr("'due_date'")));
  std::istringstream broken("\"number,total\n");
  EXPECT_THAT(PlanImport(broken), StatusIs(absl::StatusCode::kInvalidArgument,
                                           HasSubstr("header row")));
}

}  // namespace
}  // namespace relance::cli
