// Hostile calls over a real channel: no token, a bad, revoked or expired
// token, a disabled user, roles beyond their rights, a sales rep reaching for
// another rep's clients. Each gets the right code and changes nothing.

#include <grpcpp/generic/generic_stub.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/admin.grpc.pb.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/collections.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/notification.grpc.pb.h"
#include "relance/v1/penalty.grpc.pb.h"
#include "relance/v1/policy.grpc.pb.h"
#include "relance/v1/template.grpc.pb.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using storage::UserRole;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

// Every service relanced serves, by full name. A new service must be added
// here, so that its methods are checked like the others'.
constexpr const char* kServices[] = {
    "relance.v1.ClientService",       "relance.v1.InvoiceService",
    "relance.v1.PolicyService",       "relance.v1.DunningService",
    "relance.v1.ReminderService",     "relance.v1.LetterService",
    "relance.v1.PenaltyService",      "relance.v1.TemplateService",
    "relance.v1.InteractionService",  "relance.v1.DisputeService",
    "relance.v1.PromiseService",      "relance.v1.PaymentPlanService",
    "relance.v1.NotificationService", "relance.v1.UserService",
    "relance.v1.AdminService",
};

// "/relance.v1.ClientService/GetClient" and so on, for every method.
std::vector<std::string> EveryMethod() {
  std::vector<std::string> methods;
  for (const char* name : kServices) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            name);
    if (service == nullptr) {
      ADD_FAILURE() << name << " is not linked in";
      continue;
    }
    for (int i = 0; i < service->method_count(); ++i) {
      methods.push_back(absl::StrCat("/", service->full_name(), "/",
                                     service->method(i)->name()));
    }
  }
  return methods;
}

// Calls `method` with `payload` as its one request message, whatever its
// kind (unary or streaming), and returns how the call ended.
grpc::Status RawCall(std::shared_ptr<grpc::Channel> channel,
                     const std::string& method, const std::string& payload,
                     const std::string& token = "") {
  grpc::GenericStub stub(std::move(channel));
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, method, &queue);
  void* tag = nullptr;
  bool ok = false;
  auto await = [&] { queue.Next(&tag, &ok); };
  call->StartCall(reinterpret_cast<void*>(1));
  await();
  grpc::Slice slice(payload);
  grpc::ByteBuffer request(&slice, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  await();
  call->WritesDone(reinterpret_cast<void*>(3));
  await();
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(4));
  await();
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  await();
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return status;
}

class SecurityTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    alices_client_ = CreateClient("C-ALICE", "alice");
    bobs_client_ = CreateClient("C-BOB", "bob");
    alices_invoice_ = CreateInvoice(alices_client_, "F-ALICE-1");
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
    EXPECT_TRUE(v1::ClientService::NewStub(channel())
                    ->CreateClient(&context, request, &response)
                    .ok());
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

  // What a change would show: clients, invoices, timeline, users and tokens,
  // as the admin reads them.
  std::string Snapshot() {
    std::string snapshot;
    grpc::ClientContext clients_context;
    v1::ListClientsRequest clients_request;
    clients_request.set_page_size(1000);
    v1::ListClientsResponse clients;
    EXPECT_TRUE(v1::ClientService::NewStub(channel())
                    ->ListClients(&clients_context, clients_request, &clients)
                    .ok());
    grpc::ClientContext invoices_context;
    v1::ListInvoicesRequest invoices_request;
    invoices_request.set_page_size(1000);
    v1::ListInvoicesResponse invoices;
    EXPECT_TRUE(
        v1::InvoiceService::NewStub(channel())
            ->ListInvoices(&invoices_context, invoices_request, &invoices)
            .ok());
    std::string timelines;
    for (const v1::Client& client : clients.clients()) {
      grpc::ClientContext timeline_context;
      v1::ListTimelineRequest timeline_request;
      timeline_request.set_client_id(client.id());
      timeline_request.set_page_size(1000);
      v1::ListTimelineResponse timeline;
      EXPECT_TRUE(
          v1::InteractionService::NewStub(channel())
              ->ListTimeline(&timeline_context, timeline_request, &timeline)
              .ok());
      timelines += timeline.SerializeAsString();
    }
    grpc::ClientContext tokens_context;
    v1::ListTokensResponse tokens;
    EXPECT_TRUE(v1::UserService::NewStub(channel())
                    ->ListTokens(&tokens_context, {}, &tokens)
                    .ok());
    grpc::ClientContext users_context;
    v1::ListUsersResponse users;
    EXPECT_TRUE(v1::UserService::NewStub(channel())
                    ->ListUsers(&users_context, {}, &users)
                    .ok());
    return absl::StrCat(clients.SerializeAsString(), "|",
                        invoices.SerializeAsString(), "|", timelines, "|",
                        tokens.SerializeAsString(), "|",
                        users.SerializeAsString());
  }

  std::shared_ptr<grpc::Channel> As(const std::string& user, UserRole role) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        server().ChannelAs(user, role);
    EXPECT_TRUE(channel.ok()) << channel.status();
    return channel.ok() ? *channel : nullptr;
  }

  std::int64_t alices_client_ = 0;
  std::int64_t bobs_client_ = 0;
  std::int64_t alices_invoice_ = 0;
  std::int64_t bobs_invoice_ = 0;
};

