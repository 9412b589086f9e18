#include <cstdint>
#include <optional>
#include <set>
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
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/workflow.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

// Owner scoping: a sales rep's lists hold only the rows of the clients it owns,
// and its imports touch no other owner's client.
namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

InteractionRecord Entry(absl::string_view summary) {
  InteractionRecord entry;
  entry.actor = "marie";
  entry.occurred_time = absl::FromUnixSeconds(1'767'200'000);
  entry.summary = std::string(summary);
  return entry;
}

// What one owner's client holds: a disputed invoice with a reminder, a
// promised one and one paid in instalments.
struct OwnedRows {
  ClientRecord client;
  std::int64_t dispute_id = 0;
  std::int64_t promise_id = 0;
  std::int64_t plan_id = 0;
  std::int64_t reminder_id = 0;
  std::vector<std::int64_t> invoice_ids;
};

class OwnerScopeTest : public RepositoryContractTest {
 protected:
  void SetUp() override {
    RepositoryContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(Populate("C-ANNE", "anne", &anne_));
    ASSERT_NO_FATAL_FAILURE(Populate("C-BRUNO", "bruno", &bruno_));
    // A client nobody owns is in nobody's scope.
    ASSERT_NO_FATAL_FAILURE(Populate("C-NOBODY", "", &nobody_));
  }

  void Populate(absl::string_view reference, absl::string_view owner,
                OwnedRows* rows) {
    ClientRecord client = SampleClient(reference);
    client.owner = std::string(owner);
    RELANCE_ASSERT_OK_AND_ASSIGN(rows->client,
                                 clients().Create(client, "", Now()));
    const std::int64_t client_id = rows->client.id;
    std::vector<InvoiceRecord> invoices;
    for (int i = 1; i <= 3; ++i) {
      RELANCE_ASSERT_OK_AND_ASSIGN(
          InvoiceRecord invoice,
          CreateInvoice(client_id, absl::StrCat(reference, "-F", i), 100000));
      rows->invoice_ids.push_back(invoice.id);
      invoices.push_back(invoice);
    }
    WorkflowRepository& workflow = database().workflow();

    DisputeRecord dispute;
    dispute.invoice_id = invoices[0].id;
    dispute.reason = "goods damaged";
    dispute.opened_by = "marie";
    RELANCE_ASSERT_OK_AND_ASSIGN(
        WorkflowChange<DisputeRecord> opened,
        workflow.OpenDispute(dispute, Entry("opened"), Now()));
    rows->dispute_id = opened.record.id;

    PromiseRecord promise;
    promise.invoice_id = invoices[1].id;
    promise.amount = {"EUR", 50000};
    promise.promised_date = absl::CivilDay(2026, 2, 20);
    promise.made_by = "marie";
    RELANCE_ASSERT_OK_AND_ASSIGN(
        WorkflowChange<PromiseRecord> made,
        workflow.MakePromise(promise, Entry("promised"), Now()));
    rows->promise_id = made.record.id;

    PlanRecord plan;
    plan.invoice_id = invoices[2].id;
    plan.total = {"EUR", 0};
    plan.created_by = "marie";
    InstalmentRecord first;
    first.due_date = absl::CivilDay(2026, 3, 1);
    first.amount_minor = 50000;
    InstalmentRecord second = first;
    second.due_date = absl::CivilDay(2026, 4, 1);
    plan.instalments = {first, second};
    RELANCE_ASSERT_OK_AND_ASSIGN(
        WorkflowChange<PlanRecord> created,
        workflow.CreatePlan(plan, Entry("planned"), Now()));
    rows->plan_id = created.record.id;

    RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord policy, policies().GetDefault());
    ReminderRecord reminder;
    reminder.invoice_id = invoices[0].id;
    reminder.client_id = client_id;
    reminder.policy_id = policy.id;
    reminder.step_key = "step_0";
    reminder.channels = {Channel::kEmail};
    reminder.template_key = "template_0";
    reminder.actor = Actor::kAutomatic;
    reminder.state = ReminderState::kScheduled;
    reminder.scheduled_time = Now() + absl::Hours(24);
    reminder.group_key = absl::StrCat("invoice:", invoices[0].id);
    SetNextActionMicros(invoices[0].id, 0);
    DunningPlanner planner = [&](const std::vector<DunningCandidate>&)
        -> absl::StatusOr<std::vector<InvoicePlan>> {
      InvoicePlan invoice_plan;
      invoice_plan.invoice_id = invoices[0].id;
      invoice_plan.inserts = {reminder};
      return std::vector<InvoicePlan>{invoice_plan};
    };
    ASSERT_THAT(
        dunning().ProcessDueBatch(Now(), {}, 10'000, false, planner, Now()),
        IsOk());
    RELANCE_ASSERT_OK_AND_ASSIGN(
        Page<ReminderRecord> reminders,
        dunning().ListReminders({.invoice_id = invoices[0].id}, {}));
    ASSERT_THAT(reminders.items, SizeIs(1));
    rows->reminder_id = reminders.items[0].id;
  }

  // Every page of a list, with a small page size so that paging is scoped
  // too; `list` is called with each page request.
  template <typename Record, typename List>
  std::vector<Record> All(List list) {
    std::vector<Record> all;
    PageRequest page{.limit = 2};
    while (true) {
      absl::StatusOr<Page<Record>> result = list(page);
      EXPECT_THAT(result, IsOk());
      if (!result.ok()) break;
      all.insert(all.end(), result->items.begin(), result->items.end());
      if (!result->next_after_id.has_value()) break;
      page.after_id = *result->next_after_id;
    }
    return all;
  }

  template <typename Record>
  static std::set<std::int64_t> ClientIds(const std::vector<Record>& records) {
    std::set<std::int64_t> ids;
    for (const Record& record : records) ids.insert(record.client_id);
    return ids;
  }

  OwnedRows anne_;
  OwnedRows bruno_;
  OwnedRows nobody_;
};

TEST_P(OwnerScopeTest, ClientListsHoldOnlyTheOwnersClients) {
  auto list = [&](std::optional<std::string> owner) {
    std::vector<std::string> references;
    for (const ClientRecord& client :
         All<ClientRecord>([&](const PageRequest& page) {
           return clients().List({.owner = owner}, page);
         })) {
      references.push_back(client.reference);
    }
    return references;
  };
  EXPECT_THAT(list("anne"), ElementsAre("C-ANNE"));
  EXPECT_THAT(list("bruno"), ElementsAre("C-BRUNO"));
  EXPECT_THAT(list("carla"), IsEmpty());
  EXPECT_THAT(list(std::nullopt), ElementsAre("C-ANNE", "C-BRUNO", "C-NOBODY"));
  // Combined with the other filters, not instead of them.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<ClientRecord> other,
      clients().List({.reference = "C-BRUNO", .owner = "anne"}, {}));
  EXPECT_THAT(other.items, IsEmpty());
}

