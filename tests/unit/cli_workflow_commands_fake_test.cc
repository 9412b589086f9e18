// The collections workflow commands against stand-in services on an in-process
// channel (no network, no database): what each command sends (the token, fresh
// request ids, the terms typed), how the timeline pages, and what is printed.
// The real services are exercised in
// tests/server/cli_workflow_commands_test.cc.

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/collections.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/unit/cli_against_fake.h"

namespace relance::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

using Outcome = CliOutcome;

// The `authorization` metadata of the call, "(none)" without one.
std::string AuthorizationOf(const grpc::ServerContext* context) {
  const auto& metadata = context->client_metadata();
  const auto found = metadata.find("authorization");
  if (found == metadata.end()) return "(none)";
  return std::string(found->second.data(), found->second.size());
}

v1::TimelineEntry Entry(std::int64_t id, v1::EntryKind kind,
                        const std::string& summary) {
  v1::TimelineEntry entry;
  entry.set_id(id);
  entry.set_client_id(3);
  entry.set_kind(kind);
  entry.set_actor("jdupont");
  entry.mutable_occurred_time()->set_seconds(kNov23At9 + 60 * id);
  entry.set_summary(summary);
  return entry;
}

// Records every request and answers with canned data; the timeline comes in
// two pages.
struct Interactions final : v1::InteractionService::Service {
  grpc::Status ListTimeline(grpc::ServerContext* context,
                            const v1::ListTimelineRequest* request,
                            v1::ListTimelineResponse* response) override {
    std::lock_guard lock(mutex);
    authorizations.push_back(AuthorizationOf(context));
    listed.push_back(*request);
    if (request->page_token().empty()) {
      *response->add_entries() = Entry(1, v1::ENTRY_KIND_NOTE, "Note");
      response->mutable_entries(0)->set_text("Rappeler lundi.");
      response->set_next_page_token("p2");
    } else {
      *response->add_entries() =
          Entry(2, v1::ENTRY_KIND_CALL, "Call: no answer");
    }
    return grpc::Status::OK;
  }
  grpc::Status AddNote(grpc::ServerContext* context,
                       const v1::AddNoteRequest* request,
                       v1::AddNoteResponse* response) override {
    std::lock_guard lock(mutex);
    authorizations.push_back(AuthorizationOf(context));
    notes.push_back(*request);
    *response->mutable_entry() = Entry(7, request->kind(), "Note");
    response->mutable_entry()->set_text(request->text());
    return grpc::Status::OK;
  }
  grpc::Status LogCall(grpc::ServerContext* context,
                       const v1::LogCallRequest* request,
                       v1::LogCallResponse* response) override {
    std::lock_guard lock(mutex);
    authorizations.push_back(AuthorizationOf(context));
    calls.push_back(*request);
    *response->add_entries() = Entry(8, v1::ENTRY_KIND_CALL, "Call");
    if (request->outcome() == v1::CALL_OUTCOME_NO_ANSWER) {
      v1::Reminder& task = *response->mutable_follow_up();
      task.set_id(41);
      task.set_assignee("jdupont");
      task.set_step_key("call_again");
      task.mutable_scheduled_time()->set_seconds(kNov23At9 + 3 * 86400);
    }
    return grpc::Status::OK;
  }

  std::mutex mutex;
  std::vector<std::string> authorizations;
  std::vector<v1::ListTimelineRequest> listed;
  std::vector<v1::AddNoteRequest> notes;
  std::vector<v1::LogCallRequest> calls;
};

struct Plans final : v1::PaymentPlanService::Service {
  grpc::Status CreatePlan(grpc::ServerContext* context,
                          const v1::CreatePlanRequest* request,
                          v1::CreatePlanResponse* response) override {
    std::lock_guard lock(mutex);
    authorizations.push_back(AuthorizationOf(context));
    created.push_back(*request);
    v1::PaymentPlan& plan = *response->mutable_plan();
    plan.set_id(6);
    plan.set_invoice_id(request->invoice_id());
    plan.set_state(v1::PLAN_STATE_ACTIVE);
    for (int i = 1; i <= 2; ++i) {
      v1::Instalment& instalment = *plan.add_instalments();
      instalment.set_number(i);
      instalment.set_due_date(i == 1 ? "2026-12-01" : "2026-12-15");
      instalment.mutable_amount()->set_minor_units(50000);
      instalment.mutable_amount()->set_currency_code("EUR");
      instalment.set_state(v1::INSTALMENT_STATE_PENDING);
    }
    return grpc::Status::OK;
  }

