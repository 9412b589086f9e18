// What generic gRPC tooling relies on, and behaviour under concurrent callers.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "src/proto/grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

class ServerFeaturesTest : public testing::ServerTestBase {};

TEST_P(ServerFeaturesTest, HealthCheckSaysServing) {
  auto health = grpc::health::v1::Health::NewStub(channel());
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(health->Check(&context, request, &response).ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_P(ServerFeaturesTest,
       ReflectionListsTheServicesAndDescribesTheirMessages) {
  auto reflection =
      grpc::reflection::v1alpha::ServerReflection::NewStub(channel());
  grpc::ClientContext context;
  auto stream = reflection->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest list;
  list.set_list_services("");
  ASSERT_TRUE(stream->Write(list));
  grpc::reflection::v1alpha::ServerReflectionResponse listed;
  ASSERT_TRUE(stream->Read(&listed));
  std::vector<std::string> services;
  for (const auto& service : listed.list_services_response().service()) {
    services.push_back(service.name());
  }
  EXPECT_THAT(services, ::testing::IsSupersetOf({"relance.v1.ClientService",
                                                 "relance.v1.InvoiceService",
                                                 "grpc.health.v1.Health"}));

  grpc::reflection::v1alpha::ServerReflectionRequest describe;
  describe.set_file_containing_symbol("relance.v1.Invoice");
  ASSERT_TRUE(stream->Write(describe));
  grpc::reflection::v1alpha::ServerReflectionResponse described;
  ASSERT_TRUE(stream->Read(&described));
  EXPECT_GT(described.file_descriptor_response().file_descriptor_proto_size(),
            0);
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());
}

TEST_P(ServerFeaturesTest, ConcurrentPaymentsNeverExceedTheTotal) {
  auto clients = v1::ClientService::NewStub(channel());
  auto invoices = v1::InvoiceService::NewStub(channel());
  grpc::ClientContext client_context;
  v1::CreateClientRequest create_client;
  create_client.mutable_client()->set_reference("C-RACE");
  create_client.mutable_client()->set_name("Race SA");
  v1::CreateClientResponse client;
  ASSERT_TRUE(
      clients->CreateClient(&client_context, create_client, &client).ok());

  grpc::ClientContext invoice_context;
  v1::CreateInvoiceRequest create_invoice;
  v1::Invoice* invoice = create_invoice.mutable_invoice();
  invoice->set_number("F-RACE");
  invoice->set_client_id(client.client().id());
  invoice->set_issue_date("2026-01-01");
  invoice->set_due_date("2026-01-31");
  invoice->mutable_total()->set_currency_code("EUR");
  invoice->mutable_total()->set_minor_units(100000);
  v1::CreateInvoiceResponse created;
  ASSERT_TRUE(
      invoices->CreateInvoice(&invoice_context, create_invoice, &created).ok());

  // 16 callers each try to pay 10000 of a 100000 invoice: exactly 10 may
  // succeed.
  std::atomic<int> accepted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 16; ++i) {
    callers.emplace_back([&] {
      grpc::ClientContext context;
      v1::RecordPaymentRequest request;
      request.set_invoice_id(created.invoice().id());
      request.mutable_amount()->set_currency_code("EUR");
      request.mutable_amount()->set_minor_units(10000);
      request.set_payment_date("2026-02-01");
      v1::RecordPaymentResponse response;
      grpc::Status status =
          invoices->RecordPayment(&context, request, &response);
      if (status.ok()) {
        ++accepted;
      } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++refused;
      } else {
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  EXPECT_EQ(accepted.load(), 10);
  EXPECT_EQ(refused.load(), 6);

  grpc::ClientContext get_context;
  v1::GetInvoiceRequest get;
  get.set_invoice_id(created.invoice().id());
  v1::GetInvoiceResponse got;
  ASSERT_TRUE(invoices->GetInvoice(&get_context, get, &got).ok());
  EXPECT_EQ(got.payments_size(), 10);
  EXPECT_EQ(got.invoice().outstanding().minor_units(), 0);
  EXPECT_EQ(got.invoice().status(), v1::INVOICE_STATUS_PAID);
}

RELANCE_INSTANTIATE_SERVER_TEST(ServerFeaturesTest);

}  // namespace
}  // namespace relance
