// ClientService over a real channel.

#include <memory>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

class ClientServiceTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    stub_ = v1::ClientService::NewStub(channel());
  }

  grpc::Status Create(const v1::Client& client, v1::Client* created,
                      const std::string& request_id = "") {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.set_request_id(request_id);
    *request.mutable_client() = client;
    v1::CreateClientResponse response;
    grpc::Status status = stub_->CreateClient(&context, request, &response);
    if (created != nullptr) *created = response.client();
    return status;
  }

  static v1::Client Acme() {
    v1::Client client;
    client.set_reference("C-ACME");
    client.set_name("ACME Industries SAS");
    client.set_kind(v1::CLIENT_KIND_B2B);
    client.set_email("compta@acme.example");
    client.set_phone("+33 1 23 45 67 89");
    client.set_legal_id("552100554");
    client.set_vat_number("FR40552100554");
    return client;
  }

  std::unique_ptr<v1::ClientService::Stub> stub_;
};

TEST_P(ClientServiceTest, CreateThenGetReturnsEveryField) {
  v1::Client created;
  ASSERT_TRUE(Create(Acme(), &created).ok());
  EXPECT_GT(created.id(), 0);
  EXPECT_EQ(created.language(), "fr");
  EXPECT_EQ(created.time_zone(), "Europe/Paris");
  EXPECT_FALSE(created.etag().empty());

  grpc::ClientContext context;
  v1::GetClientRequest request;
  request.set_client_id(created.id());
  v1::GetClientResponse response;
  ASSERT_TRUE(stub_->GetClient(&context, request, &response).ok());
  EXPECT_EQ(response.client().SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(response.client().name(), "ACME Industries SAS");
  EXPECT_EQ(response.client().vat_number(), "FR40552100554");
  EXPECT_EQ(response.client().create_time().seconds(),
            absl::ToUnixSeconds(clock().Now()));
}

TEST_P(ClientServiceTest, SameRequestIdCreatesOnce) {
  v1::Client first;
  v1::Client second;
  ASSERT_TRUE(
      Create(Acme(), &first, "4f1c2b8e-0d1e-4a51-9d7e-3c1f0b9a7e21").ok());
  ASSERT_TRUE(
      Create(Acme(), &second, "4f1c2b8e-0d1e-4a51-9d7e-3c1f0b9a7e21").ok());
  EXPECT_EQ(first.id(), second.id());

  grpc::ClientContext context;
  v1::ListClientsResponse list;
  ASSERT_TRUE(
      stub_->ListClients(&context, v1::ListClientsRequest(), &list).ok());
  EXPECT_EQ(list.clients_size(), 1);
}

TEST_P(ClientServiceTest, DuplicateReferenceIsAlreadyExists) {
  ASSERT_TRUE(Create(Acme(), nullptr).ok());
  grpc::Status status = Create(Acme(), nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("C-ACME"));
}

TEST_P(ClientServiceTest, InvalidFieldsAreAllNamedInTheTrailer) {
  v1::Client client = Acme();
  client.set_name("   ");
  client.set_email("compta.acme.example");
  client.set_phone("call me");
  client.set_time_zone("Europe/Atlantis");
  client.set_reference(std::string(65, 'R'));
  grpc::Status status = Create(client, nullptr);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      testing::FieldViolationsOf(status),
      UnorderedElementsAre(
          HasSubstr("client.reference: must be at most 64 characters"),
          "client.name: must not be empty",
          HasSubstr("client.email: 'compta.acme.example' is not an email"),
          HasSubstr("client.phone:"), HasSubstr("client.time_zone:")));
  // Nothing was written.
  grpc::ClientContext context;
  v1::ListClientsResponse list;
  ASSERT_TRUE(
      stub_->ListClients(&context, v1::ListClientsRequest(), &list).ok());
  EXPECT_THAT(list.clients(), IsEmpty());
}