TEST_P(SecurityTest, EveryMethodRefusesACallWithoutAValidToken) {
  std::vector<std::string> methods = EveryMethod();
  ASSERT_THAT(methods, SizeIs(::testing::Ge(59)));
  std::shared_ptr<grpc::Channel> anonymous = server().ChannelWithToken("");
  const std::string before = Snapshot();
  for (const std::string& method : methods) {
    for (const std::string& token :
         {std::string(), std::string("rl_forged"), std::string("garbage")}) {
      const grpc::Status status = RawCall(anonymous, method, "", token);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED)
          << method << " with token '" << token
          << "': " << status.error_message();
    }
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(SecurityTest, RevokedExpiredAndDisabledTokensStopWorking) {
  auto users = v1::UserService::NewStub(channel());
  auto create_token = [&](const std::string& user,
                          std::optional<absl::Duration> lifetime) {
    v1::CreateTokenRequest request;
    request.set_user(user);
    if (lifetime.has_value()) {
      request.mutable_expire_time()->set_seconds(
          absl::ToUnixSeconds(clock().Now() + *lifetime));
    }
    v1::CreateTokenResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(users->CreateToken(&context, request, &response).ok());
    return response;
  };
  auto who_am_i = [&](const std::string& secret) {
    auto stub = v1::UserService::NewStub(server().ChannelWithToken(secret));
    grpc::ClientContext context;
    v1::WhoAmIResponse response;
    return stub->WhoAmI(&context, {}, &response);
  };
  {
    v1::CreateUserRequest request;
    request.mutable_user()->set_name("carol");
    request.mutable_user()->set_role(v1::ROLE_BACK_OFFICE);
    grpc::ClientContext context;
    v1::CreateUserResponse response;
    ASSERT_TRUE(users->CreateUser(&context, request, &response).ok());
  }
  const v1::CreateTokenResponse revoked = create_token("carol", std::nullopt);
  const v1::CreateTokenResponse expiring =
      create_token("carol", absl::Hours(1));
  ASSERT_TRUE(who_am_i(revoked.secret()).ok());
  ASSERT_TRUE(who_am_i(expiring.secret()).ok());

  {
    v1::RevokeTokenRequest request;
    request.set_token_id(revoked.token().id());
    grpc::ClientContext context;
    v1::RevokeTokenResponse response;
    ASSERT_TRUE(users->RevokeToken(&context, request, &response).ok());
  }
  grpc::Status status = who_am_i(revoked.secret());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("revoked"));
  EXPECT_TRUE(who_am_i(expiring.secret()).ok());

  clock().Advance(absl::Hours(1));
  status = who_am_i(expiring.secret());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("expired"));

  const v1::CreateTokenResponse fresh = create_token("carol", std::nullopt);
  ASSERT_TRUE(who_am_i(fresh.secret()).ok());
  {
    v1::DisableUserRequest request;
    request.set_name("carol");
    grpc::ClientContext context;
    v1::DisableUserResponse response;
    ASSERT_TRUE(users->DisableUser(&context, request, &response).ok());
  }
  status = who_am_i(fresh.secret());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("disabled"));
}

