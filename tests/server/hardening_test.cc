// Defects a hostile probe of relanced found (issue 20), each over a real
// channel on both databases: scope leaks, replays, the admin token file, a
// second server on a served port.

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/admin.grpc.pb.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/template.grpc.pb.h"
#include "server/environment.h"
#include "server/first_start.h"
#include "server/relance_server.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/test_database.h"

namespace relance {
namespace {

using storage::UserRole;
using ::testing::HasSubstr;
using ::testing::SizeIs;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> FilesIn(const std::string& dir) {
  std::vector<std::string> names;
  if (DIR* handle = opendir(dir.c_str())) {
    while (dirent* entry = readdir(handle)) {
      const std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(name);
    }
    closedir(handle);
  }
  std::sort(names.begin(), names.end());
  return names;
}

class HardeningTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    bobs_client_ = CreateClient("C-BOB", "bob");
    bobs_invoice_ = CreateInvoice(bobs_client_, "F-BOB-1");
  }

  std::int64_t CreateClient(const std::string& reference,
                            const std::string& owner) {
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name("Client " + reference);
    request.mutable_client()->set_kind(v1::CLIENT_KIND_B2B);
    request.mutable_client()->set_email("billing@example.com");
    request.mutable_client()->set_owner(owner);
    v1::CreateClientResponse response;
    grpc::ClientContext context;
    const grpc::Status status =
        v1::ClientService::NewStub(channel())->CreateClient(&context, request,
                                                            &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  std::int64_t CreateInvoice(std::int64_t client_id,
                             const std::string& number) {
    v1::CreateInvoiceRequest request;
    v1::Invoice* invoice = request.mutable_invoice();
    invoice->set_client_id(client_id);
    invoice->set_number(number);
    invoice->set_issue_date("2026-09-01");
    invoice->set_due_date("2026-10-01");
    invoice->mutable_total()->set_currency_code("EUR");
    invoice->mutable_total()->set_minor_units(120000);
    v1::CreateInvoiceResponse response;
    grpc::ClientContext context;
    const grpc::Status status =
        v1::InvoiceService::NewStub(channel())->CreateInvoice(&context, request,
                                                              &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice().id();
  }

  std::shared_ptr<grpc::Channel> As(const std::string& user, UserRole role) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        server().ChannelAs(user, role);
    EXPECT_TRUE(channel.ok()) << channel.status();
    return channel.ok() ? *channel : nullptr;
  }

  std::int64_t bobs_client_ = 0;
  std::int64_t bobs_invoice_ = 0;
};

TEST_P(HardeningTest, RenderingAReminderIsScopedToTheRepsClients) {
  {  // The default policy's first step, well after the due date.
    LiveOn("2026-10-20");
    v1::RunDunningRequest request;
    request.set_as_of_date("2026-10-20");
    grpc::ClientContext context;
    v1::RunDunningResponse response;
    ASSERT_TRUE(v1::DunningService::NewStub(channel())
                    ->RunDunning(&context, request, &response)
                    .ok());
  }
  v1::ListRemindersRequest list;
  list.set_invoice_id(bobs_invoice_);
  grpc::ClientContext list_context;
  v1::ListRemindersResponse reminders;
  ASSERT_TRUE(v1::ReminderService::NewStub(channel())
                  ->ListReminders(&list_context, list, &reminders)
                  .ok());
  ASSERT_THAT(reminders.reminders(), SizeIs(::testing::Ge(1)));

  auto render = [&](const std::shared_ptr<grpc::Channel>& as,
                    std::int64_t reminder_id,
                    v1::RenderTemplateResponse* response) {
    v1::RenderTemplateRequest request;
    request.set_key(reminders.reminders(0).template_key());
    request.set_reminder_id(reminder_id);
    grpc::ClientContext context;
    return v1::TemplateService::NewStub(as)->RenderTemplate(&context, request,
                                                            response);
  };
  v1::RenderTemplateResponse response;
  const std::int64_t bobs_reminder = reminders.reminders(0).id();
  grpc::Status status =
      render(As("alice", UserRole::kSalesRep), bobs_reminder, &response);
  // It rendered Bob's client's name, invoices and amounts for Alice.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << status.error_message();
  EXPECT_THAT(response.text(), ::testing::IsEmpty());
  // An id that does not exist answers the same: nothing to probe.
  status =
      render(As("alice", UserRole::kSalesRep), bobs_reminder + 1000, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  status = render(As("bob", UserRole::kSalesRep), bobs_reminder, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(response.subject().empty() && response.text().empty());
}

TEST_P(HardeningTest, TheFirstAdminTokenIsNeverWrittenThroughAPlantedLink) {
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> fresh =
      testing::TestDatabase::Create(GetParam());
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  absl::StatusOr<std::unique_ptr<storage::Database>> database =
      (*fresh)->Open();
  ASSERT_TRUE(database.ok()) << database.status();
  testing::FakeClock clock;
  Environment env(database->get(), &clock, {});

  char dir_template[] = "/tmp/relance_token_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const std::string path = dir + "/admin.token";
  const std::string victim = dir + "/victim";
  std::ofstream(victim) << "someone else's file\n";
  // The partial file's name used to be predictable: the process id.
  const std::string planted = absl::StrCat(path, ".partial.", getpid());
  ASSERT_EQ(symlink(victim.c_str(), planted.c_str()), 0);

  absl::StatusOr<bool> written = WriteFirstAdminToken(*env.access(), path);
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_TRUE(*written);
  EXPECT_EQ(Slurp(victim), "someone else's file\n");
  struct stat info {};
  ASSERT_EQ(lstat(path.c_str(), &info), 0);
  EXPECT_TRUE(S_ISREG(info.st_mode)) << "the token file is a link";
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_TRUE(absl::StartsWith(Slurp(path), "rl_"));
  // No partial file is left behind.
  EXPECT_THAT(FilesIn(dir),
              ::testing::ElementsAre(
                  "admin.token", absl::StrCat("admin.token.partial.", getpid()),
                  "victim"));
  for (const std::string& name : FilesIn(dir)) {
    unlink((dir + "/" + name).c_str());
  }
  rmdir(dir.c_str());
}

TEST_P(HardeningTest, ASecondServerOnAServedPortDoesNotStart) {
  ServerOptions options;
  options.listen_address = absl::StrCat("127.0.0.1:", port());
  absl::StatusOr<std::unique_ptr<RunningServer>> second =
      RunningServer::Start(&server().env(), options);
  // SO_REUSEPORT let it start and take half of the port's connections.
  EXPECT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr("cannot listen on"));
}

TEST_P(HardeningTest, AReplayedRequestIdAnswersItsOwnCallerOnly) {
  auto create = [&](const std::shared_ptr<grpc::Channel>& as,
                    const std::string& reference,
                    v1::CreateClientResponse* response) {
    v1::CreateClientRequest request;
    request.set_request_id("req-1");
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name("Client " + reference);
    request.mutable_client()->set_email("billing@example.com");
    grpc::ClientContext context;
    return v1::ClientService::NewStub(as)->CreateClient(&context, request,
                                                        response);
  };
  v1::CreateClientResponse alices;
  ASSERT_TRUE(
      create(As("alice", UserRole::kSalesRep), "C-ALICE", &alices).ok());
  EXPECT_EQ(alices.client().owner(), "alice");
  // Bob's "req-1" is his own request: he used to receive Alice's client.
  v1::CreateClientResponse bobs;
  const grpc::Status status =
      create(As("bob", UserRole::kSalesRep), "C-BOB-2", &bobs);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(bobs.client().id(), alices.client().id());
  EXPECT_EQ(bobs.client().reference(), "C-BOB-2");
  EXPECT_EQ(bobs.client().owner(), "bob");
  // Alice's own replay still answers her client, once.
  v1::CreateClientResponse again;
  ASSERT_TRUE(create(As("alice", UserRole::kSalesRep), "C-ALICE", &again).ok());
  EXPECT_EQ(again.client().id(), alices.client().id());
}

TEST_P(HardeningTest, ARequestIdSentWithOtherContentIsRefused) {
  const std::int64_t other_invoice = CreateInvoice(bobs_client_, "F-BOB-2");
  auto pay = [&](const std::shared_ptr<grpc::Channel>& as,
                 std::int64_t invoice_id, std::int64_t amount,
                 v1::RecordPaymentResponse* response) {
    v1::RecordPaymentRequest request;
    request.set_request_id("pay-1");
    request.set_invoice_id(invoice_id);
    request.mutable_amount()->set_currency_code("EUR");
    request.mutable_amount()->set_minor_units(amount);
    request.set_payment_date("2026-10-02");
    grpc::ClientContext context;
    return v1::InvoiceService::NewStub(as)->RecordPayment(&context, request,
                                                          response);
  };
  v1::RecordPaymentResponse first;
  ASSERT_TRUE(pay(channel(), bobs_invoice_, 10000, &first).ok());

  // The same id with another amount, or for another invoice, used to answer
  // the first payment and record nothing.
  v1::RecordPaymentResponse response;
  grpc::Status status = pay(channel(), bobs_invoice_, 20000, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS)
      << status.error_message();
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ::testing::ElementsAre(HasSubstr("request_id: 'pay-1'")));
  status = pay(channel(), other_invoice, 10000, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);

  // A true retry answers the first payment; Bob's "pay-1" is his own.
  v1::RecordPaymentResponse retry;
  ASSERT_TRUE(pay(channel(), bobs_invoice_, 10000, &retry).ok());
  EXPECT_EQ(retry.payment().id(), first.payment().id());
  v1::RecordPaymentResponse bobs;
  status = pay(As("bob", UserRole::kSalesRep), other_invoice, 500, &bobs);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_NE(bobs.payment().id(), first.payment().id());
  EXPECT_EQ(bobs.invoice().id(), other_invoice);

  v1::GetInvoiceRequest get;
  get.set_invoice_id(bobs_invoice_);
  grpc::ClientContext context;
  v1::GetInvoiceResponse invoice;
  ASSERT_TRUE(v1::InvoiceService::NewStub(channel())
                  ->GetInvoice(&context, get, &invoice)
                  .ok());
  EXPECT_EQ(invoice.invoice().paid().minor_units(), 10000);
  EXPECT_THAT(invoice.payments(), SizeIs(1));
}

TEST_P(HardeningTest, AStringThatIsNotUtf8IsInvalidArgumentNamingTheField) {
  v1::CreateClientRequest request;
  request.mutable_client()->set_reference("C-CAFE");
  request.mutable_client()->set_name("Caf\xe9 de la Gare");  // Latin-1.
  grpc::ClientContext context;
  v1::CreateClientResponse response;
  const grpc::Status status =
      v1::ClientService::NewStub(channel())->CreateClient(&context, request,
                                                          &response);
  // It was INTERNAL with an empty message.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ::testing::ElementsAre(HasSubstr("client.name: is not UTF-8")));
}

TEST_P(HardeningTest, UpdatesNeedTheEtagOfTheObjectTheyChange) {
  const std::int64_t other = CreateClient("C-OTHER", "bob");
  auto get = [&](std::int64_t id) {
    v1::GetClientRequest request;
    request.set_client_id(id);
    grpc::ClientContext context;
    v1::GetClientResponse response;
    EXPECT_TRUE(v1::ClientService::NewStub(channel())
                    ->GetClient(&context, request, &response)
                    .ok());
    return response.client();
  };
  auto rename = [&](std::int64_t id, const std::string& etag) {
    v1::UpdateClientRequest request;
    request.mutable_client()->set_id(id);
    request.mutable_client()->set_etag(etag);
    request.mutable_client()->set_name("Renamed");
    request.mutable_update_mask()->add_paths("name");
    grpc::ClientContext context;
    v1::UpdateClientResponse response;
    return v1::ClientService::NewStub(channel())->UpdateClient(
        &context, request, &response);
  };
  // Both are at their first version: the etag was the same "v1".
  const std::string others_etag = get(other).etag();
  ASSERT_NE(others_etag, get(bobs_client_).etag());
  grpc::Status status = rename(bobs_client_, others_etag);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ::testing::ElementsAre(HasSubstr("client.etag: '")));
  // Without one, it overwrote blindly.
  status = rename(bobs_client_, "");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ::testing::ElementsAre(HasSubstr("client.etag: is required")));
  EXPECT_EQ(get(bobs_client_).name(), "Client C-BOB");

