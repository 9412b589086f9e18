// PolicyService, DunningService and ReminderService over a real channel, with
// a recording channel adapter in place of email, letters and SMS.

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/policy.grpc.pb.h"
#include "server/domain/dispatch.h"
#include "storage/base/clock.h"
#include "storage/interfaces/events.h"
#include "tests/server/recording_channel.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/api_money.h"

namespace relance {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

using testing::Eur;

// What a run did, without the ids of reminders it created.
using ActionKey =
    std::tuple<int, std::string, std::string, std::string, int64_t, int64_t>;
std::vector<ActionKey> KeysOf(
    const google::protobuf::RepeatedPtrField<v1::DunningAction>& actions) {
  std::vector<ActionKey> keys;
  for (const v1::DunningAction& action : actions) {
    keys.emplace_back(action.kind(), action.invoice_number(), action.step_key(),
                      action.reason(), action.scheduled_time().seconds(),
                      action.outstanding().minor_units());
  }
  return keys;
}

class DunningServiceTest : public testing::ServerTestBase {
 protected:
  EnvironmentOptions environment_options() override {
    EnvironmentOptions options;
    options.adapters = channel_.AllChannels();
    return options;
  }

  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ConnectTo(channel());
    client_id_ = CreateClient("C-DUPONT", "alice");
  }

  void ConnectTo(std::shared_ptr<grpc::Channel> channel) {
    clients_ = v1::ClientService::NewStub(channel);
    invoices_ = v1::InvoiceService::NewStub(channel);
    policies_ = v1::PolicyService::NewStub(channel);
    dunning_ = v1::DunningService::NewStub(channel);
    reminders_ = v1::ReminderService::NewStub(channel);
  }