TEST_P(SecurityTest, TokensAreShownOnceAndStoredOnlyAsAHash) {
  auto users = v1::UserService::NewStub(channel());
  v1::CreateTokenRequest request;
  request.set_user("admin");
  request.set_label("laptop");
  grpc::ClientContext context;
  v1::CreateTokenResponse created;
  ASSERT_TRUE(users->CreateToken(&context, request, &created).ok());
  EXPECT_THAT(created.secret(),
              ::testing::MatchesRegex("rl_[A-Za-z0-9_-]{43}"));

  grpc::ClientContext list_context;
  v1::ListTokensResponse tokens;
  ASSERT_TRUE(users->ListTokens(&list_context, {}, &tokens).ok());
  EXPECT_THAT(tokens.DebugString(),
              ::testing::Not(HasSubstr(created.secret())));
  absl::StatusOr<std::vector<storage::TokenRecord>> stored =
      server().env().access()->ListTokens("admin");
  ASSERT_TRUE(stored.ok());
  for (const storage::TokenRecord& token : *stored) {
    EXPECT_NE(token.secret_sha256, created.secret());
    EXPECT_THAT(token.secret_sha256, ::testing::MatchesRegex("[0-9a-f]{64}"));
  }
}

TEST_P(SecurityTest, AnAuditorReadsButChangesNothing) {
  std::shared_ptr<grpc::Channel> auditor = As("audrey", UserRole::kAuditor);
  const std::string before = Snapshot();

  grpc::ClientContext list_context;
  v1::ListInvoicesResponse invoices;
  ASSERT_TRUE(v1::InvoiceService::NewStub(auditor)
                  ->ListInvoices(&list_context, {}, &invoices)
                  .ok());
  EXPECT_THAT(invoices.invoices(), SizeIs(2));

  std::vector<grpc::Status> writes;
  {
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference("C-AUDIT");
    request.mutable_client()->set_name("Audit");
    grpc::ClientContext context;
    v1::CreateClientResponse response;
    writes.push_back(v1::ClientService::NewStub(auditor)->CreateClient(
        &context, request, &response));
  }
  {
    v1::RecordPaymentRequest request;
    request.set_invoice_id(alices_invoice_);
    request.mutable_amount()->set_currency_code("EUR");
    request.mutable_amount()->set_minor_units(100);
    request.set_payment_date("2026-10-02");
    grpc::ClientContext context;
    v1::RecordPaymentResponse response;
    writes.push_back(v1::InvoiceService::NewStub(auditor)->RecordPayment(
        &context, request, &response));
  }
  {
    v1::AddNoteRequest request;
    request.set_client_id(alices_client_);
    request.set_text("audited");
    grpc::ClientContext context;
    v1::AddNoteResponse response;
    writes.push_back(v1::InteractionService::NewStub(auditor)->AddNote(
        &context, request, &response));
  }
  {
    grpc::ClientContext context;
    v1::RunDunningResponse response;
    writes.push_back(v1::DunningService::NewStub(auditor)->RunDunning(
        &context, {}, &response));
  }
  {
    v1::CreateTokenRequest request;
    request.set_user("audrey");
    grpc::ClientContext context;
    v1::CreateTokenResponse response;
    writes.push_back(v1::UserService::NewStub(auditor)->CreateToken(
        &context, request, &response));
  }
  {
    v1::UpdateTemplateRequest request;
    request.mutable_template_()->set_key("first_reminder");
    grpc::ClientContext context;
    v1::UpdateTemplateResponse response;
    writes.push_back(v1::TemplateService::NewStub(auditor)->UpdateTemplate(
        &context, request, &response));
  }
  for (const grpc::Status& status : writes) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("auditor"));
  }
  EXPECT_EQ(Snapshot(), before);
}

