// "Every change records its actor": writes made over the API by different
// users appear in AdminService.ListChanges under the user whose token made
// them, in order; a refused write leaves no entry; only admins and auditors
// read the log.

#include <grpcpp/client_context.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/admin.grpc.pb.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/penalty.grpc.pb.h"
#include "relance/v1/policy.grpc.pb.h"
#include "storage/interfaces/users.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using storage::UserRole;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// An entry as "actor action subject", to compare whole logs at once.
std::string Line(const v1::Change& change) {
  return change.actor() + " " + change.action() + " " + change.subject();
}

class ChangeLogTest : public testing::ServerTestBase {
 protected:
  std::shared_ptr<grpc::Channel> As(const std::string& user, UserRole role) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
        server().ChannelAs(user, role);
    EXPECT_TRUE(channel.ok()) << channel.status();
    return channel.ok() ? *channel : nullptr;
  }

  grpc::Status CreateClient(const std::shared_ptr<grpc::Channel>& channel,
                            const std::string& reference,
                            std::int64_t* id = nullptr) {
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name("Client " + reference);
    request.mutable_client()->set_kind(v1::CLIENT_KIND_B2B);
    request.mutable_client()->set_email("billing@example.com");
    v1::CreateClientResponse response;
    grpc::ClientContext context;
    grpc::Status status = v1::ClientService::NewStub(channel)->CreateClient(
        &context, request, &response);
    if (id != nullptr) *id = response.client().id();
    return status;
  }

  // Every entry matching `request`'s filters, read by `channel`'s user.
  grpc::Status ListChanges(const std::shared_ptr<grpc::Channel>& channel,
                           v1::ListChangesRequest request,
                           std::vector<std::string>* lines) {
    lines->clear();
    for (;;) {
      grpc::ClientContext context;
      v1::ListChangesResponse response;
      grpc::Status status = v1::AdminService::NewStub(channel)->ListChanges(
          &context, request, &response);
      if (!status.ok()) return status;
      for (const v1::Change& change : response.changes()) {
        EXPECT_TRUE(change.has_time()) << Line(change);
        lines->push_back(Line(change));
      }
      if (response.next_page_token().empty()) return grpc::Status::OK;
      request.set_page_token(response.next_page_token());
    }
  }
};

