// relance invoice penalties and relance rate list | set against relanced's real
// services, on SQLite and PostgreSQL: what the user reads, the exit code, and
// what the server then holds.

#include <google/protobuf/util/json_util.h>
#include <grpcpp/client_context.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/penalty.grpc.pb.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/cli_in_process.h"

namespace relance {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

using Outcome = testing::CliOutcome;

class CliPenaltyCommandsTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clients_ = v1::ClientService::NewStub(channel());
    invoices_ = v1::InvoiceService::NewStub(channel());
  }

  Outcome Run(const std::vector<std::string>& args) {
    return testing::RunCliOnPort(port(), server().admin_token(), args);
  }

  // A B2B client's invoice of 1 000.00 EUR due 15 June 2024, 400.00 of it
  // paid on 10 July 2024. Returns its id.
  std::string CreatePartlyPaidInvoice() {
    std::int64_t client_id = 0;
    {
      v1::CreateClientRequest request;
      request.mutable_client()->set_reference("ACME");
      request.mutable_client()->set_name("Acme SAS");
      grpc::ClientContext context;
      v1::CreateClientResponse response;
      EXPECT_TRUE(clients_->CreateClient(&context, request, &response).ok());
      client_id = response.client().id();
    }
    std::int64_t invoice_id = 0;
    {
      v1::CreateInvoiceRequest request;
      v1::Invoice& invoice = *request.mutable_invoice();
      invoice.set_number("F-1");
      invoice.set_client_id(client_id);
      invoice.set_issue_date("2024-05-16");
      invoice.set_due_date("2024-06-15");
      invoice.mutable_total()->set_currency_code("EUR");
      invoice.mutable_total()->set_minor_units(100000);
      grpc::ClientContext context;
      v1::CreateInvoiceResponse response;
      EXPECT_TRUE(invoices_->CreateInvoice(&context, request, &response).ok());
      invoice_id = response.invoice().id();
    }
    const Outcome paid =
        Run({"payment", "record", "--invoice", absl::StrCat(invoice_id),
             "--amount", "400", "--date", "2024-07-10"});
    EXPECT_EQ(paid.exit_code, 0) << paid.err;
    return absl::StrCat(invoice_id);
  }

  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
};

TEST_P(CliPenaltyCommandsTest, PenaltiesTableShowsTheSummaryAndEachSegment) {
  const std::string id = CreatePartlyPaidInvoice();
  const Outcome outcome =
      Run({"invoice", "penalties", id, "--as-of", "2024-07-20"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\nrate basis: +ECB rate \\+ 10 "
                                         "points\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\nstill due: +600,00 EUR\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\ninterest: +12,21 EUR\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\nindemnity: +40,00 EUR\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\ntotal claimable: +652,21 EUR\n"));
  EXPECT_THAT(outcome.out,
              ContainsRegex("\nlimitation end date: +2029-07-10\n"));
  EXPECT_THAT(outcome.out,
              ContainsRegex("\ninterest:\nFROM DATE +TO DATE +DAYS +AMOUNT DUE "
                            "+RATE +INTEREST\n"
                            "2024-06-16 +2024-06-30 +15 +1 000,00 EUR +14.50% "
                            "+5,96 EUR\n"
                            "2024-07-01 +2024-07-10 +10 +1 000,00 EUR +14.25% "
                            "+3,90 EUR\n"
                            "2024-07-11 +2024-07-20 +10 +600,00 EUR +14.25% "
                            "+2,35 EUR\n"));
  // 1 220,55 EUR exactly, rounded once: the segments show their share of it.
  EXPECT_THAT(outcome.out, HasSubstr("warnings: none\n"));
  EXPECT_THAT(outcome.err, IsEmpty());
}

