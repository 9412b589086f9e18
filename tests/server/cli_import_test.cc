// SendImport, the CLI's streaming of a CSV file to ImportInvoices, against
// relanced's real services: what the server stores and rejects, and the
// result the CLI builds from its answer and its own rejections.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client-cli/channel.h"
#include "client-cli/importer.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kHeader[] =
    "number,client_reference,issue_date,due_date,currency,total\n";

// Issued 2026-01-01; a due date before that is the server's to reject.
std::string Row(int n, const std::string& total = "10.00",
                const std::string& due_date = "2026-02-01") {
  return absl::StrCat("F-", n, ",C1,2026-01-01,", due_date, ",EUR,", total,
                      "\n");
}

// "line field" of each rejection, in order.
std::vector<std::string> RejectionsOf(
    const v1::ImportInvoicesResponse& response) {
  std::vector<std::string> rejections;
  for (const v1::ImportRejection& rejection : response.rejections()) {
    rejections.push_back(
        absl::StrCat(rejection.line(), " ", rejection.field()));
  }
  return rejections;
}

// A loopback port bound but not listening: connections to it are refused, as
// when relanced is down, and no other process can take it meanwhile.
class RefusingPort {
 public:
  RefusingPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ >= 0 &&
        bind(fd_, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~RefusingPort() {
    if (fd_ >= 0) close(fd_);
  }
  // 0 if no port could be reserved.
  int port() const { return port_; }

 private:
  int fd_;
  int port_ = 0;
};

class CliImportTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    invoices_ = v1::InvoiceService::NewStub(channel());
  }

  // Plans and sends `csv` through the CLI's own channel to `server` (default:
  // the test's server).
  cli::ImportResult Import(const std::string& csv, int batch_size,
                           int server_port = 0) {
    std::istringstream in(csv);
    absl::StatusOr<cli::ImportPlan> plan = cli::PlanImport(in);
    EXPECT_TRUE(plan.ok()) << plan.status();
    if (!plan.ok()) return {};
    record_count_ = plan->record_count;
    std::ostringstream progress_out;
    cli::ProgressBar progress(progress_out, plan->record_count,
                              /*enabled=*/false);
    auto stub = v1::InvoiceService::NewStub(cli::CreateChannel(
        absl::StrCat("127.0.0.1:", server_port == 0 ? port() : server_port)));
    return cli::SendImport(in, *plan, *stub,
                           {batch_size, 30, server().admin_token()}, progress);
  }

  // Every invoice the server holds, in id order.
  std::vector<v1::Invoice> Invoices() {
    std::vector<v1::Invoice> invoices;
    v1::ListInvoicesRequest request;
    request.set_page_size(1000);
    do {
      grpc::ClientContext context;
      v1::ListInvoicesResponse response;
      const grpc::Status status =
          invoices_->ListInvoices(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      invoices.insert(invoices.end(), response.invoices().begin(),
                      response.invoices().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return invoices;
  }

  std::vector<std::string> Numbers() {
    std::vector<std::string> numbers;
    for (const v1::Invoice& invoice : Invoices()) {
      numbers.push_back(invoice.number());
    }
    return numbers;
  }

  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::int64_t record_count_ = 0;
};

TEST_P(CliImportTest, EachRecordCarriesItsPhysicalLineAcrossBatches) {
  // Line 3 holds a quoted line break, so the record after it starts on line
  // 5. The server rejects the line break (a control character in a reference)
  // and the due dates of F-3 and F-5, each on the line the record starts on.
  const std::string csv = std::string(kHeader) + Row(1) +
                          "\"F-2\",\"C\n1\",2026-01-01,2026-02-01,EUR,1\n" +
                          Row(3, "10.00", "2025-12-01") + Row(4) +
                          Row(5, "10.00", "2025-12-01");
  const cli::ImportResult result = Import(csv, 2);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(record_count_, 5);
  EXPECT_THAT(RejectionsOf(result.response),
              ElementsAre("3 client_reference", "5 due_date", "7 due_date"));
  EXPECT_EQ(result.response.created_count(), 2);
  EXPECT_EQ(result.response.rejected_count(), 3);

  const std::vector<v1::Invoice> invoices = Invoices();
  ASSERT_THAT(invoices, SizeIs(2));
  EXPECT_EQ(invoices[0].number(), "F-1");
  EXPECT_EQ(invoices[0].total().currency_code(), "EUR");
  EXPECT_EQ(invoices[0].total().minor_units(), 1000);
  EXPECT_EQ(invoices[1].number(), "F-4");
}

TEST_P(CliImportTest, AddressAndCcColumnsReachTheNewClients) {
  // One address in a quoted field with line breaks, one with " | ".
  const std::string csv =
      "number,client_reference,issue_date,due_date,currency,total,"
      "client_address,client_cc\n"
      "F-1,C-1,2026-01-01,2026-02-01,EUR,10.00,\"Bâtiment B\n12 rue des "
      "Lilas\n69003 Lyon\",\"direction@c1.fr, compta@c1.fr\"\n"
      "F-2,C-2,2026-01-01,2026-02-01,EUR,10.00,3 place Bellecour | 69002 "
      "Lyon,\n";
  const cli::ImportResult result = Import(csv, 10);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_THAT(RejectionsOf(result.response), IsEmpty());
  EXPECT_EQ(result.response.clients_created_count(), 2);

  auto clients = v1::ClientService::NewStub(channel());
  grpc::ClientContext context;
  v1::ListClientsResponse listed;
  ASSERT_TRUE(
      clients->ListClients(&context, v1::ListClientsRequest(), &listed).ok());
  ASSERT_EQ(listed.clients_size(), 2);
  EXPECT_THAT(listed.clients(0).postal_address_lines(),
              ElementsAre("Bâtiment B", "12 rue des Lilas", "69003 Lyon"));
  EXPECT_THAT(listed.clients(0).cc_emails(),
              ElementsAre("direction@c1.fr", "compta@c1.fr"));
  EXPECT_THAT(listed.clients(1).postal_address_lines(),
              ElementsAre("3 place Bellecour", "69002 Lyon"));
  EXPECT_THAT(listed.clients(1).cc_emails(), IsEmpty());
}

TEST_P(CliImportTest, ALatin1RowIsRejectedByLineAndTheOthersImported) {
  // A Windows-1252 "é": sent as it is, it made the server drop the message
  // and every row after it while answering OK.
  const std::string csv = std::string(kHeader) + Row(1) +
                          "F-2,Caf\xe9,2026-01-01,2026-02-01,EUR,10.00\n" +
                          Row(3);
  const cli::ImportResult result = Import(csv, 2000);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.response.created_count(), 2);
  EXPECT_EQ(result.response.rejected_count(), 1);
  EXPECT_THAT(RejectionsOf(result.response), ElementsAre("3 client_reference"));
  EXPECT_THAT(result.response.rejections(0).description(),
              ::testing::HasSubstr("UTF-8"));
  EXPECT_THAT(Numbers(), ElementsAre("F-1", "F-3"));
}

TEST_P(CliImportTest, LocalRejectionsAreNotSentAndMergeWithTheServersByLine) {
  // Lines 3 and 5 fail in the CLI; line 4 (due before issued) on the server.
  const std::string csv = std::string(kHeader) + Row(1) + Row(2, "1.234") +
                          Row(3, "10.00", "2025-12-01") + Row(4, "abc") +
                          Row(5);
  const cli::ImportResult result = Import(csv, 2000);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.response.created_count(), 2);
  EXPECT_EQ(result.response.rejected_count(), 3);
  EXPECT_THAT(RejectionsOf(result.response),
              ElementsAre("3 total", "4 due_date", "5 total"));
  EXPECT_THAT(Numbers(), ElementsAre("F-1", "F-5"));
}

