#include "storage/interfaces/change_log.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/penalty_rates.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/templates.h"
#include "storage/interfaces/users.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Matcher;
using ::testing::Optional;

Matcher<ChangeRecord> Entry(absl::string_view actor, absl::string_view action,
                            absl::string_view subject) {
  return AllOf(Field("actor", &ChangeRecord::actor, std::string(actor)),
               Field("action", &ChangeRecord::action, std::string(action)),
               Field("subject", &ChangeRecord::subject, std::string(subject)));
}

ImportRow Row(absl::string_view client_reference, absl::string_view number) {
  ImportRow row;
  row.client.reference = std::string(client_reference);
  row.client.name = absl::StrCat("Client ", client_reference);
  row.client.kind = ClientKind::kB2C;
  row.invoice.number = std::string(number);
  row.invoice.issue_date = absl::CivilDay(2026, 1, 5);
  row.invoice.due_date = absl::CivilDay(2026, 2, 4);
  row.invoice.currency = "EUR";
  row.invoice.total_minor = 1000;
  return row;
}

PolicyRecord Policy(absl::string_view name) {
  PolicyRecord policy;
  policy.name = std::string(name);
  PolicyStepRecord step;
  step.key = "email";
  step.offset_days = 3;
  step.channels = {Channel::kEmail};
  step.template_key = "reminder_1";
  policy.steps = {step};
  return policy;
}

TemplateRecord Template(absl::string_view key, absl::string_view language) {
  TemplateRecord record;
  record.key = std::string(key);
  record.language = std::string(language);
  record.subject = "Rappel";
  record.text = "Bonjour";
  return record;
}

UserRecord User(absl::string_view name, UserRole role) {
  UserRecord user;
  user.name = std::string(name);
  user.role = role;
  user.created = absl::FromUnixMicros(1'767'225'600'000'001);
  return user;
}

// A token whose hash is `digit` repeated.
TokenRecord Token(absl::string_view user_name, char digit) {
  TokenRecord token;
  token.user_name = std::string(user_name);
  token.secret_sha256 = std::string(64, digit);
  token.created = absl::FromUnixMicros(1'767'225'600'000'002);
  return token;
}

class ChangeLogTest : public RepositoryContractTest {
 protected:
  // A write by `actor`, at Now().
  static Change By(absl::string_view actor) {
    return Change(Now(), std::string(actor));
  }

  // The entries matching `filter`, read through one page large enough for
  // every test.
  std::vector<ChangeRecord> Changes(const ChangeFilter& filter = {}) {
    absl::StatusOr<Page<ChangeRecord>> page =
        database().changes().List(filter, PageRequest{.limit = 1000});
    EXPECT_THAT(page, IsOk());
    if (!page.ok()) return {};
    EXPECT_EQ(page->next_after_id, std::nullopt);
    return page->items;
  }
};

TEST_P(ChangeLogTest, ClientWritesRecordTheirActorOnce) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord created,
      clients().Create(SampleClient("C-042"), "request-1", By("alice")));
  // A replay returns the original and records nothing.
  ASSERT_THAT(clients().Create(SampleClient("C-042"), "request-1", By("bob")),
              IsOk());
  // A failed write records nothing: its entry is rolled back with it.
  EXPECT_THAT(clients().Create(SampleClient("C-042"), "", By("bob")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  ClientRecord changed = created;
  changed.name = "Dupré SA";
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord updated,
                               clients().Update(changed, By("bob")));
  EXPECT_THAT(clients().Update(changed, By("carol")),
              StatusIs(absl::StatusCode::kAborted));
  changed.id = created.id + 100;
  EXPECT_THAT(clients().Update(changed, By("carol")),
              StatusIs(absl::StatusCode::kNotFound));

  const std::vector<ChangeRecord> changes = Changes();
  EXPECT_THAT(changes,
              ElementsAre(Entry("alice", "client.create", "client C-042"),
                          Entry("bob", "client.update", "client C-042")));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].time, Now());
  EXPECT_LT(changes[0].id, changes[1].id);
}