TEST_P(CliPenaltyCommandsTest, PenaltiesJsonAndCsvCarryTheSameFigures) {
  const std::string id = CreatePartlyPaidInvoice();
  Outcome outcome = Run({"--output", "json", "invoice", "penalties", id,
                         "--as-of", "2024-07-20"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  v1::GetInvoicePenaltiesResponse response;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(outcome.out, &response).ok())
      << outcome.out;
  ASSERT_EQ(response.breakdown().segments_size(), 3);
  EXPECT_EQ(response.breakdown().interest().minor_units(), 1221);
  EXPECT_EQ(response.breakdown().total_claimable(0).minor_units(), 65221);

  outcome = Run(
      {"invoice", "penalties", id, "--as-of", "2024-07-20", "--output", "csv"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const std::vector<std::string> lines = absl::StrSplit(outcome.out, "\r\n");
  ASSERT_GE(lines.size(), 11u) << outcome.out;
  EXPECT_THAT(lines[0], StartsWith("invoice_id,as_of_date,due_date,"));
  EXPECT_THAT(lines[1],
              StartsWith(absl::StrCat(id, ",2024-07-20,2024-06-15,")));
  EXPECT_THAT(lines[1], HasSubstr(",600.00,12.21,40.00,652.21,,2029-07-10,"));
  // Sections are separated by a blank line: the claims ledger, the interest
  // periods, the warnings.
  EXPECT_EQ(lines[2], "\ncomponent,claimed,paid,waived,remaining");
  EXPECT_EQ(lines[3], "interest,12.21,0.00,0.00,12.21");
  EXPECT_EQ(lines[4], "indemnity,40.00,0.00,0.00,40.00");
  EXPECT_EQ(lines[5], "\nfrom_date,to_date,days,amount_due,rate,interest");
  EXPECT_EQ(lines[6], "2024-06-16,2024-06-30,15,1000.00,14.50%,5.96");
  EXPECT_EQ(lines[8], "2024-07-11,2024-07-20,10,600.00,14.25%,2.35");
  EXPECT_EQ(lines[9], "\nwarning");
}

TEST_P(CliPenaltyCommandsTest, PenaltiesNeedsADateAndAnExistingInvoice) {
  EXPECT_EQ(Run({"invoice", "penalties", "1"}).exit_code, 2);
  const Outcome missing =
      Run({"invoice", "penalties", "424242", "--as-of", "2024-07-20"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("424242"));
}

TEST_P(CliPenaltyCommandsTest, RateSetStoresTheHalfYearAndRateListShowsIt) {
  Outcome outcome = Run({"rate", "set", "--kind", "ecb", "--from", "2031-07-01",
                         "--percent", "2.4"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\nrate: +2.40%\n"));

  outcome = Run({"rate", "list", "--output", "csv"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out,
              StartsWith("kind,effective_from,rate,rate_basis_points\r\n"
                         "ecb,2012-01-01,1.00%,100\r\n"));
  EXPECT_THAT(outcome.out, HasSubstr("\r\necb,2031-07-01,2.40%,240\r\n"));
  EXPECT_THAT(outcome.out, HasSubstr("\r\nlegal,2025-07-01,2.76%,276\r\n"));
  EXPECT_THAT(outcome.out,
              HasSubstr("\r\nlegal-individual,2025-07-01,6.65%,665\r\n"));
}

TEST_P(CliPenaltyCommandsTest, RateSetRefusesWhatIsNotAHalfYearRate) {
  Outcome outcome = Run({"rate", "set", "--kind", "ecb", "--from", "2031-07-01",
                         "--percent", "2.155"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--percent"));
  EXPECT_EQ(Run({"rate", "set", "--kind", "euribor", "--from", "2031-07-01",
                 "--percent", "2"})
                .exit_code,
            2);
  outcome = Run({"rate", "set", "--kind", "legal", "--from", "2031-03-01",
                 "--percent", "2"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err, HasSubstr("rate.effective_from"));
}

RELANCE_INSTANTIATE_SERVER_TEST(CliPenaltyCommandsTest);

}  // namespace
}  // namespace relance
