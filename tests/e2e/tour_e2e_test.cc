// The README's "A five-minute tour", run as written, on any day: its commands
// are read from README.md itself (the fenced sh blocks of that section) and
// run by bash one after the other, in a directory laid out as the repository
// is after deploy/quickstart.sh: the sample book dated for today in
// .relance/invoices.csv (written by deploy/samples/invoices-for-today.sh, as
// quickstart.sh does), the sample configuration with the development mailbox,
// and a real relanced on a fresh SQLite file. Each command must succeed (or
// fail as the README says), print what a reader looks for, and do what the
// README says it does: the invoice's reminders exist and were sent, the email
// is in the mailbox, the letter PDF was written, a payment cancels the rest.
//
// A command the README gains without an expectation here only has to
// succeed; an expectation that matches no command fails, so that the test
// follows the README.

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/relance_process.h"
#include "tests/testing/subprocess.h"

namespace relance {
namespace {

using testing::BackgroundProcess;
using testing::CommandResult;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::Relance;
using testing::RunCommand;

constexpr char kTourHeading[] = "## A five-minute tour";

// The section's commands: each line of its ```sh blocks, continuation lines
// (ending in a backslash) joined, blank lines and comment lines left out.
std::vector<std::string> TourCommands(const std::string& readme) {
  std::vector<std::string> commands;
  bool in_section = false;
  bool in_sh_block = false;
  std::string pending;
  for (absl::string_view line : absl::StrSplit(readme, '\n')) {
    if (!in_section) {
      in_section = line == kTourHeading;
      continue;
    }
    if (!in_sh_block && absl::StartsWith(line, "## ")) break;
    if (absl::StartsWith(line, "```")) {
      in_sh_block = !in_sh_block && line == "```sh";
      continue;
    }
    if (!in_sh_block) continue;
    absl::string_view text = absl::StripAsciiWhitespace(line);
    if (pending.empty() && (text.empty() || absl::StartsWith(text, "#"))) {
      continue;
    }
    if (absl::ConsumeSuffix(&text, "\\")) {
      absl::StrAppend(&pending, text, " ");
      continue;
    }
    commands.push_back(absl::StrCat(pending, text));
    pending.clear();
  }
  return commands;
}

// `text` with every run of spaces and tabs made one space, so that checks do
// not depend on column widths.
std::string Squeezed(absl::string_view text) {
  std::string squeezed;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      space = true;
      continue;
    }
    if (space && !squeezed.empty() && squeezed.back() != '\n' && c != '\n') {
      squeezed += ' ';
    }
    space = false;
    squeezed += c;
  }
  return squeezed;
}

std::size_t LineCount(absl::string_view text) {
  return std::vector<absl::string_view>(
             absl::StrSplit(text, '\n', absl::SkipEmpty()))
      .size();
}

// What one README command must do. `command` is the start of the command as
// the README writes it (spaces squeezed); the first expectation that matches
// applies.
struct Expectation {
  std::string command;
  int exit_code = 0;
  // Lines or parts of lines of stdout and stderr (spaces squeezed).
  std::vector<std::string> out_has;
  std::vector<std::string> err_has;
  // A command that runs until Ctrl-C: interrupted after a few seconds.
  bool interrupt = false;
  // How many lines stdout must hold at least, and exactly.
  std::size_t out_lines_at_least = 0;
  std::optional<std::size_t> out_lines;
  // Not run, and why.
  std::string skip;
  // What the command did, checked once it has run.
  std::function<void()> then;
  int matched = 0;
};