TEST_P(ChangeLogTest, InvoiceWritesRecordTheirActorOnce) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      InvoiceRecord created,
      invoices().Create(SampleInvoice(client.id, "F-1", 10'000), "request-1",
                        By("alice")));
  ASSERT_THAT(invoices().Create(SampleInvoice(client.id, "F-1", 10'000),
                                "request-1", By("bob")),
              IsOk());
  EXPECT_THAT(
      invoices().Create(SampleInvoice(client.id, "F-1", 10'000), "", By("bob")),
      StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(invoices().Create(SampleInvoice(client.id + 100, "F-9", 10'000),
                                "", By("bob")),
              StatusIs(absl::StatusCode::kNotFound));
  InvoiceRecord changed = created;
  changed.total_minor = 12'000;
  ASSERT_THAT(invoices().Update(changed, By("bob")), IsOk());
  EXPECT_THAT(invoices().Update(changed, By("carol")),
              StatusIs(absl::StatusCode::kAborted));

  EXPECT_THAT(Changes(ChangeFilter{.action_prefix = "invoice."}),
              ElementsAre(Entry("alice", "invoice.create", "invoice F-1"),
                          Entry("bob", "invoice.update", "invoice F-1")));
}

TEST_P(ChangeLogTest, AnImportRecordsOneEntryWhenItCreatedSomething) {
  ASSERT_THAT(CreateClient("C-1"), IsOk());
  const std::vector<ImportRow> rows = {Row("C-1", "F-1"), Row("C-2", "F-2"),
                                       Row("C-2", "F-3"), Row("C-2", "F-3")};
  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult first,
                               invoices().ImportBatch(rows, By("alice")));
  EXPECT_EQ(first.clients_created, 1);
  // Everything is already there: nothing is recorded.
  ASSERT_THAT(invoices().ImportBatch(rows, By("bob")), IsOk());
  // The owner-scoped overload records as well.
  ASSERT_THAT(
      invoices().ImportBatch({Row("C-1", "F-4")}, ImportOptions{}, By("carol")),
      IsOk());

  EXPECT_THAT(Changes(ChangeFilter{.action_prefix = "invoice."}),
              ElementsAre(Entry("alice", "invoice.import",
                                "import: 3 invoices created, 1 client created"),
                          Entry("carol", "invoice.import",
                                "import: 1 invoice created")));
}

TEST_P(ChangeLogTest, PolicyWritesRecordTheirActorOnce) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-7"));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PolicyRecord created,
      policies().Create(Policy("Standard"), "request-1", By("alice")));
  ASSERT_THAT(policies().Create(Policy("Standard"), "request-1", By("bob")),
              IsOk());
  EXPECT_THAT(policies().Create(Policy("Standard"), "", By("bob")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  PolicyRecord changed = created;
  changed.name = "Standard 2026";
  ASSERT_THAT(policies().Update(changed, By("bob")), IsOk());
  EXPECT_THAT(policies().Update(changed, By("carol")),
              StatusIs(absl::StatusCode::kAborted));
  ASSERT_THAT(policies().SetDefault(created.id, By("carol")), IsOk());
  // Already the default: nothing changes, nothing is recorded.
  ASSERT_THAT(policies().SetDefault(created.id, By("dave")), IsOk());
  ASSERT_THAT(policies().Assign(client.id, created.id, By("erin")), IsOk());
  ASSERT_THAT(policies().Assign(client.id, 0, By("erin")), IsOk());
  EXPECT_THAT(policies().Assign(client.id, created.id + 100, By("frank")),
              StatusIs(absl::StatusCode::kNotFound));

  EXPECT_THAT(
      Changes(ChangeFilter{.action_prefix = "policy."}),
      ElementsAre(
          Entry("alice", "policy.create", "policy Standard"),
          Entry("bob", "policy.update", "policy Standard 2026"),
          Entry("carol", "policy.set_default", "policy Standard 2026"),
          Entry("erin", "policy.assign", "client C-7: policy Standard 2026"),
          Entry("erin", "policy.assign", "client C-7: no policy of its own")));
}

TEST_P(ChangeLogTest, TemplateWritesRecordCreateOrUpdate) {
  TemplateRepository& templates = database().templates();
  ASSERT_THAT(templates.Put(Template("change_test", "fr-BE"), 0, By("alice")),
              IsOk());
  EXPECT_THAT(templates.Put(Template("change_test", "fr-BE"), 0, By("bob")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  ASSERT_THAT(templates.Put(Template("change_test", "fr-BE"), 1, By("bob")),
              IsOk());
  EXPECT_THAT(templates.Put(Template("change_test", "fr-BE"), 1, By("carol")),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(templates.Put(Template("change_test", "de"), 1, By("carol")),
              StatusIs(absl::StatusCode::kNotFound));

  EXPECT_THAT(
      Changes(),
      ElementsAre(
          Entry("alice", "template.create", "template change_test (fr-BE)"),
          Entry("bob", "template.update", "template change_test (fr-BE)")));
}

TEST_P(ChangeLogTest, PenaltyRateUpsertRecordsTheRate) {
  PenaltyRateRepository& rates = database().penalty_rates();
  ASSERT_THAT(rates.Upsert(PenaltyRateKind::kLegal, absl::CivilDay(2031, 7, 1),
                           815, By("alice")),
              IsOk());
  ASSERT_THAT(rates.Upsert(PenaltyRateKind::kEcbMainRefinancing,
                           absl::CivilDay(2031, 7, 1), 5, By("bob")),
              IsOk());
  EXPECT_THAT(rates.Upsert(PenaltyRateKind::kLegal, absl::CivilDay(2031, 7, 2),
                           815, By("carol")),
              StatusIs(absl::StatusCode::kInvalidArgument));

  EXPECT_THAT(Changes(), ElementsAre(Entry("alice", "penalty_rate.set",
                                           "legal rate from 2031-07-01: 8.15%"),
                                     Entry("bob", "penalty_rate.set",
                                           "ecb rate from 2031-07-01: 0.05%")));
}

TEST_P(ChangeLogTest, UserAndTokenWritesRecordWhatTheyChanged) {
  UserRepository& users = database().users();
  ASSERT_THAT(users.CreateUser(User("marie", UserRole::kSalesRep), By("root")),
              IsOk());
  EXPECT_THAT(users.CreateUser(User("marie", UserRole::kAdmin), By("root")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TokenRecord token, users.CreateToken(Token("marie", 'a'), By("ops")));
  EXPECT_THAT(users.CreateToken(Token("marie", 'a'), By("ops")),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(users.CreateToken(Token("nobody", 'b'), By("ops")),
              StatusIs(absl::StatusCode::kNotFound));
  const absl::Time revoke_time = Now() + absl::Minutes(5);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TokenRecord revoked,
      users.RevokeToken(token.id, Change(revoke_time, "marie")));
  EXPECT_THAT(revoked.revoked, Optional(revoke_time));
  // Already revoked: the first instant stays, nothing is recorded.
  ASSERT_THAT(users.RevokeToken(token.id, By("ops")), IsOk());
  ASSERT_THAT(users.DisableUser("marie", By("root")), IsOk());
  ASSERT_THAT(users.DisableUser("marie", By("ops")), IsOk());
  EXPECT_THAT(users.DisableUser("nobody", By("ops")),
              StatusIs(absl::StatusCode::kNotFound));

  const std::string token_subject =
      absl::StrCat("token ", token.id, " of marie");
  const std::vector<ChangeRecord> changes = Changes();
  EXPECT_THAT(
      changes,
      ElementsAre(Entry("root", "user.create", "user marie (sales_rep)"),
                  Entry("ops", "token.create", token_subject),
                  Entry("marie", "token.revoke", token_subject),
                  Entry("root", "user.disable", "user marie")));
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[2].time, revoke_time);
}

TEST_P(ChangeLogTest, TheFirstAdminIsRecordedAsMadeByTheServer) {
  UserRepository& users = database().users();
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::optional<TokenRecord> token,
      users.CreateFirstAdmin(User("admin", UserRole::kAdmin),
                             Token("admin", '1')));
  ASSERT_TRUE(token.has_value());
  // Once there is a user, nothing is written, nothing is recorded.
  ASSERT_THAT(users.CreateFirstAdmin(User("admin2", UserRole::kAdmin),
                                     Token("admin2", '2')),
              IsOk());

  const std::vector<ChangeRecord> changes = Changes();
  EXPECT_THAT(
      changes,
      ElementsAre(Entry(kSystemActor, "user.create", "user admin (admin)"),
                  Entry(kSystemActor, "token.create",
                        absl::StrCat("token ", token->id, " of admin"))));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].time, User("admin", UserRole::kAdmin).created);
  EXPECT_EQ(changes[1].time, token->created);
}

TEST_P(ChangeLogTest, AWriteWithoutAnActorIsRecordedAsTheServers) {
  ASSERT_THAT(clients().Create(SampleClient("C-1"), "", Now()), IsOk());
  EXPECT_THAT(Changes(),
              ElementsAre(Entry(kSystemActor, "client.create", "client C-1")));
}

TEST_P(ChangeLogTest, AWriteWithAnEmptyActorIsRejectedWithNothingWritten) {
  EXPECT_THAT(clients().Create(SampleClient("C-1"), "", By("")),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows("clients"), 0);
  EXPECT_THAT(Changes(), IsEmpty());
}

TEST_P(ChangeLogTest, ListFiltersByActorAndActionPrefixAndPages) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord client,
      clients().Create(SampleClient("C-1"), "", By("alice")));
  ASSERT_THAT(clients().Create(SampleClient("C-2"), "", By("bob")), IsOk());
  ASSERT_THAT(
      invoices().Create(SampleInvoice(client.id, "F-1", 100), "", By("alice")),
      IsOk());
  ASSERT_THAT(clients().Update(client, By("alice")), IsOk());
  ASSERT_THAT(
      database().penalty_rates().Upsert(
          PenaltyRateKind::kLegal, absl::CivilDay(2031, 1, 1), 100, By("bob")),
      IsOk());

  EXPECT_THAT(Changes(ChangeFilter{.actor = "alice"}),
              ElementsAre(Entry("alice", "client.create", "client C-1"),
                          Entry("alice", "invoice.create", "invoice F-1"),
                          Entry("alice", "client.update", "client C-1")));
  EXPECT_THAT(Changes(ChangeFilter{.action_prefix = "client."}),
              ElementsAre(Entry("alice", "client.create", "client C-1"),
                          Entry("bob", "client.create", "client C-2"),
                          Entry("alice", "client.update", "client C-1")));
  EXPECT_THAT(Changes(ChangeFilter{.actor = "bob", .action_prefix = "client."}),
              ElementsAre(Entry("bob", "client.create", "client C-2")));
  // The prefix is matched as written: '_' is no wildcard.
  EXPECT_THAT(Changes(ChangeFilter{.action_prefix = "penalty_rate."}),
              ElementsAre(Entry("bob", "penalty_rate.set",
                                "legal rate from 2031-01-01: 1.00%")));
  EXPECT_THAT(Changes(ChangeFilter{.action_prefix = "client_"}), IsEmpty());
  EXPECT_THAT(Changes(ChangeFilter{.actor = "nobody"}), IsEmpty());

  // Pages of two, following next_after_id to the end.
  std::vector<std::string> actions;
  PageRequest request{.limit = 2};
  int pages = 0;
  while (true) {
    RELANCE_ASSERT_OK_AND_ASSIGN(Page<ChangeRecord> page,
                                 database().changes().List({}, request));
    ++pages;
    ASSERT_LE(page.items.size(), 2u);
    for (const ChangeRecord& change : page.items) {
      actions.push_back(change.action);
    }
    if (!page.next_after_id.has_value()) break;
    EXPECT_EQ(*page.next_after_id, page.items.back().id);
    request.after_id = *page.next_after_id;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_THAT(actions,
              ElementsAre("client.create", "client.create", "invoice.create",
                          "client.update", "penalty_rate.set"));

  EXPECT_THAT(database().changes().List({}, PageRequest{.limit = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

INSTANTIATE_TEST_SUITE_P(Backends, ChangeLogTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