  std::mutex mutex;
  std::vector<std::string> authorizations;
  std::vector<v1::CreatePlanRequest> created;
};

// Only what the commands read: the invoice's currency.
struct Invoices final : v1::InvoiceService::Service {
  grpc::Status GetInvoice(grpc::ServerContext*,
                          const v1::GetInvoiceRequest* request,
                          v1::GetInvoiceResponse* response) override {
    response->mutable_invoice()->set_id(request->invoice_id());
    response->mutable_invoice()->mutable_total()->set_currency_code("EUR");
    return grpc::Status::OK;
  }
};

class WorkflowCommandsTest : public ::testing::Test {
 protected:
  WorkflowCommandsTest() {
    grpc::ServerBuilder builder;
    builder.RegisterService(&interactions_);
    builder.RegisterService(&plans_);
    builder.RegisterService(&invoices_);
    server_ = builder.BuildAndStart();
  }
  ~WorkflowCommandsTest() override { server_->Shutdown(); }

  Outcome Run(const std::vector<std::string>& args) {
    return RunCliAgainst(*server_, args);
  }

  Interactions interactions_;
  Plans plans_;
  Invoices invoices_;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(WorkflowCommandsTest, TimelineFetchesEveryPageWithinWholeUtcDays) {
  const Outcome listed =
      Run({"--token", "rl_mroux", "timeline", "--client", "3", "--kind", "note",
           "--kind", "promise-broken", "--since", "2026-11-01", "--until",
           "2026-11-23"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out,
            "2026-11-23 09:01  note  jdupont  Note  (entry 1)\n"
            "    Rappeler lundi.\n"
            "2026-11-23 09:02  call  jdupont  Call: no answer  (entry 2)\n");
  ASSERT_EQ(interactions_.listed.size(), 2u);
  const v1::ListTimelineRequest& first = interactions_.listed[0];
  EXPECT_EQ(first.client_id(), 3);
  EXPECT_THAT(first.kinds(),
              ElementsAre(v1::ENTRY_KIND_NOTE, v1::ENTRY_KIND_PROMISE_BROKEN));
  // [2026-11-01 00:00, 2026-11-24 00:00) UTC.
  EXPECT_EQ(first.occurred_after().seconds(), 1793491200);
  EXPECT_EQ(first.occurred_before().seconds(), kNov23At9 + 15 * 3600);
  EXPECT_EQ(interactions_.listed[1].page_token(), "p2");
  EXPECT_THAT(interactions_.authorizations,
              ElementsAre("Bearer rl_mroux", "Bearer rl_mroux"));
}

TEST_F(WorkflowCommandsTest, TimelineRefusesWhatItCannotAsk) {
  const Outcome nobody = Run({"timeline"});
  EXPECT_EQ(nobody.exit_code, 2);
  EXPECT_THAT(nobody.err, HasSubstr("--client or --invoice"));

  const Outcome kind = Run({"timeline", "--client", "3", "--kind", "gossip"});
  EXPECT_EQ(kind.exit_code, 2);
  EXPECT_THAT(kind.err, HasSubstr("--kind"));
  EXPECT_THAT(kind.err, HasSubstr("promise-broken"));

  const Outcome day = Run({"timeline", "--client", "3", "--since", "1/11"});
  EXPECT_EQ(day.exit_code, 2);
  EXPECT_THAT(day.err, HasSubstr("--since: '1/11' is not a date"));
  EXPECT_THAT(interactions_.listed, IsEmpty());
}

TEST_F(WorkflowCommandsTest, NoteAddSendsAFreshRequestIdEachRun) {
  for (int run = 0; run < 2; ++run) {
    const Outcome added = Run({"note", "add", "--client", "3", "--kind",
                               "inbound-letter", "--text", "Courrier reçu",
                               "--at", "2026-11-23 09:00", "--corrects", "5"});
    ASSERT_EQ(added.exit_code, 0) << added.err;
    EXPECT_THAT(added.out,
                HasSubstr("inbound letter  jdupont  Note  (entry 7)\n"
                          "    Courrier reçu\n"));
  }
  ASSERT_EQ(interactions_.notes.size(), 2u);
  const v1::AddNoteRequest& note = interactions_.notes[0];
  EXPECT_EQ(note.kind(), v1::ENTRY_KIND_INBOUND_LETTER);
  EXPECT_EQ(note.occurred_time().seconds(), kNov23At9);
  EXPECT_EQ(note.corrects_entry_id(), 5);
  EXPECT_EQ(note.request_id().size(), 36u);
  EXPECT_NE(note.request_id(), interactions_.notes[1].request_id());
  // Without --token (and RELANCE_TOKEN, unset under ctest), none.
  EXPECT_EQ(interactions_.authorizations[0], "(none)");
}

TEST_F(WorkflowCommandsTest, JsonIsTheResponseAndTheTokenMustBeAscii) {
  const Outcome json = Run(
      {"--output", "json", "timeline", "--invoice", "12", "--token", "rl_ab"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"summary\":\"Call: no answer\""));
  EXPECT_THAT(json.out, HasSubstr("\"kind\":\"ENTRY_KIND_NOTE\""));
  EXPECT_EQ(interactions_.listed.at(0).invoice_id(), 12);
  EXPECT_EQ(interactions_.authorizations.at(0), "Bearer rl_ab");

  const Outcome accented =
      Run({"--token", "rl_Rémi", "timeline", "--client", "3"});
  EXPECT_EQ(accented.exit_code, 2);
  EXPECT_THAT(accented.err, HasSubstr("--token: a token is printable ASCII"));
  EXPECT_EQ(interactions_.listed.size(), 2u);
}

TEST_F(WorkflowCommandsTest, CallLogNoAnswerShowsTheFollowUpTask) {
  const Outcome logged =
      Run({"call", "log", "--client", "3", "--task", "40", "--outcome",
           "no-answer", "--notes", "Messagerie"});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  EXPECT_THAT(logged.out, HasSubstr("call  jdupont  Call  (entry 8)\n"));
  EXPECT_THAT(logged.out, HasSubstr("follow-up task:\n"));
  EXPECT_THAT(logged.out, HasSubstr("id:"));
  EXPECT_THAT(logged.out, HasSubstr("41"));
  EXPECT_THAT(logged.out, HasSubstr("assignee:"));
  ASSERT_EQ(interactions_.calls.size(), 1u);
  EXPECT_EQ(interactions_.calls[0].outcome(), v1::CALL_OUTCOME_NO_ANSWER);
  EXPECT_EQ(interactions_.calls[0].task_id(), 40);
  EXPECT_FALSE(interactions_.calls[0].has_promise());
}

TEST_F(WorkflowCommandsTest, CallLogPromiseSendsTermsInTheInvoiceCurrency) {
  const Outcome logged = Run({"call", "log", "--client", "3", "--invoice", "12",
                              "--outcome", "promise", "--amount", "500",
                              "--date", "2026-12-01", "--grace", "0"});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  ASSERT_EQ(interactions_.calls.size(), 1u);
  const v1::PromiseTerms& terms = interactions_.calls[0].promise();
  EXPECT_EQ(terms.amount().minor_units(), 50000);
  EXPECT_EQ(terms.amount().currency_code(), "EUR");
  EXPECT_EQ(terms.date(), "2026-12-01");
  ASSERT_TRUE(terms.has_grace_days());
  EXPECT_EQ(terms.grace_days(), 0);
}

TEST_F(WorkflowCommandsTest, CallLogRefusesOutcomesAndTermsThatDoNotFit) {
  const Outcome bad =
      Run({"call", "log", "--client", "3", "--outcome", "maybe"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--outcome"));
  EXPECT_THAT(bad.err, HasSubstr("no-answer"));

  const Outcome no_amount =
      Run({"call", "log", "--client", "3", "--invoice", "12", "--outcome",
           "promise", "--date", "2026-12-01"});
  EXPECT_EQ(no_amount.exit_code, 2);
  EXPECT_THAT(no_amount.err, HasSubstr("give --amount and --date"));

  const Outcome no_invoice = Run({"call", "log", "--client", "3", "--outcome",
                                  "dispute", "--reason", "Not delivered"});
  EXPECT_EQ(no_invoice.exit_code, 2);
  EXPECT_THAT(no_invoice.err, HasSubstr("give --invoice"));

  const Outcome stray = Run({"call", "log", "--client", "3", "--outcome",
                             "reached", "--reason", "Not delivered"});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_THAT(stray.err, HasSubstr("go with --outcome dispute"));
  EXPECT_THAT(interactions_.calls, IsEmpty());
}

TEST_F(WorkflowCommandsTest, PlanCreateEvenSplitIntervals) {
  for (const char* every : {"2w", "1m"}) {
    const Outcome created =
        Run({"plan", "create", "--invoice", "12", "--instalments", "3",
             "--first-date", "2026-12-01", "--every", every, "--break-after",
             "20"});
    ASSERT_EQ(created.exit_code, 0) << created.err;
  }
  ASSERT_EQ(plans_.created.size(), 2u);
  const v1::CreatePlanRequest& weeks = plans_.created[0];
  ASSERT_TRUE(weeks.has_split());
  EXPECT_EQ(weeks.split().count(), 3);
  EXPECT_EQ(weeks.split().first_due_date(), "2026-12-01");
  EXPECT_EQ(weeks.split().every_days(), 14);
  EXPECT_EQ(weeks.split().every_months(), 0);
  EXPECT_FALSE(weeks.has_grace_days());
  EXPECT_EQ(weeks.break_after_days(), 20);
  EXPECT_EQ(plans_.created[1].split().every_days(), 0);
  EXPECT_EQ(plans_.created[1].split().every_months(), 1);

  const Outcome bad =
      Run({"plan", "create", "--invoice", "12", "--instalments", "3",
           "--first-date", "2026-12-01", "--every", "monthly"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--every: 'monthly' is not an interval"));
}

TEST_F(WorkflowCommandsTest, PlanCreateExplicitInstalmentsShowsTheTable) {
  const Outcome created = Run({"plan", "create", "--invoice", "12",
                               "--instalment", "2026-12-01=500", "--instalment",
                               "2026-12-15=500.00", "--grace", "2"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  ASSERT_EQ(plans_.created.size(), 1u);
  const v1::CreatePlanRequest& request = plans_.created[0];
  ASSERT_TRUE(request.has_instalments());
  ASSERT_EQ(request.instalments().instalments_size(), 2);
  EXPECT_EQ(request.instalments().instalments(1).due_date(), "2026-12-15");
  EXPECT_EQ(request.instalments().instalments(1).amount().minor_units(), 50000);
  EXPECT_EQ(request.grace_days(), 2);
  EXPECT_THAT(created.out, HasSubstr("instalments:\nNUMBER  DUE DATE"));
  EXPECT_THAT(created.out, HasSubstr("2026-12-15  500,00 EUR"));
  EXPECT_THAT(created.out, HasSubstr("pending"));

  const Outcome mixed =
      Run({"plan", "create", "--invoice", "12", "--instalment",
           "2026-12-01=500", "--every", "1m"});
  EXPECT_EQ(mixed.exit_code, 2);
  EXPECT_THAT(mixed.err, HasSubstr("excludes"));
  const Outcome bad_amount = Run(
      {"plan", "create", "--invoice", "12", "--instalment", "2026-12-01=five"});
  EXPECT_EQ(bad_amount.exit_code, 2);
  EXPECT_THAT(bad_amount.err, HasSubstr("--instalment 2026-12-01=five: "));
  EXPECT_EQ(plans_.created.size(), 1u);
}

}  // namespace
}  // namespace relance::cli
