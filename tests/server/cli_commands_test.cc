// The relance CLI against the real services: clients created, updated and
// retried, request_ids, etags.
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
#include "tests/server/cli_commands_fixture.h"
#include "tests/server/server_test_base.h"

namespace relance::cli_test {
namespace {

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

}  // namespace
}  // namespace relance::cli_test
