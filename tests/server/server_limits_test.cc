// relanced's limits over a real channel, on SQLite and PostgreSQL: the message
// size, the rows of an import, the notification streams of one user.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/notification.grpc.pb.h"
#include "tests/server/in_process_server.h"
#include "tests/testing/test_database.h"

namespace relance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Long enough for any wait in these tests to mean "never".
constexpr absl::Duration kLimitPatience = absl::Seconds(20);

// relanced's services with small limits on a fresh database of the
// parameter's dialect.
class ServerLimitsTest : public ::testing::TestWithParam<storage::Dialect> {
 protected:
  void SetUp() override {
    RELANCE_SKIP_WITHOUT_TEST_DATABASE(GetParam());
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> test_database =
        testing::TestDatabase::Create(GetParam());
    ASSERT_TRUE(test_database.ok()) << test_database.status();
    test_database_ = *std::move(test_database);
    absl::StatusOr<std::unique_ptr<testing::InProcessServer>> server =
        testing::InProcessServer::Start(test_database_->url(), {},
                                        {.max_message_bytes = 64 << 10,
                                         .max_import_rows = 5,
                                         .max_streams_per_user = 2});
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = server_->channel();
  }

  // A token of `user`'s, who is created as a back-office user.
  std::string TokenOf(const std::string& user) {
    absl::StatusOr<std::string> token =
        server_->TokenFor(user, storage::UserRole::kBackOffice);
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }

  v1::ImportInvoiceRow Row(int line) {
    v1::ImportInvoiceRow row;
    row.set_line(line);
    row.set_number(absl::StrCat("F-", line));
    row.set_client_reference("C-A");
    row.set_issue_date("2026-09-01");
    row.set_due_date("2026-10-01");
    row.mutable_total()->set_currency_code("EUR");
    row.mutable_total()->set_minor_units(10000);
    return row;
  }

  // Sends one message per batch, each of `rows` rows.
  grpc::Status Import(
      const std::vector<std::vector<v1::ImportInvoiceRow>>& batches) {
    grpc::ClientContext context;
    v1::ImportInvoicesResponse response;
    auto writer = v1::InvoiceService::NewStub(channel_)->ImportInvoices(
        &context, &response);
    std::int64_t rows = 0;
    bool written = true;
    for (const std::vector<v1::ImportInvoiceRow>& batch : batches) {
      v1::ImportInvoicesRequest request;
      for (const v1::ImportInvoiceRow& row : batch) *request.add_rows() = row;
      rows += request.rows_size();
      if (!(written = writer->Write(request))) break;
    }
    v1::ImportInvoicesRequest last;
    last.set_total_rows(rows);
    if (written) writer->Write(last);
    writer->WritesDone();
    return writer->Finish();
  }

  long long CountInvoices() {
    absl::StatusOr<long long> count =
        test_database_->QueryInteger("SELECT COUNT(*) FROM invoices");
    EXPECT_TRUE(count.ok()) << count.status();
    return count.value_or(-1);
  }

  std::unique_ptr<testing::TestDatabase> test_database_;
  std::unique_ptr<testing::InProcessServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_P(ServerLimitsTest, OversizedMessageGetsResourceExhausted) {
  auto clients = v1::ClientService::NewStub(channel_);
  v1::CreateClientRequest request;
  request.mutable_client()->set_reference("C-BIG");
  request.mutable_client()->set_name(std::string(65 << 10, 'x'));
  grpc::ClientContext context;
  v1::CreateClientResponse response;
  grpc::Status status = clients->CreateClient(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << status.error_message();

  request.mutable_client()->set_name("Big SARL");
  grpc::ClientContext small_context;
  status = clients->CreateClient(&small_context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  absl::StatusOr<long long> count =
      test_database_->QueryInteger("SELECT COUNT(*) FROM clients");
  EXPECT_EQ(count.value_or(-1), 1);
}

TEST_P(ServerLimitsTest,
       ImportBeyondMaxRowsWritesNothingOfTheOffendingMessage) {
  grpc::Status status =
      Import({{Row(2), Row(3), Row(4)}, {Row(5), Row(6), Row(7)}});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(),
              HasSubstr("at most 5 rows per import (--max-import-rows); the 3 "
                        "rows of the earlier messages were processed"));
  EXPECT_EQ(CountInvoices(), 3);

  // The limit is per stream: the rest goes through in another import.
  EXPECT_TRUE(Import({{Row(5), Row(6), Row(7)}}).ok());
  EXPECT_EQ(CountInvoices(), 6);
}

TEST_P(ServerLimitsTest, ImportMessageOverAFieldLimitWritesNothing) {
  std::vector<v1::ImportInvoiceRow> batch = {Row(2), Row(3)};
  batch[1].set_client_name(std::string(5000, 'n'));
  grpc::Status status = Import({batch});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(HasSubstr("rows[1].client_name: must be at most")));
  EXPECT_EQ(CountInvoices(), 0);
}

// A Subscribe stream of the user `token` stands for, read from the test's
// thread.
struct Stream {
  Stream(const std::shared_ptr<grpc::Channel>& channel,
         const std::string& token)
      : stub(v1::NotificationService::NewStub(channel)) {
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(absl::ToChronoTime(absl::Now() + kLimitPatience));
    reader = stub->Subscribe(&context, v1::SubscribeRequest());
  }

  // True once the stream's first message (the heartbeat every new stream
  // gets) arrived: the server holds a slot for it.
  bool Open() {
    v1::SubscribeResponse response;
    return reader->Read(&response);
  }

  grpc::Status Close() {
    context.TryCancel();
    v1::SubscribeResponse response;
    while (reader->Read(&response)) {
    }
    return reader->Finish();
  }

  std::unique_ptr<v1::NotificationService::Stub> stub;
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> reader;
};

TEST_P(ServerLimitsTest, StreamsBeyondTheUsersMaxGetResourceExhausted) {
  auto first = std::make_unique<Stream>(channel_, TokenOf("alice"));
  Stream second(channel_, TokenOf("alice"));
  ASSERT_TRUE(first->Open());
  ASSERT_TRUE(second.Open());

  Stream third(channel_, TokenOf("alice"));
  EXPECT_FALSE(third.Open());
  grpc::Status refused = third.reader->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(),
              HasSubstr("at most 2 notification streams per user"));

  // Another user's streams are counted apart.
  Stream bob(channel_, TokenOf("bob"));
  EXPECT_TRUE(bob.Open());

  // Closing a stream frees its slot once the server is done with it, which
  // happens after the client has seen the stream end.
  first->Close();
  first.reset();
  bool reopened = false;
  const absl::Time give_up = absl::Now() + kLimitPatience;
  while (!reopened && absl::Now() < give_up) {
    Stream again(channel_, TokenOf("alice"));
    reopened = again.Open();
    if (!reopened) {
      EXPECT_EQ(again.reader->Finish().error_code(),
                grpc::StatusCode::RESOURCE_EXHAUSTED);
      absl::SleepFor(absl::Milliseconds(10));
    } else {
      again.Close();
    }
  }
  EXPECT_TRUE(reopened);
  second.Close();
  bob.Close();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerLimitsTest,
                         ::testing::Values(storage::Dialect::kSqlite,
                                           storage::Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance
