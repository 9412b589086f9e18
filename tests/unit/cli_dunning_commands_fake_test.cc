// The policy, dunning and reminder commands against stand-in services on an
// in-process channel (no network, no database): what each command sends, in
// which order, under which deadline, and what it prints. The real services
// are exercised in tests/server/cli_dunning_commands_test.cc.

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client-cli/policy_file.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/policy.grpc.pb.h"
#include "tests/unit/cli_against_fake.h"

namespace relance::cli {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

using Outcome = CliOutcome;

// Seconds left before the call's deadline, as the service saw it.
double SecondsLeft(const grpc::ServerContext* context) {
  return std::chrono::duration<double>(context->deadline() -
                                       std::chrono::system_clock::now())
      .count();
}

v1::Policy ServedPolicy() {
  absl::StatusOr<v1::Policy> policy = ParsePolicyFile(
      "name: Served\nsend_window: {start: \"09:00\", end: \"18:00\"}\n"
      "steps:\n  - {key: first, offset_days: 1, channels: [email]}\n"
      "  - {key: call, offset_days: 20, channels: [phone], actor: owner}\n",
      PolicyFileFormat::kYaml);
  EXPECT_TRUE(policy.ok()) << policy.status();
  policy->set_id(5);
  policy->set_etag("7");
  policy->set_is_default(true);
  return *policy;
}

// Records every request and answers with canned data.
struct Policies final : v1::PolicyService::Service {
  grpc::Status CreatePolicy(grpc::ServerContext*,
                            const v1::CreatePolicyRequest* request,
                            v1::CreatePolicyResponse* response) override {
    std::lock_guard lock(mutex);
    calls.push_back("CreatePolicy");
    created = *request;
    *response->mutable_policy() = request->policy();
    response->mutable_policy()->set_id(9);
    return grpc::Status::OK;
  }
  grpc::Status GetPolicy(grpc::ServerContext*,
                         const v1::GetPolicyRequest* request,
                         v1::GetPolicyResponse* response) override {
    std::lock_guard lock(mutex);
    calls.push_back(absl::StrCat("GetPolicy ", request->policy_id()));
    *response->mutable_policy() = ServedPolicy();
    return grpc::Status::OK;
  }
  grpc::Status UpdatePolicy(grpc::ServerContext*,
                            const v1::UpdatePolicyRequest* request,
                            v1::UpdatePolicyResponse* response) override {
    std::lock_guard lock(mutex);
    calls.push_back("UpdatePolicy");
    updated = *request;
    *response->mutable_policy() = request->policy();
    return grpc::Status::OK;
  }
  grpc::Status AssignPolicy(grpc::ServerContext*,
                            const v1::AssignPolicyRequest* request,
                            v1::AssignPolicyResponse* response) override {
    std::lock_guard lock(mutex);
    calls.push_back(absl::StrCat("AssignPolicy ", request->client_id(), " ",
                                 request->policy_id()));
    *response->mutable_policy() = ServedPolicy();
    return grpc::Status::OK;
  }

  std::mutex mutex;
  std::vector<std::string> calls;
  v1::CreatePolicyRequest created;
  v1::UpdatePolicyRequest updated;
};

struct Dunning final : v1::DunningService::Service {
  grpc::Status PreviewDunning(grpc::ServerContext* context,
                              const v1::PreviewDunningRequest* request,
                              v1::PreviewDunningResponse* response) override {
    std::lock_guard lock(mutex);
    as_of_date = request->as_of_date();
    seconds_left = SecondsLeft(context);
    *response->mutable_actions() = actions;
    response->set_invoices_examined(4);
    return grpc::Status::OK;
  }
  grpc::Status RunDunning(grpc::ServerContext* context,
                          const v1::RunDunningRequest* request,
                          v1::RunDunningResponse* response) override {
    std::lock_guard lock(mutex);
    ++runs;
    as_of_date = request->as_of_date();
    seconds_left = SecondsLeft(context);
    if (!status.ok()) return status;
    *response->mutable_actions() = actions;
    response->set_invoices_examined(4);
    *response->mutable_sent() = sent;
    return grpc::Status::OK;
  }