TEST_P(CliImportTest, EveryRowRejectedLocallyStillReportsThem) {
  const cli::ImportResult result =
      Import(std::string(kHeader) + Row(1, "x") + Row(2, "y"), 10);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.response.rejected_count(), 2);
  EXPECT_THAT(RejectionsOf(result.response), ElementsAre("2 total", "3 total"));
  EXPECT_EQ(result.response.created_count(), 0);
  EXPECT_THAT(Invoices(), IsEmpty());
}

TEST_P(CliImportTest, AStreamFailureIsReturned) {
  RefusingPort down;
  ASSERT_NE(down.port(), 0);
  std::string csv = kHeader;
  for (int i = 1; i <= 50; ++i) csv += Row(i);
  const cli::ImportResult result = Import(csv, 5, down.port());
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::UNAVAILABLE)
      << result.status.error_message();
  EXPECT_THAT(Invoices(), IsEmpty());
}

TEST_P(CliImportTest, HundredThousandRowsInBatches) {
  constexpr int kRows = 100'000;
  std::string csv = kHeader;
  csv.reserve(kRows * 48);
  for (int i = 1; i <= kRows; ++i) csv += Row(i, absl::StrCat(i, ".50"));
  const cli::ImportResult result = Import(csv, 2000);
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.response.created_count(), kRows);
  EXPECT_EQ(result.response.rejected_count(), 0);

  const std::vector<v1::Invoice> invoices = Invoices();
  ASSERT_THAT(invoices, SizeIs(kRows));
  EXPECT_EQ(invoices.back().number(), absl::StrCat("F-", kRows));
  EXPECT_EQ(invoices.back().total().minor_units(), 10'000'050);
}

RELANCE_INSTANTIATE_SERVER_TEST(CliImportTest);

}  // namespace
}  // namespace relance