class TourE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    state_ = dir_ + "/.relance";
    std::filesystem::create_directories(state_ + "/mailbox");
    // The repository's files the tour names, seen from its root.
    for (const char* name : {"deploy", "tests"}) {
      std::filesystem::create_directory_symlink(
          std::filesystem::path(SOURCE_DIR) / name,
          std::filesystem::path(dir_) / name);
    }
    // The sample dated for today, as quickstart.sh writes it.
    const CommandResult sample =
        RunCommand({"/bin/bash", "-c",
                    absl::StrCat("cd ", dir_,
                                 " && deploy/samples/invoices-for-today.sh > "
                                 ".relance/invoices.csv")});
    ASSERT_EQ(sample.exit_code, 0) << sample.err;

    // The development mailbox, as quickstart.sh starts it.
    const std::string mailbox_log = state_ + "/mailbox.log";
    mailbox_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{
            "/usr/bin/python3",
            std::string(SOURCE_DIR) + "/tests/testing/smtp_sink.py", "--host",
            "127.0.0.1", "--port", "0", "--dir", state_ + "/mailbox"},
        mailbox_log);
    int smtp_port = 0;
    for (int attempt = 0; attempt < 200 && smtp_port == 0; ++attempt) {
      const std::string log = ReadFile(mailbox_log);
      if (const std::size_t at = log.find("READY port="); at != log.npos) {
        ASSERT_TRUE(absl::SimpleAtoi(
            absl::StripAsciiWhitespace(log.substr(at + 11)), &smtp_port))
            << log;
      } else {
        absl::SleepFor(absl::Milliseconds(50));
      }
    }
    ASSERT_NE(smtp_port, 0) << ReadFile(mailbox_log);

    // quickstart.sh's configuration: the sample's, and email to the mailbox.
    std::ofstream(state_ + "/relanced.yaml")
        << ReadFile(std::string(SOURCE_DIR) + "/deploy/samples/relanced.yaml")
        << "\nemail:\n  smtp_url: smtp://127.0.0.1:" << smtp_port
        << "\n  require_tls: false\n"
           "  from: \"Atelier Martin <compta@atelier-martin.fr>\"\n";
    relance_ = std::make_unique<Relance>(
        absl::StrCat("sqlite:", state_, "/relance.db"), state_);
    relance_->set_extra_flags({"--config", state_ + "/relanced.yaml"});
    relance_->StartServer();
  }

  // Runs one README command as a reader's shell would, from the root.
  CommandResult Shell(const std::string& command, bool interrupt) {
    const std::string bin =
        std::filesystem::path(RELANCE_PATH).parent_path().string();
    const std::string line =
        // Ctrl-C once the watch is up (a Ctrl-C before it listens ends it as
        // a signal does, 130). timeout signals the command and then its own
        // process group, the command included: relance must take the second
        // signal while it stops without dying of it.
        interrupt ? absl::StrCat("timeout -s INT --preserve-status 5 ", command)
                  : command;
    return RunCommand(
        {"/bin/bash", "-c",
         absl::StrCat("cd ", dir_, " && set -o pipefail && ", line)},
        {absl::StrCat("PATH=", bin, ":/usr/bin:/bin"),
         absl::StrCat("RELANCE_SERVER=127.0.0.1:", relance_->port()),
         absl::StrCat("RELANCE_TOKEN=", relance_->admin_token()), "LC_ALL=C",
         absl::StrCat("HOME=", dir_), "XDG_STATE_HOME=", "XDG_CONFIG_HOME="},
        absl::Minutes(3));
  }

  nlohmann::json Reminders(std::int64_t invoice_id) {
    return relance_->Json({"reminder", "list", "--invoice",
                           absl::StrCat(invoice_id), "--all"})["reminders"];
  }

  static std::string Today() {
    return absl::FormatTime("%Y-%m-%d", absl::Now(), absl::LocalTimeZone());
  }

  std::string dir_;
  std::string state_;
  std::unique_ptr<BackgroundProcess> mailbox_;
  std::unique_ptr<Relance> relance_;
};

bool HasStep(const nlohmann::json& reminders, const std::string& step,
             const std::string& state) {
  for (const nlohmann::json& reminder : reminders) {
    if (reminder.value("stepKey", "") == step &&
        reminder.value("state", "") == state) {
      return true;
    }
  }
  return false;
}

