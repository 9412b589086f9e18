// The relance commands end to end against relanced's real services: from the
// command line to what the user reads (output, error line, exit code) and what
// the server then holds, on SQLite and PostgreSQL.
//
// Two conditions a real server cannot produce on cue, a reply lost after the
// server acted and a stream broken after a batch was committed, come from a
// small proxy in front of the real services (LossyProxy below).

#include <google/protobuf/util/json_util.h>
#include <grpcpp/client_context.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client-cli/relance_cli.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

v1::Money Money(std::int64_t minor_units, const std::string& currency) {
  v1::Money money;
  money.set_minor_units(minor_units);
  money.set_currency_code(currency);
  return money;
}

bool IsUuidV4(const std::string& text) {
  static const std::regex kUuid(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  return std::regex_match(text, kUuid);
}

// Stands between the CLI and the real services, and loses what a real server
// cannot be made to lose on cue: the reply to the first CreateClient and the
// first UpdateClient (the server acted, the CLI sees UNAVAILABLE, as when the
// connection drops on the way back), and an import stream after its first
// batch was committed. Everything it passes on is handled by the real services.
class LossyProxy {
 public:
  explicit LossyProxy(const std::shared_ptr<grpc::Channel>& server)
      : clients_(server), invoices_(server) {
    grpc::ServerBuilder builder;
    builder.RegisterService(&clients_);
    builder.RegisterService(&invoices_);
    server_ = builder.BuildAndStart();
  }
  ~LossyProxy() { server_->Shutdown(); }

  std::shared_ptr<grpc::Channel> Channel() {
    return server_->InProcessChannel(grpc::ChannelArguments());
  }
  // The request_id of every CreateClient that reached the proxy, in order.
  std::vector<std::string> create_request_ids() {
    std::lock_guard lock(clients_.mutex);
    return clients_.create_request_ids;
  }
  int update_count() {
    std::lock_guard lock(clients_.mutex);
    return clients_.update_count;
  }

 private:
  static grpc::Status LostReply() {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection reset");
  }

  struct Clients final : v1::ClientService::Service {
    explicit Clients(const std::shared_ptr<grpc::Channel>& server)
        : real(v1::ClientService::NewStub(server)) {}

    grpc::Status CreateClient(grpc::ServerContext*,
                              const v1::CreateClientRequest* request,
                              v1::CreateClientResponse* response) override {
      grpc::ClientContext context;
      const grpc::Status status =
          real->CreateClient(&context, *request, response);
      std::lock_guard lock(mutex);
      create_request_ids.push_back(request->request_id());
      return create_request_ids.size() == 1 ? LostReply() : status;
    }
    grpc::Status UpdateClient(grpc::ServerContext*,
                              const v1::UpdateClientRequest* request,
                              v1::UpdateClientResponse* response) override {
      grpc::ClientContext context;
      const grpc::Status status =
          real->UpdateClient(&context, *request, response);
      std::lock_guard lock(mutex);
      return ++update_count == 1 ? LostReply() : status;
    }

    std::unique_ptr<v1::ClientService::Stub> real;
    std::mutex mutex;
    std::vector<std::string> create_request_ids;
    int update_count = 0;
  };

  struct Invoices final : v1::InvoiceService::Service {
    explicit Invoices(const std::shared_ptr<grpc::Channel>& server)
        : real(v1::InvoiceService::NewStub(server)) {}

    // Passes the first batch on in a stream of its own and waits for the
    // server's answer, so that the batch is committed before the CLI's stream
    // breaks.
    grpc::Status ImportInvoices(
        grpc::ServerContext*,
        grpc::ServerReader<v1::ImportInvoicesRequest>* reader,
        v1::ImportInvoicesResponse*) override {
      v1::ImportInvoicesRequest batch;
      if (!reader->Read(&batch)) return LostReply();
      grpc::ClientContext context;
      v1::ImportInvoicesResponse committed;
      auto stream = real->ImportInvoices(&context, &committed);
      batch.set_total_rows(batch.rows_size());
      stream->Write(batch);
      stream->WritesDone();
      if (grpc::Status status = stream->Finish(); !status.ok()) return status;
      return LostReply();
    }

    std::unique_ptr<v1::InvoiceService::Stub> real;
  };

  Clients clients_;
  Invoices invoices_;
  std::unique_ptr<grpc::Server> server_;
};

class CliCommandsTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clients_ = v1::ClientService::NewStub(channel());
    invoices_ = v1::InvoiceService::NewStub(channel());
  }

  // Runs `relance args...` against the server through the CLI's own channel,
  // or through `connect` when given.
  Outcome Run(std::vector<std::string> args,
              cli::Connector connect = cli::CreateChannel) {
    const std::string server = absl::StrCat("127.0.0.1:", port());
    std::vector<const char*> argv = {"relance", "--server", server.c_str(),
                                     "--token",
                                     this->server().admin_token().c_str()};
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    std::ostringstream out;
    std::ostringstream err;
    const cli::ProcessIo io{.out = out,
                            .err = err,
                            .punctuation = {",", " "},
                            .err_is_terminal = false,
                            .retry_backoff = std::chrono::milliseconds(0)};
    const int exit_code = cli::RunRelance(static_cast<int>(argv.size()),
                                          argv.data(), io, connect);
    return {exit_code, out.str(), err.str()};
  }

  // A file in the test's temporary directory holding `content`; removed when
  // the test ends.
  std::string WriteFile(const std::string& name, const std::string& content) {
    // Per process: ctest runs the SQLite and PostgreSQL cases side by side.
    const std::string path =
        absl::StrCat(::testing::TempDir(), "/relance-", getpid(), "-", name);
    std::ofstream(path, std::ios::binary) << content;
    files_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const std::string& path : files_) std::remove(path.c_str());
  }

  v1::Client CreateClient(const std::string& reference) {
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name("Dupont & Fils SARL");
    request.mutable_client()->set_email("compta@dupont.fr");
    request.mutable_client()->set_phone("+33 1 23 45 67 89");
    grpc::ClientContext context;
    v1::CreateClientResponse response;
    const grpc::Status status =
        clients_->CreateClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client();
  }

  v1::Client GetClient(std::int64_t id) {
    v1::GetClientRequest request;
    request.set_client_id(id);
    grpc::ClientContext context;
    v1::GetClientResponse response;
    const grpc::Status status =
        clients_->GetClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client();
  }

  std::vector<v1::Client> ListClients() {
    v1::ListClientsRequest request;
    request.set_page_size(1000);
    grpc::ClientContext context;
    v1::ListClientsResponse response;
    const grpc::Status status =
        clients_->ListClients(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.clients().begin(), response.clients().end()};
  }

  v1::Invoice CreateInvoice(std::int64_t client_id, const std::string& number,
                            v1::Money total,
                            const std::string& due_date = "2026-02-14") {
    v1::CreateInvoiceRequest request;
    v1::Invoice& invoice = *request.mutable_invoice();
    invoice.set_client_id(client_id);
    invoice.set_number(number);
    invoice.set_issue_date("2026-01-15");
    invoice.set_due_date(due_date);
    *invoice.mutable_total() = std::move(total);
    grpc::ClientContext context;
    v1::CreateInvoiceResponse response;
    const grpc::Status status =
        invoices_->CreateInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice();
  }

  v1::GetInvoiceResponse GetInvoice(std::int64_t id) {
    v1::GetInvoiceRequest request;
    request.set_invoice_id(id);
    grpc::ClientContext context;
    v1::GetInvoiceResponse response;
    const grpc::Status status =
        invoices_->GetInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<v1::Invoice> ListInvoices() {
    v1::ListInvoicesRequest request;
    request.set_page_size(1000);
    grpc::ClientContext context;
    v1::ListInvoicesResponse response;
    const grpc::Status status =
        invoices_->ListInvoices(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.invoices().begin(), response.invoices().end()};
  }

  // "number client-reference" of every invoice the server holds, in id order.
  std::vector<std::string> InvoiceBook() {
    std::vector<std::string> book;
    for (const v1::Invoice& invoice : ListInvoices()) {
      book.push_back(absl::StrCat(invoice.number(), " ",
                                  GetClient(invoice.client_id()).reference()));
    }
    return book;
  }

  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;

 private:
  std::vector<std::string> files_;
};

