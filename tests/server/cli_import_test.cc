#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client-cli/importer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"
#include "tests/unit/cli_fake_server.h"

namespace relance::cli {
namespace {

using ::relance::cli::testing::FakeRelance;
using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kHeader[] =
    "number,client_reference,issue_date,due_date,currency,total\n";

std::string Row(int n, const std::string& total = "10.00") {
  return "F-" + std::to_string(n) + ",C1,2026-01-01,2026-02-01,EUR," + total +
         "\n";
}

std::vector<std::int64_t> LinesOf(const v1::ImportInvoicesRequest& batch) {
  std::vector<std::int64_t> lines;
  for (const auto& row : batch.rows()) lines.push_back(row.line());
  return lines;
}

class ImporterTest : public ::testing::Test {
 protected:
  ImportResult Import(const std::string& csv, int batch_size) {
    std::istringstream in(csv);
    absl::StatusOr<ImportPlan> plan = PlanImport(in);
    EXPECT_TRUE(plan.ok()) << plan.status();
    if (!plan.ok()) return {};
    record_count_ = plan->record_count;
    std::ostringstream progress_out;
    ProgressBar progress(progress_out, plan->record_count, /*enabled=*/false);
    auto stub = v1::InvoiceService::NewStub(fake_.Channel());
    return SendImport(in, *plan, *stub, {batch_size, 30}, progress);
  }

  FakeRelance fake_;
  std::int64_t record_count_ = 0;
};

TEST(PlanImportTest, CountsRecordsAndRewinds) {
  std::istringstream in(std::string(kHeader) + Row(1) + "\n" + ",,,,,\n" +
                        Row(2));
  absl::StatusOr<ImportPlan> plan = PlanImport(in);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->record_count,
            2);  // The blank line and the row of empty fields do not count.
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

TEST_F(ImporterTest, SendsBatchesWithThePhysicalLineOfEachRecord) {
  // Line 3 holds a quoted line break, so the record after it starts on line 5.
  const std::string csv = std::string(kHeader) + Row(1) +
                          "\"F-2\",\"C\n1\",2026-01-01,2026-02-01,EUR,1\n" +
                          Row(3) + Row(4) + Row(5);
  fake_.invoices.import_response.set_created_count(5);
  const ImportResult result = Import(csv, 2);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(record_count_, 5);
  ASSERT_EQ(fake_.invoices.import_batches.size(), 3u);
  EXPECT_THAT(LinesOf(fake_.invoices.import_batches[0]), ElementsAre(2, 3));
  EXPECT_THAT(LinesOf(fake_.invoices.import_batches[1]), ElementsAre(5, 6));
  EXPECT_THAT(LinesOf(fake_.invoices.import_batches[2]), ElementsAre(7));
  EXPECT_EQ(fake_.invoices.import_batches[0].rows(1).client_reference(),
            "C\n1");
  EXPECT_EQ(fake_.invoices.import_batches[0].rows(0).total().minor_units(),
            1000);
  EXPECT_EQ(result.response.created_count(), 5);
}

TEST_F(ImporterTest, LocalRejectionsAreNotSentAndMergeWithTheServersByLine) {
  const std::string csv = std::string(kHeader) + Row(1) + Row(2, "1.234") +
                          Row(3) + Row(4, "abc") + Row(5);
  v1::ImportInvoicesResponse& answer = fake_.invoices.import_response;
  answer.set_created_count(2);
  answer.set_rejected_count(1);
  auto* server_rejection = answer.add_rejections();
  server_rejection->set_line(4);
  server_rejection->set_field("due_date");
  server_rejection->set_description("must not be before the issue date");

  const ImportResult result = Import(csv, 2000);
  ASSERT_TRUE(result.status.ok());
  ASSERT_EQ(fake_.invoices.import_batches.size(), 1u);
  EXPECT_THAT(LinesOf(fake_.invoices.import_batches[0]), ElementsAre(2, 4, 6));
  EXPECT_EQ(result.response.rejected_count(), 3);
  ASSERT_EQ(result.response.rejections_size(), 3);
  EXPECT_EQ(result.response.rejections(0).line(), 3);
  EXPECT_EQ(result.response.rejections(0).field(), "total");
  EXPECT_EQ(result.response.rejections(1).line(), 4);
  EXPECT_EQ(result.response.rejections(1).field(), "due_date");
  EXPECT_EQ(result.response.rejections(2).line(), 5);
}

TEST_F(ImporterTest, EveryRowRejectedLocallyStillReportsThem) {
  const ImportResult result =
      Import(std::string(kHeader) + Row(1, "x") + Row(2, "y"), 10);
  ASSERT_TRUE(result.status.ok());
  EXPECT_TRUE(fake_.invoices.import_batches.empty());
  EXPECT_EQ(result.response.rejected_count(), 2);
}

TEST_F(ImporterTest, AStreamFailureIsReturned) {
  fake_.invoices.import_fail_after_batches = 1;
  fake_.invoices.import_failure =
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "going away");
  std::string csv = kHeader;
  for (int i = 1; i <= 50; ++i) csv += Row(i);
  const ImportResult result = Import(csv, 5);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(fake_.invoices.import_batches.size(), 1u);
}

TEST_F(ImporterTest, HundredThousandRowsInBatches) {
  std::string csv = kHeader;
  csv.reserve(100'000 * 48);
  for (int i = 1; i <= 100'000; ++i) csv += Row(i, std::to_string(i) + ".50");
  fake_.invoices.import_response.set_created_count(100'000);
  const ImportResult result = Import(csv, 2000);
  ASSERT_TRUE(result.status.ok());
  ASSERT_EQ(fake_.invoices.import_batches.size(), 50u);
  const auto& last = fake_.invoices.import_batches.back().rows(1999);
  EXPECT_EQ(last.line(), 100'001);
  EXPECT_EQ(last.total().minor_units(), 10'000'050);
}

}  // namespace
}  // namespace relance::cli
