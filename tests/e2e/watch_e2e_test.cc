// relance watch end to end: the real relanced and the real relance. A watch
// runs in the background while notes and payments are recorded; relanced is
// restarted in the middle. Every event must be printed exactly once, in
// sequence order, and the next watch resumes after the last one.

#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/e2e/relance_process.h"
#include "tests/testing/subprocess.h"

namespace relance {
namespace {

using testing::CommandResult;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::Relance;

std::int64_t Number(const nlohmann::json& value) {
  std::int64_t number = 0;
  if (value.is_string()) {
    EXPECT_TRUE(absl::SimpleAtoi(value.get<std::string>(), &number)) << value;
  } else if (value.is_number_integer()) {
    number = value.get<std::int64_t>();
  }
  return number;
}

class WatchE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::MakeTempDir();
    state_file_ = dir_ + "/watch.seq";
    relance_ = std::make_unique<Relance>(
        absl::StrCat("sqlite:", dir_, "/relance.db"), dir_);
    // A quiet stream hears from the server every second.
    relance_->set_extra_flags({"--heartbeat-interval", "1"});
    relance_->StartServer();
    const nlohmann::json client = relance_->Json(
        {"client", "create", "--ref", "C-WATCH", "--name", "Garage Moreau"});
    client_id_ = client["client"]["id"];
    const nlohmann::json invoice =
        relance_->Json({"invoice", "create", "--client", client_id_, "--number",
                        "F-W-1", "--issue-date", "2026-09-01", "--due-date",
                        "2026-10-01", "--currency", "EUR", "--total", "1000"});
    invoice_id_ = invoice["invoice"]["id"];
  }

  // `relance watch ARGS` as a user would run it, to its end.
  CommandResult Watch(std::vector<std::string> args) {
    args.insert(args.begin(), {RELANCE_PATH, "--output", "json", "watch",
                               "--state-file", state_file_});
    return testing::RunCommand(
        args,
        {absl::StrCat("RELANCE_SERVER=127.0.0.1:", relance_->port()),
         "LC_ALL=C", "RELANCE_TOKEN=" + relance_->admin_token()},
        absl::Minutes(2));
  }

  void Note(const std::string& text) {
    ASSERT_EQ(relance_
                  ->Cli({"--token", relance_->TokenFor("alice"), "note", "add",
                         "--client", client_id_, "--text", text})
                  .exit_code,
              0);
  }

  void Pay(const std::string& amount) {
    const CommandResult paid = relance_->Cli(
        {"--token", relance_->TokenFor("alice"), "payment", "record",
         "--invoice", invoice_id_, "--amount", amount, "--date", "2026-10-05"});
    ASSERT_EQ(paid.exit_code, 0) << paid.err;
  }

  std::string dir_;
  std::string state_file_;
  std::unique_ptr<Relance> relance_;
  std::string client_id_;
  std::string invoice_id_;
};

TEST_F(WatchE2eTest, PrintsEveryEventOnceAcrossARestartAndResumesLater) {
  CommandResult watched;
  std::thread watcher([&] {
    watched = Watch({"--kinds", "note,payment-received", "--max-events", "6"});
  });
  Note("first");
  Note("second");
  Pay("100");
  // The watch loses its stream, and resumes once relanced is back.
  relance_->server().Signal(SIGTERM);
  ASSERT_EQ(relance_->server().Wait(absl::Seconds(30)), 0);
  relance_->StartServer();
  Note("third");
  Pay("200");
  Note("fourth");
  watcher.join();

  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  std::vector<nlohmann::json> events;
  for (absl::string_view line :
       absl::StrSplit(watched.out, '\n', absl::SkipEmpty())) {
    events.push_back(nlohmann::json::parse(line, nullptr, false));
  }
  std::vector<std::string> what;
  std::int64_t previous = 0;
  for (const nlohmann::json& event : events) {
    const std::int64_t sequence = Number(event["sequence"]);
    EXPECT_GT(sequence, previous) << watched.out;
    previous = sequence;
    what.push_back(
        event["kind"] == "EVENT_KIND_PAYMENT_RECEIVED"
            ? absl::StrCat("paid ", Number(event["amount"]["minorUnits"]))
            : std::string(event["actor"]));
  }
  EXPECT_THAT(what, ElementsAre("alice", "alice", "paid 10000", "alice",
                                "paid 20000", "alice"))
      << watched.out;
  // The restart happened while it watched; relanced may also have ended the
  // stream itself before going down.
  EXPECT_THAT(watched.err, HasSubstr("subscribing again after sequence"));
  EXPECT_EQ(testing::ReadFile(state_file_), absl::StrCat(previous, "\n"));

  // The next run starts after the last event shown.
  Note("fifth");
  const CommandResult next = Watch({"--kinds", "note", "--max-events", "1"});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  const nlohmann::json fifth = nlohmann::json::parse(next.out, nullptr, false);
  EXPECT_GT(Number(fifth["sequence"]), previous);
  EXPECT_EQ(fifth["kind"], "EVENT_KIND_NOTE");
}

TEST_F(WatchE2eTest, CtrlCEndsItCleanlyWithTheStateSaved) {
  Note("before");
  testing::BackgroundProcess watch(
      {RELANCE_PATH, "--server", absl::StrCat("127.0.0.1:", relance_->port()),
       "--token", relance_->admin_token(), "watch", "--state-file",
       state_file_},
      dir_ + "/watch.log");
  // The note's event, then heartbeats, move the remembered sequence.
  for (int attempt = 0; attempt < 200; ++attempt) {
    if (!testing::ReadFile(state_file_).empty() &&
        testing::ReadFile(state_file_) != "0\n") {
      break;
    }
    absl::SleepFor(absl::Milliseconds(50));  // Waiting for a real process.
  }
  watch.Signal(SIGINT);
  EXPECT_EQ(watch.Wait(absl::Seconds(10)), 0);
  std::int64_t saved = 0;
  EXPECT_TRUE(absl::SimpleAtoi(
      absl::StripAsciiWhitespace(testing::ReadFile(state_file_)), &saved));
  EXPECT_GT(saved, 0);
}

}  // namespace
}  // namespace relance