TEST_P(CliCommandsTest, ClientCreateStoresTheFieldsGiven) {
  const Outcome outcome =
      Run({"client", "create", "--ref", "ACME", "--name", "Acme SA", "--email",
           "compta@acme.fr", "--kind", "B2C"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\nreference: +ACME\n"));
  EXPECT_THAT(outcome.err, IsEmpty());

  const std::vector<v1::Client> clients = ListClients();
  ASSERT_THAT(clients, SizeIs(1));
  EXPECT_EQ(clients[0].reference(), "ACME");
  EXPECT_EQ(clients[0].name(), "Acme SA");
  EXPECT_EQ(clients[0].email(), "compta@acme.fr");
  EXPECT_EQ(clients[0].kind(), v1::CLIENT_KIND_B2C);
  EXPECT_THAT(outcome.out, ContainsRegex(absl::StrCat("(^|\n)id: +",
                                                      clients[0].id(), "\n")));
}

TEST_P(CliCommandsTest, ClientCreateRetriesALostReplyWithTheSameRequestId) {
  LossyProxy proxy(channel());
  const Outcome outcome =
      Run({"client", "create", "--ref", "ACME", "--name", "Acme"},
          [&proxy](const std::string&) { return proxy.Channel(); });
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const std::vector<std::string> request_ids = proxy.create_request_ids();
  ASSERT_THAT(request_ids, SizeIs(2));
  EXPECT_TRUE(IsUuidV4(request_ids[0])) << request_ids[0];
  EXPECT_EQ(request_ids[0], request_ids[1]);
  // The server recognised the retry: one client, the one the CLI shows.
  const std::vector<v1::Client> clients = ListClients();
  ASSERT_THAT(clients, SizeIs(1));
  EXPECT_THAT(outcome.out, ContainsRegex(absl::StrCat("(^|\n)id: +",
                                                      clients[0].id(), "\n")));
}

TEST_P(CliCommandsTest, GivenRequestIdIsUsedAsIsAndEachRunMakesANewOne) {
  const std::vector<std::string> create = {
      "client", "create", "--ref", "A", "--name", "A", "--request-id", "abc"};
  const Outcome first = Run(create);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // The same request_id again: the server answers with the client it made.
  const Outcome again = Run(create);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, first.out);
  EXPECT_THAT(ListClients(), SizeIs(1));

  // Without --request-id each run is a new request: the reference is taken.
  const Outcome fresh = Run({"client", "create", "--ref", "A", "--name", "A"});
  EXPECT_EQ(fresh.exit_code, 1);
  EXPECT_EQ(fresh.err,
            "relance: already exists: client reference 'A' already exists\n");
  EXPECT_THAT(ListClients(), SizeIs(1));
}

TEST_P(CliCommandsTest, ClientUpdateChangesOnlyTheFlagsGiven) {
  const v1::Client client = CreateClient("ACME");
  const Outcome outcome =
      Run({"client", "update", absl::StrCat(client.id()), "--etag",
           client.etag(), "--name", "Acme", "--email", "", "--vat", "FR123"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const v1::Client updated = GetClient(client.id());
  EXPECT_EQ(updated.name(), "Acme");
  EXPECT_EQ(updated.email(), "");
  EXPECT_EQ(updated.vat_number(), "FR123");
  EXPECT_EQ(updated.phone(), client.phone());
  EXPECT_EQ(updated.reference(), "ACME");
  EXPECT_NE(updated.etag(), client.etag());
}

TEST_P(CliCommandsTest, ClientDunningFieldsAreSetAndCleared) {
  const v1::Client client = CreateClient("ACME");
  const Outcome set = Run(
      {"client", "update", absl::StrCat(client.id()), "--etag", client.etag(),
       "--owner", "alice", "--payment-method", "direct_debit",
       "--dunning-blocked-until", "2026-12-15", "--dunning-block-reason",
       "restructuring talks", "--contract-rate", "12.5"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  v1::Client updated = GetClient(client.id());
  EXPECT_EQ(updated.owner(), "alice");
  EXPECT_EQ(updated.payment_method(), v1::PAYMENT_METHOD_DIRECT_DEBIT);
  EXPECT_EQ(updated.dunning_blocked_until(), "2026-12-15");
  EXPECT_EQ(updated.dunning_block_reason(), "restructuring talks");
  EXPECT_EQ(updated.contract_interest_rate_basis_points(), 1250);
  EXPECT_THAT(Run({"client", "get", absl::StrCat(client.id())}).out,
              AllOf(HasSubstr("direct_debit"), HasSubstr("12.50%")));

  const Outcome cleared = Run(
      {"client", "update", absl::StrCat(client.id()), "--etag", updated.etag(),
       "--dunning-blocked-until", "", "--contract-rate", ""});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  updated = GetClient(client.id());
  EXPECT_EQ(updated.dunning_blocked_until(), "");
  EXPECT_FALSE(updated.has_contract_interest_rate_basis_points());
  EXPECT_EQ(updated.owner(), "alice");

  const Outcome bad_rate =
      Run({"client", "update", absl::StrCat(client.id()), "--etag",
           updated.etag(), "--contract-rate", "12.345"});
  EXPECT_EQ(bad_rate.exit_code, 2);
  EXPECT_THAT(bad_rate.err, HasSubstr("--contract-rate"));
}

TEST_P(CliCommandsTest, ClientAddressAndCcAreSetReplacedAndCleared) {
  const Outcome created =
      Run({"client", "create", "--ref", "LYON", "--name", "Boulangerie Dupré",
           "--address-line", "12 rue des Lilas", "--address-line", "69003 Lyon",
           "--cc", "direction@dupre.fr", "--cc", "compta@dupre.fr"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  std::vector<v1::Client> clients = ListClients();
  ASSERT_THAT(clients, SizeIs(1));
  const v1::Client client = clients[0];
  EXPECT_THAT(client.postal_address_lines(),
              ElementsAre("12 rue des Lilas", "69003 Lyon"));
  EXPECT_THAT(client.cc_emails(),
              ElementsAre("direction@dupre.fr", "compta@dupre.fr"));
  const Outcome shown = Run({"client", "get", absl::StrCat(client.id())});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out,
              AllOf(ContainsRegex("\npostal address: +12 rue des Lilas \\| "
                                  "69003 Lyon\n"),
                    ContainsRegex("\ncc emails: +direction@dupre.fr, "
                                  "compta@dupre.fr\n")));

  // Each flag takes one value, so the id may follow them; the lines given
  // replace all the old ones, and the cc addresses stay.
  const Outcome moved =
      Run({"client", "update", "--address-line", "3 place Bellecour",
           "--address-line", "69002 Lyon", absl::StrCat(client.id()), "--etag",
           client.etag()});
  ASSERT_EQ(moved.exit_code, 0) << moved.err;
  v1::Client updated = GetClient(client.id());
  EXPECT_THAT(updated.postal_address_lines(),
              ElementsAre("3 place Bellecour", "69002 Lyon"));
  EXPECT_THAT(updated.cc_emails(), SizeIs(2));

  const Outcome cleared = Run({"client", "update", absl::StrCat(client.id()),
                               "--etag", updated.etag(), "--clear-cc"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  updated = GetClient(client.id());
  EXPECT_THAT(updated.cc_emails(), IsEmpty());
  EXPECT_THAT(updated.postal_address_lines(), SizeIs(2));

  const Outcome both =
      Run({"client", "update", absl::StrCat(client.id()), "--etag",
           updated.etag(), "--clear-address", "--address-line", "1 rue Neuve"});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("--clear-address"));

  const Outcome too_long = Run({"client", "update", absl::StrCat(client.id()),
                                "--etag", updated.etag(), "--address-line",
                                "Zone artisanale des Grands Champs Nord2",
                                "--cc", "not-an-address"});
  EXPECT_EQ(too_long.exit_code, 1);
  EXPECT_THAT(too_long.err, AllOf(HasSubstr("client.postal_address_lines[0]"),
                                  HasSubstr("client.cc_emails[0]")));

  const Outcome emptied = Run({"client", "update", absl::StrCat(client.id()),
                               "--etag", updated.etag(), "--clear-address"});
  ASSERT_EQ(emptied.exit_code, 0) << emptied.err;
  EXPECT_THAT(GetClient(client.id()).postal_address_lines(), IsEmpty());
}

TEST_P(CliCommandsTest, UpdateWithNothingToChangeIsAUsageError) {
  const v1::Client client = CreateClient("ACME");
  const Outcome outcome = Run(
      {"client", "update", absl::StrCat(client.id()), "--etag", client.etag()});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err,
              StartsWith("relance: client update: nothing to change"));
  EXPECT_EQ(GetClient(client.id()).etag(), client.etag());
}

TEST_P(CliCommandsTest, StaleEtagIsRefusedAndTheLineSaysToFetchAgain) {
  const v1::Client client = CreateClient("ACME");
  const std::string id = absl::StrCat(client.id());
  ASSERT_EQ(
      Run({"client", "update", id, "--etag", client.etag(), "--name", "First"})
          .exit_code,
      0);
  const Outcome outcome =
      Run({"client", "update", id, "--etag", client.etag(), "--name", "X"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(
      outcome.err,
      absl::StrCat("relance: aborted: the record changed since you read "
                   "it — fetch it again (client ",
                   client.id(), " has changed since etag '", client.etag(),
                   "' was read; read it again and retry)\n"));
  EXPECT_EQ(GetClient(client.id()).name(), "First");
}

TEST_P(CliCommandsTest, UpdateWhoseReplyIsLostIsNotRetried) {
  const v1::Client client = CreateClient("ACME");
  LossyProxy proxy(channel());
  const Outcome outcome =
      Run({"client", "update", absl::StrCat(client.id()), "--etag",
           client.etag(), "--name", "X"},
          [&proxy](const std::string&) { return proxy.Channel(); });
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            absl::StrCat("relance: unavailable: cannot reach relanced at "
                         "127.0.0.1:",
                         port(),
                         " over plaintext; if it serves TLS, give --tls-ca "
                         "(connection reset)\n"));
  EXPECT_EQ(proxy.update_count(), 1);
  // The update did land: sent again, its etag would now be stale.
  EXPECT_EQ(GetClient(client.id()).name(), "X");
}

TEST_P(CliCommandsTest, InvoiceCreateConvertsTheTotalInItsCurrency) {
  const v1::Client client = CreateClient("ACME");
  const Outcome outcome =
      Run({"invoice", "create", "--client", absl::StrCat(client.id()),
           "--number", "F-9", "--issue-date", "2026-01-15", "--due-date",
           "2026-02-14", "--currency", "eur", "--total", "1240.5"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\ntotal: +1 240,50 EUR\n"));

  const std::vector<v1::Invoice> invoices = ListInvoices();
  ASSERT_THAT(invoices, SizeIs(1));
  EXPECT_EQ(invoices[0].number(), "F-9");
  EXPECT_EQ(invoices[0].client_id(), client.id());
  EXPECT_EQ(invoices[0].total().currency_code(), "EUR");
  EXPECT_EQ(invoices[0].total().minor_units(), 124050);
  EXPECT_EQ(invoices[0].outstanding().minor_units(), 124050);
}

TEST_P(CliCommandsTest, InvoiceCreatePrintsTheServersWarningsOnStandardError) {
  const v1::Client client = CreateClient("ACME");
  // 120 days from the issue date: beyond 60 days or 45 days end of month.
  const Outcome outcome =
      Run({"invoice", "create", "--client", absl::StrCat(client.id()),
           "--number", "F-10", "--issue-date", "2026-01-15", "--due-date",
           "2026-05-15", "--currency", "EUR", "--total", "100"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\nnumber: +F-10\n"));
  EXPECT_THAT(outcome.err,
              StartsWith("relance: warning: invoice F-10: payment terms of "
                         "120 days from the issue date exceed the legal "
                         "maximum"));
  EXPECT_THAT(ListInvoices(), SizeIs(1));
}

TEST_P(CliCommandsTest, InvoiceCreateWithABadTotalSendsNothing) {
  const v1::Client client = CreateClient("ACME");
  const Outcome outcome =
      Run({"invoice", "create", "--client", absl::StrCat(client.id()),
           "--number", "F-9", "--issue-date", "2026-01-15", "--due-date",
           "2026-02-14", "--currency", "EUR", "--total", "12.345"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(
      outcome.err,
      StartsWith("relance: --total: '12.345' has more than 2 decimals"));
  EXPECT_THAT(ListInvoices(), IsEmpty());
}

TEST_P(CliCommandsTest, InvalidArgumentShowsTheServersFieldViolations) {
  const v1::Client client = CreateClient("ACME");
  const Outcome outcome =
      Run({"invoice", "create", "--client", absl::StrCat(client.id()),
           "--number", "F-9", "--issue-date", "2026-03-01", "--due-date",
           "2026-02-14", "--currency", "EUR", "--total", "10"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            "relance: invalid argument: invoice.due_date: must not be before "
            "the issue date (2026-03-01)\n");
  EXPECT_THAT(outcome.out, IsEmpty());
  EXPECT_THAT(ListInvoices(), IsEmpty());
}

TEST_P(CliCommandsTest, InvoiceListAllConcatenatesPagesIntoOneJsonDocument) {
  const v1::Client client = CreateClient("ACME");
  const v1::Client other = CreateClient("OTHER");
  std::vector<std::int64_t> expected;
  for (int i = 1; i <= 7; ++i) {
    const v1::Invoice invoice =
        CreateInvoice(client.id(), absl::StrCat("F-", i), Money(1000, "EUR"));
    CreateInvoice(other.id(), absl::StrCat("G-", i), Money(1000, "EUR"));
    if (i == 4) {
      // Paid: not open, so filtered out.
      v1::RecordPaymentRequest pay;
      pay.set_invoice_id(invoice.id());
      *pay.mutable_amount() = Money(1000, "EUR");
      pay.set_payment_date("2026-01-20");
      grpc::ClientContext context;
      v1::RecordPaymentResponse paid;
      ASSERT_TRUE(invoices_->RecordPayment(&context, pay, &paid).ok());
    } else {
      expected.push_back(invoice.id());
    }
  }

  const Outcome outcome =
      Run({"--output", "json", "invoice", "list", "--all", "--status", "open",
           "--client", absl::StrCat(client.id()), "--page-size", "2"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  // One document on one line, holding every page.
  ASSERT_THAT(outcome.out, EndsWith("}\n"));
  EXPECT_EQ(std::count(outcome.out.begin(), outcome.out.end(), '\n'), 1);
  v1::ListInvoicesResponse listed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(outcome.out, &listed).ok())
      << outcome.out;
  std::vector<std::int64_t> ids;
  for (const v1::Invoice& invoice : listed.invoices()) {
    ids.push_back(invoice.id());
    EXPECT_EQ(invoice.client_id(), client.id());
    EXPECT_EQ(invoice.status(), v1::INVOICE_STATUS_OPEN);
  }
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(listed.next_page_token(), "");
  EXPECT_THAT(outcome.err, IsEmpty());
}

TEST_P(CliCommandsTest, InvoiceListWithoutAllShowsOnePageAndSaysMoreFollow) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice first =
      CreateInvoice(client.id(), "F-1", Money(1000, "EUR"), "2026-02-01");
  CreateInvoice(client.id(), "F-2", Money(1000, "EUR"), "2026-03-15");
  const v1::Invoice third =
      CreateInvoice(client.id(), "F-3", Money(1000, "EUR"), "2026-02-10");

  const Outcome outcome =
      Run({"invoice", "list", "--output", "csv", "--overdue-as-of",
           "2026-03-01", "--page-size", "1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  std::vector<std::string> lines = absl::StrSplit(outcome.out, '\n');
  ASSERT_THAT(lines, SizeIs(3)) << outcome.out;  // Header, one row, "".
  EXPECT_THAT(lines[0], StartsWith("id,number,client_id,"));
  EXPECT_THAT(lines[1], StartsWith(absl::StrCat(first.id(), ",F-1,")));
  const std::string note =
      "relance: more results follow: add --all, or --page-token ";
  ASSERT_THAT(outcome.err, StartsWith(note));
  const std::string token =
      outcome.err.substr(note.size(), outcome.err.size() - note.size() - 1);

  // The token continues the listing where it stopped; F-2 is not overdue.
  const Outcome next =
      Run({"invoice", "list", "--output", "csv", "--overdue-as-of",
           "2026-03-01", "--page-size", "1", "--page-token", token});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  lines = absl::StrSplit(next.out, '\n');
  ASSERT_THAT(lines, SizeIs(3)) << next.out;
  EXPECT_THAT(lines[1], StartsWith(absl::StrCat(third.id(), ",F-3,")));
}

TEST_P(CliCommandsTest, PaymentLearnsTheCurrencyFromTheInvoice) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const Outcome outcome =
      Run({"payment", "record", "--invoice", absl::StrCat(invoice.id()),
           "--amount", "1500", "--date", "2026-02-01", "--reference", "VIR 1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, StartsWith("payment:\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\noutstanding: +148 500 JPY\n"));

  const v1::GetInvoiceResponse stored = GetInvoice(invoice.id());
  ASSERT_THAT(stored.payments(), SizeIs(1));
  EXPECT_EQ(stored.payments(0).amount().currency_code(), "JPY");
  EXPECT_EQ(stored.payments(0).amount().minor_units(), 1500);
  EXPECT_EQ(stored.payments(0).payment_date(), "2026-02-01");
  EXPECT_EQ(stored.payments(0).reference(), "VIR 1");
  EXPECT_EQ(stored.invoice().outstanding().minor_units(), 148500);
}

TEST_P(CliCommandsTest, PaymentAmountIsReadInTheGivenCurrency) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(100000, "EUR"));
  const std::string id = absl::StrCat(invoice.id());
  const Outcome outcome =
      Run({"payment", "record", "--invoice", id, "--amount", "240.50", "--date",
           "2026-02-01", "--currency", "EUR"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(GetInvoice(invoice.id()).invoice().outstanding().minor_units(),
            100000 - 24050);

  // Another currency than the invoice's is the server's to refuse.
  const Outcome wrong =
      Run({"payment", "record", "--invoice", id, "--amount", "240", "--date",
           "2026-02-01", "--currency", "JPY"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(wrong.err,
            "relance: failed precondition: invoice F-1 is in EUR, not JPY\n");
  EXPECT_THAT(GetInvoice(invoice.id()).payments(), SizeIs(1));
}

TEST_P(CliCommandsTest, PaymentOnAMissingInvoiceSaysNotFound) {
  const Outcome outcome = Run({"payment", "record", "--invoice", "99",
                               "--amount", "1", "--date", "2026-02-01"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err, "relance: not found: invoice 99 not found\n");
  EXPECT_THAT(outcome.out, IsEmpty());
}

TEST_P(CliCommandsTest, CreditNoteCarriesItsDate) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const Outcome outcome =
      Run({"credit-note", "create", "--invoice", absl::StrCat(invoice.id()),
           "--amount", "100", "--date", "2026-02-03", "--reference", "AV-1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, StartsWith("credit note:\n"));

  const v1::GetInvoiceResponse stored = GetInvoice(invoice.id());
  ASSERT_THAT(stored.credit_notes(), SizeIs(1));
  EXPECT_EQ(stored.credit_notes(0).credit_date(), "2026-02-03");
  EXPECT_EQ(stored.credit_notes(0).amount().minor_units(), 100);
  EXPECT_EQ(stored.credit_notes(0).reference(), "AV-1");
  EXPECT_EQ(stored.invoice().credited().minor_units(), 100);
  EXPECT_EQ(stored.invoice().outstanding().minor_units(), 149900);
}

TEST_P(CliCommandsTest, InvoiceCancelSetsTheStatusOnly) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const Outcome outcome = Run({"invoice", "cancel", absl::StrCat(invoice.id()),
                               "--etag", invoice.etag()});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const v1::Invoice stored = GetInvoice(invoice.id()).invoice();
  EXPECT_EQ(stored.status(), v1::INVOICE_STATUS_CANCELLED);
  EXPECT_EQ(stored.due_date(), invoice.due_date());
  EXPECT_EQ(stored.total().minor_units(), invoice.total().minor_units());
}

TEST_P(CliCommandsTest, InvoiceUpdateTotalUsesTheInvoicesCurrency) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const Outcome outcome =
      Run({"invoice", "update", absl::StrCat(invoice.id()), "--etag",
           invoice.etag(), "--total", "2000", "--due-date", "2026-04-01"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const v1::Invoice stored = GetInvoice(invoice.id()).invoice();
  EXPECT_EQ(stored.total().currency_code(), "JPY");
  EXPECT_EQ(stored.total().minor_units(), 2000);
  EXPECT_EQ(stored.due_date(), "2026-04-01");
  EXPECT_EQ(stored.issue_date(), invoice.issue_date());
  EXPECT_EQ(stored.status(), v1::INVOICE_STATUS_OPEN);
}

TEST_P(CliCommandsTest, InvoiceGetShowsPaymentsAndCreditNotes) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const std::string id = absl::StrCat(invoice.id());
  Outcome outcome = Run({"invoice", "get", id});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\nnumber: +F-1\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\ntotal: +150 000 JPY\n"));
  EXPECT_THAT(outcome.out, HasSubstr("payments: none\n"));
  EXPECT_THAT(outcome.out, HasSubstr("credit notes: none\n"));

  ASSERT_EQ(Run({"payment", "record", "--invoice", id, "--amount", "1500",
                 "--date", "2026-02-01", "--reference", "VIR-77"})
                .exit_code,
            0);
  ASSERT_EQ(Run({"credit-note", "create", "--invoice", id, "--amount", "100",
                 "--date", "2026-02-03", "--reference", "AV-9"})
                .exit_code,
            0);
  outcome = Run({"invoice", "get", id});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\noutstanding: +148 400 JPY\n"));
  EXPECT_THAT(outcome.out,
              ContainsRegex("\npayments:\n[^\n]*REFERENCE\n"
                            "[^\n]* 2026-02-01 +1 500 JPY +VIR-77\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\ncredit notes:\n[^\n]*REFERENCE\n"
                                         "[^\n]* 2026-02-03 +100 JPY +AV-9\n"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("none")));
}

TEST_P(CliCommandsTest, ImportReportsCountsAndRejectionsSortedByLine) {
  // F-3 is already another client's invoice.
  CreateInvoice(CreateClient("C0").id(), "F-3", Money(1000, "EUR"));
  const std::string rows =
      "F-1,C1,2026-01-01,2026-02-01,EUR,10,\r\n"
      "F-2,C1,2026-01-01,2026-02-01,EUR,10.001,\r\n"
      "F-3,C1,2026-01-01,2026-02-01,EUR,10,\r\n";
  // The header names "Invoice_Number;x", which is no column: the import
  // refuses to start.
  const std::string bad_header =
      WriteFile("cli_import_bad_header.csv",
                "\xEF\xBB\xBFInvoice_Number;x,Client,Issue Date,Due "
                "Date,Currency,Amount,Comment\r\n" +
                    rows);
  Outcome outcome = Run({"invoice", "import", bad_header});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err,
              HasSubstr("no 'number' column (also accepted: invoice_number)"));
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-3 C0"));

  const std::string path =
      WriteFile("cli_import.csv",
                "\xEF\xBB\xBFInvoice_Number,Client,Issue Date,Due "
                "Date,Currency,Amount,Comment\r\n" +
                    rows);
  outcome = Run({"invoice", "import", path, "--batch-size", "1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "created:         1\n"
            "already present: 0\n"
            "rejected:        2\n"
            "clients created: 1\n"
            "\n"
            "line 3: total: '10.001' has more than 2 decimals for EUR\n"
            "line 4: number: invoice F-3 already exists for another client\n");
  EXPECT_EQ(
      outcome.err,
      "relance: note: ignoring column(s) the import does not use: Comment\n");
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-3 C0", "F-1 C1"));

  // The same import again creates nothing.
  outcome = Run({"invoice", "import", path});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, StartsWith("created:         0\n"
                                      "already present: 1\n"
                                      "rejected:        2\n"
                                      "clients created: 0\n"));
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-3 C0", "F-1 C1"));
}

TEST_P(CliCommandsTest, FailedImportSaysRunningItAgainIsSafe) {
  const std::string path =
      WriteFile("cli_import_failed.csv",
                "number,client_reference,issue_date,due_date,currency,total\n"
                "F-1,C1,2026-01-01,2026-02-01,EUR,10\n"
                "F-2,C1,2026-01-01,2026-02-01,EUR,20\n");
  LossyProxy proxy(channel());
  // The first batch reaches the server; the stream breaks after it.
  Outcome outcome =
      Run({"invoice", "import", path, "--batch-size", "1"},
          [&proxy](const std::string&) { return proxy.Channel(); });
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err,
              StartsWith(absl::StrCat("relance: unavailable: cannot reach "
                                      "relanced at 127.0.0.1:",
                                      port(),
                                      " over plaintext; if it serves TLS, "
                                      "give --tls-ca (connection reset)\n")));
  EXPECT_THAT(outcome.err, HasSubstr("running the same import again is safe"));
  EXPECT_THAT(outcome.out, IsEmpty());
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-1 C1"));

  // As the line says: run again, and what was committed is recognised.
  outcome = Run({"invoice", "import", path, "--batch-size", "1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "created:         1\n"
            "already present: 1\n"
            "rejected:        0\n"
            "clients created: 0\n");
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-1 C1", "F-2 C1"));
}

TEST_P(CliCommandsTest, CommandLineMistakesExitWithTwo) {
  EXPECT_EQ(Run({}).exit_code, 2);
  EXPECT_EQ(Run({"invoice"}).exit_code, 2);
  EXPECT_EQ(Run({"invoice", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(Run({"client", "create", "--name", "no ref"}).exit_code, 2);
  EXPECT_EQ(Run({"client", "get", "abc"}).exit_code, 2);
  EXPECT_EQ(Run({"client", "get", "0"}).exit_code, 2);
  EXPECT_EQ(Run({"--output", "xml", "client", "get", "1"}).exit_code, 2);
  EXPECT_EQ(Run({"invoice", "list", "--status", "late"}).exit_code, 2);
  EXPECT_EQ(Run({"invoice", "import", "/nonexistent/file.csv"}).exit_code, 2);
  const Outcome outcome = Run({"client", "create", "--name", "no ref"});
  EXPECT_THAT(outcome.err, StartsWith("relance: "));
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1);
  EXPECT_THAT(ListClients(), IsEmpty());
}

TEST_P(CliCommandsTest, HelpExitsWithZero) {
  const Outcome outcome = Run({"invoice", "import", "--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_THAT(outcome.out, HasSubstr("--batch-size"));
}

RELANCE_INSTANTIATE_SERVER_TEST(CliCommandsTest);

}  // namespace
}  // namespace relance
