#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/records.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

PolicyStepRecord Step(std::string key, int offset_days,
                      std::vector<Channel> channels,
                      Actor actor = Actor::kAutomatic) {
  PolicyStepRecord step;
  step.key = key;
  step.offset_days = offset_days;
  step.channels = std::move(channels);
  step.template_key = std::move(key);
  step.actor = actor;
  return step;
}

// A policy with every field set, fees of both kinds and minimums.
PolicyRecord SamplePolicy(std::string name) {
  PolicyRecord policy;
  policy.name = std::move(name);
  policy.description = "Grands comptes: \"appel\" d'abord, puis lettres";
  policy.grouping = Grouping::kPerClient;
  policy.send_window_start_minute = 0;
  policy.send_window_end_minute = 1440;
  PolicyStepRecord call = Step("call", -5, {Channel::kPhone}, Actor::kOwner);
  call.min_gap_days = 0;
  call.min_outstanding = {{.currency = "CHF", .minor = 0},
                          {.currency = "EUR", .minor = 5'000}};
  PolicyStepRecord letter =
      Step("letter", 7, {Channel::kSms, Channel::kEmail, Channel::kLetter});
  letter.min_gap_days = 3;
  letter.fee_fixed = CurrencyAmount{.currency = "EUR", .minor = 4'000};
  PolicyStepRecord notice =
      Step("notice", 30, {Channel::kRegisteredLetter}, Actor::kBackOffice);
  notice.min_gap_days = 10;
  notice.fee_percent_bp = 1'000;
  notice.formal_notice = true;
  notice.notice_deadline_days = 15;
  notice.hand_over = true;
  notice.min_outstanding = {{.currency = "USD", .minor = 9'223'372'036'854}};
  policy.steps = {call, letter, notice};
  return policy;
}

void ExpectSamePolicy(const PolicyRecord& actual,
                      const PolicyRecord& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.description, expected.description);
  EXPECT_EQ(actual.grouping, expected.grouping);
  EXPECT_EQ(actual.send_window_start_minute, expected.send_window_start_minute);
  EXPECT_EQ(actual.send_window_end_minute, expected.send_window_end_minute);
  EXPECT_EQ(actual.is_default, expected.is_default);
  EXPECT_EQ(actual.steps, expected.steps);
  EXPECT_EQ(actual.version, expected.version);
  EXPECT_EQ(actual.create_time, expected.create_time);
  EXPECT_EQ(actual.update_time, expected.update_time);
}

TEST_P(RepositoryContractTest, SeededDefaultLadderIsReadBackExactly) {
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord policy, policies().GetDefault());
  EXPECT_EQ(policy.name, "Relance B2B France");
  EXPECT_THAT(policy.description, HasSubstr("8-day deadline"));
  EXPECT_EQ(policy.grouping, Grouping::kPerInvoice);
  EXPECT_EQ(policy.send_window_start_minute, 9 * 60);
  EXPECT_EQ(policy.send_window_end_minute, 18 * 60);
  EXPECT_TRUE(policy.is_default);
  EXPECT_EQ(policy.version, 1);

  PolicyStepRecord courtesy = Step("courtesy", -3, {Channel::kEmail});
  PolicyStepRecord first = Step("first_reminder", 1, {Channel::kEmail});
  first.min_gap_days = 2;
  PolicyStepRecord second =
      Step("second_reminder", 10, {Channel::kEmail, Channel::kLetter});
  second.min_gap_days = 5;
  PolicyStepRecord call =
      Step("phone_call", 20, {Channel::kPhone}, Actor::kOwner);
  call.min_gap_days = 5;
  PolicyStepRecord notice =
      Step("formal_notice", 30, {Channel::kRegisteredLetter});
  notice.min_gap_days = 5;
  notice.formal_notice = true;
  notice.notice_deadline_days = 8;
  PolicyStepRecord collection = Step("collection", 45, {}, Actor::kBackOffice);
  collection.min_gap_days = 9;
  collection.hand_over = true;
  EXPECT_THAT(policy.steps,
              ElementsAre(courtesy, first, second, call, notice, collection));

  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord by_id, policies().Get(policy.id));
  ExpectSamePolicy(by_id, policy);
  RELANCE_ASSERT_OK_AND_ASSIGN(Page<PolicyRecord> page, policies().List({}));
  ASSERT_EQ(page.items.size(), 1u);
  ExpectSamePolicy(page.items[0], policy);
}

TEST_P(RepositoryContractTest, PolicyCreateRoundTripsStepsMinimumsAndFees) {
  const PolicyRecord policy = SamplePolicy("Grands comptes");
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord created,
                               policies().Create(policy, "", Now()));
  PolicyRecord expected = policy;
  expected.id = created.id;
  expected.version = 1;
  expected.create_time = Now();
  expected.update_time = Now();
  ExpectSamePolicy(created, expected);
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord fetched,
                               policies().Get(created.id));
  ExpectSamePolicy(fetched, expected);

  // A policy without steps is stored too.
  PolicyRecord empty = SamplePolicy("Aucune relance");
  empty.steps.clear();
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord created_empty,
                               policies().Create(empty, "", Now()));
  EXPECT_THAT(created_empty.steps, ::testing::IsEmpty());
}