TEST_P(OwnerScopeTest, InvoiceListsHoldOnlyTheOwnersInvoices) {
  auto ids = [&](std::optional<std::string> owner) {
    std::vector<std::int64_t> invoice_ids;
    for (const InvoiceRecord& invoice :
         All<InvoiceRecord>([&](const PageRequest& page) {
           return invoices().List({.owner = owner}, page);
         })) {
      invoice_ids.push_back(invoice.id);
    }
    return invoice_ids;
  };
  EXPECT_EQ(ids("anne"), anne_.invoice_ids);
  EXPECT_EQ(ids("bruno"), bruno_.invoice_ids);
  EXPECT_THAT(ids(std::nullopt), SizeIs(9));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<InvoiceRecord> other,
      invoices().List({.client_id = bruno_.client.id, .owner = "anne"}, {}));
  EXPECT_THAT(other.items, IsEmpty());
}

TEST_P(OwnerScopeTest, ReminderListsHoldOnlyTheOwnersReminders) {
  auto list = [&](std::optional<std::string> owner) {
    return All<ReminderRecord>([&](const PageRequest& page) {
      return dunning().ListReminders({.owner = owner}, page);
    });
  };
  std::vector<ReminderRecord> anne = list("anne");
  ASSERT_THAT(anne, SizeIs(1));
  EXPECT_EQ(anne[0].id, anne_.reminder_id);
  std::vector<ReminderRecord> bruno = list("bruno");
  ASSERT_THAT(bruno, SizeIs(1));
  EXPECT_EQ(bruno[0].id, bruno_.reminder_id);
  EXPECT_THAT(list(std::nullopt), SizeIs(3));
}

TEST_P(OwnerScopeTest, InteractionListsHoldOnlyTheOwnersEntries) {
  auto list = [&](std::optional<std::string> owner) {
    return All<InteractionRecord>([&](const PageRequest& page) {
      return database().interactions().List({.owner = owner}, page);
    });
  };
  std::vector<InteractionRecord> anne = list("anne");
  std::vector<InteractionRecord> bruno = list("bruno");
  // The dispute, the promise and the plan each wrote an entry.
  EXPECT_THAT(anne, SizeIs(3));
  EXPECT_THAT(ClientIds(anne), ElementsAre(anne_.client.id));
  EXPECT_THAT(bruno, SizeIs(3));
  EXPECT_THAT(ClientIds(bruno), ElementsAre(bruno_.client.id));
  EXPECT_THAT(list(std::nullopt), SizeIs(9));
}