  std::mutex mutex;
  google::protobuf::RepeatedPtrField<v1::ChannelCount> sent;
  google::protobuf::RepeatedPtrField<v1::DunningAction> actions;
  grpc::Status status;
  int runs = 0;
  std::string as_of_date;
  double seconds_left = 0;
};

struct Reminders final : v1::ReminderService::Service {
  grpc::Status ListReminders(grpc::ServerContext*,
                             const v1::ListRemindersRequest* request,
                             v1::ListRemindersResponse* response) override {
    std::lock_guard lock(mutex);
    listed = *request;
    v1::Reminder* reminder = response->add_reminders();
    reminder->set_id(40);
    reminder->set_state(v1::REMINDER_STATE_DUE);
    reminder->set_assignee("alice");
    return grpc::Status::OK;
  }
  grpc::Status SkipReminder(grpc::ServerContext*,
                            const v1::SkipReminderRequest* request,
                            v1::SkipReminderResponse* response) override {
    std::lock_guard lock(mutex);
    ++transitions;
    skipped = *request;
    response->mutable_reminder()->set_id(request->reminder_id());
    response->mutable_reminder()->set_state(v1::REMINDER_STATE_SKIPPED);
    response->mutable_reminder()->set_reason(request->reason());
    return grpc::Status::OK;
  }
  grpc::Status SendReminderNow(grpc::ServerContext*,
                               const v1::SendReminderNowRequest*,
                               v1::SendReminderNowResponse*) override {
    std::lock_guard lock(mutex);
    ++transitions;
    // A reply lost on the way back.
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection reset");
  }

  std::mutex mutex;
  v1::ListRemindersRequest listed;
  v1::SkipReminderRequest skipped;
  int transitions = 0;
};

class DunningCommandsTest : public ::testing::Test {
 protected:
  DunningCommandsTest() {
    grpc::ServerBuilder builder;
    builder.RegisterService(&policies_);
    builder.RegisterService(&dunning_);
    builder.RegisterService(&reminders_);
    server_ = builder.BuildAndStart();
  }
  ~DunningCommandsTest() override {
    server_->Shutdown();
    for (const std::string& path : files_) std::remove(path.c_str());
  }

  Outcome Run(const std::vector<std::string>& args) {
    return RunCliAgainst(*server_, args);
  }

  std::string TempPath(const std::string& name) {
    const std::string path = ::testing::TempDir() + "/" + name;
    files_.push_back(path);
    return path;
  }
  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = TempPath(name);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  Policies policies_;
  Dunning dunning_;
  Reminders reminders_;

 private:
  std::unique_ptr<grpc::Server> server_;
  std::vector<std::string> files_;
};

constexpr char kPolicyYaml[] =
    "name: Gentle\nsteps:\n"
    "  - {key: first, offset_days: 1, channels: [email]}\n"
    "  - {key: second, offset_days: 15, channels: [email, letter]}\n";

TEST_F(DunningCommandsTest, PolicyCreateSendsTheFileAndShowsTheLadder) {
  const Outcome outcome =
      Run({"policy", "create", "--file", WriteFile("p.yaml", kPolicyYaml)});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(policies_.created.policy().name(), "Gentle");
  ASSERT_EQ(policies_.created.policy().steps_size(), 2);
  EXPECT_THAT(policies_.created.policy().steps(1).channels(),
              ElementsAre(v1::CHANNEL_EMAIL, v1::CHANNEL_LETTER));
  EXPECT_THAT(policies_.created.request_id(), MatchesRegex("[0-9a-f-]{36}"));
  EXPECT_THAT(outcome.out, HasSubstr("id:    9\n"));
  EXPECT_THAT(outcome.out, HasSubstr("\nsteps:\nKEY     OFFSET DAYS"));
  EXPECT_THAT(outcome.out, HasSubstr("\nsecond  15  "));
}

TEST_F(DunningCommandsTest, BadPolicyFileIsAUsageErrorAndNothingIsSent) {
  const std::string path =
      WriteFile("bad.json", R"({"name": "P", "steps": [{"key": "a",
        "offset_days": 1, "channels": ["fax"]}]})");
  const Outcome outcome = Run({"policy", "create", "--file", path});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_EQ(outcome.err,
            absl::StrCat("relance: ", path,
                         ": steps[0].channels[0]: unknown channel \"fax\" "
                         "(expected one of: email, letter, registered_letter, "
                         "sms, phone) (line 2)\n"));
  EXPECT_THAT(outcome.out, IsEmpty());

  const Outcome unknown_kind =
      Run({"policy", "create", "--file", WriteFile("p.txt", kPolicyYaml)});
  EXPECT_EQ(unknown_kind.exit_code, 2);
  EXPECT_THAT(unknown_kind.err, HasSubstr("ends in .yaml, .yml or .json"));
  const Outcome missing =
      Run({"policy", "create", "--file", TempPath("missing.yaml")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, StartsWith("relance: cannot open "));
  EXPECT_THAT(policies_.calls, IsEmpty());
}

TEST_F(DunningCommandsTest, PolicyUpdateReadsTheEtagUnlessGiven) {
  const std::string path = WriteFile("p.yaml", kPolicyYaml);
  ASSERT_EQ(Run({"policy", "update", "5", "--file", path}).exit_code, 0);
  EXPECT_THAT(policies_.calls, ElementsAre("GetPolicy 5", "UpdatePolicy"));
  EXPECT_EQ(policies_.updated.policy().id(), 5);
  EXPECT_EQ(policies_.updated.policy().etag(), "7");
  EXPECT_EQ(policies_.updated.policy().name(), "Gentle");

  policies_.calls.clear();
  ASSERT_EQ(
      Run({"policy", "update", "5", "--file", path, "--etag", "3"}).exit_code,
      0);
  EXPECT_THAT(policies_.calls, ElementsAre("UpdatePolicy"));
  EXPECT_EQ(policies_.updated.policy().etag(), "3");
}