TEST_P(RepositoryContractTest, PolicyCreateIsIdempotentPerRequestId) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PolicyRecord first,
      policies().Create(SamplePolicy("P1"), "request-1", Now()));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PolicyRecord replayed, policies().Create(SamplePolicy("P2"), "request-1",
                                               Now() + absl::Hours(1)));
  ExpectSamePolicy(replayed, first);
  EXPECT_EQ(CountRows("policies"), 2);  // The seeded default and P1.
}

TEST_P(RepositoryContractTest, PolicyCreateWithTakenNameIsAlreadyExists) {
  EXPECT_THAT(
      policies().Create(SamplePolicy("Relance B2B France"), "r", Now()),
      StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("B2B France")));
  EXPECT_EQ(CountRows("policies"), 1);
  EXPECT_EQ(CountRows("policy_steps"), 6);
}

TEST_P(RepositoryContractTest, PolicyThatTheTablesCannotHoldIsInvalidArgument) {
  PolicyRecord twice = SamplePolicy("P");
  twice.steps[1].key = twice.steps[0].key;
  EXPECT_THAT(policies().Create(twice, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  PolicyRecord both_fees = SamplePolicy("P");
  both_fees.steps[1].fee_percent_bp = 100;
  EXPECT_THAT(policies().Create(both_fees, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  PolicyRecord bad_window = SamplePolicy("P");
  bad_window.send_window_start_minute = 600;
  bad_window.send_window_end_minute = 600;
  EXPECT_THAT(policies().Create(bad_window, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  PolicyRecord bad_currency = SamplePolicy("P");
  bad_currency.steps[0].min_outstanding[0].currency = "eur";
  EXPECT_THAT(policies().Create(bad_currency, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows("policies"), 1);
  EXPECT_EQ(CountRows("policy_steps"), 6);
  EXPECT_EQ(CountRows("policy_step_minimums"), 0);
}

TEST_P(RepositoryContractTest, PolicyUpdateReplacesTheStepsIfTheVersionHolds) {
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord created,
                               policies().Create(SamplePolicy("P"), "", Now()));
  PolicyRecord changed = created;
  changed.name = "P renamed";
  changed.description = "";
  changed.grouping = Grouping::kPerInvoice;
  changed.send_window_start_minute = 480;
  changed.send_window_end_minute = 1200;
  changed.steps = {created.steps[2], Step("final", 60, {Channel::kEmail})};
  changed.steps[0].min_outstanding = {{.currency = "GBP", .minor = 1}};
  const absl::Time later = Now() + absl::Seconds(1);
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord updated,
                               policies().Update(changed, later));
  PolicyRecord expected = changed;
  expected.version = 2;
  expected.update_time = later;
  ExpectSamePolicy(updated, expected);
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord fetched,
                               policies().Get(created.id));
  ExpectSamePolicy(fetched, expected);
  EXPECT_EQ(CountRows("policy_steps"), 6 + 2);
  EXPECT_EQ(CountRows("policy_step_minimums"), 1);

  // The first version is stale now.
  EXPECT_THAT(policies().Update(created, later),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  PolicyRecord missing = changed;
  missing.id = 4242;
  EXPECT_THAT(policies().Update(missing, later),
              StatusIs(absl::StatusCode::kNotFound));
  PolicyRecord taken = updated;
  taken.name = "Relance B2B France";
  EXPECT_THAT(policies().Update(taken, later),
              StatusIs(absl::StatusCode::kAlreadyExists));
  RELANCE_ASSERT_OK_AND_ASSIGN(fetched, policies().Get(created.id));
  ExpectSamePolicy(fetched, expected);
}

TEST_P(RepositoryContractTest, PolicySetDefaultMovesTheFlag) {
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord seeded, policies().GetDefault());
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord created,
                               policies().Create(SamplePolicy("P"), "", Now()));
  EXPECT_FALSE(created.is_default);

  const absl::Time later = Now() + absl::Seconds(1);
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord made,
                               policies().SetDefault(created.id, later));
  EXPECT_TRUE(made.is_default);
  EXPECT_EQ(made.version, 2);
  EXPECT_EQ(made.update_time, later);
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord now_default,
                               policies().GetDefault());
  EXPECT_EQ(now_default.id, created.id);
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord former, policies().Get(seeded.id));
  EXPECT_FALSE(former.is_default);
  EXPECT_EQ(former.version, 2);

  // Again: nothing changes.
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord again,
                               policies().SetDefault(created.id, later));
  ExpectSamePolicy(again, made);
  EXPECT_THAT(policies().SetDefault(4242, later),
              StatusIs(absl::StatusCode::kNotFound));
  absl::StatusOr<long long> defaults = test_database().QueryInteger(
      "SELECT COUNT(*) FROM policies WHERE is_default = 1");
  ASSERT_THAT(defaults, IsOk());
  EXPECT_EQ(*defaults, 1);
}

