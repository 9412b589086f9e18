// The CLI commands' test fixture: relanced in process, the CLI run against it
// (directly or through a proxy that loses replies), and what it printed.
#ifndef RELANCE_TESTS_SERVER_CLI_COMMANDS_FIXTURE_H_
#define RELANCE_TESTS_SERVER_CLI_COMMANDS_FIXTURE_H_

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
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/cli_in_process.h"

namespace relance::cli_test {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

using Outcome = testing::CliOutcome;

inline v1::Money Money(std::int64_t minor_units, const std::string& currency) {
  v1::Money money;
  money.set_minor_units(minor_units);
  money.set_currency_code(currency);
  return money;
}

inline bool IsUuidV4(const std::string& text) {
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
  Outcome Run(const std::vector<std::string>& args,
              cli::Connector connect = nullptr) {
    return testing::RunCliOnPort(port(), server().admin_token(), args,
                                 {.connect = std::move(connect)});
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

}  // namespace relance::cli_test

#endif  // RELANCE_TESTS_SERVER_CLI_COMMANDS_FIXTURE_H_