TEST_F(DunningCommandsTest, PolicyGetWritesAFileThatReadsBackAsThePolicy) {
  for (const std::string name : {"out.yaml", "out.json"}) {
    policies_.calls.clear();
    const std::string path = TempPath(name);
    const Outcome outcome = Run({"policy", "get", "default", "--file", path});
    ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
    // It says where it wrote.
    EXPECT_THAT(outcome.out, HasSubstr(absl::StrCat(" to ", path, "\n")));
    EXPECT_THAT(policies_.calls, ElementsAre("GetPolicy 0"));
    absl::StatusOr<v1::Policy> back =
        ParsePolicyFile(ReadFile(path), *PolicyFileFormatForPath(path));
    ASSERT_TRUE(back.ok()) << back.status();
    v1::Policy expected = ServedPolicy();
    expected.clear_id();
    expected.clear_etag();
    expected.clear_is_default();
    EXPECT_TRUE(MessageDifferencer::Equals(*back, expected))
        << back->DebugString();
  }
  // "-" is YAML on standard output.
  const Outcome stdout_file = Run({"policy", "get", "5", "--file", "-"});
  ASSERT_EQ(stdout_file.exit_code, 0) << stdout_file.err;
  EXPECT_THAT(stdout_file.out,
              StartsWith("# policy 5 (the default), etag 7\n"));
  EXPECT_THAT(stdout_file.out, HasSubstr("\nname: Served\n"));
}

TEST_F(DunningCommandsTest, PolicyGetRefusesWhatItCannotRead) {
  const Outcome bad_id = Run({"policy", "get", "five"});
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_THAT(bad_id.err,
              HasSubstr("'five' is neither a policy id nor default"));
  const Outcome bad_file =
      Run({"policy", "get", "5", "--file", TempPath("out.txt")});
  EXPECT_EQ(bad_file.exit_code, 2);
  EXPECT_THAT(bad_file.err, HasSubstr("must end in .yaml, .yml or .json"));
  EXPECT_THAT(policies_.calls, IsEmpty());
}

