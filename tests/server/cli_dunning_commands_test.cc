// The policy, dunning and reminder commands end to end against relanced's real
// services, on SQLite and PostgreSQL: policy files in and out, assignment,
// preview then run on imported invoices, and the work on reminders. A
// recording channel adapter stands in for email, letters and SMS.

#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/client_context.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client-cli/policy_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/policy.grpc.pb.h"
#include "tests/server/recording_channel.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/cli_in_process.h"

namespace relance {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

using Outcome = testing::CliOutcome;

// Every field the server would otherwise fill in with its defaults is given,
// so that what comes back is what was sent.
constexpr char kGentle[] = R"(name: Gentle
description: Three steps for good payers
grouping: per_invoice
send_window: {start: "08:00", end: "17:30"}
steps:
  - key: nudge
    offset_days: 1
    channels: [email]
    template: nudge
    actor: automatic
  - key: call
    offset_days: 5
    min_gap_days: 2
    channels: [phone]
    template: call
    actor: owner
  - key: notice
    offset_days: 10
    channels: [registered_letter, email]
    template: notice
    actor: automatic
    min_outstanding: {EUR: "50.00"}
    fee: {fixed: "60.00 EUR"}
    formal_notice: {deadline_days: 8}
)";

class CliDunningCommandsTest : public testing::ServerTestBase {
 protected:
  EnvironmentOptions environment_options() override {
    EnvironmentOptions options;
    options.adapters = channel_.AllChannels();
    return options;
  }

  void SetUp() override {
    // The CLI shows times in the user's zone: here the clients' own, whose
    // send window opens at 08:00.
    setenv("TZ", "Europe/Paris", 1);
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clients_ = v1::ClientService::NewStub(channel());
    policies_ = v1::PolicyService::NewStub(channel());
    reminders_ = v1::ReminderService::NewStub(channel());
  }

  void TearDown() override {
    for (const std::string& path : files_) std::remove(path.c_str());
  }

  Outcome Run(const std::vector<std::string>& args) {
    return testing::RunCliOnPort(port(), server().admin_token(), args);
  }

