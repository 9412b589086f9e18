// InvoiceService.ImportInvoices: client-streaming import in batches over a real
// channel.

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

v1::ImportInvoiceRow Row(int64_t line, const std::string& number,
                         const std::string& client) {
  v1::ImportInvoiceRow row;
  row.set_line(line);
  row.set_number(number);
  row.set_client_reference(client);
  row.set_client_name(absl::StrCat("Client ", client));
  row.set_client_email(absl::StrCat(client, "@example.fr"));
  row.set_issue_date("2026-09-01");
  row.set_due_date("2026-10-01");
  row.mutable_total()->set_currency_code("EUR");
  row.mutable_total()->set_minor_units(10000 + line);
  return row;
}

class ImportTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    invoices_ = v1::InvoiceService::NewStub(channel());
    clients_ = v1::ClientService::NewStub(channel());
  }

  // Sends `rows` in messages of `batch_size` rows.
  grpc::Status Import(const std::vector<v1::ImportInvoiceRow>& rows,
                      size_t batch_size, v1::ImportInvoicesResponse* response) {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientWriter<v1::ImportInvoicesRequest>> writer =
        invoices_->ImportInvoices(&context, response);
    for (size_t begin = 0; begin < rows.size(); begin += batch_size) {
      v1::ImportInvoicesRequest request;
      for (size_t i = begin; i < std::min(rows.size(), begin + batch_size);
           ++i) {
        *request.add_rows() = rows[i];
      }
      if (!writer->Write(request)) break;
    }
    v1::ImportInvoicesRequest last;
    last.set_total_rows(static_cast<std::int64_t>(rows.size()));
    writer->Write(last);
    writer->WritesDone();
    return writer->Finish();
  }

  // Sends `messages` as they are.
  grpc::Status ImportMessages(
      const std::vector<v1::ImportInvoicesRequest>& messages,
      v1::ImportInvoicesResponse* response) {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientWriter<v1::ImportInvoicesRequest>> writer =
        invoices_->ImportInvoices(&context, response);
    for (const v1::ImportInvoicesRequest& message : messages) {
      if (!writer->Write(message)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  int64_t CountInvoices() {
    int64_t count = 0;
    v1::ListInvoicesRequest request;
    request.set_page_size(1000);
    do {
      grpc::ClientContext context;
      v1::ListInvoicesResponse response;
      EXPECT_TRUE(invoices_->ListInvoices(&context, request, &response).ok());
      count += response.invoices_size();
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return count;
  }

  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<v1::ClientService::Stub> clients_;
};

TEST_P(ImportTest, ImportingTheSameRowsTwiceCreatesThemOnce) {
  std::vector<v1::ImportInvoiceRow> rows;
  for (int i = 0; i < 2500; ++i) {
    rows.push_back(
        Row(i + 2, absl::StrCat("F-", 100000 + i), absl::StrCat("C-", i % 37)));
  }
  v1::ImportInvoicesResponse first;
  ASSERT_TRUE(Import(rows, 1000, &first).ok());
  EXPECT_EQ(first.created_count(), 2500);
  EXPECT_EQ(first.already_present_count(), 0);
  EXPECT_EQ(first.rejected_count(), 0);
  EXPECT_EQ(first.clients_created_count(), 37);

  v1::ImportInvoicesResponse second;
  ASSERT_TRUE(Import(rows, 700, &second).ok());
  EXPECT_EQ(second.created_count(), 0);
  EXPECT_EQ(second.already_present_count(), 2500);
  EXPECT_EQ(second.clients_created_count(), 0);
  EXPECT_EQ(CountInvoices(), 2500);
}

TEST_P(ImportTest, BadRowsAreRejectedByLineAndFieldAndTheOthersImported) {
  std::vector<v1::ImportInvoiceRow> rows = {
      Row(2, "F-1", "C-A"), Row(3, "F-2", "C-A"), Row(4, "F-3", "C-B"),
      Row(5, "F-4", "C-B"), Row(6, "F-5", "C-C")};
  rows[1].set_due_date("2026-08-01");                 // Before its issue date.
  rows[2].mutable_total()->set_currency_code("XYZ");  // Not a currency.
  rows[3].set_client_email("nobody");                 // Not an email.
  rows[3].set_issue_date("2026-9-1");                 // Malformed.
  v1::ImportInvoicesResponse response;
  ASSERT_TRUE(Import(rows, 2, &response).ok());
  EXPECT_EQ(response.created_count(), 2);
  EXPECT_EQ(response.rejected_count(), 3);  // Rows; line 5 is wrong twice.
  std::vector<std::string> rejections;
  for (const v1::ImportRejection& rejection : response.rejections()) {
    rejections.push_back(
        absl::StrCat(rejection.line(), " ", rejection.field()));
  }
  EXPECT_THAT(rejections, ElementsAre("3 due_date", "4 total.currency_code",
                                      "5 client_email", "5 issue_date"));
  EXPECT_EQ(CountInvoices(), 2);
}

TEST_P(ImportTest, PaymentTermsBeyondTheLegalLimitsAreWarnedOfByLine) {
  // Issued 1 Sep 2026: due 15 Nov at the latest (end of September then 45
  // days) between businesses.
  std::vector<v1::ImportInvoiceRow> rows = {
      Row(2, "F-1", "C-A"), Row(3, "F-2", "C-A"), Row(4, "F-3", "C-P"),
      Row(5, "F-4", "C-A")};
  rows[1].set_due_date("2026-12-31");
  rows[2].set_due_date("2026-12-31");
  rows[2].set_client_kind(v1::CLIENT_KIND_B2C);  // Not bound by the limits.
  rows[3].set_due_date("2026-12-31");
  rows[3].set_issue_date("2027-01-05");  // Before: rejected, not warned of.
  v1::ImportInvoicesResponse response;
  ASSERT_TRUE(Import(rows, 2, &response).ok());
  EXPECT_EQ(response.created_count(), 3);
  ASSERT_EQ(response.warnings_size(), 1);
  EXPECT_EQ(response.warnings(0).line(), 3);
  EXPECT_EQ(response.warnings(0).field(), "due_date");
  EXPECT_THAT(response.warnings(0).description(),
              HasSubstr("exceed the legal maximum"));

  // Imported again, the rows already present are warned of the same way.
  v1::ImportInvoicesResponse again;
  ASSERT_TRUE(Import(rows, 10, &again).ok());
  EXPECT_EQ(again.already_present_count(), 3);
  ASSERT_EQ(again.warnings_size(), 1);
  EXPECT_EQ(again.warnings(0).line(), 3);
}

TEST_P(ImportTest, MissingClientReferenceIsReportedOnce) {
  v1::ImportInvoiceRow row = Row(2, "F-1", "");
  row.clear_client_name();
  row.clear_client_email();
  v1::ImportInvoicesResponse response;
  ASSERT_TRUE(Import({row}, 10, &response).ok());
  EXPECT_EQ(response.rejected_count(), 1);
  ASSERT_EQ(response.rejections_size(), 1);
  EXPECT_EQ(response.rejections(0).field(), "client_reference");
}

TEST_P(ImportTest, NumberOfAnotherClientsInvoiceIsRejected) {
  v1::ImportInvoicesResponse response;
  ASSERT_TRUE(Import({Row(2, "F-1", "C-A")}, 10, &response).ok());
  ASSERT_TRUE(
      Import({Row(2, "F-1", "C-B"), Row(3, "F-2", "C-B")}, 10, &response).ok());
  EXPECT_EQ(response.created_count(), 1);
  ASSERT_EQ(response.rejections_size(), 1);
  EXPECT_EQ(response.rejections(0).line(), 2);
  EXPECT_EQ(response.rejections(0).field(), "number");
  EXPECT_THAT(response.rejections(0).description(),
              HasSubstr("another client"));
}

TEST_P(ImportTest, ExistingClientIsReusedUnchanged) {
  grpc::ClientContext context;
  v1::CreateClientRequest create;
  create.mutable_client()->set_reference("C-A");
  create.mutable_client()->set_name("Boulangerie Martin");
  v1::CreateClientResponse created;
  ASSERT_TRUE(clients_->CreateClient(&context, create, &created).ok());

  v1::ImportInvoicesResponse response;
  ASSERT_TRUE(Import({Row(2, "F-1", "C-A")}, 10, &response).ok());
  EXPECT_EQ(response.clients_created_count(), 0);

  grpc::ClientContext get_context;
  v1::GetClientRequest get;
  get.set_client_id(created.client().id());
  v1::GetClientResponse client;
  ASSERT_TRUE(clients_->GetClient(&get_context, get, &client).ok());
  EXPECT_EQ(client.client().name(), "Boulangerie Martin");
}

TEST_P(ImportTest, NewClientsGetTheRowsAddressAndCcOrTheirRejections) {
  std::vector<v1::ImportInvoiceRow> rows = {Row(2, "F-1", "C-A"),
                                            Row(3, "F-2", "C-B")};
  rows[0].add_client_postal_address_lines("12 rue des Lilas");
  rows[0].add_client_postal_address_lines("69003 Lyon");
  rows[0].add_client_cc_emails("direction@c-a.fr");
  rows[1].add_client_postal_address_lines(std::string(39, 'x'));
  rows[1].add_client_cc_emails("direction@c-b.fr");
  rows[1].add_client_cc_emails("Direction@C-B.fr");
  v1::ImportInvoicesResponse response;
  ASSERT_TRUE(Import(rows, 10, &response).ok());
  EXPECT_EQ(response.created_count(), 1);
  std::vector<std::string> rejections;
  for (const v1::ImportRejection& rejection : response.rejections()) {
    rejections.push_back(
        absl::StrCat(rejection.line(), " ", rejection.field()));
  }
  EXPECT_THAT(rejections, ElementsAre("3 client_postal_address_lines[0]",
                                      "3 client_cc_emails[1]"));

  grpc::ClientContext context;
  v1::ListClientsRequest list;
  list.set_reference("C-A");
  v1::ListClientsResponse clients;
  ASSERT_TRUE(clients_->ListClients(&context, list, &clients).ok());
  ASSERT_EQ(clients.clients_size(), 1);
  EXPECT_THAT(clients.clients(0).postal_address_lines(),
              ElementsAre("12 rue des Lilas", "69003 Lyon"));
  EXPECT_THAT(clients.clients(0).cc_emails(), ElementsAre("direction@c-a.fr"));
}

TEST_P(ImportTest, OversizedMessageIsRefused) {
  std::vector<v1::ImportInvoiceRow> rows;
  for (int i = 0; i < 5001; ++i)
    rows.push_back(Row(i + 2, absl::StrCat("F-", i), "C-A"));
  v1::ImportInvoicesResponse response;
  grpc::Status status = Import(rows, 5001, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(),
              HasSubstr("at most 5000 rows per message, got 5001"));
  EXPECT_EQ(CountInvoices(), 0);
}

TEST_P(ImportTest, AMessageThatCannotBeReadIsDataLossNotASilentEnd) {
  // A Latin-1 "é" in a string field: the server cannot parse the second
  // message, and gRPC's Read says false as for the stream's end. It used to
  // answer OK with "created 2" and lose rows 4 to 6 without a word.
  std::vector<v1::ImportInvoicesRequest> messages(4);
  *messages[0].add_rows() = Row(2, "F-1", "C-A");
  *messages[0].add_rows() = Row(3, "F-2", "C-A");
  *messages[1].add_rows() = Row(4, "F-3", "C-B");
  messages[1].mutable_rows(0)->set_client_name("Caf\xe9 de la Gare");
  *messages[2].add_rows() = Row(5, "F-4", "C-C");
  *messages[2].add_rows() = Row(6, "F-5", "C-C");
  messages[3].set_total_rows(5);
  v1::ImportInvoicesResponse response;
  const grpc::Status status = ImportMessages(messages, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS);
  EXPECT_THAT(status.error_message(),
              HasSubstr("2 rows were read, the last at line 3"));
  EXPECT_THAT(status.error_message(),
              HasSubstr("its rows[].client_name is not UTF-8"));
  // The first message was committed, as documented; nothing after it.
  EXPECT_EQ(CountInvoices(), 2);
}

TEST_P(ImportTest, AStreamWithoutOrWithAWrongCountIsDataLoss) {
  std::vector<v1::ImportInvoicesRequest> messages(1);
  *messages[0].add_rows() = Row(2, "F-1", "C-A");
  v1::ImportInvoicesResponse response;
  grpc::Status status = ImportMessages(messages, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS);
  EXPECT_THAT(status.error_message(), HasSubstr("total_rows"));
  EXPECT_EQ(CountInvoices(), 1);

  // A count that does not match: the message carrying it is not written.
  messages.resize(2);
  *messages[1].add_rows() = Row(3, "F-2", "C-A");
  messages[1].set_total_rows(3);
  status = ImportMessages(messages, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DATA_LOSS);
  EXPECT_THAT(status.error_message(),
              HasSubstr("carried 3 rows (total_rows) but 2 arrived"));
  EXPECT_EQ(CountInvoices(), 1);

  // The count in the last message only: a message after it is refused (the
  // messages up to the count were committed, as every batch).
  messages[1].set_total_rows(2);
  messages.emplace_back().set_total_rows(2);
  status = ImportMessages(messages, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(HasSubstr("total_rows: must be set in the stream's "
                                    "last message only")));
  EXPECT_EQ(CountInvoices(), 2);
  // An empty last message is fine.
  messages.pop_back();
  messages[1].clear_total_rows();
  messages.emplace_back().set_total_rows(2);
  ASSERT_TRUE(ImportMessages(messages, &response).ok());
  EXPECT_EQ(response.already_present_count(), 2);
  EXPECT_EQ(CountInvoices(), 2);
}

RELANCE_INSTANTIATE_SERVER_TEST(ImportTest);

}  // namespace
}  // namespace relance