TEST_F(DunningCommandsTest, PolicyGetShowsTheLadderOneStepPerRow) {
  const Outcome outcome = Run({"policy", "get", "5"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, HasSubstr("\nsteps:\nKEY    OFFSET DAYS"));
  EXPECT_THAT(outcome.out, HasSubstr("\nfirst  1 "));
  EXPECT_THAT(outcome.out, HasSubstr("\ncall   20 "));
  const Outcome json = Run({"policy", "get", "5", "--output", "json"});
  EXPECT_THAT(json.out, StartsWith("{\"policy\":{\"id\":\"5\",\"name\":"
                                   "\"Served\""));
}

TEST_F(DunningCommandsTest, PolicyAssignTakesAPolicyOrTheDefault) {
  ASSERT_EQ(
      Run({"policy", "assign", "--client", "3", "--policy", "5"}).exit_code, 0);
  ASSERT_EQ(Run({"policy", "assign", "--client", "3", "--default"}).exit_code,
            0);
  EXPECT_THAT(policies_.calls,
              ElementsAre("AssignPolicy 3 5", "AssignPolicy 3 0"));
  const Outcome neither = Run({"policy", "assign", "--client", "3"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_EQ(neither.err,
            "relance: policy assign: give either --policy ID or --default\n");
  EXPECT_EQ(
      Run({"policy", "assign", "--client", "3", "--policy", "5", "--default"})
          .exit_code,
      2);
  EXPECT_THAT(policies_.calls, ::testing::SizeIs(2));
}

TEST_F(DunningCommandsTest, DunningRunHasAGenerousDeadlineOfItsOwn) {
  ASSERT_EQ(Run({"dunning", "run"}).exit_code, 0);
  EXPECT_GT(dunning_.seconds_left, 590);
  EXPECT_LE(dunning_.seconds_left, 600.5);
  ASSERT_EQ(Run({"dunning", "run", "--timeout", "5"}).exit_code, 0);
  EXPECT_LE(dunning_.seconds_left, 5.5);
  EXPECT_GT(dunning_.seconds_left, 0);
  // The global --timeout counts when given before the command.
  ASSERT_EQ(Run({"--timeout", "60", "dunning", "run"}).exit_code, 0);
  EXPECT_LE(dunning_.seconds_left, 60.5);
  EXPECT_GT(dunning_.seconds_left, 50);
  ASSERT_EQ(Run({"dunning", "preview", "--as-of", "2026-03-01"}).exit_code, 0);
  EXPECT_EQ(dunning_.as_of_date, "2026-03-01");
  EXPECT_GT(dunning_.seconds_left, 590);
}

TEST_F(DunningCommandsTest, DunningShowsTheActionsThenTheirCount) {
  v1::DunningAction* action = dunning_.actions.Add();
  action->set_kind(v1::DunningAction::KIND_DUE);
  action->set_invoice_number("F-1");
  action->set_step_key("first");
  action->add_channels(v1::CHANNEL_EMAIL);
  action->mutable_outstanding()->set_currency_code("EUR");
  action->mutable_outstanding()->set_minor_units(124050);

  const Outcome table = Run({"dunning", "preview"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, StartsWith("KIND  INVOICE NUMBER"));
  EXPECT_THAT(table.out, HasSubstr("\ndue   F-1  "));
  EXPECT_THAT(table.out, HasSubstr("1 240,50 EUR"));
  EXPECT_THAT(table.out,
              HasSubstr("\n\n1 action to take: 1 due; 4 invoices examined "
                        "(preview: nothing was changed)\n"));

  // CSV keeps standard output for the rows; the count goes to stderr.
  const Outcome csv = Run({"dunning", "run", "--output", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, StartsWith("kind,invoice_number,"));
  EXPECT_THAT(csv.out, HasSubstr("\r\ndue,F-1,"));
  EXPECT_THAT(csv.out, ::testing::Not(HasSubstr("examined")));
  EXPECT_EQ(csv.err,
            "relance: 1 action: 1 due; 4 invoices examined\n"
            "relance: Nothing sent\n");

  dunning_.actions.Clear();
  const Outcome nothing = Run({"dunning", "run"});
  EXPECT_EQ(nothing.out, "No action; 4 invoices examined\nNothing sent\n");

  // What the run actually sent, per channel.
  v1::ChannelCount* email = dunning_.sent.Add();
  email->set_channel(v1::CHANNEL_EMAIL);
  email->set_messages(2);
  v1::ChannelCount* letter = dunning_.sent.Add();
  letter->set_channel(v1::CHANNEL_LETTER);
  letter->set_messages(1);
  const Outcome sent = Run({"dunning", "run"});
  EXPECT_EQ(sent.out,
            "No action; 4 invoices examined\nSent 3 messages: 2 email, 1 "
            "letter\n");
}

TEST_F(DunningCommandsTest, DunningRunIsNotRetriedAndSaysItMayHaveHappened) {
  dunning_.status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "reset");
  const Outcome outcome = Run({"dunning", "run"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(dunning_.runs, 1);
  EXPECT_THAT(outcome.err, HasSubstr("the run may have gone through"));
}

TEST_F(DunningCommandsTest, ReminderListSendsItsFilters) {
  const Outcome outcome =
      Run({"reminder", "list", "--state", "DUE", "--client", "3", "--assignee",
           "alice", "--invoice", "12", "--page-size", "50"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(reminders_.listed.state(), v1::REMINDER_STATE_DUE);
  EXPECT_EQ(reminders_.listed.client_id(), 3);
  EXPECT_EQ(reminders_.listed.assignee(), "alice");
  EXPECT_EQ(reminders_.listed.invoice_id(), 12);
  EXPECT_EQ(reminders_.listed.page_size(), 50);
  EXPECT_THAT(outcome.out, HasSubstr("\n40  "));
  EXPECT_THAT(outcome.out, HasSubstr(" due "));

  const Outcome bad_state = Run({"reminder", "list", "--state", "late"});
  EXPECT_EQ(bad_state.exit_code, 2);
}

TEST_F(DunningCommandsTest,
       ReminderSkipNeedsAReasonAndTransitionsAreNotRetried) {
  const Outcome no_reason = Run({"reminder", "skip", "40"});
  EXPECT_EQ(no_reason.exit_code, 2);
  EXPECT_THAT(no_reason.err, HasSubstr("--reason is required"));
  EXPECT_EQ(reminders_.transitions, 0);

  const Outcome skip =
      Run({"reminder", "skip", "40", "--reason", "client called"});
  ASSERT_EQ(skip.exit_code, 0) << skip.err;
  EXPECT_EQ(reminders_.skipped.reminder_id(), 40);
  EXPECT_EQ(reminders_.skipped.reason(), "client called");
  EXPECT_THAT(skip.out, ContainsRegex("\nstate: +skipped\n"));

  const Outcome send = Run({"reminder", "send-now", "40"});
  EXPECT_EQ(send.exit_code, 1);
  EXPECT_EQ(reminders_.transitions, 2);  // One skip, one send: no retry.
}

}  // namespace
}  // namespace relance::cli