TEST_P(RepositoryContractTest, PolicyAssignAttachesAndDetaches) {
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord seeded, policies().GetDefault());
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord created,
                               policies().Create(SamplePolicy("P"), "", Now()));
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));

  const absl::Time later = Now() + absl::Seconds(1);
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord followed,
                               policies().Assign(client.id, created.id, later));
  ExpectSamePolicy(followed, created);
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord attached, clients().Get(client.id));
  EXPECT_EQ(attached.policy_id, created.id);
  EXPECT_EQ(attached.version, 2);
  EXPECT_EQ(attached.update_time, later);

  // A client update leaves the policy alone.
  ASSERT_THAT(clients().Update(attached, later), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(attached, clients().Get(client.id));
  EXPECT_EQ(attached.policy_id, created.id);

  RELANCE_ASSERT_OK_AND_ASSIGN(followed,
                               policies().Assign(client.id, 0, later));
  EXPECT_EQ(followed.id, seeded.id);
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord detached, clients().Get(client.id));
  EXPECT_EQ(detached.policy_id, 0);
  EXPECT_EQ(detached.version, 4);

  EXPECT_THAT(policies().Assign(4242, created.id, later),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("client")));
  EXPECT_THAT(policies().Assign(client.id, 4242, later),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("policy")));
  RELANCE_ASSERT_OK_AND_ASSIGN(detached, clients().Get(client.id));
  EXPECT_EQ(detached.version, 4);
}

TEST_P(RepositoryContractTest,
       PolicyChangesMarkTheOpenInvoicesOfTheClientsThatFollowIt) {
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord seeded, policies().GetDefault());
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord own,
                               policies().Create(SamplePolicy("P"), "", Now()));
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord attached, CreateClient("C-1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord by_default, CreateClient("C-2"));
  ASSERT_THAT(policies().Assign(attached.id, own.id, Now()), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord attached_open,
                               CreateInvoice(attached.id, "F-1", 100));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord attached_paid,
                               CreateInvoice(attached.id, "F-2", 100));
  ASSERT_THAT(
      invoices().AddSettlement(Payment(attached_paid.id, 100), "", Now()),
      IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord default_open,
                               CreateInvoice(by_default.id, "F-3", 100));
  auto reset = [&] {
    for (std::int64_t id :
         {attached_open.id, attached_paid.id, default_open.id}) {
      SetNextActionMicros(id, 777);
    }
  };

  reset();
  RELANCE_ASSERT_OK_AND_ASSIGN(own, policies().Update(own, Now()));
  EXPECT_EQ(NextActionMicros(attached_open.id), 0);
  EXPECT_EQ(NextActionMicros(attached_paid.id), 777);
  EXPECT_EQ(NextActionMicros(default_open.id), 777);

  reset();
  RELANCE_ASSERT_OK_AND_ASSIGN(seeded, policies().Update(seeded, Now()));
  EXPECT_EQ(NextActionMicros(attached_open.id), 777);
  EXPECT_EQ(NextActionMicros(default_open.id), 0);

  reset();
  ASSERT_THAT(policies().Assign(attached.id, 0, Now()), IsOk());
  EXPECT_EQ(NextActionMicros(attached_open.id), 0);
  EXPECT_EQ(NextActionMicros(attached_paid.id), 777);
  EXPECT_EQ(NextActionMicros(default_open.id), 777);

  reset();
  ASSERT_THAT(policies().Assign(attached.id, own.id, Now()), IsOk());
  ASSERT_THAT(policies().SetDefault(own.id, Now()), IsOk());
  // Both follow `own` now, and only `by_default` through the default.
  EXPECT_EQ(NextActionMicros(default_open.id), 0);
  EXPECT_EQ(NextActionMicros(attached_paid.id), 777);

  // A failed update marks nothing.
  reset();
  EXPECT_THAT(policies().Update(seeded, Now() /* stale: version moved */),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(NextActionMicros(default_open.id), 777);
}

TEST_P(RepositoryContractTest, PolicyListPagesInIdOrder) {
  std::vector<std::int64_t> ids;
  RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord seeded, policies().GetDefault());
  ids.push_back(seeded.id);
  for (int i = 0; i < 4; ++i) {
    RELANCE_ASSERT_OK_AND_ASSIGN(
        PolicyRecord created,
        policies().Create(SamplePolicy(absl::StrCat("P", i)), "", Now()));
    ids.push_back(created.id);
  }
  std::vector<std::int64_t> listed;
  PageRequest page{.limit = 2};
  while (true) {
    RELANCE_ASSERT_OK_AND_ASSIGN(Page<PolicyRecord> result,
                                 policies().List(page));
    for (const PolicyRecord& policy : result.items) {
      listed.push_back(policy.id);
      EXPECT_EQ(policy.steps.size(), policy.id == seeded.id ? 6u : 3u);
    }
    if (!result.next_after_id.has_value()) break;
    page.after_id = *result.next_after_id;
  }
  EXPECT_EQ(listed, ids);
  EXPECT_THAT(policies().List({.limit = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(RepositoryContractTest, PolicyGetOfMissingIdIsNotFound) {
  EXPECT_THAT(policies().Get(4242),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("4242")));
}

}  // namespace
}  // namespace relance::storage