TEST_F(TourE2eTest, TheReadmeTourRunsAsWritten) {
  if (HasFatalFailure()) return;
  const std::vector<std::string> commands = TourCommands(ReadFile(README_PATH));
  ASSERT_GE(commands.size(), 30u) << "the tour's commands were not found";

  const std::string today = Today();
  std::vector<Expectation> expectations = {
      {.command = "relance client create --ref C-3001",
       .out_has = {"id: 1", "reference: C-3001"},
       .then =
           [&] {
             const nlohmann::json client =
                 relance_->Json({"client", "get", "1"});
             // The debtor is not the creditor of the sample configuration.
             EXPECT_THAT(std::string(client["client"]["name"]),
                         ::testing::Not(HasSubstr("Atelier Martin")));
           }},
      {.command = "relance invoice create --client 1 --number FA-2026-0550",
       .out_has = {"number: FA-2026-0550", "total: 1240.50 EUR",
                   "status: open"}},
      {.command = "relance invoice import .relance/invoices.csv",
       .out_has = {"created: 19", "already present: 0", "rejected: 1",
                   "clients created: 10",
                   "line 20: due_date: '2026-09-31' is not a date written "
                   "YYYY-MM-DD"}},
      {.command = "relance invoice list --overdue-as-of $(date +%F)",
       .out_has = {"FA-2026-0550", "FA-2026-0398"},
       .then =
           [&] {
             // Thirteen of the sample and the one created: on any day.
             EXPECT_EQ(relance_
                           ->Json({"invoice", "list", "--overdue-as-of", today,
                                   "--all"})["invoices"]
                           .size(),
                       14u);
           }},
      {.command = "relance invoice list --client 3",
       .out_has = {"FA-2026-0412", "FA-2026-0431", "FA-2026-0488"}},
      {.command = "relance client list",
       .out_has = {"C-3001", "Garage Moreau Automobiles",
                   "Boulangerie Dupré SARL"}},
      {.command = "relance payment record --invoice 1 --amount 240.50"},
      {.command = "relance credit-note create --invoice 1 --amount 100"},
      {.command = "relance invoice get 1",
       .out_has = {"paid: 240.50 EUR", "credited: 100.00 EUR",
                   "outstanding: 900.00 EUR", "VIR SEPA"}},
      {.command = "relance payment record --invoice 1 --amount 5000",
       .exit_code = 1,
       .err_has = {"exceeds", "FA-2026-0550"}},
      {.command = "relance payment record --invoice 1 --amount 900"},
      {.command = "relance invoice list --status paid",
       .out_has = {"FA-2026-0550"}},
      {.command = "relance --output json invoice get 1",
       .out_has = {"\"minorUnits\":\"124050\"",
                   "\"outstanding\":{\"currencyCode\":\"EUR\","
                   "\"minorUnits\":\"0\"}"}},
      {.command = "relance --output csv invoice list --overdue-as-of",
       .then =
           [&] {
             const std::string csv = ReadFile(dir_ + "/overdue.csv");
             EXPECT_THAT(csv, HasSubstr("currency"));
             EXPECT_THAT(csv, HasSubstr("2875.60"));
             // The header and the thirteen of the sample: FA-2026-0550 is
             // paid now.
             EXPECT_EQ(LineCount(csv), 14u) << csv;
           }},
      {.command = "relance policy get default",
       .out_has = {"first_reminder", "formal_notice"}},
      {.command = "relance dunning preview --as-of $(date -d '+14 days' +%F)",
       .out_has = {"invoices examined"},
       .then =
           [&] {
             // A preview changes nothing.
             EXPECT_TRUE(Reminders(2).empty());
           }},
      {.command = "relance dunning run",
       .out_has = {"invoices examined"},
       .then =
           [&] {
             // FA-2026-0398, two months overdue: its first reminder went out
             // by email, to the mailbox.
             const nlohmann::json reminders = Reminders(2);
             EXPECT_TRUE(
                 HasStep(reminders, "first_reminder", "REMINDER_STATE_SENT"))
                 << reminders.dump();
             bool eml = false;
             for (const auto& file :
                  std::filesystem::directory_iterator(state_ + "/mailbox")) {
               eml = eml || file.path().extension() == ".eml";
             }
             EXPECT_TRUE(eml);
           }},
      {.command = "relance reminder list --state sent",
       .out_has = {"FA-2026-0398", "first_reminder", "sent"}},
      {.command = "relance reminder list --invoice 2",
       .out_has = {"first_reminder", "second_reminder"}},
      {.command = "relance reminder get --invoice 2 --step first_reminder",
       .out_has = {"FA-2026-0398", "contact@garage-moreau.fr"}},
      {.command = "relance reminder get --invoice 2 --step second_reminder "
                  "--document letter.pdf",
       .err_has = {"to letter.pdf"},
       .then =
           [&] {
             const CommandResult text = RunCommand(
                 {"/usr/bin/pdftotext", "-layout", dir_ + "/letter.pdf", "-"});
             ASSERT_EQ(text.exit_code, 0) << text.err;
             EXPECT_THAT(text.out, HasSubstr("FA-2026-0398"));
             EXPECT_THAT(text.out, HasSubstr("Garage Moreau Automobiles"));
           }},
      {.command = "ls .relance/mailbox", .out_has = {".eml"}},
      {.command = "relance payment record --invoice 5 --amount 3250"},
      {.command = "relance reminder list --invoice 5",
       .out_has = {"cancelled", "invoice settled"},
       .then =
           [&] {
             // FA-2026-0420 is paid: nothing planned for it goes out.
             const nlohmann::json reminders = Reminders(5);
             EXPECT_FALSE(reminders.empty());
             for (const nlohmann::json& reminder : reminders) {
               const std::string state = reminder.value("state", "");
               EXPECT_TRUE(state == "REMINDER_STATE_SENT" ||
                           state == "REMINDER_STATE_SKIPPED" ||
                           state == "REMINDER_STATE_CANCELLED")
                   << reminder.dump();
             }
           }},
      {.command = "relance reminder list --state due"},
      {.command = "relance reminder skip --invoice 3 --step second_reminder",
       .out_has = {"state: skipped"}},
      {.command = "relance reminder send-now --invoice 16 --step courtesy",
       .out_has = {"FA-2026-0517"},
       .then =
           [&] {
             EXPECT_TRUE(
                 HasStep(Reminders(16), "courtesy", "REMINDER_STATE_SENT"))
                 << Reminders(16).dump();
           }},
      {.command = "relance call log --client 2 --invoice 2 --outcome promise",
       .out_has = {"600.00 EUR"}},
      {.command = "relance timeline --client 2",
       .out_has = {"FA-2026-0398", "Promise to pay 600.00 EUR", "voicemail"}},
      {.command = "relance policy get 2 --file my-policy.yaml",
       .out_has = {"Wrote policy 2"},
       .then =
           [&] {
             EXPECT_THAT(ReadFile(dir_ + "/my-policy.yaml"),
                         HasSubstr("formal_notice"));
           }},
      {.command = "relance invoice penalties 2",
       .out_has = {"still due: 2875.60 EUR", "indemnity: 40.00 EUR"}},
      {.command = "relance invoice waive 2 --component indemnity",
       .out_has = {"indemnity 40.00 EUR", "client fidèle, premier retard"},
       .then =
           [&] {
             // The indemnity is no longer claimed; the interest still is.
             const nlohmann::json breakdown = relance_->Json(
                 {"invoice", "penalties", "2", "--as-of", today});
             const nlohmann::json& claimable =
                 breakdown["breakdown"]["totalClaimable"][0];
             const nlohmann::json& interest =
                 breakdown["breakdown"]["interest"];
             EXPECT_EQ(std::stoll(std::string(claimable["minorUnits"])),
                       287560 + std::stoll(std::string(
                                    interest.value("minorUnits", "0"))));
           }},
      {.command = "relance template get formal_notice --part letter > "
                  "notice.txt",
       .then =
           [&] {
             EXPECT_THAT(ReadFile(dir_ + "/notice.txt"),
                         HasSubstr("{{invoice_table}}"));
           }},
      {.command = "relance template render formal_notice",
       .out_has = {"MISE EN DEMEURE DE PAYER", "[[invoice_table]]"}},
      {.command = "relance note add --client 5",
       .out_has = {"Will pay at the end of the month"}},
      // Twenty events, one line each, from the start.
      {.command = "relance watch --from-sequence 0 --max-events 20",
       .out_lines = 20},
      // Resumes after what the first watch showed: nothing new to print.
      {.command = "relance watch --kinds", .interrupt = true},
      // The first watch replays every event kept, then waits.
      {.command = "relance watch", .interrupt = true, .out_lines_at_least = 20},
      {.command = "relance --output json watch", .interrupt = true},
      {.command = "deploy/replicas.sh",
       .skip = "needs PostgreSQL; tests/e2e/replicas_stream_test.sh runs it"},
      {.command = "relance --server 127.0.0.1:PORT",
       .skip = "the replicas' ports; replicas_stream_test.sh covers them"},
      {.command = "/usr/bin/python3 tests/e2e/python/subscribe_resume.py",
       .skip = "its own test: subscribe_resume_sqlite"},
  };

  for (const std::string& command : commands) {
    const std::string squeezed = Squeezed(command);
    Expectation* expected = nullptr;
    for (Expectation& expectation : expectations) {
      if (absl::StartsWith(squeezed, expectation.command)) {
        expected = &expectation;
        break;
      }
    }
    Expectation any;
    if (expected == nullptr) expected = &any;
    ++expected->matched;
    if (!expected->skip.empty()) continue;
    SCOPED_TRACE(command);
    const CommandResult result = Shell(command, expected->interrupt);
    const std::string out = Squeezed(result.out);
    const std::string err = Squeezed(result.err);
    ASSERT_EQ(result.exit_code, expected->exit_code)
        << "stdout:\n"
        << result.out << "\nstderr:\n"
        << result.err;
    for (const std::string& part : expected->out_has) {
      EXPECT_THAT(out, HasSubstr(part)) << result.out;
    }
    for (const std::string& part : expected->err_has) {
      EXPECT_THAT(err, HasSubstr(part)) << result.err;
    }
    EXPECT_GE(LineCount(result.out), expected->out_lines_at_least)
        << result.out;
    if (expected->out_lines.has_value()) {
      EXPECT_EQ(LineCount(result.out), *expected->out_lines) << result.out;
    }
    if (expected->then) expected->then();
  }
  for (const Expectation& expectation : expectations) {
    EXPECT_GT(expectation.matched, 0)
        << "no command of the tour starts with \"" << expectation.command
        << "\": update the README or this test";
  }
}

}  // namespace
}  // namespace relance