TEST_P(SecurityTest, RolesBelowAdminCannotManageUsers) {
  const std::string before = Snapshot();
  for (UserRole role : {UserRole::kBackOffice, UserRole::kSalesRep,
                        UserRole::kService, UserRole::kAuditor}) {
    std::shared_ptr<grpc::Channel> caller =
        As(absl::StrCat("user-", static_cast<int>(role)), role);
    const std::string after_user_created = Snapshot();
    v1::CreateUserRequest request;
    request.mutable_user()->set_name("mallory");
    request.mutable_user()->set_role(v1::ROLE_ADMIN);
    grpc::ClientContext context;
    v1::CreateUserResponse response;
    const grpc::Status status = v1::UserService::NewStub(caller)->CreateUser(
        &context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << static_cast<int>(role);
    EXPECT_EQ(Snapshot(), after_user_created);
  }
  // A sales rep and a service may not run dunning nor change policies.
  for (UserRole role : {UserRole::kSalesRep, UserRole::kService}) {
    std::shared_ptr<grpc::Channel> caller = As("limited", role);
    grpc::ClientContext context;
    v1::RunDunningResponse response;
    EXPECT_EQ(v1::DunningService::NewStub(caller)
                  ->RunDunning(&context, {}, &response)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_P(SecurityTest, ASalesRepOnlyReachesTheirOwnClients) {
  std::shared_ptr<grpc::Channel> alice = As("alice", UserRole::kSalesRep);
  auto clients = v1::ClientService::NewStub(alice);
  auto invoices = v1::InvoiceService::NewStub(alice);
  auto timeline = v1::InteractionService::NewStub(alice);
  const std::string before = Snapshot();

  {  // Lists hold only her clients' rows.
    grpc::ClientContext context;
    v1::ListClientsResponse response;
    ASSERT_TRUE(clients->ListClients(&context, {}, &response).ok());
    ASSERT_THAT(response.clients(), SizeIs(1));
    EXPECT_EQ(response.clients(0).id(), alices_client_);
  }
  {
    grpc::ClientContext context;
    v1::ListInvoicesResponse response;
    ASSERT_TRUE(invoices->ListInvoices(&context, {}, &response).ok());
    ASSERT_THAT(response.invoices(), SizeIs(1));
    EXPECT_EQ(response.invoices(0).id(), alices_invoice_);
  }
  {  // Asking for Bob's rows by id gives nothing either.
    grpc::ClientContext context;
    v1::ListInvoicesRequest request;
    request.set_client_id(bobs_client_);
    v1::ListInvoicesResponse response;
    ASSERT_TRUE(invoices->ListInvoices(&context, request, &response).ok());
    EXPECT_THAT(response.invoices(), IsEmpty());
  }
  {
    grpc::ClientContext context;
    v1::ListTimelineRequest request;
    request.set_client_id(bobs_client_);
    v1::ListTimelineResponse response;
    ASSERT_TRUE(timeline->ListTimeline(&context, request, &response).ok());
    EXPECT_THAT(response.entries(), IsEmpty());
  }

  std::vector<std::pair<std::string, grpc::Status>> denied;
  {
    v1::GetClientRequest request;
    request.set_client_id(bobs_client_);
    grpc::ClientContext context;
    v1::GetClientResponse response;
    denied.emplace_back("GetClient",
                        clients->GetClient(&context, request, &response));
  }
  {  // An id that does not exist answers the same: nothing to probe.
    v1::GetClientRequest request;
    request.set_client_id(bobs_client_ + 1000);
    grpc::ClientContext context;
    v1::GetClientResponse response;
    denied.emplace_back("GetClient (unknown)",
                        clients->GetClient(&context, request, &response));
  }
  {
    v1::UpdateClientRequest request;
    request.mutable_client()->set_id(bobs_client_);
    request.mutable_client()->set_name("Mine now");
    request.mutable_update_mask()->add_paths("name");
    grpc::ClientContext context;
    v1::UpdateClientResponse response;
    denied.emplace_back("UpdateClient",
                        clients->UpdateClient(&context, request, &response));
  }
  {  // Nor may she hand her own client to someone else.
    v1::UpdateClientRequest request;
    request.mutable_client()->set_id(alices_client_);
    request.mutable_client()->set_owner("bob");
    request.mutable_update_mask()->add_paths("owner");
    grpc::ClientContext context;
    v1::UpdateClientResponse response;
    denied.emplace_back("UpdateClient (owner)",
                        clients->UpdateClient(&context, request, &response));
  }
  {
    v1::GetInvoiceRequest request;
    request.set_invoice_id(bobs_invoice_);
    grpc::ClientContext context;
    v1::GetInvoiceResponse response;
    denied.emplace_back("GetInvoice",
                        invoices->GetInvoice(&context, request, &response));
  }
  {
    v1::RecordPaymentRequest request;
    request.set_invoice_id(bobs_invoice_);
    request.mutable_amount()->set_currency_code("EUR");
    request.mutable_amount()->set_minor_units(100);
    request.set_payment_date("2026-10-02");
    grpc::ClientContext context;
    v1::RecordPaymentResponse response;
    denied.emplace_back("RecordPayment",
                        invoices->RecordPayment(&context, request, &response));
  }
  {
    v1::CreateInvoiceRequest request;
    request.mutable_invoice()->set_client_id(bobs_client_);
    request.mutable_invoice()->set_number("F-SNEAKY");
    request.mutable_invoice()->set_issue_date("2026-09-01");
    request.mutable_invoice()->set_due_date("2026-10-01");
    request.mutable_invoice()->mutable_total()->set_currency_code("EUR");
    request.mutable_invoice()->mutable_total()->set_minor_units(100);
    grpc::ClientContext context;
    v1::CreateInvoiceResponse response;
    denied.emplace_back("CreateInvoice",
                        invoices->CreateInvoice(&context, request, &response));
  }
  {
    v1::AddNoteRequest request;
    request.set_client_id(bobs_client_);
    request.set_text("peek");
    grpc::ClientContext context;
    v1::AddNoteResponse response;
    denied.emplace_back("AddNote",
                        timeline->AddNote(&context, request, &response));
  }
  {
    v1::OpenDisputeRequest request;
    request.set_invoice_id(bobs_invoice_);
    request.mutable_terms()->set_reason("not delivered");
    grpc::ClientContext context;
    v1::OpenDisputeResponse response;
    denied.emplace_back("OpenDispute",
                        v1::DisputeService::NewStub(alice)->OpenDispute(
                            &context, request, &response));
  }
  {
    v1::GetInvoicePenaltiesRequest request;
    request.set_invoice_id(bobs_invoice_);
    request.set_as_of_date("2026-11-01");
    grpc::ClientContext context;
    v1::GetInvoicePenaltiesResponse response;
    denied.emplace_back("GetInvoicePenalties",
                        v1::PenaltyService::NewStub(alice)->GetInvoicePenalties(
                            &context, request, &response));
  }
  {  // Gets of records by id are scoped too; unknown ids answer the same.
    constexpr std::int64_t kUnknown = 999999;
    v1::GetReminderRequest reminder;
    reminder.set_reminder_id(kUnknown);
    grpc::ClientContext reminder_context;
    v1::GetReminderResponse reminder_response;
    denied.emplace_back("GetReminder",
                        v1::ReminderService::NewStub(alice)->GetReminder(
                            &reminder_context, reminder, &reminder_response));
    v1::GetDisputeRequest dispute;
    dispute.set_dispute_id(kUnknown);
    grpc::ClientContext dispute_context;
    v1::GetDisputeResponse dispute_response;
    denied.emplace_back("GetDispute",
                        v1::DisputeService::NewStub(alice)->GetDispute(
                            &dispute_context, dispute, &dispute_response));
    v1::CancelPlanRequest plan;
    plan.set_plan_id(kUnknown);
    grpc::ClientContext plan_context;
    v1::CancelPlanResponse plan_response;
    denied.emplace_back("CancelPlan",
                        v1::PaymentPlanService::NewStub(alice)->CancelPlan(
                            &plan_context, plan, &plan_response));
  }
  for (const auto& [call, status] : denied) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << call << ": " << status.error_message();
    EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr("bob")))
        << call;
  }
  EXPECT_EQ(Snapshot(), before);

  {  // A client she creates is hers, whatever owner she names.
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference("C-NEW");
    request.mutable_client()->set_name("New");
    request.mutable_client()->set_kind(v1::CLIENT_KIND_B2B);
    request.mutable_client()->set_email("new@example.com");
    grpc::ClientContext context;
    v1::CreateClientResponse response;
    ASSERT_TRUE(clients->CreateClient(&context, request, &response).ok());
    EXPECT_EQ(response.client().owner(), "alice");
    request.mutable_client()->set_reference("C-NEW-2");
    request.mutable_client()->set_owner("bob");
    grpc::ClientContext bob_context;
    EXPECT_EQ(
        clients->CreateClient(&bob_context, request, &response).error_code(),
        grpc::StatusCode::PERMISSION_DENIED);
  }
}

TEST_P(SecurityTest, ChangesRecordTheAuthenticatedActor) {
  std::shared_ptr<grpc::Channel> alice = As("alice", UserRole::kSalesRep);
  v1::AddNoteRequest request;
  request.set_client_id(alices_client_);
  request.set_text("called, will pay Friday");
  grpc::ClientContext context;
  // A forged user name in the metadata changes nothing.
  context.AddMetadata("relance-user", "mallory");
  v1::AddNoteResponse response;
  ASSERT_TRUE(v1::InteractionService::NewStub(alice)
                  ->AddNote(&context, request, &response)
                  .ok());
  EXPECT_EQ(response.entry().actor(), "alice");

  // A payment she records is hers in the timeline, too.
  v1::RecordPaymentRequest payment;
  payment.set_invoice_id(alices_invoice_);
  payment.mutable_amount()->set_currency_code("EUR");
  payment.mutable_amount()->set_minor_units(120000);
  payment.set_payment_date("2026-10-02");
  grpc::ClientContext payment_context;
  v1::RecordPaymentResponse paid;
  ASSERT_TRUE(v1::InvoiceService::NewStub(alice)
                  ->RecordPayment(&payment_context, payment, &paid)
                  .ok());
  v1::ListTimelineRequest timeline_request;
  timeline_request.set_invoice_id(alices_invoice_);
  timeline_request.add_kinds(v1::ENTRY_KIND_PAYMENT_RECEIVED);
  grpc::ClientContext timeline_context;
  v1::ListTimelineResponse timeline;
  ASSERT_TRUE(v1::InteractionService::NewStub(channel())
                  ->ListTimeline(&timeline_context, timeline_request, &timeline)
                  .ok());
  ASSERT_EQ(timeline.entries_size(), 1);
  EXPECT_EQ(timeline.entries(0).actor(), "alice");
}

RELANCE_INSTANTIATE_SERVER_TEST(SecurityTest);

}  // namespace
}  // namespace relance