TEST_P(ClientServiceTest, UnknownClientIsNotFound) {
  grpc::ClientContext context;
  v1::GetClientRequest request;
  request.set_client_id(424242);
  v1::GetClientResponse response;
  EXPECT_EQ(stub_->GetClient(&context, request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_P(ClientServiceTest, UpdateWithCurrentEtagAppliesOnlyTheMaskedFields) {
  v1::Client created;
  ASSERT_TRUE(Create(Acme(), &created).ok());
  clock().Advance(absl::Hours(1));

  v1::UpdateClientRequest request;
  *request.mutable_client() = created;
  request.mutable_client()->set_email("factures@acme.example");
  request.mutable_client()->set_name("ignored: not in the mask");
  request.mutable_update_mask()->add_paths("email");
  grpc::ClientContext context;
  v1::UpdateClientResponse response;
  ASSERT_TRUE(stub_->UpdateClient(&context, request, &response).ok());
  EXPECT_EQ(response.client().email(), "factures@acme.example");
  EXPECT_EQ(response.client().name(), "ACME Industries SAS");
  EXPECT_NE(response.client().etag(), created.etag());
  EXPECT_EQ(response.client().update_time().seconds(),
            absl::ToUnixSeconds(clock().Now()));
  EXPECT_EQ(response.client().create_time().seconds(),
            created.create_time().seconds());
}

TEST_P(ClientServiceTest, UpdateWithStaleEtagIsAbortedAndChangesNothing) {
  v1::Client created;
  ASSERT_TRUE(Create(Acme(), &created).ok());
  v1::UpdateClientRequest request;
  *request.mutable_client() = created;
  request.mutable_client()->set_phone("+33 6 11 22 33 44");
  request.mutable_update_mask()->add_paths("phone");
  {
    grpc::ClientContext context;
    v1::UpdateClientResponse response;
    ASSERT_TRUE(stub_->UpdateClient(&context, request, &response).ok());
  }
  request.mutable_client()->set_phone("+33 6 99 99 99 99");
  grpc::ClientContext context;
  v1::UpdateClientResponse response;
  EXPECT_EQ(stub_->UpdateClient(&context, request, &response).error_code(),
            grpc::StatusCode::ABORTED);

  grpc::ClientContext get_context;
  v1::GetClientRequest get;
  get.set_client_id(created.id());
  v1::GetClientResponse current;
  ASSERT_TRUE(stub_->GetClient(&get_context, get, &current).ok());
  EXPECT_EQ(current.client().phone(), "+33 6 11 22 33 44");
}

TEST_P(ClientServiceTest, UpdateMaskMustNameChangeableFields) {
  v1::Client created;
  ASSERT_TRUE(Create(Acme(), &created).ok());
  v1::UpdateClientRequest request;
  *request.mutable_client() = created;
  request.mutable_update_mask()->add_paths("reference");
  grpc::ClientContext context;
  v1::UpdateClientResponse response;
  grpc::Status status = stub_->UpdateClient(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      testing::FieldViolationsOf(status),
      ElementsAre(
          "update_mask: 'reference' is not a field that can be changed"));
}

TEST_P(ClientServiceTest, PostalAddressAndCcAreStoredInOrderAndTrimmed) {
  v1::Client client = Acme();
  client.add_postal_address_lines(" Bâtiment B ");
  client.add_postal_address_lines("12 rue des Lilas");
  client.add_postal_address_lines("69003 Lyon");
  client.add_cc_emails("direction@acme.example");
  client.add_cc_emails(" Relances@Acme.example");
  v1::Client created;
  ASSERT_TRUE(Create(client, &created).ok());
  EXPECT_THAT(created.postal_address_lines(),
              ElementsAre("Bâtiment B", "12 rue des Lilas", "69003 Lyon"));
  EXPECT_THAT(created.cc_emails(),
              ElementsAre("direction@acme.example", "Relances@Acme.example"));

  grpc::ClientContext context;
  v1::GetClientRequest request;
  request.set_client_id(created.id());
  v1::GetClientResponse response;
  ASSERT_TRUE(stub_->GetClient(&context, request, &response).ok());
  EXPECT_EQ(response.client().SerializeAsString(), created.SerializeAsString());
}

TEST_P(ClientServiceTest, AddressAndCcErrorsNameTheItemAtFault) {
  v1::Client client = Acme();
  client.add_postal_address_lines("12 rue des Lilas");
  // 39 characters: one more than a line of NF Z10-011 holds.
  client.add_postal_address_lines("Zone artisanale des Grands Champs Nord");
  client.add_postal_address_lines("Zone artisanale des Grands Champs Nord2");
  client.add_postal_address_lines("");
  client.add_cc_emails("direction@acme.example");
  client.add_cc_emails("not-an-address");
  client.add_cc_emails("DIRECTION@acme.example");
  grpc::Status status = Create(client, nullptr);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      testing::FieldViolationsOf(status),
      UnorderedElementsAre(
          HasSubstr("client.postal_address_lines[2]: must be at most 38 "
                    "characters"),
          "client.postal_address_lines[3]: must not be empty",
          HasSubstr("client.cc_emails[1]: 'not-an-address' is not an email"),
          HasSubstr("client.cc_emails[2]: repeats cc_emails[0]")));

  v1::Client crowded = Acme();
  for (int i = 0; i < 7; ++i) {
    crowded.add_postal_address_lines(absl::StrCat("Ligne ", i));
  }
  for (int i = 0; i < 11; ++i) {
    crowded.add_cc_emails(absl::StrCat("cc", i, "@acme.example"));
  }
  status = Create(crowded, nullptr);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      testing::FieldViolationsOf(status),
      UnorderedElementsAre(
          HasSubstr("client.postal_address_lines[6]: an address has at most 6 "
                    "lines"),
          HasSubstr("client.cc_emails[10]: at most 10 addresses")));
}

TEST_P(ClientServiceTest, UpdateReplacesOrClearsTheListsNamedInTheMask) {
  v1::Client client = Acme();
  client.add_postal_address_lines("12 rue des Lilas");
  client.add_postal_address_lines("69003 Lyon");
  client.add_cc_emails("direction@acme.example");
  v1::Client created;
  ASSERT_TRUE(Create(client, &created).ok());

  v1::UpdateClientRequest request;
  *request.mutable_client() = created;
  request.mutable_client()->clear_postal_address_lines();
  request.mutable_client()->add_postal_address_lines("3 place Bellecour");
  request.mutable_client()->add_postal_address_lines("69002 Lyon");
  request.mutable_client()->add_cc_emails("ignored@acme.example");
  request.mutable_update_mask()->add_paths("postal_address_lines");
  v1::UpdateClientResponse moved;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->UpdateClient(&context, request, &moved).ok());
  }
  EXPECT_THAT(moved.client().postal_address_lines(),
              ElementsAre("3 place Bellecour", "69002 Lyon"));
  EXPECT_THAT(moved.client().cc_emails(),
              ElementsAre("direction@acme.example"));

  // An empty list in the mask clears it.
  request.Clear();
  *request.mutable_client() = moved.client();
  request.mutable_client()->clear_cc_emails();
  request.mutable_update_mask()->add_paths("cc_emails");
  v1::UpdateClientResponse cleared;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(stub_->UpdateClient(&context, request, &cleared).ok());
  }
  EXPECT_THAT(cleared.client().cc_emails(), IsEmpty());
  EXPECT_THAT(cleared.client().postal_address_lines(),
              ElementsAre("3 place Bellecour", "69002 Lyon"));

  // An invalid replacement is refused under the request's field name.
  request.Clear();
  *request.mutable_client() = cleared.client();
  request.mutable_client()->add_cc_emails("a@acme.example, b@acme.example");
  request.mutable_update_mask()->add_paths("cc_emails");
  grpc::ClientContext context;
  v1::UpdateClientResponse refused;
  grpc::Status status = stub_->UpdateClient(&context, request, &refused);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(HasSubstr("client.cc_emails[0]: 'a@acme.example, "
                                    "b@acme.example' is not an email")));
}