  const std::string etag = get(bobs_client_).etag();
  ASSERT_TRUE(rename(bobs_client_, etag).ok());
  EXPECT_EQ(rename(bobs_client_, etag).error_code(), grpc::StatusCode::ABORTED);

  // Invoices alike.
  const std::int64_t other_invoice = CreateInvoice(other, "F-OTHER");
  v1::GetInvoiceRequest get_other;
  get_other.set_invoice_id(other_invoice);
  grpc::ClientContext get_context;
  v1::GetInvoiceResponse other_read;
  ASSERT_TRUE(v1::InvoiceService::NewStub(channel())
                  ->GetInvoice(&get_context, get_other, &other_read)
                  .ok());
  v1::UpdateInvoiceRequest update;
  update.mutable_invoice()->set_id(bobs_invoice_);
  update.mutable_invoice()->set_etag(other_read.invoice().etag());
  update.mutable_invoice()->set_due_date("2026-12-01");
  update.mutable_update_mask()->add_paths("due_date");
  grpc::ClientContext update_context;
  v1::UpdateInvoiceResponse updated;
  EXPECT_EQ(v1::InvoiceService::NewStub(channel())
                ->UpdateInvoice(&update_context, update, &updated)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_P(HardeningTest, GetInvoiceReadsOneSnapshotUnderConcurrentPayments) {
  constexpr int kPayments = 150;
  std::atomic<bool> done{false};
  std::thread payer([&] {
    auto stub = v1::InvoiceService::NewStub(channel());
    for (int i = 0; i < kPayments; ++i) {
      v1::RecordPaymentRequest request;
      request.set_invoice_id(bobs_invoice_);
      request.mutable_amount()->set_currency_code("EUR");
      request.mutable_amount()->set_minor_units(1 + i % 2);
      request.set_payment_date("2026-10-02");
      if (i % 3 == 0) {
        v1::CreateCreditNoteRequest credit;
        credit.set_invoice_id(bobs_invoice_);
        *credit.mutable_amount() = request.amount();
        credit.set_credit_date("2026-10-02");
        grpc::ClientContext context;
        v1::CreateCreditNoteResponse response;
        EXPECT_TRUE(stub->CreateCreditNote(&context, credit, &response).ok());
        continue;
      }
      grpc::ClientContext context;
      v1::RecordPaymentResponse response;
      EXPECT_TRUE(stub->RecordPayment(&context, request, &response).ok());
    }
    done = true;
  });
  auto stub = v1::InvoiceService::NewStub(channel());
  int reads = 0;
  int torn = 0;
  while (!done || reads == 0) {
    v1::GetInvoiceRequest request;
    request.set_invoice_id(bobs_invoice_);
    grpc::ClientContext context;
    v1::GetInvoiceResponse response;
    ASSERT_TRUE(stub->GetInvoice(&context, request, &response).ok());
    std::int64_t paid = 0;
    std::int64_t credited = 0;
    for (const v1::Payment& payment : response.payments()) {
      paid += payment.amount().minor_units();
    }
    for (const v1::CreditNote& note : response.credit_notes()) {
      credited += note.amount().minor_units();
    }
    ++reads;
    if (paid != response.invoice().paid().minor_units() ||
        credited != response.invoice().credited().minor_units()) {
      ++torn;
    }
  }
  payer.join();
  // About one read in five was torn with two reads and no snapshot.
  EXPECT_EQ(torn, 0) << "of " << reads << " reads";
  EXPECT_GT(reads, 10);
}

RELANCE_INSTANTIATE_SERVER_TEST(HardeningTest);

// A server that refuses a peer after 3 failed authentications a minute.
class AuthThrottleTest : public HardeningTest {
 protected:
  EnvironmentOptions environment_options() override {
    EnvironmentOptions options;
    options.auth_throttle = {.max_failures = 3, .window = absl::Minutes(1)};
    return options;
  }
};

TEST_P(AuthThrottleTest, FailedAuthenticationsAreLoggedAndThrottledPerPeer) {
  auto who_am_i = [&](const std::string& token) {
    auto stub = v1::UserService::NewStub(server().ChannelWithToken(token));
    grpc::ClientContext context;
    v1::WhoAmIResponse response;
    return stub->WhoAmI(&context, {}, &response);
  };
  ::testing::internal::CaptureStderr();
  for (int i = 0; i < 3; ++i) {
    const grpc::Status status = who_am_i(absl::StrCat("rl_guess", i));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("too many")));
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  // Nobody saw the guesses before.
  EXPECT_THAT(log, HasSubstr("authentication failed from ipv4:127.0.0.1:"));
  EXPECT_THAT(log, HasSubstr("(3 in the last 1m)"));

  // Now even the admin's good token is refused from this address: a guess
  // that happens to be right is not told apart.
  grpc::Status status = who_am_i(server().admin_token());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(),
              HasSubstr("too many failed authentications from 127.0.0.1"));

  clock().Advance(absl::Minutes(1) + absl::Seconds(1));
  status = who_am_i(server().admin_token());
  EXPECT_TRUE(status.ok()) << status.error_message();
}

RELANCE_INSTANTIATE_SERVER_TEST(AuthThrottleTest);

}  // namespace
}  // namespace relance
