// The collections workflow over a real channel: InteractionService,
// DisputeService, PromiseService, PaymentPlanService and the client blocks,
// with the dunning engine pausing and resuming the ladder, on SQLite and
// PostgreSQL. A recording adapter stands in for email, letters and SMS.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/collections.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/template.grpc.pb.h"
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

class WorkflowServiceTest : public testing::ServerTestBase {
 protected:
  EnvironmentOptions environment_options() override {
    EnvironmentOptions options;
    options.adapters = channel_.AllChannels();
    options.workflow.promise_grace_days = 2;
    options.workflow.call_retry_business_days = 2;
    options.workflow.call_retry_limit = 3;
    return options;
  }

  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clients_ = v1::ClientService::NewStub(channel());
    invoices_ = v1::InvoiceService::NewStub(channel());
    dunning_ = v1::DunningService::NewStub(channel());
    reminders_ = v1::ReminderService::NewStub(channel());
    timeline_ = v1::InteractionService::NewStub(channel());
    disputes_ = v1::DisputeService::NewStub(channel());
    promises_ = v1::PromiseService::NewStub(channel());
    plans_ = v1::PaymentPlanService::NewStub(channel());
    templates_ = v1::TemplateService::NewStub(channel());
    client_id_ = CreateClient("C-DUPONT", "alice");
  }

  // The clock at 10:00 in Paris (winter time) on `date`.
  void On(const std::string& date) {
    absl::CivilDay day;
    ASSERT_TRUE(absl::ParseCivilTime(date, &day));
    clock().Set(absl::FromCivil(absl::CivilSecond(day) + 9 * 3600,
                                absl::UTCTimeZone()));
  }

  int64_t CreateClient(const std::string& reference, const std::string& owner) {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name(reference + " SARL");
    request.mutable_client()->set_owner(owner);
    request.mutable_client()->set_email("compta@dupont.example");
    request.mutable_client()->set_phone("+33 1 23 45 67 89");
    v1::CreateClientResponse response;
    const grpc::Status status =
        clients_->CreateClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  // Due Tuesday 2026-03-10, 1 200,00 € unless said otherwise.
  int64_t CreateInvoice(const std::string& number,
                        int64_t total_minor = 120000) {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    v1::Invoice* invoice = request.mutable_invoice();
    invoice->set_number(number);
    invoice->set_client_id(client_id_);
    invoice->set_issue_date("2026-02-08");
    invoice->set_due_date("2026-03-10");
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
    request.set_payment_date(absl::FormatCivilTime(
        absl::ToCivilDay(clock().Now(), absl::UTCTimeZone())));
    v1::RecordPaymentResponse response;
    const grpc::Status status =
        invoices_->RecordPayment(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Runs the engine as of the clock's day.
  v1::RunDunningResponse Run() {
    grpc::ClientContext context;
    v1::RunDunningRequest request;
    request.set_as_of_date(absl::FormatCivilTime(
        absl::ToCivilDay(clock().Now(), absl::UTCTimeZone())));
    v1::RunDunningResponse response;
    const grpc::Status status =
        dunning_->RunDunning(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // What the run did to `invoice_id`, as "kind step reason".
  static std::vector<std::string> ActionsOn(const v1::RunDunningResponse& run,
                                            int64_t invoice_id) {
    std::vector<std::string> actions;
    for (const v1::DunningAction& action : run.actions()) {
      if (action.invoice_id() != invoice_id) continue;
      actions.push_back(absl::StrCat(
          v1::DunningAction::Kind_Name(action.kind()), " ", action.step_key(),
          action.reason().empty() ? "" : " ", action.reason()));
    }
    return actions;
  }

  std::vector<v1::TimelineEntry> Timeline(int64_t invoice_id = 0) {
    std::vector<v1::TimelineEntry> entries;
    v1::ListTimelineRequest request;
    request.set_client_id(client_id_);
    request.set_invoice_id(invoice_id);
    request.set_page_size(3);
    do {
      grpc::ClientContext context;
      v1::ListTimelineResponse response;
      const grpc::Status status =
          timeline_->ListTimeline(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      entries.insert(entries.end(), response.entries().begin(),
                     response.entries().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return entries;
  }

  static std::vector<std::string> KindsOf(
      const std::vector<v1::TimelineEntry>& entries) {
    std::vector<std::string> kinds;
    for (const v1::TimelineEntry& entry : entries) {
      kinds.push_back(v1::EntryKind_Name(entry.kind()));
    }
    return kinds;
  }

  v1::Promise Promise(int64_t invoice_id, int64_t amount_minor,
                      const std::string& date) {
    v1::MakePromiseRequest request;
    request.set_request_id(absl::StrCat("promise-", invoice_id, "-", date));
    request.set_invoice_id(invoice_id);
    *request.mutable_terms()->mutable_amount() = Eur(amount_minor);
    request.mutable_terms()->set_date(date);
    v1::MakePromiseResponse response;
    const grpc::Status status = promises_->MakePromise(
        server().ContextAs("alice").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.promise();
  }

  v1::Dispute OpenDispute(int64_t invoice_id, const std::string& deadline) {
    v1::OpenDisputeRequest request;
    request.set_invoice_id(invoice_id);
    request.mutable_terms()->set_reason("delivery incomplete");
    request.mutable_terms()->set_deadline(deadline);
    v1::OpenDisputeResponse response;
    const grpc::Status status = disputes_->OpenDispute(
        server().ContextAs("bob").get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.dispute();
  }

  grpc::Status LogCall(const v1::LogCallRequest& request,
                       v1::LogCallResponse& response) {
    return timeline_->LogCall(server().ContextAs("alice").get(), request,
                              &response);
  }

  std::vector<v1::Reminder> Reminders(int64_t invoice_id) {
    grpc::ClientContext context;
    v1::ListRemindersRequest request;
    request.set_invoice_id(invoice_id);
    v1::ListRemindersResponse response;
    const grpc::Status status =
        reminders_->ListReminders(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.reminders().begin(), response.reminders().end()};
  }

  testing::RecordingChannel channel_;
  int64_t client_id_ = 0;
  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<v1::DunningService::Stub> dunning_;
  std::unique_ptr<v1::ReminderService::Stub> reminders_;
  std::unique_ptr<v1::InteractionService::Stub> timeline_;
  std::unique_ptr<v1::DisputeService::Stub> disputes_;
  std::unique_ptr<v1::PromiseService::Stub> promises_;
  std::unique_ptr<v1::PaymentPlanService::Stub> plans_;
  std::unique_ptr<v1::TemplateService::Stub> templates_;
};

TEST_P(WorkflowServiceTest, ABrokenPromiseResumesTheLadderWhereItStood) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  EXPECT_THAT(ActionsOn(Run(), invoice), Contains("KIND_DUE first_reminder"));

  const v1::Promise promise = Promise(invoice, 60000, "2026-03-18");
  EXPECT_EQ(promise.state(), v1::PROMISE_STATE_OPEN);
  EXPECT_EQ(promise.until_date(), "2026-03-20");
  EXPECT_EQ(promise.made_by(), "alice");

  // The second step would be due on Friday the 20th: it waits for the day
  // after the promise's grace, the next business day.
  On("2026-03-20");
  EXPECT_THAT(ActionsOn(Run(), invoice),
              ElementsAre("KIND_HOLD second_reminder payment promised, "
                          "waiting until 2026-03-20"));
  // Part of the promise is paid: it stays open for the rest.
  Pay(invoice, 30000);
  {
    grpc::ClientContext context;
    v1::GetPromiseRequest request;
    request.set_promise_id(promise.id());
    v1::GetPromiseResponse response;
    ASSERT_TRUE(promises_->GetPromise(&context, request, &response).ok());
    EXPECT_EQ(response.promise().state(), v1::PROMISE_STATE_OPEN);
    EXPECT_EQ(response.promise().paid().minor_units(), 30000);
  }

  On("2026-03-23");
  EXPECT_THAT(ActionsOn(Run(), invoice), Contains("KIND_DUE second_reminder"));
  {
    grpc::ClientContext context;
    v1::GetPromiseRequest request;
    request.set_promise_id(promise.id());
    v1::GetPromiseResponse response;
    ASSERT_TRUE(promises_->GetPromise(&context, request, &response).ok());
    EXPECT_EQ(response.promise().state(), v1::PROMISE_STATE_BROKEN);
  }
  // The reminder claimed what was left after the partial payment.
  ASSERT_THAT(channel_.delivered(), SizeIs(3));
  EXPECT_THAT(channel_.delivered().back().outstanding_minor,
              ElementsAre(90000));

  const std::vector<v1::TimelineEntry> entries = Timeline();
  EXPECT_THAT(
      KindsOf(entries),
      ElementsAre("ENTRY_KIND_MESSAGE_SENT", "ENTRY_KIND_PROMISE_MADE",
                  "ENTRY_KIND_PAYMENT_RECEIVED", "ENTRY_KIND_PROMISE_BROKEN",
                  "ENTRY_KIND_MESSAGE_SENT", "ENTRY_KIND_MESSAGE_SENT"));
  EXPECT_EQ(entries[1].actor(), "alice");
  EXPECT_EQ(entries[1].amount().minor_units(), 60000);
  EXPECT_EQ(entries[1].date(), "2026-03-18");
  EXPECT_THAT(entries[3].summary(), HasSubstr("broken"));
  // Every entry raised its event, numbered in the order they happened.
  for (size_t i = 1; i < entries.size(); ++i) {
    EXPECT_GT(entries[i].event_sequence(), entries[i - 1].event_sequence());
  }
  EXPECT_GT(entries.front().event_sequence(), 0);
}

TEST_P(WorkflowServiceTest, APromisePaidInFullIsKeptWhenThePaymentArrives) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  Run();
  const v1::Promise promise = Promise(invoice, 50000, "2026-03-25");
  Pay(invoice, 50000);
  grpc::ClientContext context;
  v1::GetPromiseRequest request;
  request.set_promise_id(promise.id());
  v1::GetPromiseResponse response;
  ASSERT_TRUE(promises_->GetPromise(&context, request, &response).ok());
  EXPECT_EQ(response.promise().state(), v1::PROMISE_STATE_KEPT);
  EXPECT_THAT(
      KindsOf(Timeline(invoice)),
      ElementsAre("ENTRY_KIND_MESSAGE_SENT", "ENTRY_KIND_PROMISE_MADE",
                  "ENTRY_KIND_PAYMENT_RECEIVED", "ENTRY_KIND_PROMISE_KEPT"));
}

TEST_P(WorkflowServiceTest, ADisputeHoldsItsInvoiceOnlyUntilResolved) {
  const int64_t disputed = CreateInvoice("F-1");
  const int64_t other = CreateInvoice("F-2");
  On("2026-03-11");
  const v1::Dispute dispute = OpenDispute(disputed, "2026-04-30");
  EXPECT_EQ(dispute.state(), v1::DISPUTE_STATE_OPEN);
  EXPECT_EQ(dispute.owner(), "alice");  // The client's owner by default.
  EXPECT_EQ(dispute.opened_by(), "bob");
  const v1::RunDunningResponse run = Run();
  EXPECT_THAT(ActionsOn(run, disputed),
              Contains("KIND_HOLD courtesy invoice disputed, deadline "
                       "2026-04-30"));
  EXPECT_THAT(ActionsOn(run, disputed), Not(Contains(HasSubstr("KIND_DUE"))));
  EXPECT_THAT(ActionsOn(run, other), Contains("KIND_DUE first_reminder"));
  {
    // A second dispute on the same invoice is refused.
    v1::OpenDisputeRequest request;
    request.set_invoice_id(disputed);
    request.mutable_terms()->set_reason("again");
    v1::OpenDisputeResponse response;
    EXPECT_EQ(
        disputes_
            ->OpenDispute(server().ContextAs("bob").get(), request, &response)
            .error_code(),
        grpc::StatusCode::FAILED_PRECONDITION);
  }
  On("2026-03-16");
  {
    v1::CommentDisputeRequest request;
    request.set_dispute_id(dispute.id());
    request.set_text("client sent photos of the missing parts");
    v1::CommentDisputeResponse response;
    ASSERT_TRUE(disputes_
                    ->CommentDispute(server().ContextAs("bob").get(), request,
                                     &response)
                    .ok());
  }
  {
    v1::ResolveDisputeRequest request;
    request.set_dispute_id(dispute.id());
    request.set_outcome(v1::DISPUTE_OUTCOME_CLAIM_REJECTED);
    request.set_resolution("the parts were delivered on 2026-03-02");
    v1::ResolveDisputeResponse response;
    ASSERT_TRUE(disputes_
                    ->ResolveDispute(server().ContextAs("bob").get(), request,
                                     &response)
                    .ok());
    EXPECT_EQ(response.dispute().state(), v1::DISPUTE_STATE_RESOLVED);
    EXPECT_EQ(response.dispute().resolved_by(), "bob");
    // Resolved once only.
    v1::ResolveDisputeResponse again;
    EXPECT_EQ(
        disputes_
            ->ResolveDispute(server().ContextAs("bob").get(), request, &again)
            .error_code(),
        grpc::StatusCode::FAILED_PRECONDITION);
  }
  // Dunning resumes the same day, where it stood.
  EXPECT_THAT(ActionsOn(Run(), disputed), Contains("KIND_DUE first_reminder"));
  EXPECT_THAT(
      KindsOf(Timeline(disputed)),
      ElementsAre("ENTRY_KIND_DISPUTE_OPENED", "ENTRY_KIND_DISPUTE_COMMENTED",
                  "ENTRY_KIND_DISPUTE_RESOLVED", "ENTRY_KIND_MESSAGE_SENT"));
}

TEST_P(WorkflowServiceTest, ADisputesPassedDeadlineResumesDunningOnce) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  OpenDispute(invoice, "2026-03-12");
  EXPECT_THAT(ActionsOn(Run(), invoice),
              ElementsAre("KIND_SCHEDULE courtesy",
                          HasSubstr("KIND_HOLD courtesy invoice disputed")));
  On("2026-03-13");
  EXPECT_THAT(ActionsOn(Run(), invoice), Contains("KIND_DUE first_reminder"));
  Run();
  EXPECT_THAT(KindsOf(Timeline(invoice)),
              ElementsAre("ENTRY_KIND_DISPUTE_OPENED",
                          "ENTRY_KIND_DISPUTE_DEADLINE_PASSED",
                          "ENTRY_KIND_MESSAGE_SENT"));
}

TEST_P(WorkflowServiceTest, APlanDunsEachInstalmentOnItsOwnDates) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  Run();
  v1::CreatePlanRequest request;
  request.set_request_id("plan-1");
  request.set_invoice_id(invoice);
  request.mutable_split()->set_count(3);
  request.mutable_split()->set_first_due_date("2026-04-01");
  request.mutable_split()->set_every_months(1);
  v1::CreatePlanResponse created;
  ASSERT_TRUE(
      plans_->CreatePlan(server().ContextAs("alice").get(), request, &created)
          .ok());
  const v1::PaymentPlan& plan = created.plan();
  ASSERT_THAT(plan.instalments(), SizeIs(3));
  EXPECT_EQ(plan.instalments(0).due_date(), "2026-04-01");
  EXPECT_EQ(plan.instalments(1).due_date(), "2026-05-01");
  EXPECT_EQ(plan.instalments(2).due_date(), "2026-06-01");
  EXPECT_EQ(plan.instalments(0).amount().minor_units(), 40000);
  EXPECT_EQ(plan.total().minor_units(), 120000);

  // While the plan runs, the ladder waits.
  On("2026-03-23");
  EXPECT_THAT(ActionsOn(Run(), invoice),
              ElementsAre(HasSubstr("KIND_HOLD second_reminder payment plan")));
  On("2026-03-31");
  Pay(invoice, 40000);
  // The second instalment (May 1st) is not paid: three days of grace, then
  // it is missed and dunned on its own.
  On("2026-05-04");
  Run();
  On("2026-05-05");
  Run();
  {
    grpc::ClientContext context;
    v1::GetPlanRequest get;
    get.set_plan_id(plan.id());
    v1::GetPlanResponse response;
    ASSERT_TRUE(plans_->GetPlan(&context, get, &response).ok());
    EXPECT_EQ(response.plan().state(), v1::PLAN_STATE_ACTIVE);
    EXPECT_EQ(response.plan().instalments(0).state(),
              v1::INSTALMENT_STATE_PAID);
    EXPECT_EQ(response.plan().instalments(1).state(),
              v1::INSTALMENT_STATE_MISSED);
    EXPECT_EQ(response.plan().instalments(2).state(),
              v1::INSTALMENT_STATE_PENDING);
  }
  std::vector<v1::Reminder> instalment_reminders;
  for (const v1::Reminder& reminder : Reminders(invoice)) {
    if (reminder.template_key() == "instalment_reminder") {
      instalment_reminders.push_back(reminder);
    }
  }
  ASSERT_THAT(instalment_reminders, SizeIs(1));
  EXPECT_EQ(instalment_reminders[0].state(), v1::REMINDER_STATE_SENT);
  {
    // Its message speaks of the missed instalment.
    grpc::ClientContext context;
    v1::RenderTemplateRequest render;
    render.set_key("instalment_reminder");
    render.set_reminder_id(instalment_reminders[0].id());
    v1::RenderTemplateResponse rendered;
    const grpc::Status status =
        templates_->RenderTemplate(&context, render, &rendered);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_THAT(rendered.subject(), HasSubstr("n° 2 du 01/05/2026"));
    EXPECT_THAT(rendered.text(), HasSubstr("400,00"));
  }
  // The rest arrives: every instalment is paid, the plan is completed.
  Pay(invoice, 80000);
  EXPECT_THAT(
      KindsOf(Timeline(invoice)),
      ElementsAre("ENTRY_KIND_MESSAGE_SENT", "ENTRY_KIND_PLAN_CREATED",
                  "ENTRY_KIND_PAYMENT_RECEIVED", "ENTRY_KIND_INSTALMENT_PAID",
                  "ENTRY_KIND_INSTALMENT_MISSED", "ENTRY_KIND_MESSAGE_SENT",
                  "ENTRY_KIND_PAYMENT_RECEIVED", "ENTRY_KIND_INSTALMENT_PAID",
                  "ENTRY_KIND_INSTALMENT_PAID", "ENTRY_KIND_PLAN_COMPLETED"));
}

TEST_P(WorkflowServiceTest, APlanMustAddUpToWhatIsStillDue) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  v1::CreatePlanRequest request;
  request.set_invoice_id(invoice);
  for (const char* date : {"2026-04-01", "2026-05-01"}) {
    v1::InstalmentTerms* instalment =
        request.mutable_instalments()->add_instalments();
    instalment->set_due_date(date);
    *instalment->mutable_amount() = Eur(50000);
  }
  v1::CreatePlanResponse response;
  const grpc::Status status =
      plans_->CreatePlan(server().ContextAs("alice").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("instalments"));
  EXPECT_THAT(status.error_message(), HasSubstr("1200.00 EUR"));
  EXPECT_THAT(Timeline(), IsEmpty());
}

TEST_P(WorkflowServiceTest, CallsWithoutAnswerPlanTheNextCallUpToTheLimit) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");  // Wednesday.
  v1::LogCallRequest request;
  request.set_client_id(client_id_);
  request.set_invoice_id(invoice);
  request.set_outcome(v1::CALL_OUTCOME_NO_ANSWER);
  request.set_notes("voicemail");
  request.set_request_id("call-1");
  v1::LogCallResponse first;
  ASSERT_TRUE(LogCall(request, first).ok());
  ASSERT_TRUE(first.has_follow_up());
  // Two business days later, Friday, inside the send window.
  EXPECT_EQ(first.follow_up().state(), v1::REMINDER_STATE_SCHEDULED);
  EXPECT_EQ(first.follow_up().assignee(), "alice");
  EXPECT_EQ(absl::FormatTime("%Y-%m-%d %H:%M",
                             absl::FromUnixSeconds(
                                 first.follow_up().scheduled_time().seconds()),
                             absl::FixedTimeZone(3600)),
            "2026-03-13 09:00");
  // The same request again makes nothing more.
  v1::LogCallResponse replay;
  ASSERT_TRUE(LogCall(request, replay).ok());
  EXPECT_EQ(replay.entries(0).id(), first.entries(0).id());
  EXPECT_EQ(replay.follow_up().id(), first.follow_up().id());

  // The task becomes due on its day, and is carried out by the next call.
  On("2026-03-13");
  Run();
  std::vector<v1::Reminder> due;
  for (const v1::Reminder& reminder : Reminders(invoice)) {
    if (reminder.id() == first.follow_up().id()) due.push_back(reminder);
  }
  ASSERT_THAT(due, SizeIs(1));
  EXPECT_EQ(due[0].state(), v1::REMINDER_STATE_DUE);
  request.set_request_id("call-2");
  request.set_task_id(first.follow_up().id());
  v1::LogCallResponse second;
  ASSERT_TRUE(LogCall(request, second).ok());
  EXPECT_EQ(second.task().state(), v1::REMINDER_STATE_DONE);
  // Done with the call's outcome and notes, on the client's day of the call.
  EXPECT_EQ(second.task().reason(), "no answer: voicemail");
  EXPECT_EQ(second.task().action_date(), "2026-03-13");
  ASSERT_TRUE(second.has_follow_up());

  // The third call in a row without an answer is the last.
  request.set_request_id("call-3");
  request.clear_task_id();
  v1::LogCallResponse third;
  ASSERT_TRUE(LogCall(request, third).ok());
  EXPECT_FALSE(third.has_follow_up());
  EXPECT_THAT(third.entries(0).summary(), HasSubstr("no further call"));
  EXPECT_THAT(KindsOf(Timeline()),
              ElementsAre("ENTRY_KIND_CALL", "ENTRY_KIND_MESSAGE_SENT",
                          "ENTRY_KIND_CALL", "ENTRY_KIND_CALL"));
}

TEST_P(WorkflowServiceTest, CallOutcomesMakeWhatTheyAnnounce) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  {
    v1::LogCallRequest request;
    request.set_client_id(client_id_);
    request.set_outcome(v1::CALL_OUTCOME_WRONG_NUMBER);
    v1::LogCallResponse response;
    ASSERT_TRUE(LogCall(request, response).ok());
    ASSERT_TRUE(response.has_follow_up());
    EXPECT_EQ(response.follow_up().state(), v1::REMINDER_STATE_DUE);
    EXPECT_EQ(response.follow_up().assignee(), "back_office");
    EXPECT_THAT(response.follow_up().reason(), HasSubstr("+33 1 23 45 67 89"));
    // About the client's most overdue open invoice.
    EXPECT_EQ(response.follow_up().invoice_id(), invoice);
  }
  {
    v1::LogCallRequest request;
    request.set_client_id(client_id_);
    request.set_invoice_id(invoice);
    request.set_outcome(v1::CALL_OUTCOME_PROMISE);
    *request.mutable_promise()->mutable_amount() = Eur(120000);
    request.mutable_promise()->set_date("2026-03-20");
    v1::LogCallResponse response;
    ASSERT_TRUE(LogCall(request, response).ok());
    EXPECT_EQ(response.promise().state(), v1::PROMISE_STATE_OPEN);
    EXPECT_EQ(response.promise().grace_days(), 2);
    ASSERT_THAT(response.entries(), SizeIs(2));
    EXPECT_EQ(response.entries(0).kind(), v1::ENTRY_KIND_CALL);
    EXPECT_EQ(response.entries(1).kind(), v1::ENTRY_KIND_PROMISE_MADE);
  }
  {
    // A dispute needs its invoice and reason: both are named.
    v1::LogCallRequest request;
    request.set_client_id(client_id_);
    request.set_outcome(v1::CALL_OUTCOME_DISPUTE);
    request.mutable_dispute();
    v1::LogCallResponse response;
    const grpc::Status status = LogCall(request, response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("invoice_id"));
    EXPECT_THAT(status.error_message(), HasSubstr("dispute.reason"));
  }
  EXPECT_THAT(KindsOf(Timeline()),
              ElementsAre("ENTRY_KIND_CALL", "ENTRY_KIND_CALL",
                          "ENTRY_KIND_PROMISE_MADE"));
}

TEST_P(WorkflowServiceTest, ABlockedClientIsNotDunnedUntilUnblocked) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  {
    v1::BlockClientDunningRequest request;
    request.set_client_id(client_id_);
    request.set_until("2026-03-31");
    request.set_reason("takeover in progress");
    v1::BlockClientDunningResponse response;
    ASSERT_TRUE(clients_
                    ->BlockClientDunning(server().ContextAs("carol").get(),
                                         request, &response)
                    .ok());
    EXPECT_EQ(response.client().dunning_blocked_until(), "2026-03-31");
  }
  EXPECT_THAT(ActionsOn(Run(), invoice),
              ElementsAre("KIND_SCHEDULE courtesy",
                          "KIND_HOLD courtesy client blocked until "
                          "2026-03-31: takeover in progress"));
  On("2026-03-12");
  {
    v1::UnblockClientDunningRequest request;
    request.set_client_id(client_id_);
    v1::UnblockClientDunningResponse response;
    ASSERT_TRUE(clients_
                    ->UnblockClientDunning(server().ContextAs("carol").get(),
                                           request, &response)
                    .ok());
    EXPECT_EQ(response.client().dunning_blocked_until(), "");
    v1::UnblockClientDunningResponse again;
    EXPECT_EQ(clients_
                  ->UnblockClientDunning(server().ContextAs("carol").get(),
                                         request, &again)
                  .error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }
  EXPECT_THAT(ActionsOn(Run(), invoice), Contains("KIND_DUE first_reminder"));
  const std::vector<v1::TimelineEntry> entries = Timeline();
  EXPECT_THAT(KindsOf(entries), ElementsAre("ENTRY_KIND_CLIENT_BLOCKED",
                                            "ENTRY_KIND_CLIENT_UNBLOCKED",
                                            "ENTRY_KIND_MESSAGE_SENT"));
  EXPECT_EQ(entries[0].actor(), "carol");
  EXPECT_EQ(entries[0].date(), "2026-03-31");
}

TEST_P(WorkflowServiceTest, NotesAreAddedNeverChangedAndCorrectionsPointBack) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  v1::AddNoteRequest request;
  request.set_request_id("note-1");
  request.set_client_id(client_id_);
  request.set_invoice_id(invoice);
  request.set_kind(v1::ENTRY_KIND_INBOUND_LETTER);
  request.set_text("Letter: will pay at the end of the month");
  request.mutable_occurred_time()->set_seconds(
      absl::ToUnixSeconds(clock().Now() - absl::Hours(24)));
  v1::AddNoteResponse note;
  ASSERT_TRUE(
      timeline_->AddNote(server().ContextAs("dave").get(), request, &note)
          .ok());
  v1::AddNoteResponse replay;
  ASSERT_TRUE(
      timeline_->AddNote(server().ContextAs("dave").get(), request, &replay)
          .ok());
  EXPECT_EQ(replay.entry().id(), note.entry().id());
  EXPECT_EQ(replay.entry().event_sequence(), note.entry().event_sequence());

  v1::AddNoteRequest correction;
  correction.set_client_id(client_id_);
  correction.set_text("It said the end of next month");
  correction.set_corrects_entry_id(note.entry().id());
  v1::AddNoteResponse corrected;
  ASSERT_TRUE(
      timeline_
          ->AddNote(server().ContextAs("dave").get(), correction, &corrected)
          .ok());
  EXPECT_EQ(corrected.entry().corrects_entry_id(), note.entry().id());

  const std::vector<v1::TimelineEntry> entries = Timeline();
  ASSERT_THAT(entries, SizeIs(2));
  EXPECT_EQ(entries[0].text(), "Letter: will pay at the end of the month");
  EXPECT_EQ(entries[0].occurred_time().seconds(),
            absl::ToUnixSeconds(clock().Now() - absl::Hours(24)));
  EXPECT_EQ(entries[1].kind(), v1::ENTRY_KIND_NOTE);

  // A note in the future, or about another client's invoice, is refused.
  v1::AddNoteRequest future = correction;
  future.clear_corrects_entry_id();
  future.mutable_occurred_time()->set_seconds(
      absl::ToUnixSeconds(clock().Now() + absl::Hours(2)));
  v1::AddNoteResponse refused;
  EXPECT_EQ(
      timeline_->AddNote(server().ContextAs("dave").get(), future, &refused)
          .error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  // No method of the timeline's service changes or removes an entry.
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          v1::InteractionService::service_full_name());
  ASSERT_NE(service, nullptr);
  for (int i = 0; i < service->method_count(); ++i) {
    const std::string& name = service->method(i)->name();
    EXPECT_TRUE(name == "ListTimeline" || name == "AddNote" ||
                name == "LogCall")
        << name;
  }
}

TEST_P(WorkflowServiceTest, TheTimelineFiltersByKindAndNeedsAClient) {
  const int64_t invoice = CreateInvoice("F-1");
  On("2026-03-11");
  Run();
  Promise(invoice, 10000, "2026-03-20");
  v1::ListTimelineRequest request;
  request.set_client_id(client_id_);
  request.add_kinds(v1::ENTRY_KIND_PROMISE_MADE);
  grpc::ClientContext context;
  v1::ListTimelineResponse response;
  ASSERT_TRUE(timeline_->ListTimeline(&context, request, &response).ok());
  ASSERT_THAT(response.entries(), SizeIs(1));
  EXPECT_EQ(response.entries(0).kind(), v1::ENTRY_KIND_PROMISE_MADE);

  grpc::ClientContext bare_context;
  v1::ListTimelineRequest bare;
  EXPECT_EQ(
      timeline_->ListTimeline(&bare_context, bare, &response).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

RELANCE_INSTANTIATE_SERVER_TEST(WorkflowServiceTest);

}  // namespace
}  // namespace relance