TEST_P(ClientServiceTest, PagesVisitEveryClientOnce) {
  for (int i = 0; i < 23; ++i) {
    v1::Client client = Acme();
    client.set_reference("C-" + std::to_string(i));
    ASSERT_TRUE(Create(client, nullptr).ok());
  }
  std::set<int64_t> seen;
  std::string token;
  int pages = 0;
  do {
    grpc::ClientContext context;
    v1::ListClientsRequest request;
    request.set_page_size(5);
    request.set_page_token(token);
    v1::ListClientsResponse response;
    ASSERT_TRUE(stub_->ListClients(&context, request, &response).ok());
    for (const v1::Client& client : response.clients()) {
      EXPECT_TRUE(seen.insert(client.id()).second)
          << "client " << client.id() << " seen twice";
    }
    token = response.next_page_token();
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(seen.size(), 23u);
  EXPECT_EQ(pages, 5);
}

TEST_P(ClientServiceTest, ForgedPageTokenIsInvalidArgument) {
  grpc::ClientContext context;
  v1::ListClientsRequest request;
  request.set_page_token("not-a-token");
  v1::ListClientsResponse response;
  grpc::Status status = stub_->ListClients(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(HasSubstr("page_token")));
}

RELANCE_INSTANTIATE_SERVER_TEST(ClientServiceTest);

}  // namespace
}  // namespace relance