TEST_P(OwnerScopeTest, WorkflowListsHoldOnlyTheOwnersRows) {
  WorkflowRepository& workflow = database().workflow();
  for (const OwnedRows* rows : {&anne_, &bruno_}) {
    const std::string owner = rows->client.owner;
    SCOPED_TRACE(owner);
    std::vector<DisputeRecord> disputes =
        All<DisputeRecord>([&](const PageRequest& page) {
          return workflow.ListDisputes({.owner = owner}, page);
        });
    ASSERT_THAT(disputes, SizeIs(1));
    EXPECT_EQ(disputes[0].id, rows->dispute_id);
    std::vector<PromiseRecord> promises =
        All<PromiseRecord>([&](const PageRequest& page) {
          return workflow.ListPromises({.owner = owner}, page);
        });
    ASSERT_THAT(promises, SizeIs(1));
    EXPECT_EQ(promises[0].id, rows->promise_id);
    std::vector<PlanRecord> plans =
        All<PlanRecord>([&](const PageRequest& page) {
          return workflow.ListPlans({.owner = owner}, page);
        });
    ASSERT_THAT(plans, SizeIs(1));
    EXPECT_EQ(plans[0].id, rows->plan_id);
  }
  EXPECT_THAT(All<DisputeRecord>([&](const PageRequest& page) {
                return workflow.ListDisputes({}, page);
              }),
              SizeIs(3));
  EXPECT_THAT(All<PlanRecord>([&](const PageRequest& page) {
                return workflow.ListPlans({.owner = "carla"}, page);
              }),
              IsEmpty());
}

ImportRow Row(absl::string_view client_reference, absl::string_view number) {
  ImportRow row;
  row.client.reference = std::string(client_reference);
  row.client.name = absl::StrCat("Client ", client_reference);
  row.client.kind = ClientKind::kB2B;
  row.invoice.number = std::string(number);
  row.invoice.issue_date = absl::CivilDay(2026, 1, 5);
  row.invoice.due_date = absl::CivilDay(2026, 2, 4);
  row.invoice.currency = "EUR";
  row.invoice.total_minor = 1000;
  return row;
}

TEST_P(OwnerScopeTest, ScopedImportRefusesOtherOwnersClientsAndOwnsNewOnes) {
  const std::vector<ImportRow> rows = {
      Row("C-ANNE", "I-1"),    // Anne's own client.
      Row("C-BRUNO", "I-2"),   // Bruno's: refused.
      Row("C-NEW", "I-3"),     // New: created for Anne.
      Row("C-NOBODY", "I-4"),  // Nobody's: not Anne's either.
      Row("C-NEW", "I-5"),     // The client the batch created.
      Row("C-BRUNO", "I-6"),   // Refused, and its number stays free...
      Row("C-ANNE", "I-6"),    // ...for a row of Anne's.
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ImportBatchResult result,
      invoices().ImportBatch(rows, {.owner_scope = "anne"}, Now()));
  constexpr ImportOutcome kCreated = ImportOutcome::kCreated;
  constexpr ImportOutcome kRefused = ImportOutcome::kClientOfAnotherOwner;
  EXPECT_THAT(result.outcomes,
              ElementsAre(kCreated, kRefused, kCreated, kRefused, kCreated,
                          kRefused, kCreated));
  EXPECT_EQ(result.clients_created, 1);

  RELANCE_ASSERT_OK_AND_ASSIGN(Page<ClientRecord> created,
                               clients().List({.reference = "C-NEW"}, {}));
  ASSERT_THAT(created.items, SizeIs(1));
  EXPECT_EQ(created.items[0].owner, "anne");
  // Nothing was written for Bruno's or nobody's client.
  for (const OwnedRows* rows : {&bruno_, &nobody_}) {
    RELANCE_ASSERT_OK_AND_ASSIGN(
        Page<InvoiceRecord> theirs,
        invoices().List({.client_id = rows->client.id}, {}));
    EXPECT_THAT(theirs.items, SizeIs(3));
  }
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<InvoiceRecord> annes,
      invoices().List({.owner = "anne"}, {.limit = 100}));
  EXPECT_THAT(annes.items, SizeIs(3 + 4));
  EXPECT_EQ(CountRows("invoices"), 9 + 4);
}

TEST_P(OwnerScopeTest, ScopedImportCreatesTheRowsAnUnscopedOneWould) {
  // Without a scope, clients are created unowned and any client is imported
  // into, as before.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ImportBatchResult result,
      invoices().ImportBatch({Row("C-BRUNO", "I-1"), Row("C-NEW", "I-2")},
                             Now()));
  EXPECT_THAT(result.outcomes,
              ElementsAre(ImportOutcome::kCreated, ImportOutcome::kCreated));
  RELANCE_ASSERT_OK_AND_ASSIGN(Page<ClientRecord> created,
                               clients().List({.reference = "C-NEW"}, {}));
  ASSERT_THAT(created.items, SizeIs(1));
  EXPECT_EQ(created.items[0].owner, "");

  // A scoped import of rows already there for the scope's client reports them
  // present, like an unscoped one.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ImportBatchResult again,
      invoices().ImportBatch({Row("C-BRUNO", "I-1"), Row("C-BRUNO", "I-9")},
                             {.owner_scope = "bruno"}, Now()));
  EXPECT_THAT(again.outcomes, ElementsAre(ImportOutcome::kAlreadyPresent,
                                          ImportOutcome::kCreated));
  EXPECT_EQ(again.clients_created, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, OwnerScopeTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
