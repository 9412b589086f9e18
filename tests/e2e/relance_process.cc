#include "tests/e2e/relance_process.h"

#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace relance::testing {

void Relance::LiveDaysAhead(int days) {
  LiveSecondsAhead(static_cast<std::int64_t>(days) * 86400);
}

void Relance::LiveSecondsAhead(std::int64_t seconds) {
  if (seconds == seconds_ahead_ && server_ != nullptr) return;
  seconds_ahead_ = seconds;
  if (server_ != nullptr) {
    server_->Signal(SIGTERM);
    ASSERT_EQ(server_->Wait(absl::Seconds(30)), 0) << ReadFile(log_path());
  }
  StartServer();
}

void Relance::StartServer() {
  // A port found free may be taken by another test's server before relanced
  // binds it (FreePort closes its socket): a first start that cannot listen
  // tries another port. A restart keeps its port, which clients know.
  const bool port_chosen_here = port_ == 0;
  for (int launch = 0; launch < 5; ++launch) {
    if (port_ == 0) port_ = FreePort();
    std::vector<std::string> argv;
    if (seconds_ahead_ != 0) {
      // An offset in seconds, the real clock running on from it. Monotonic
      // clocks stay real: gRPC's timers run on them.
      argv = {"/usr/bin/env", absl::StrCat("LD_PRELOAD=", LIBFAKETIME_PATH),
              absl::StrCat("FAKETIME=", seconds_ahead_ > 0 ? "+" : "",
                           seconds_ahead_),
              "DONT_FAKE_MONOTONIC=1"};
    }
    argv.insert(argv.end(),
                {RELANCED_PATH, "--listen", absl::StrCat("127.0.0.1:", port_),
                 "--db", db_url_, "--dunning-interval", dunning_interval_,
                 "--admin-token-file", admin_token_path()});
    argv.insert(argv.end(), extra_flags_.begin(), extra_flags_.end());
    server_ = std::make_unique<BackgroundProcess>(argv, log_path());
    for (int attempt = 0; attempt < 300; ++attempt) {
      // Written on the first start, before the server listens.
      if (admin_token_.empty()) {
        admin_token_ = std::string(
            absl::StripAsciiWhitespace(ReadFile(admin_token_path())));
      }
      if (Cli({"client", "list", "--page-size", "1"}).exit_code == 0) return;
      if (server_->Wait(absl::ZeroDuration()) != -1) break;  // It exited.
      absl::SleepFor(
          absl::Milliseconds(50));  // Waiting for a real process to start.
    }
    const bool port_taken =
        absl::StrContains(ReadFile(log_path()), "cannot listen on");
    if (!port_chosen_here || !port_taken) break;
    port_ = 0;
  }
  FAIL() << "relanced did not start:\n" << ReadFile(log_path());
}

CommandResult Relance::Cli(std::vector<std::string> args) {
  args.insert(args.begin(), RELANCE_PATH);
  return RunCommand(args,
                    {absl::StrCat("RELANCE_SERVER=127.0.0.1:", port_),
                     "LC_ALL=C", absl::StrCat("RELANCE_TOKEN=", admin_token_)},
                    absl::Minutes(5));
}

std::string Relance::TokenFor(const std::string& user,
                              const std::string& role) {
  if (const auto known = tokens_.find(user); known != tokens_.end()) {
    return known->second;
  }
  const CommandResult created = Cli({"user", "create", user, "--role", role});
  EXPECT_TRUE(created.exit_code == 0 ||
              absl::StrContains(created.err, "already exists"))
      << created.err;
  // The table output of token create is the secret alone.
  const CommandResult token = Cli({"token", "create", "--user", user});
  EXPECT_EQ(token.exit_code, 0) << token.err;
  return tokens_[user] = std::string(absl::StripAsciiWhitespace(token.out));
}

nlohmann::json Relance::Json(std::vector<std::string> args) {
  args.insert(args.begin(), {"--output", "json"});
  CommandResult result = Cli(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out, nullptr,
                               /*allow_exceptions=*/false);
}

}  // namespace relance::testing
