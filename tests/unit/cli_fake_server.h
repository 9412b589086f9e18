#ifndef RELANCE_TESTS_UNIT_CLI_FAKE_SERVER_H_
#define RELANCE_TESTS_UNIT_CLI_FAKE_SERVER_H_

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"

// Scripted stand-ins for relanced's services, served in process (no socket),
// for testing what the CLI sends and how it reacts to what comes back.
namespace relance::cli::testing {

// Statuses the next calls fail with, in order, before the services answer
// normally.
class FailureScript {
 public:
  void Push(grpc::Status status) {
    std::lock_guard lock(mutex_);
    failures_.push_back(std::move(status));
  }
  // The next scripted failure, or OK.
  grpc::Status Next() {
    std::lock_guard lock(mutex_);
    if (failures_.empty()) return grpc::Status::OK;
    grpc::Status status = failures_.front();
    failures_.pop_front();
    return status;
  }

 private:
  std::mutex mutex_;
  std::deque<grpc::Status> failures_;
};

class FakeClientService final : public v1::ClientService::Service {
 public:
  FailureScript failures;
  v1::Client client;  // What every call returns.
  std::vector<v1::CreateClientRequest> creates;
  std::vector<v1::UpdateClientRequest> updates;
  std::vector<v1::ListClientsRequest> lists;

  grpc::Status CreateClient(grpc::ServerContext*,
                            const v1::CreateClientRequest* request,
                            v1::CreateClientResponse* response) override {
    creates.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    *response->mutable_client() = request->client();
    response->mutable_client()->set_id(client.id());
    return grpc::Status::OK;
  }
  grpc::Status GetClient(grpc::ServerContext*, const v1::GetClientRequest*,
                         v1::GetClientResponse* response) override {
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    *response->mutable_client() = client;
    return grpc::Status::OK;
  }
  grpc::Status ListClients(grpc::ServerContext*,
                           const v1::ListClientsRequest* request,
                           v1::ListClientsResponse* response) override {
    lists.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    *response->add_clients() = client;
    return grpc::Status::OK;
  }
  grpc::Status UpdateClient(grpc::ServerContext*,
                            const v1::UpdateClientRequest* request,
                            v1::UpdateClientResponse* response) override {
    updates.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    *response->mutable_client() = request->client();
    return grpc::Status::OK;
  }
};

class FakeInvoiceService final : public v1::InvoiceService::Service {
 public:
  FailureScript failures;
  v1::Invoice invoice;  // What Get returns, and the base of what Create and
                        // Update return.
  // ListInvoices serves these pages in turn, linked by the tokens "page1",
  // "page2"...
  std::vector<std::vector<v1::Invoice>> pages;
  // ImportInvoices answers this once the stream ends, or `import_failure` after
  // `import_fail_after_batches` batches.
  v1::ImportInvoicesResponse import_response;
  grpc::Status import_failure;
  int import_fail_after_batches = -1;

  std::vector<v1::CreateInvoiceRequest> creates;
  std::vector<v1::GetInvoiceRequest> gets;
  std::vector<v1::ListInvoicesRequest> lists;
  std::vector<v1::UpdateInvoiceRequest> updates;
  std::vector<v1::ImportInvoicesRequest> import_batches;
  std::vector<v1::RecordPaymentRequest> payments;
  std::vector<v1::CreateCreditNoteRequest> credit_notes;

  grpc::Status CreateInvoice(grpc::ServerContext*,
                             const v1::CreateInvoiceRequest* request,
                             v1::CreateInvoiceResponse* response) override {
    creates.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    *response->mutable_invoice() = request->invoice();
    response->mutable_invoice()->set_id(invoice.id());
    return grpc::Status::OK;
  }
  grpc::Status GetInvoice(grpc::ServerContext*,
                          const v1::GetInvoiceRequest* request,
                          v1::GetInvoiceResponse* response) override {
    gets.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    *response->mutable_invoice() = invoice;
    return grpc::Status::OK;
  }
  grpc::Status ListInvoices(grpc::ServerContext*,
                            const v1::ListInvoicesRequest* request,
                            v1::ListInvoicesResponse* response) override {
    lists.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    std::size_t page = 0;
    if (!request->page_token().empty()) {
      page = std::stoul(request->page_token().substr(4));
    }
    if (page < pages.size()) {
      for (const v1::Invoice& item : pages[page]) {
        *response->add_invoices() = item;
      }
    }
    if (page + 1 < pages.size()) {
      response->set_next_page_token("page" + std::to_string(page + 1));
    }
    return grpc::Status::OK;
  }
  grpc::Status UpdateInvoice(grpc::ServerContext*,
                             const v1::UpdateInvoiceRequest* request,
                             v1::UpdateInvoiceResponse* response) override {
    updates.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    *response->mutable_invoice() = invoice;
    return grpc::Status::OK;
  }
  grpc::Status ImportInvoices(
      grpc::ServerContext*,
      grpc::ServerReader<v1::ImportInvoicesRequest>* reader,
      v1::ImportInvoicesResponse* response) override {
    v1::ImportInvoicesRequest batch;
    while (reader->Read(&batch)) {
      import_batches.push_back(batch);
      if (static_cast<int>(import_batches.size()) ==
          import_fail_after_batches) {
        return import_failure;
      }
    }
    *response = import_response;
    return grpc::Status::OK;
  }
  grpc::Status RecordPayment(grpc::ServerContext*,
                             const v1::RecordPaymentRequest* request,
                             v1::RecordPaymentResponse* response) override {
    payments.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    response->mutable_payment()->set_id(1);
    response->mutable_payment()->set_invoice_id(request->invoice_id());
    *response->mutable_payment()->mutable_amount() = request->amount();
    response->mutable_payment()->set_payment_date(request->payment_date());
    *response->mutable_invoice() = invoice;
    return grpc::Status::OK;
  }
  grpc::Status CreateCreditNote(
      grpc::ServerContext*, const v1::CreateCreditNoteRequest* request,
      v1::CreateCreditNoteResponse* response) override {
    credit_notes.push_back(*request);
    if (grpc::Status status = failures.Next(); !status.ok()) return status;
    response->mutable_credit_note()->set_id(1);
    *response->mutable_credit_note()->mutable_amount() = request->amount();
    *response->mutable_invoice() = invoice;
    return grpc::Status::OK;
  }
};

// Both fakes behind an in-process channel.
class FakeRelance {
 public:
  FakeRelance() {
    grpc::ServerBuilder builder;
    builder.RegisterService(&clients);
    builder.RegisterService(&invoices);
    server_ = builder.BuildAndStart();
  }
  ~FakeRelance() { server_->Shutdown(); }

  std::shared_ptr<grpc::Channel> Channel() {
    return server_->InProcessChannel(grpc::ChannelArguments());
  }

  FakeClientService clients;
  FakeInvoiceService invoices;

 private:
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace relance::cli::testing

#endif  // RELANCE_TESTS_UNIT_CLI_FAKE_SERVER_H_