TEST_P(ChangeLogTest, EachWriteIsLoggedUnderTheUserWhoseTokenMadeIt) {
  std::shared_ptr<grpc::Channel> bea = As("bea", UserRole::kBackOffice);
  std::shared_ptr<grpc::Channel> erp = As("erp", UserRole::kService);
  std::shared_ptr<grpc::Channel> admin = channel();
  std::shared_ptr<grpc::Channel> auditor = As("audrey", UserRole::kAuditor);

  std::int64_t client_id = 0;
  ASSERT_TRUE(CreateClient(bea, "C-1", &client_id).ok());
  {
    v1::CreateInvoiceRequest request;
    v1::Invoice* invoice = request.mutable_invoice();
    invoice->set_client_id(client_id);
    invoice->set_number("F-1");
    invoice->set_issue_date("2026-09-01");
    invoice->set_due_date("2026-10-01");
    invoice->mutable_total()->set_currency_code("EUR");
    invoice->mutable_total()->set_minor_units(120000);
    grpc::ClientContext context;
    v1::CreateInvoiceResponse response;
    ASSERT_TRUE(v1::InvoiceService::NewStub(erp)
                    ->CreateInvoice(&context, request, &response)
                    .ok());
  }
  std::int64_t policy_id = 0;
  {
    v1::CreatePolicyRequest request;
    v1::Policy* policy = request.mutable_policy();
    policy->set_name("Gentle");
    v1::PolicyStep* step = policy->add_steps();
    step->set_key("nudge");
    step->set_offset_days(5);
    step->add_channels(v1::CHANNEL_EMAIL);
    grpc::ClientContext context;
    v1::CreatePolicyResponse response;
    ASSERT_TRUE(v1::PolicyService::NewStub(bea)
                    ->CreatePolicy(&context, request, &response)
                    .ok());
    policy_id = response.policy().id();
  }
  {
    v1::AssignPolicyRequest request;
    request.set_client_id(client_id);
    request.set_policy_id(policy_id);
    grpc::ClientContext context;
    v1::AssignPolicyResponse response;
    ASSERT_TRUE(v1::PolicyService::NewStub(bea)
                    ->AssignPolicy(&context, request, &response)
                    .ok());
  }
  {
    v1::SetPenaltyRateRequest request;
    request.mutable_rate()->set_kind(v1::PENALTY_RATE_KIND_ECB);
    request.mutable_rate()->set_effective_from("2026-07-01");
    request.mutable_rate()->set_rate_basis_points(215);
    grpc::ClientContext context;
    v1::SetPenaltyRateResponse response;
    ASSERT_TRUE(v1::PenaltyService::NewStub(bea)
                    ->SetPenaltyRate(&context, request, &response)
                    .ok());
  }
  std::int64_t token_id = 0;
  {
    v1::CreateUserRequest request;
    request.mutable_user()->set_name("carl");
    request.mutable_user()->set_role(v1::ROLE_SALES_REP);
    grpc::ClientContext context;
    v1::CreateUserResponse response;
    ASSERT_TRUE(v1::UserService::NewStub(admin)
                    ->CreateUser(&context, request, &response)
                    .ok());
  }
  {
    v1::CreateTokenRequest request;
    request.set_user("carl");
    grpc::ClientContext context;
    v1::CreateTokenResponse response;
    ASSERT_TRUE(v1::UserService::NewStub(admin)
                    ->CreateToken(&context, request, &response)
                    .ok());
    token_id = response.token().id();
  }
  {
    v1::RevokeTokenRequest request;
    request.set_token_id(token_id);
    grpc::ClientContext context;
    v1::RevokeTokenResponse response;
    ASSERT_TRUE(v1::UserService::NewStub(admin)
                    ->RevokeToken(&context, request, &response)
                    .ok());
  }
  {
    v1::DisableUserRequest request;
    request.set_name("carl");
    grpc::ClientContext context;
    v1::DisableUserResponse response;
    ASSERT_TRUE(v1::UserService::NewStub(admin)
                    ->DisableUser(&context, request, &response)
                    .ok());
  }

  v1::ListChangesRequest everything;
  everything.set_page_size(2);  // Several pages.
  std::vector<std::string> log;
  ASSERT_TRUE(ListChanges(auditor, everything, &log).ok());
  // The first admin and the test users' own entries come first; the test's
  // writes follow, in order.
  std::vector<std::string> tail(
      log.end() - std::min<std::size_t>(log.size(), 9), log.end());
  EXPECT_THAT(tail, ElementsAre(HasSubstr("bea client.create client C-1"),
                                HasSubstr("erp invoice.create invoice F-1"),
                                HasSubstr("bea policy.create policy Gentle"),
                                HasSubstr("bea policy.assign client C-1"),
                                HasSubstr("bea penalty_rate.set"),
                                HasSubstr("admin user.create user carl"),
                                HasSubstr("admin token.create token"),
                                HasSubstr("admin token.revoke token"),
                                HasSubstr("admin user.disable user carl")));
  EXPECT_THAT(log.front(), HasSubstr("relanced user.create user admin"));

  v1::ListChangesRequest beas;
  beas.set_actor("bea");
  ASSERT_TRUE(ListChanges(admin, beas, &log).ok());
  EXPECT_EQ(log.size(), 4u);

  v1::ListChangesRequest tokens;
  tokens.set_action_prefix("token.");
  tokens.set_actor("admin");
  ASSERT_TRUE(ListChanges(admin, tokens, &log).ok());
  // The tokens of bea, erp, audrey and carl (the admin's own is relanced's).
  EXPECT_THAT(log, ElementsAre(HasSubstr("token.create token 2 of bea"),
                               HasSubstr("of erp"), HasSubstr("of audrey"),
                               HasSubstr("token.create token 5 of carl"),
                               "admin token.revoke token 5 of carl"));
}

TEST_P(ChangeLogTest, ARefusedWriteLeavesNoEntry) {
  std::shared_ptr<grpc::Channel> bea = As("bea", UserRole::kBackOffice);
  ASSERT_TRUE(CreateClient(bea, "C-1").ok());
  // The same reference again: ALREADY_EXISTS, and nothing logged.
  EXPECT_EQ(CreateClient(bea, "C-1").error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  // An auditor's write is refused before it reaches the database.
  EXPECT_EQ(CreateClient(As("audrey", UserRole::kAuditor), "C-2").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ListChangesRequest clients;
  clients.set_action_prefix("client.");
  std::vector<std::string> log;
  ASSERT_TRUE(ListChanges(channel(), clients, &log).ok());
  EXPECT_THAT(log, ElementsAre("bea client.create client C-1"));
}

TEST_P(ChangeLogTest, OnlyAdminsAndAuditorsReadTheLog) {
  std::vector<std::string> log;
  for (const auto& [user, role] : std::vector<std::pair<std::string, UserRole>>{
           {"bea", UserRole::kBackOffice},
           {"sam", UserRole::kSalesRep},
           {"erp", UserRole::kService}}) {
    const grpc::Status status =
        ListChanges(As(user, role), v1::ListChangesRequest(), &log);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << user;
    EXPECT_THAT(log, IsEmpty());
  }
  EXPECT_TRUE(ListChanges(As("audrey", UserRole::kAuditor),
                          v1::ListChangesRequest(), &log)
                  .ok());
  EXPECT_FALSE(log.empty());
}

RELANCE_INSTANTIATE_SERVER_TEST(ChangeLogTest);

}  // namespace
}  // namespace relance