  int64_t CreateClient(const std::string& reference, const std::string& owner) {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name(reference + " SARL");
    request.mutable_client()->set_owner(owner);
    v1::CreateClientResponse response;
    const grpc::Status status =
        clients_->CreateClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  // Due Tuesday 2026-03-10 unless said otherwise.
  int64_t CreateInvoice(const std::string& number, int64_t client_id,
                        int64_t total_minor = 120000,
                        const std::string& due_date = "2026-03-10") {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    v1::Invoice* invoice = request.mutable_invoice();
    invoice->set_number(number);
    invoice->set_client_id(client_id);
    invoice->set_issue_date("2026-02-08");
    invoice->set_due_date(due_date);
    *invoice->mutable_total() = Eur(total_minor);
    v1::CreateInvoiceResponse response;
    const grpc::Status status =
        invoices_->CreateInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice().id();
  }

  void Pay(int64_t invoice_id, int64_t amount_minor) {
    grpc::ClientContext context;
    v1::RecordPaymentRequest request;
    request.set_invoice_id(invoice_id);
    *request.mutable_amount() = Eur(amount_minor);
    request.set_payment_date("2026-03-11");
    v1::RecordPaymentResponse response;
    const grpc::Status status =
        invoices_->RecordPayment(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  v1::RunDunningResponse Run(const std::string& date) {
    LiveOn(date);
    grpc::ClientContext context;
    v1::RunDunningRequest request;
    request.set_as_of_date(date);
    v1::RunDunningResponse response;
    const grpc::Status status =
        dunning_->RunDunning(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  v1::PreviewDunningResponse Preview(const std::string& date) {
    LiveOn(date);
    grpc::ClientContext context;
    v1::PreviewDunningRequest request;
    request.set_as_of_date(date);
    v1::PreviewDunningResponse response;
    const grpc::Status status =
        dunning_->PreviewDunning(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<v1::Reminder> Reminders(v1::ListRemindersRequest request = {}) {
    std::vector<v1::Reminder> all;
    while (true) {
      grpc::ClientContext context;
      v1::ListRemindersResponse response;
      const grpc::Status status =
          reminders_->ListReminders(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      all.insert(all.end(), response.reminders().begin(),
                 response.reminders().end());
      if (response.next_page_token().empty()) return all;
      request.set_page_token(response.next_page_token());
    }
  }

  v1::Reminder ReminderOf(int64_t invoice_id, const std::string& step_key) {
    v1::ListRemindersRequest request;
    request.set_invoice_id(invoice_id);
    for (const v1::Reminder& reminder : Reminders(request)) {
      if (reminder.step_key() == step_key) return reminder;
    }
    ADD_FAILURE() << "no reminder " << step_key << " for invoice "
                  << invoice_id;
    return {};
  }

  // Changes `path` of the client to `client`'s value; updates need the
  // client's current etag, read here.
  void UpdateClient(const v1::Client& client, const std::string& path) {
    v1::GetClientRequest get;
    get.set_client_id(client.id());
    v1::GetClientResponse current;
    grpc::ClientContext get_context;
    ASSERT_TRUE(clients_->GetClient(&get_context, get, &current).ok());
    grpc::ClientContext context;
    v1::UpdateClientRequest request;
    *request.mutable_client() = client;
    request.mutable_client()->set_etag(current.client().etag());
    request.mutable_update_mask()->add_paths(path);
    v1::UpdateClientResponse response;
    const grpc::Status status =
        clients_->UpdateClient(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  testing::RecordingChannel channel_;
  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<v1::PolicyService::Stub> policies_;
  std::unique_ptr<v1::DunningService::Stub> dunning_;
  std::unique_ptr<v1::ReminderService::Stub> reminders_;
  int64_t client_id_ = 0;
};

TEST_P(DunningServiceTest, DefaultPolicyIsTheFrenchB2BLadder) {
  grpc::ClientContext context;
  v1::GetPolicyResponse response;
  ASSERT_TRUE(policies_->GetPolicy(&context, {}, &response).ok());
  const v1::Policy& policy = response.policy();
  EXPECT_TRUE(policy.is_default());
  std::vector<std::tuple<std::string, int, int>> ladder;
  for (const v1::PolicyStep& step : policy.steps()) {
    ladder.emplace_back(step.key(), step.offset_days(), step.actor());
  }
  EXPECT_THAT(
      ladder,
      ElementsAre(std::make_tuple("courtesy", -3, v1::ACTOR_AUTOMATIC),
                  std::make_tuple("first_reminder", 1, v1::ACTOR_AUTOMATIC),
                  std::make_tuple("second_reminder", 10, v1::ACTOR_AUTOMATIC),
                  std::make_tuple("phone_call", 20, v1::ACTOR_OWNER),
                  std::make_tuple("formal_notice", 30, v1::ACTOR_AUTOMATIC),
                  std::make_tuple("collection", 45, v1::ACTOR_BACK_OFFICE)));
  EXPECT_THAT(policy.steps(2).channels(),
              ElementsAre(v1::CHANNEL_EMAIL, v1::CHANNEL_LETTER));
  EXPECT_TRUE(policy.steps(4).formal_notice());
  EXPECT_EQ(policy.steps(4).notice_deadline_days(), 8);
  EXPECT_THAT(policy.steps(4).channels(),
              ElementsAre(v1::CHANNEL_REGISTERED_LETTER));
  EXPECT_TRUE(policy.steps(5).hand_over());
  EXPECT_EQ(policy.send_window_start(), "09:00");
}

TEST_P(DunningServiceTest, InvalidPolicyNamesEachFieldAtFault) {
  grpc::ClientContext context;
  v1::CreatePolicyRequest request;
  v1::Policy* policy = request.mutable_policy();
  policy->set_name("Broken");
  v1::PolicyStep* first = policy->add_steps();
  first->set_key("Bad Key");
  first->set_offset_days(10);
  first->add_channels(v1::CHANNEL_EMAIL);
  v1::PolicyStep* second = policy->add_steps();
  second->set_key("call");
  second->set_offset_days(5);
  second->add_channels(v1::CHANNEL_PHONE);
  second->set_actor(v1::ACTOR_AUTOMATIC);
  v1::PolicyStep* notice = policy->add_steps();
  notice->set_key("notice");
  notice->set_offset_days(20);
  notice->add_channels(v1::CHANNEL_REGISTERED_LETTER);
  notice->set_formal_notice(true);
  notice->set_notice_deadline_days(8);
  // An ordinary reminder after the formal notice would lower the escalation.
  v1::PolicyStep* after = policy->add_steps();
  after->set_key("after");
  after->set_offset_days(30);
  after->add_channels(v1::CHANNEL_EMAIL);
  v1::CreatePolicyResponse response;
  const grpc::Status status =
      policies_->CreatePolicy(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::vector<std::string> violations =
      testing::FieldViolationsOf(status);
  EXPECT_THAT(violations, Contains(HasSubstr("policy.steps[0].key")));
  EXPECT_THAT(violations, Contains(HasSubstr("policy.steps[1].offset_days")));
  EXPECT_THAT(violations, Contains(HasSubstr("policy.steps[1].actor")));
  EXPECT_THAT(violations, Contains(HasSubstr("policy.steps[3].formal_notice")));
  EXPECT_THAT(violations, Not(Contains(HasSubstr("policy.steps[2]"))));
}

TEST_P(DunningServiceTest, PoliciesAreCreatedAssignedAndMadeDefault) {
  v1::CreatePolicyRequest create;
  create.set_request_id("gentle-1");
  v1::Policy* gentle = create.mutable_policy();
  gentle->set_name("Gentle");
  v1::PolicyStep* step = gentle->add_steps();
  step->set_key("nudge");
  step->set_offset_days(5);
  step->add_channels(v1::CHANNEL_SMS);
  v1::CreatePolicyResponse created;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(policies_->CreatePolicy(&context, create, &created).ok());
  }
  {
    // The same request id creates nothing more.
    grpc::ClientContext context;
    v1::CreatePolicyResponse again;
    ASSERT_TRUE(policies_->CreatePolicy(&context, create, &again).ok());
    EXPECT_EQ(again.policy().id(), created.policy().id());
  }
  EXPECT_FALSE(created.policy().is_default());
  EXPECT_EQ(created.policy().steps(0).template_key(), "nudge");
  {
    grpc::ClientContext context;
    v1::AssignPolicyRequest request;
    request.set_client_id(client_id_);
    request.set_policy_id(created.policy().id());
    v1::AssignPolicyResponse response;
    ASSERT_TRUE(policies_->AssignPolicy(&context, request, &response).ok());
    EXPECT_EQ(response.policy().name(), "Gentle");
  }
  {
    grpc::ClientContext context;
    v1::GetClientRequest request;
    request.set_client_id(client_id_);
    v1::GetClientResponse response;
    ASSERT_TRUE(clients_->GetClient(&context, request, &response).ok());
    EXPECT_EQ(response.client().policy_id(), created.policy().id());
  }
  const int64_t invoice = CreateInvoice("F-1", client_id_);
  Run("2026-03-16");
  EXPECT_EQ(ReminderOf(invoice, "nudge").state(), v1::REMINDER_STATE_SENT);
  {
    grpc::ClientContext context;
    v1::SetDefaultPolicyRequest request;
    request.set_policy_id(created.policy().id());
    v1::SetDefaultPolicyResponse response;
    ASSERT_TRUE(policies_->SetDefaultPolicy(&context, request, &response).ok());
    EXPECT_TRUE(response.policy().is_default());
  }
  grpc::ClientContext context;
  v1::GetPolicyResponse current_default;
  ASSERT_TRUE(policies_->GetPolicy(&context, {}, &current_default).ok());
  EXPECT_EQ(current_default.policy().name(), "Gentle");
}

// A run whose messages need a rate the table lacks says so once, in its
// result and in one event, naming the half-year, the kind of rate and the
// command that sets it. The shipped table ends with 2026-H1.
TEST_P(DunningServiceTest,
       AMissingRateIsSaidOncePerRunWithTheCommandThatSetsIt) {
  const int64_t first = CreateInvoice("F-1", client_id_, 120000, "2026-07-01");
  CreateInvoice("F-2", client_id_, 120000, "2026-07-01");
  int64_t consumer_id = 0;
  {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference("C-DURAND");
    request.mutable_client()->set_name("Marie Durand");
    request.mutable_client()->set_kind(v1::CLIENT_KIND_B2C);
    v1::CreateClientResponse response;
    ASSERT_TRUE(clients_->CreateClient(&context, request, &response).ok());
    consumer_id = response.client().id();
  }
  CreateInvoice("F-3", consumer_id, 50000, "2026-07-01");

  // A preview says it too, and writes nothing.
  const v1::PreviewDunningResponse preview = Preview("2026-07-02");
  EXPECT_THAT(preview.warnings(), SizeIs(2));
  storage::EventRepository& events = server().env().database()->events();
  auto rate_missing = [&]() {
    absl::StatusOr<std::vector<storage::EventRecord>> listed = events.List(
        {.kinds = {std::string(storage::event_kind::kRateMissing)}}, 100);
    EXPECT_TRUE(listed.ok()) << listed.status();
    return listed.ok() ? *listed : std::vector<storage::EventRecord>();
  };
  EXPECT_THAT(rate_missing(), IsEmpty());

  // The first reminders of the three invoices are made due: one warning per
  // kind of rate, one event each, about the first invoice concerned.
  const v1::RunDunningResponse run = Run("2026-07-02");
  ASSERT_THAT(run.actions(), Not(IsEmpty()));
  const std::string ecb =
      "no ECB main refinancing rate for 2026-H2 (in force from 2026-07-01) in "
      "the rate table: the messages this run made due to businesses claim no "
      "interest for its days; set it with: relance rate set --kind ecb --from "
      "2026-07-01 --percent RATE";
  const std::string legal =
      "no legal interest rate for 2026-H2 (in force from 2026-07-01) in the "
      "rate table: the messages this run made due to consumers claim no "
      "interest for its days; set it with: relance rate set --kind legal "
      "--from 2026-07-01 --percent RATE";
  EXPECT_THAT(run.warnings(), ::testing::UnorderedElementsAre(ecb, legal));
  const std::vector<storage::EventRecord> told = rate_missing();
  ASSERT_THAT(told, SizeIs(2));
  for (const storage::EventRecord& event : told) {
    EXPECT_EQ(event.day, absl::CivilDay(2026, 7, 1));
    EXPECT_EQ(event.actor, "relanced");
    if (event.client_id == client_id_) {
      EXPECT_EQ(event.detail, ecb);
      EXPECT_EQ(event.invoice_id, first);
    } else {
      EXPECT_EQ(event.client_id, consumer_id);
      EXPECT_EQ(event.detail, legal);
    }
  }

  // Run again: nothing made due, nothing said.
  EXPECT_THAT(Run("2026-07-02").warnings(), IsEmpty());
  EXPECT_THAT(rate_missing(), SizeIs(2));
}

// 90 days before an open invoice's limitation date, a run warns once: one
// timeline entry, one event, one line of its result, whatever runs follow.
TEST_P(DunningServiceTest, TheLimitationDateIsWarnedOfOnce) {
  // Between traders, five years from the due date: time-barred after
  // 2026-06-01, warned of from 2026-03-03.
  int64_t invoice_id = 0;
  {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    v1::Invoice* invoice = request.mutable_invoice();
    invoice->set_number("F-OLD");
    invoice->set_client_id(client_id_);
    invoice->set_issue_date("2021-05-02");
    invoice->set_due_date("2021-06-01");
    *invoice->mutable_total() = Eur(120000);
    v1::CreateInvoiceResponse response;
    const grpc::Status status =
        invoices_->CreateInvoice(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    invoice_id = response.invoice().id();
  }
  const int64_t recent = CreateInvoice("F-NEW", client_id_);
  EXPECT_THAT(Run("2026-03-02").warnings(), IsEmpty());

  auto timeline = [&](int64_t id) {
    std::unique_ptr<v1::InteractionService::Stub> stub =
        v1::InteractionService::NewStub(channel());
    grpc::ClientContext context;
    v1::ListTimelineRequest request;
    request.set_invoice_id(id);
    request.add_kinds(v1::ENTRY_KIND_LIMITATION_WARNING);
    v1::ListTimelineResponse response;
    const grpc::Status status =
        stub->ListTimeline(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return std::vector<v1::TimelineEntry>(response.entries().begin(),
                                          response.entries().end());
  };
  EXPECT_THAT(timeline(invoice_id), IsEmpty());

  const v1::RunDunningResponse run = Run("2026-03-03");
  const std::string summary =
      "The claim becomes time-barred after 2026-06-01, 90 days from now (the "
      "5-year period of art. L110-4 Code de commerce, counted from the due "
      "date 2021-06-01): act before then; a claim in court interrupts it, a "
      "payment or an acknowledgement of the debt starts it again";
  EXPECT_THAT(run.warnings(), ElementsAre(absl::StrCat(
                                  "invoice F-OLD (C-DUPONT SARL): ", summary)));
  std::vector<v1::TimelineEntry> entries = timeline(invoice_id);
  ASSERT_THAT(entries, SizeIs(1));
  EXPECT_EQ(entries[0].summary(), summary);
  EXPECT_EQ(entries[0].date(), "2026-06-01");
  EXPECT_EQ(entries[0].actor(), "relanced");
  EXPECT_THAT(timeline(recent), IsEmpty());
  absl::StatusOr<std::vector<storage::EventRecord>> events =
      server().env().database()->events().List(
          {.kinds = {"limitation_warning"}}, 100);
  ASSERT_TRUE(events.ok()) << events.status();
  ASSERT_THAT(*events, SizeIs(1));
  EXPECT_EQ(events->front().invoice_id, invoice_id);
  EXPECT_EQ(events->front().day, absl::CivilDay(2026, 6, 1));

  // Runs that follow, a preview and the periodic run say nothing more.
  EXPECT_THAT(Run("2026-03-03").warnings(), IsEmpty());
  EXPECT_THAT(Preview("2026-03-04").warnings(), IsEmpty());
  EXPECT_THAT(Run("2026-03-04").warnings(), IsEmpty());
  ASSERT_TRUE(server().env().engine()->RunNow().ok());
  EXPECT_THAT(timeline(invoice_id), SizeIs(1));
  events = server().env().database()->events().List(
      {.kinds = {"limitation_warning"}}, 100);
  ASSERT_TRUE(events.ok());
  EXPECT_THAT(*events, SizeIs(1));
}

TEST_P(DunningServiceTest, RunningFiveTimesProducesEachReminderOnce) {
  for (int i = 0; i < 3; ++i) {
    CreateInvoice(absl::StrCat("F-", i), client_id_);
  }
  const v1::RunDunningResponse first = Run("2026-03-12");
  EXPECT_EQ(first.invoices_examined(), 3);
  const size_t reminders = Reminders().size();
  // Courtesy skipped, first reminder due, second scheduled, per invoice.
  EXPECT_EQ(reminders, 9u);
  EXPECT_THAT(channel_.delivered(), SizeIs(3));
  for (int run = 0; run < 4; ++run) {
    const v1::RunDunningResponse again = Run("2026-03-12");
    EXPECT_THAT(again.actions(), IsEmpty());
    EXPECT_EQ(Reminders().size(), reminders);
  }
  EXPECT_THAT(channel_.delivered(), SizeIs(3));
}

// Preview for a date shows exactly what a run for that date then does, day
// after day, through payments, a block and a hold.
TEST_P(DunningServiceTest, PreviewAgreesWithRunForEveryDate) {
  const int64_t paid_in_part = CreateInvoice("F-PART", client_id_);
  const int64_t paid_in_full = CreateInvoice("F-FULL", client_id_, 5000);
  const int64_t late_import =
      CreateInvoice("F-LATE", client_id_, 70000, "2026-02-15");
  const int64_t blocked_client = CreateClient("C-BLOCKED", "bob");
  CreateInvoice("F-BLOCKED", blocked_client);
  for (absl::CivilDay day(2026, 3, 1); day <= absl::CivilDay(2026, 5, 15);
       day += 2) {
    const std::string date = absl::FormatCivilTime(day);
    if (day == absl::CivilDay(2026, 3, 13)) Pay(paid_in_part, 100000);
    if (day == absl::CivilDay(2026, 3, 15)) Pay(paid_in_full, 5000);
    if (day == absl::CivilDay(2026, 3, 21)) {
      v1::Client blocked;
      blocked.set_id(blocked_client);
      blocked.set_dunning_blocked_until("2026-04-10");
      UpdateClient(blocked, "dunning_blocked_until");
    }
    const v1::PreviewDunningResponse preview = Preview(date);
    const v1::RunDunningResponse run = Run(date);
    ASSERT_EQ(KeysOf(preview.actions()), KeysOf(run.actions())) << date;
    EXPECT_EQ(preview.invoices_examined(), run.invoices_examined()) << date;
  }
  // The partial payment lowered the amounts, not the step reached.
  const v1::Reminder second = ReminderOf(paid_in_part, "second_reminder");
  EXPECT_EQ(second.state(), v1::REMINDER_STATE_SENT);
  EXPECT_EQ(second.outstanding().minor_units(), 20000);
  EXPECT_EQ(ReminderOf(late_import, "courtesy").state(),
            v1::REMINDER_STATE_SKIPPED);
  v1::ListRemindersRequest full;
  full.set_invoice_id(paid_in_full);
  for (const v1::Reminder& reminder : Reminders(full)) {
    if (reminder.state() != v1::REMINDER_STATE_SENT) continue;
    EXPECT_LT(reminder.action_date(), "2026-03-15")
        << reminder.step_key() << " sent after the invoice was paid";
  }
}

TEST_P(DunningServiceTest, PaymentBetweenSchedulingAndSendingStopsTheSend) {
  const int64_t invoice = CreateInvoice("F-RACE", client_id_);
  Run("2026-03-01");  // Courtesy scheduled.
  channel_.FailNext(absl::UnavailableError("mail server busy"));
  Run("2026-03-09");  // Courtesy due; its first send attempt fails.
  EXPECT_EQ(channel_.attempts(), 1);
  EXPECT_THAT(ReminderOf(invoice, "courtesy").reason(), HasSubstr("retrying"));
  Pay(invoice, 120000);
  clock().Advance(absl::Hours(1));
  ASSERT_TRUE(server().env().dispatcher()->DispatchAll().ok());
  const v1::Reminder courtesy = ReminderOf(invoice, "courtesy");
  EXPECT_EQ(courtesy.state(), v1::REMINDER_STATE_CANCELLED);
  EXPECT_THAT(courtesy.reason(), HasSubstr("settled"));
  EXPECT_THAT(channel_.delivered(), IsEmpty());
  EXPECT_EQ(channel_.attempts(), 1);
}

TEST_P(DunningServiceTest, PermanentFailureMarksTheReminderFailed) {
  const int64_t invoice = CreateInvoice("F-BOUNCE", client_id_);
  Run("2026-03-01");
  channel_.FailNext(absl::InvalidArgumentError("550 no such mailbox"));
  Run("2026-03-09");
  const v1::Reminder courtesy = ReminderOf(invoice, "courtesy");
  EXPECT_EQ(courtesy.state(), v1::REMINDER_STATE_FAILED);
  EXPECT_THAT(courtesy.reason(), HasSubstr("550"));
}

TEST_P(DunningServiceTest, HeldClientsAreNotReminded) {
  const int64_t debit_client = CreateClient("C-DEBIT", "alice");
  const int64_t debit_invoice = CreateInvoice("F-DEBIT", debit_client);
  v1::Client debit;
  debit.set_id(debit_client);
  debit.set_payment_method(v1::PAYMENT_METHOD_DIRECT_DEBIT);
  UpdateClient(debit, "payment_method");
  const v1::RunDunningResponse run = Run("2026-03-20");
  ASSERT_FALSE(run.actions().empty());
  EXPECT_EQ(run.actions().rbegin()->kind(), v1::DunningAction::KIND_HOLD);
  EXPECT_THAT(run.actions().rbegin()->reason(), HasSubstr("direct debit"));
  EXPECT_THAT(channel_.delivered(), IsEmpty());
  // Back to transfers: the next run reminds the client.
  debit.set_payment_method(v1::PAYMENT_METHOD_TRANSFER);
  UpdateClient(debit, "payment_method");
  Run("2026-03-23");
  EXPECT_EQ(ReminderOf(debit_invoice, "courtesy").state(),
            v1::REMINDER_STATE_SKIPPED);
  EXPECT_EQ(ReminderOf(debit_invoice, "first_reminder").state(),
            v1::REMINDER_STATE_SENT);
}

TEST_P(DunningServiceTest, TasksAndManualActionsShareTheHistory) {
  const int64_t invoice = CreateInvoice("F-MANUAL", client_id_);
  Run("2026-03-01");
  // Sent by hand before its day: it counts as the step.
  const v1::Reminder courtesy = ReminderOf(invoice, "courtesy");
  {
    grpc::ClientContext context;
    v1::SendReminderNowRequest request;
    request.set_reminder_id(courtesy.id());
    v1::SendReminderNowResponse response;
    const grpc::Status status =
        reminders_->SendReminderNow(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.reminder().state(), v1::REMINDER_STATE_SENT);
  }
  Run("2026-03-09");
  EXPECT_THAT(channel_.delivered(), SizeIs(1)) << "no automatic duplicate";
  {
    grpc::ClientContext context;
    v1::SkipReminderRequest request;
    request.set_reminder_id(ReminderOf(invoice, "first_reminder").id());
    v1::SkipReminderResponse response;
    const grpc::Status status =
        reminders_->SkipReminder(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(testing::FieldViolationsOf(status),
                ElementsAre(HasSubstr("reason")));
  }
  {
    grpc::ClientContext context;
    v1::SkipReminderRequest request;
    request.set_reminder_id(ReminderOf(invoice, "first_reminder").id());
    request.set_reason("client called: paying this week");
    v1::SkipReminderResponse response;
    ASSERT_TRUE(reminders_->SkipReminder(&context, request, &response).ok());
    EXPECT_EQ(response.reminder().state(), v1::REMINDER_STATE_SKIPPED);
  }
  Run("2026-03-20");  // Second reminder.
  Run("2026-03-30");  // The call: a task for alice.
  v1::ListRemindersRequest alices;
  alices.set_assignee("alice");
  alices.set_state(v1::REMINDER_STATE_DUE);
  const std::vector<v1::Reminder> tasks = Reminders(alices);
  ASSERT_THAT(tasks, SizeIs(1));
  EXPECT_EQ(tasks[0].step_key(), "phone_call");
  grpc::ClientContext context;
  v1::CompleteReminderRequest request;
  request.set_reminder_id(tasks[0].id());
  request.set_reason("reached: will pay Friday");
  v1::CompleteReminderResponse response;
  ASSERT_TRUE(reminders_->CompleteReminder(&context, request, &response).ok());
  EXPECT_EQ(response.reminder().state(), v1::REMINDER_STATE_DONE);
  EXPECT_EQ(response.reminder().action_date(), "2026-03-30")
      << "dated by the server's clock";
  EXPECT_EQ(response.reminder().carried_out_time().seconds(),
            absl::ToUnixSeconds(clock().Now()));
}

// Two servers on one database run the engine at the same moment: each
// reminder is planned once and sent once.
TEST_P(DunningServiceTest, TwoServersRunningAtOnceSendEachReminderOnce) {
  for (int i = 0; i < 120; ++i) {
    CreateInvoice(absl::StrCat("F-", i), client_id_);
  }
  testing::RecordingChannel second_channel;
  EnvironmentOptions options;
  options.worker = "replica-2";
  options.adapters = second_channel.AllChannels();
  absl::StatusOr<std::unique_ptr<testing::InProcessServer>> replica =
      testing::InProcessServer::Start(test_database().url(),
                                      std::move(options));
  ASSERT_TRUE(replica.ok()) << replica.status();
  // Both servers live on the 12th; they run the book as of earlier days too.
  LiveOn("2026-03-12");
  testing::LiveOnDay((*replica)->clock(), "2026-03-12");
  auto run_on = [](std::shared_ptr<grpc::Channel> channel) {
    auto stub = v1::DunningService::NewStub(channel);
    for (const char* date : {"2026-03-01", "2026-03-09", "2026-03-12"}) {
      grpc::ClientContext context;
      v1::RunDunningRequest request;
      request.set_as_of_date(date);
      v1::RunDunningResponse response;
      const grpc::Status status =
          stub->RunDunning(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
  };
  std::thread first(run_on, channel());
  std::thread second(run_on, (*replica)->channel());
  first.join();
  second.join();
  // A step waits while the other server is still sending the step before it;
  // the periodic dispatch pass then sends it.
  ASSERT_TRUE(server().env().dispatcher()->DispatchAll().ok());
  ASSERT_TRUE((*replica)->env().dispatcher()->DispatchAll().ok());
  std::map<std::pair<int64_t, std::string>, int> per_step;
  for (const v1::Reminder& reminder : Reminders()) {
    ++per_step[{reminder.invoice_id(), reminder.step_key()}];
  }
  for (const auto& [key, count] : per_step) {
    EXPECT_EQ(count, 1) << key.first << " " << key.second;
  }
  std::multiset<int64_t> delivered;
  for (const auto& message : channel_.delivered()) {
    delivered.insert(message.reminder_ids.begin(), message.reminder_ids.end());
  }
  for (const auto& message : second_channel.delivered()) {
    delivered.insert(message.reminder_ids.begin(), message.reminder_ids.end());
  }
  std::multiset<int64_t> sent;
  int first_reminders_sent = 0;
  for (const v1::Reminder& reminder : Reminders()) {
    if (reminder.state() != v1::REMINDER_STATE_SENT) continue;
    sent.insert(reminder.id());
    if (reminder.step_key() == "first_reminder") ++first_reminders_sent;
  }
  EXPECT_EQ(delivered, sent) << "every send recorded, none twice";
  // Whichever server got there first, every invoice reached its first
  // reminder; the courtesy email, read on the 12th about an invoice due on
  // the 10th, was skipped.
  EXPECT_EQ(first_reminders_sent, 120);
}

// Two live dispatchers share the due reminders through a slow relay: each
// message takes 0.3 s, and a claim lasts 1 s. Claimed a page at a time, the
// second dispatcher took over the first's expired claims and both sent them;
// claimed right before each message, every reminder goes out once.
TEST_P(DunningServiceTest, SlowRelayAndShortLeaseSendEachReminderOnce) {
  constexpr int kInvoices = 16;
  for (int i = 0; i < kInvoices; ++i) {
    CreateInvoice(absl::StrCat("F-", i), client_id_);
  }
  // The run makes the first reminders due; the relay is down for it.
  for (int i = 0; i < kInvoices; ++i) {
    channel_.FailNext(absl::UnavailableError("relay down"));
  }
  Run("2026-03-12");
  ASSERT_THAT(channel_.delivered(), IsEmpty());
  RealClock real_clock;
  testing::RecordingChannel relays[2];
  std::vector<std::unique_ptr<Dispatcher>> dispatchers;
  for (int i = 0; i < 2; ++i) {
    relays[i].SetDelay(absl::Milliseconds(300));
    dispatchers.push_back(std::make_unique<Dispatcher>(
        &server().env().database()->dunning(),
        &server().env().database()->interactions(), server().env().policies(),
        &real_clock, absl::StrCat("replica-", i), relays[i].AllChannels(),
        /*claim_lease=*/absl::Seconds(1),
        /*retry_delay=*/absl::Minutes(10)));
  }
  // Each keeps dispatching, as the periodic runs of live replicas do, until
  // nothing is left.
  auto dispatch = [&](Dispatcher* dispatcher) {
    const absl::Time until = absl::Now() + absl::Seconds(20);
    while (absl::Now() < until) {
      absl::StatusOr<DispatchTally> sent = dispatcher->DispatchAll();
      ASSERT_TRUE(sent.ok()) << sent.status();
      v1::ListRemindersRequest due;
      due.set_state(v1::REMINDER_STATE_DUE);
      v1::ListRemindersRequest sending;
      sending.set_state(v1::REMINDER_STATE_SENDING);
      if (sent->reminders_sent == 0 && Reminders(due).empty() &&
          Reminders(sending).empty()) {
        return;
      }
    }
  };
  std::thread first(dispatch, dispatchers[0].get());
  std::thread second(dispatch, dispatchers[1].get());
  first.join();
  second.join();
  std::multiset<int64_t> delivered;
  for (testing::RecordingChannel& relay : relays) {
    for (const auto& message : relay.delivered()) {
      delivered.insert(message.reminder_ids.begin(),
                       message.reminder_ids.end());
    }
  }
  std::multiset<int64_t> sent;
  for (const v1::Reminder& reminder : Reminders()) {
    if (reminder.state() == v1::REMINDER_STATE_SENT) sent.insert(reminder.id());
  }
  EXPECT_EQ(sent.size(), static_cast<size_t>(kInvoices));
  EXPECT_EQ(delivered, sent) << "every reminder delivered once";
}

RELANCE_INSTANTIATE_SERVER_TEST(DunningServiceTest);

}  // namespace
}  // namespace relance
