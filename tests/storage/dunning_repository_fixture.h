// The dunning repository's test fixture: a client, a policy, invoices, and a
// planner that records what it saw.
#ifndef RELANCE_TESTS_STORAGE_DUNNING_REPOSITORY_FIXTURE_H_
#define RELANCE_TESTS_STORAGE_DUNNING_REPOSITORY_FIXTURE_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/registered_letters.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage::dunning_test {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// What a planner saw, batch by batch.
struct Recorded {
  std::vector<std::vector<DunningCandidate>> batches;
};

// A planner that records its batches and plans nothing.
inline DunningPlanner Recording(Recorded* recorded) {
  return [recorded](const std::vector<DunningCandidate>& candidates)
             -> absl::StatusOr<std::vector<InvoicePlan>> {
    recorded->batches.push_back(candidates);
    return std::vector<InvoicePlan>();
  };
}

inline std::vector<std::int64_t> InvoiceIds(
    const std::vector<DunningCandidate>& candidates) {
  std::vector<std::int64_t> ids;
  for (const DunningCandidate& candidate : candidates)
    ids.push_back(candidate.invoice.id);
  return ids;
}

// The id of the reminder of `invoice_id` for step `step_index` in `reminders`;
// -1 if there is none.
inline std::int64_t IdOf(const std::vector<ReminderRecord>& reminders,
                         std::int64_t invoice_id, int step_index) {
  for (const ReminderRecord& reminder : reminders) {
    if (reminder.invoice_id == invoice_id &&
        reminder.step_index == step_index) {
      return reminder.id;
    }
  }
  return -1;
}

inline std::vector<std::int64_t> ReminderIds(
    const std::vector<ReminderRecord>& reminders) {
  std::vector<std::int64_t> ids;
  for (const ReminderRecord& reminder : reminders) ids.push_back(reminder.id);
  return ids;
}

class DunningRepositoryTest : public RepositoryContractTest {
 protected:
  void SetUp() override {
    RepositoryContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord policy, policies().GetDefault());
    policy_id_ = policy.id;
    RELANCE_ASSERT_OK_AND_ASSIGN(client_, CreateClient("C-001"));
  }

  // A reminder of the default policy's step `step_index` for `invoice`, with
  // every field set.
  ReminderRecord NewReminder(const InvoiceRecord& invoice, int step_index,
                             ReminderState state = ReminderState::kScheduled) {
    ReminderRecord reminder;
    reminder.invoice_id = invoice.id;
    reminder.client_id = invoice.client_id;
    reminder.policy_id = policy_id_;
    reminder.step_key = absl::StrCat("step_", step_index);
    reminder.step_index = step_index;
    reminder.rank = 10 + step_index;
    reminder.channels = {Channel::kEmail, Channel::kLetter};
    reminder.template_key = absl::StrCat("template_", step_index);
    reminder.actor = Actor::kAutomatic;
    reminder.assignee = "";
    reminder.state = state;
    reminder.reason = "";
    reminder.scheduled_time =
        Now() + absl::Hours(24 * step_index) + absl::Microseconds(7);
    reminder.group_key = absl::StrCat("invoice:", invoice.id);
    return reminder;
  }

  // Inserts `reminders` through a run that plans only them (in invoice
  // order); their invoices are left to be looked at again at once (next
  // action 0). Returns every stored reminder, in id order.
  std::vector<ReminderRecord> Plant(
      const std::vector<ReminderRecord>& reminders) {
    std::map<std::int64_t, InvoicePlan> plans;
    for (const ReminderRecord& reminder : reminders) {
      InvoicePlan& plan = plans[reminder.invoice_id];
      plan.invoice_id = reminder.invoice_id;
      plan.inserts.push_back(reminder);
      plan.next_action = absl::UnixEpoch();
      SetNextActionMicros(reminder.invoice_id, 0);
    }
    DunningPlanner planner = [&](const std::vector<DunningCandidate>&)
        -> absl::StatusOr<std::vector<InvoicePlan>> {
      std::vector<InvoicePlan> result;
      for (auto& [id, plan] : plans) result.push_back(plan);
      return result;
    };
    absl::StatusOr<std::optional<DunningCursor>> run =
        dunning().ProcessDueBatch(Now(), {}, 10'000, false, planner, Now());
    EXPECT_THAT(run, IsOk());
    absl::StatusOr<Page<ReminderRecord>> all =
        dunning().ListReminders({}, {.limit = 10'000});
    EXPECT_THAT(all, IsOk());
    return all.ok() ? all->items : std::vector<ReminderRecord>();
  }

  // At most one dispute per invoice is open.
  absl::Status InsertDispute(std::int64_t invoice_id, absl::string_view state,
                             absl::string_view deadline) {
    return test_database().Execute(absl::StrCat(
        "INSERT INTO disputes (invoice_id, client_id, state, reason, "
        "deadline, outcome, opened_by, open_time_us, version) SELECT id, "
        "client_id, '",
        state, "', 'wrong quantity', '", deadline, "', '",
        state == "open" ? "" : "claim_rejected",
        "', 'alice', 0, 1 FROM invoices WHERE id = ", invoice_id));
  }
  absl::Status InsertPromise(std::int64_t invoice_id, absl::string_view state,
                             absl::string_view date, int grace_days) {
    absl::CivilDay promised;
    if (!absl::ParseCivilTime(date, &promised)) {
      return absl::InvalidArgumentError(absl::StrCat("bad date ", date));
    }
    return test_database().Execute(absl::StrCat(
        "INSERT INTO promises (invoice_id, client_id, state, amount_minor, "
        "currency, promised_date, grace_days, until_date, "
        "paid_at_start_minor, made_by, create_time_us, version) SELECT id, "
        "client_id, '",
        state, "', 100, 'EUR', '", date, "', ", grace_days, ", '",
        absl::FormatCivilTime(promised + grace_days),
        "', 0, 'alice', 0, 1 FROM invoices WHERE id = ", invoice_id));
  }
  absl::Status InsertActivePlan(std::int64_t invoice_id) {
    return test_database().Execute(absl::StrCat(
        "INSERT INTO payment_plans (invoice_id, client_id, state, "
        "total_minor, currency, paid_at_start_minor, grace_days, "
        "break_after_days, created_by, create_time_us, version) SELECT id, "
        "client_id, 'active', total_minor, currency, 0, 0, 0, 'alice', 0, 1 "
        "FROM invoices WHERE id = ",
        invoice_id));
  }

  std::int64_t policy_id_ = 0;
  ClientRecord client_;
};

}  // namespace relance::storage::dunning_test

#endif  // RELANCE_TESTS_STORAGE_DUNNING_REPOSITORY_FIXTURE_H_
