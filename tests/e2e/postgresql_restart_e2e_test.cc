// relanced on PostgreSQL while the database server restarts under load:
// writers create invoices and record payments, each retrying UNAVAILABLE
// with the same request_id, while `pg_ctl restart -m fast` cuts every
// connection. Afterwards every acknowledged write is there exactly once.
// The PostgreSQL server is the test's own.

#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/e2e/relance_process.h"
#include "tests/testing/bearer_channel.h"
#include "tests/testing/postgresql_server.h"
#include "tests/testing/subprocess.h"
#include "tests/testing/test_database.h"

namespace relance {
namespace {

constexpr int kWriters = 4;
constexpr int kInvoicesPerWriter = 60;
// A restart takes about a second; writers give up long after that.
constexpr absl::Duration kGiveUpAfter = absl::Seconds(60);

// Calls `call(context)` until it answers something other than UNAVAILABLE or
// DEADLINE_EXCEEDED (both leave it unknown whether the write happened: the
// retry's same request_id makes it happen once), or kGiveUpAfter passes.
template <typename Call>
grpc::Status Retrying(Call&& call, std::atomic<int>* retries) {
  const absl::Time give_up = absl::Now() + kGiveUpAfter;
  for (;;) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
    grpc::Status status = call(&context);
    const bool retryable =
        status.error_code() == grpc::StatusCode::UNAVAILABLE ||
        status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
    if (!retryable || absl::Now() > give_up) return status;
    ++*retries;
    absl::SleepFor(absl::Milliseconds(50));  // Waiting for PostgreSQL.
  }
}

TEST(PostgresqlRestartE2eTest, EveryAcknowledgedWriteIsThereExactlyOnce) {
  std::string why;
  std::unique_ptr<testing::PostgresqlServer> postgresql =
      testing::PostgresqlServer::Start(&why);
  if (postgresql == nullptr) {
    if (testing::PostgresqlRequired()) FAIL() << why;
    GTEST_SKIP() << why;
  }
  const std::string dir = testing::MakeTempDir();
  testing::Relance relance(postgresql->url(), dir);
  relance.StartServer();
  const nlohmann::json client = relance.Json(
      {"client", "create", "--ref", "C-LOAD", "--name", "Garage Moreau"});
  const long long client_id = std::stoll(std::string(client["client"]["id"]));

  std::shared_ptr<grpc::Channel> channel = testing::BearerChannel(
      absl::StrCat("127.0.0.1:", relance.port()), relance.admin_token());
  std::unique_ptr<v1::InvoiceService::Stub> stub =
      v1::InvoiceService::NewStub(channel);

  std::atomic<int> acknowledged{0};
  std::atomic<int> retries{0};
  absl::Mutex mutex;
  // Invoice id -> number, of every acknowledged create; and the failures.
  std::map<long long, std::string> created;
  std::vector<std::string> failures;
  std::vector<std::thread> writers;
  for (int writer = 0; writer < kWriters; ++writer) {
    writers.emplace_back([&, writer] {
      for (int i = 0; i < kInvoicesPerWriter; ++i) {
        const std::string number = absl::StrCat("F-", writer, "-", i);
        v1::CreateInvoiceRequest create;
        create.set_request_id(absl::StrCat("create-", number));
        v1::Invoice& invoice = *create.mutable_invoice();
        invoice.set_number(number);
        invoice.set_client_id(client_id);
        invoice.set_issue_date("2026-09-01");
        invoice.set_due_date("2026-10-01");
        invoice.mutable_total()->set_currency_code("EUR");
        invoice.mutable_total()->set_minor_units(10000);
        v1::CreateInvoiceResponse created_invoice;
        grpc::Status status = Retrying(
            [&](grpc::ClientContext* context) {
              return stub->CreateInvoice(context, create, &created_invoice);
            },
            &retries);
        if (!status.ok()) {
          absl::MutexLock lock(&mutex);
          failures.push_back(
              absl::StrCat(number, ": ", status.error_message()));
          continue;
        }
        v1::RecordPaymentRequest pay;
        pay.set_request_id(absl::StrCat("pay-", number));
        pay.set_invoice_id(created_invoice.invoice().id());
        pay.mutable_amount()->set_currency_code("EUR");
        pay.mutable_amount()->set_minor_units(100);
        pay.set_payment_date("2026-10-05");
        pay.set_reference(absl::StrCat("VIR-", number));
        v1::RecordPaymentResponse paid;
        status = Retrying(
            [&](grpc::ClientContext* context) {
              return stub->RecordPayment(context, pay, &paid);
            },
            &retries);
        absl::MutexLock lock(&mutex);
        created[created_invoice.invoice().id()] = number;
        if (!status.ok()) {
          failures.push_back(
              absl::StrCat(number, " payment: ", status.error_message()));
        }
        ++acknowledged;
      }
    });
  }
  // Restart once a good part of the writes are in, the rest still to come.
  const absl::Time deadline = absl::Now() + absl::Seconds(60);
  while (acknowledged.load() < kWriters * kInvoicesPerWriter / 4 &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(10));  // Waiting for the writers.
  }
  ASSERT_LT(acknowledged.load(), kWriters * kInvoicesPerWriter)
      << "the writers finished before the restart: the test proves nothing";
  ASSERT_TRUE(postgresql->Restart());
  for (std::thread& writer : writers) writer.join();
  EXPECT_THAT(failures, ::testing::IsEmpty());
  ASSERT_EQ(created.size(), static_cast<size_t>(kWriters * kInvoicesPerWriter));

  // Exactly once: as many invoices as acknowledged, each number once, each
  // with its one payment.
  const nlohmann::json listed = relance.Json(
      {"invoice", "list", "--all", "--page-size", "1000"})["invoices"];
  EXPECT_EQ(listed.size(), created.size());
  std::set<std::string> numbers;
  for (const nlohmann::json& invoice : listed) {
    EXPECT_TRUE(numbers.insert(std::string(invoice["number"])).second)
        << invoice["number"];
    EXPECT_EQ(invoice["paid"]["minorUnits"], "100") << invoice["number"];
  }
  for (const auto& [id, number] : created) {
    EXPECT_TRUE(numbers.count(number)) << number << " was acknowledged";
  }
  std::cerr << "retries during the restart: " << retries.load() << "\n";
}

}  // namespace
}  // namespace relance