  // Per process: ctest runs the SQLite and PostgreSQL cases side by side,
  // and one's cleanup must not remove the other's file.
  std::string TempPath(const std::string& name) {
    const std::string path =
        absl::StrCat(::testing::TempDir(), "/relance-", getpid(), "-", name);
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

  static v1::Policy Parse(const std::string& text,
                          cli::PolicyFileFormat format) {
    absl::StatusOr<v1::Policy> policy = cli::ParsePolicyFile(text, format);
    EXPECT_TRUE(policy.ok()) << policy.status();
    return policy.ok() ? *policy : v1::Policy();
  }

  // Creates the policy in `text` with the CLI; returns its id.
  std::int64_t CreatePolicy(const std::string& text) {
    const Outcome outcome =
        Run({"policy", "create", "--file", WriteFile("policy.yaml", text)});
    EXPECT_EQ(outcome.exit_code, 0) << outcome.err;
    const std::string name = Parse(text, cli::PolicyFileFormat::kYaml).name();
    for (const v1::Policy& policy : ListPolicies()) {
      if (policy.name() == name) return policy.id();
    }
    ADD_FAILURE() << "no policy " << name;
    return 0;
  }

  v1::Policy GetPolicy(std::int64_t id) {
    grpc::ClientContext context;
    v1::GetPolicyRequest request;
    request.set_policy_id(id);
    v1::GetPolicyResponse response;
    const grpc::Status status =
        policies_->GetPolicy(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.policy();
  }

  std::vector<v1::Policy> ListPolicies() {
    grpc::ClientContext context;
    v1::ListPoliciesRequest request;
    request.set_page_size(1000);
    v1::ListPoliciesResponse response;
    const grpc::Status status =
        policies_->ListPolicies(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.policies().begin(), response.policies().end()};
  }

  std::int64_t CreateClient(const std::string& reference,
                            const std::string& owner) {
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

  v1::Client GetClient(std::int64_t id) {
    grpc::ClientContext context;
    v1::GetClientRequest request;
    request.set_client_id(id);
    v1::GetClientResponse response;
    const grpc::Status status =
        clients_->GetClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client();
  }

  std::vector<v1::Reminder> Reminders(v1::ListRemindersRequest request = {}) {
    request.set_page_size(1000);
    grpc::ClientContext context;
    v1::ListRemindersResponse response;
    const grpc::Status status =
        reminders_->ListReminders(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.reminders().begin(), response.reminders().end()};
  }

  v1::Reminder Reminder(const std::string& invoice_number,
                        const std::string& step_key) {
    for (const v1::Reminder& reminder : Reminders()) {
      if (reminder.invoice_number() == invoice_number &&
          reminder.step_key() == step_key) {
        return reminder;
      }
    }
    ADD_FAILURE() << "no reminder " << step_key << " for " << invoice_number;
    return {};
  }

  testing::RecordingChannel channel_;
  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::PolicyService::Stub> policies_;
  std::unique_ptr<v1::ReminderService::Stub> reminders_;

 private:
  std::vector<std::string> files_;
};

TEST_P(CliDunningCommandsTest, PolicyFileComesBackFromTheServerAsWritten) {
  const Outcome created =
      Run({"policy", "create", "--file", WriteFile("gentle.yaml", kGentle)});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, ContainsRegex("(^|\n)name: +Gentle\n"));
  EXPECT_THAT(created.out, HasSubstr("\nsteps:\nKEY "));
  // The fee is allowed, with what the law asks of it.
  EXPECT_THAT(created.err,
              HasSubstr("relance: warning: steps[2].fee: never claimed from a "
                        "consumer"));
  const std::vector<v1::Policy> policies = ListPolicies();
  ASSERT_THAT(policies, SizeIs(2));
  const v1::Policy& stored = policies[1];
  EXPECT_EQ(stored.name(), "Gentle");
  EXPECT_EQ(stored.steps(2).fee().fixed().minor_units(), 6000);
  EXPECT_EQ(stored.steps(2).min_outstanding(0).minor_units(), 5000);

  const v1::Policy sent = Parse(kGentle, cli::PolicyFileFormat::kYaml);
  for (const std::string name : {"back.yaml", "back.json"}) {
    const std::string path = TempPath(name);
    const Outcome got =
        Run({"policy", "get", absl::StrCat(stored.id()), "--file", path});
    ASSERT_EQ(got.exit_code, 0) << got.err;
    const v1::Policy back =
        Parse(ReadFile(path), *cli::PolicyFileFormatForPath(path));
    EXPECT_TRUE(MessageDifferencer::Equals(back, sent)) << name << ":\n"
                                                        << ReadFile(path);
  }
}

TEST_P(CliDunningCommandsTest, SampleFileCreatesAPolicy) {
  const std::string sample =
      ReadFile(RELANCE_SAMPLES_DIR "/policy-b2b-fr.yaml");
  ASSERT_THAT(sample, Not(IsEmpty()));
  const std::int64_t id = CreatePolicy(sample);
  const v1::Policy policy = GetPolicy(id);
  ASSERT_THAT(policy.steps(), SizeIs(6));
  // No fee on top of the 40 EUR indemnity the law gives.
  EXPECT_FALSE(policy.steps(4).has_fee());
  EXPECT_TRUE(policy.steps(5).hand_over());
}

TEST_P(CliDunningCommandsTest, PolicyUpdateReplacesThePolicy) {
  const std::int64_t id = CreatePolicy(kGentle);
  const v1::Policy before = GetPolicy(id);
  std::string changed = kGentle;
  changed.replace(changed.find("Three steps"), 11, "Two steps");
  changed.erase(changed.find("  - key: notice"));
  const std::string path = WriteFile(
      "changed.json",
      cli::WritePolicyFile(Parse(changed, cli::PolicyFileFormat::kYaml),
                           cli::PolicyFileFormat::kJson));

  const Outcome updated =
      Run({"policy", "update", absl::StrCat(id), "--file", path});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  const v1::Policy after = GetPolicy(id);
  EXPECT_EQ(after.description(), "Two steps for good payers");
  EXPECT_THAT(after.steps(), SizeIs(2));
  EXPECT_NE(after.etag(), before.etag());

  // With the etag read before the change, the update is refused.
  const Outcome stale = Run({"policy", "update", absl::StrCat(id), "--file",
                             path, "--etag", before.etag()});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err,
              StartsWith("relance: aborted: the record changed since you "
                         "read it"));
}

TEST_P(CliDunningCommandsTest, ServerRejectionNamesTheStepField) {
  std::string backwards = kGentle;
  backwards.replace(backwards.find("offset_days: 10"), 15, "offset_days: 3");
  const Outcome outcome = Run(
      {"policy", "create", "--file", WriteFile("backwards.yaml", backwards)});
  EXPECT_EQ(outcome.exit_code, 1);
  // After the file's own warning about the fee.
  EXPECT_THAT(outcome.err, StartsWith("relance: warning: steps[2].fee: "));
  EXPECT_THAT(outcome.err, HasSubstr("\nrelance: invalid argument: "));
  EXPECT_THAT(outcome.err, HasSubstr("policy.steps[2].offset_days"));
  EXPECT_THAT(ListPolicies(), SizeIs(1));
}

TEST_P(CliDunningCommandsTest, AssignSetDefaultAndList) {
  const std::int64_t client = CreateClient("C-DUPONT", "alice");
  const std::int64_t gentle = CreatePolicy(kGentle);
  const std::string client_flag = absl::StrCat(client);

  const Outcome assigned = Run({"policy", "assign", "--client", client_flag,
                                "--policy", absl::StrCat(gentle)});
  ASSERT_EQ(assigned.exit_code, 0) << assigned.err;
  EXPECT_THAT(assigned.out, ContainsRegex("(^|\n)name: +Gentle\n"));
  EXPECT_EQ(GetClient(client).policy_id(), gentle);

  const Outcome detached =
      Run({"policy", "assign", "--client", client_flag, "--default"});
  ASSERT_EQ(detached.exit_code, 0) << detached.err;
  EXPECT_THAT(detached.out, ContainsRegex("(^|\n)name: +Relance B2B France\n"));
  EXPECT_EQ(GetClient(client).policy_id(), 0);

  const Outcome made_default =
      Run({"policy", "set-default", absl::StrCat(gentle)});
  ASSERT_EQ(made_default.exit_code, 0) << made_default.err;
  EXPECT_TRUE(GetPolicy(0).is_default());
  EXPECT_EQ(GetPolicy(0).id(), gentle);

  const Outcome listed = Run({"policy", "list", "--output", "csv"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const std::vector<std::string> rows =
      absl::StrSplit(listed.out, "\r\n", absl::SkipEmpty());
  ASSERT_THAT(rows, SizeIs(3));
  EXPECT_THAT(rows[0], StartsWith("id,name,description,default,"));
  EXPECT_THAT(rows[1], StartsWith("1,Relance B2B France,"));
  EXPECT_THAT(rows[2], StartsWith(absl::StrCat(gentle,
                                               ",Gentle,Three steps "
                                               "for good payers,yes,")));

  const Outcome shown = Run({"policy", "get", "default"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, ContainsRegex("\ncall +5 +2 +phone +owner"));
}

// The tables of a preview and of a run, without the line that counts.
std::string ActionsTable(const std::string& out) {
  return out.substr(0, out.rfind("\n\n") + 1);
}

TEST_P(CliDunningCommandsTest, ImportPreviewRunThenWorkTheReminders) {
  const std::int64_t gentle = CreatePolicy(kGentle);
  ASSERT_EQ(Run({"policy", "set-default", absl::StrCat(gentle)}).exit_code, 0);
  // Clients created by the import have no owner: their calls go to the back
  // office.
  const std::string csv = WriteFile(
      "invoices.csv",
      "number,client_reference,client_name,issue_date,due_date,currency,total\n"
      "F-1,C-1,Dupont,2026-02-08,2026-03-10,EUR,1200.00\n"
      "F-2,C-1,Dupont,2026-02-08,2026-03-10,EUR,300.00\n"
      "F-3,C-2,Martin,2026-02-08,2026-03-10,EUR,80.00\n");
  const Outcome imported = Run({"invoice", "import", csv});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  // The preview changes nothing and shows what the run then does, on the
  // 12th.
  LiveOn("2026-03-12");
  const Outcome preview = Run({"dunning", "preview", "--as-of", "2026-03-12"});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_THAT(preview.out,
              EndsWith("\n\n9 actions to take: 6 scheduled, 3 due; 3 "
                       "invoices examined (preview: nothing was changed)\n"));
  EXPECT_THAT(Reminders(), IsEmpty());
  const Outcome run = Run({"dunning", "run", "--as-of", "2026-03-12"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ActionsTable(run.out), ActionsTable(preview.out));
  EXPECT_THAT(run.out, EndsWith("\n\n9 actions: 6 scheduled, 3 due; 3 invoices "
                                "examined\nSent 3 messages: 3 email\n"));
  // Times in the user's zone, amounts as the locale writes them.
  EXPECT_THAT(run.out, ContainsRegex("\ndue +F-1 +[0-9]+ +nudge +email +"
                                     "2026-03-11 08:00 +1 200,00 EUR"));
  EXPECT_THAT(run.out, ContainsRegex("\nschedule +F-3 +[0-9]+ +call +phone +"
                                     "2026-03-16 08:00 +80,00 EUR"));

  const Outcome sent =
      Run({"reminder", "list", "--state", "sent", "--output", "csv"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  std::vector<std::string> rows =
      absl::StrSplit(sent.out, "\r\n", absl::SkipEmpty());
  ASSERT_THAT(rows, SizeIs(4));
  EXPECT_THAT(rows[1], ContainsRegex("^[0-9]+,F-1,[0-9]+,[0-9]+,[0-9]+,nudge,0,"
                                     "sent,email,automatic,,nudge,"));
  EXPECT_THAT(rows[3], HasSubstr(",EUR,80.00,"));

  // The calls fall due: tasks for the back office.
  LiveOn("2026-03-16");
  const Outcome calls = Run({"dunning", "run", "--as-of", "2026-03-16"});
  ASSERT_EQ(calls.exit_code, 0) << calls.err;
  EXPECT_THAT(calls.out, HasSubstr("6 actions: 3 scheduled, 3 due;"));
  const Outcome tasks = Run({"reminder", "list", "--state", "due", "--assignee",
                             "back_office", "--output", "csv"});
  ASSERT_EQ(tasks.exit_code, 0) << tasks.err;
  rows = absl::StrSplit(tasks.out, "\r\n", absl::SkipEmpty());
  ASSERT_THAT(rows, SizeIs(4));
  for (std::size_t i = 1; i < rows.size(); ++i) {
    EXPECT_THAT(rows[i], HasSubstr(",call,1,due,phone,owner,back_office,"));
  }
  const Outcome client_one =
      Run({"reminder", "list", "--state", "due", "--client",
           absl::StrCat(Reminder("F-1", "call").client_id())});
  const std::vector<std::string> lines =
      absl::StrSplit(client_one.out, '\n', absl::SkipEmpty());
  EXPECT_THAT(lines, SizeIs(3));  // The header, F-1 and F-2.

  // One call made, one skipped; a skipped task cannot be skipped again.
  const std::string call_1 = absl::StrCat(Reminder("F-1", "call").id());
  const std::string call_2 = absl::StrCat(Reminder("F-2", "call").id());
  const Outcome done = Run(
      {"reminder", "done", call_1, "--reason", "promised to pay on Friday"});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_THAT(done.out, ContainsRegex("\nstate: +done\n"));
  EXPECT_EQ(Reminder("F-1", "call").state(), v1::REMINDER_STATE_DONE);
  EXPECT_EQ(Reminder("F-1", "call").reason(), "promised to pay on Friday");
  const Outcome skipped =
      Run({"reminder", "skip", call_2, "--reason", "client on holiday"});
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_EQ(Reminder("F-2", "call").state(), v1::REMINDER_STATE_SKIPPED);
  const Outcome again = Run({"reminder", "skip", call_2, "--reason", "again"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err,
              StartsWith(absl::StrCat("relance: failed precondition: reminder ",
                                      call_2, " is skipped")));
  EXPECT_EQ(Reminder("F-2", "call").reason(), "client on holiday");

  // The formal notice is scheduled for the 20th; sent by hand on the 17th, a
  // day after the call (its minimum gap), it counts as its step and goes out
  // by registered letter and email.
  LiveOn("2026-03-17");
  const v1::Reminder notice = Reminder("F-1", "notice");
  ASSERT_EQ(notice.state(), v1::REMINDER_STATE_SCHEDULED);
  const std::size_t delivered = channel_.delivered().size();
  const Outcome now = Run({"reminder", "send-now", absl::StrCat(notice.id())});
  ASSERT_EQ(now.exit_code, 0) << now.err;
  EXPECT_EQ(Reminder("F-1", "notice").state(), v1::REMINDER_STATE_SENT);
  EXPECT_THAT(channel_.delivered(), SizeIs(delivered + 2));
  const Outcome shown = Run({"reminder", "get", absl::StrCat(notice.id())});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, ContainsRegex("\nstate: +sent\n"));
  EXPECT_THAT(shown.out, ContainsRegex("\nfee: +60,00 EUR\n"));
  EXPECT_THAT(shown.out, ContainsRegex("\nformal notice: +yes\n"));
  EXPECT_THAT(shown.out, ContainsRegex("\nnotice deadline: +2026-"));

  // The run of the 20th has nothing left to do for it.
  LiveOn("2026-03-20");
  const Outcome later =
      Run({"dunning", "run", "--as-of", "2026-03-20", "--output", "csv"});
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_THAT(later.out, Not(HasSubstr(",F-1,")));
  EXPECT_THAT(later.err, StartsWith("relance: "));
  EXPECT_THAT(later.err, HasSubstr("invoices examined\n"));

  const Outcome missing = Run({"reminder", "get", "999"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, StartsWith("relance: not found: "));
}

TEST_P(CliDunningCommandsTest, DefaultPolicyEditedThroughAFile) {
  const std::string path = TempPath("default.yaml");
  const Outcome got = Run({"policy", "get", "default", "--file", path});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  const v1::Policy before = GetPolicy(0);
  std::string text = ReadFile(path);
  EXPECT_THAT(text, StartsWith(absl::StrCat("# policy ", before.id(),
                                            " (the default), etag ")));
  text.replace(text.find("offset_days: 45"), 15, "offset_days: 60");
  std::ofstream(path, std::ios::binary) << text;

  const Outcome updated =
      Run({"policy", "update", absl::StrCat(before.id()), "--file", path});
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  v1::Policy expected = before;
  expected.mutable_steps(5)->set_offset_days(60);
  v1::Policy after = GetPolicy(0);
  EXPECT_NE(after.etag(), before.etag());
  for (v1::Policy* policy : {&expected, &after}) {
    policy->clear_etag();
    policy->clear_update_time();
  }
  EXPECT_TRUE(MessageDifferencer::Equals(after, expected))
      << after.DebugString();
}

RELANCE_INSTANTIATE_SERVER_TEST(CliDunningCommandsTest);

}  // namespace
}  // namespace relance
