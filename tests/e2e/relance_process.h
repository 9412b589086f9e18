#ifndef RELANCE_TESTS_E2E_RELANCE_PROCESS_H_
#define RELANCE_TESTS_E2E_RELANCE_PROCESS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "tests/testing/subprocess.h"

namespace relance::testing {

// A relanced on a loopback port, and the relance CLI pointed at it.
class Relance {
 public:
  Relance(std::string db_url, std::string dir)
      : db_url_(std::move(db_url)),
        dir_(std::move(dir)),
        admin_token_path_(dir_ + "/admin.token") {}

  // Starts relanced (again, after it was stopped: on the same port) and waits
  // until it answers.
  void StartServer();

  // Seconds between the server's own dunning runs; "0" (the tests' default)
  // leaves dunning to `relance dunning run`.
  void set_dunning_interval(std::string seconds) {
    dunning_interval_ = std::move(seconds);
  }
  // More relanced flags, for the next StartServer.
  // Restarts relanced (on the same port and database) living `days` ahead
  // of the real clock, through libfaketime; 0 is the real clock.
  void LiveDaysAhead(int days);
  // The same by seconds: to live at a time of day (in the send window, say)
  // whatever the hour the test runs at. Replicas given the same offset share
  // one clock.
  void LiveSecondsAhead(std::int64_t seconds);

  void set_extra_flags(std::vector<std::string> flags) {
    extra_flags_ = std::move(flags);
  }

  BackgroundProcess& server() { return *server_; }
  // Where relanced writes the admin's token on its first start, and the
  // token, which every Cli call carries (RELANCE_TOKEN) unless given --token.
  const std::string& admin_token_path() const { return admin_token_path_; }
  // Replicas on one database share one file: the first to start writes it.
  void set_admin_token_path(std::string path) {
    admin_token_path_ = std::move(path);
  }
  const std::string& admin_token() const { return admin_token_; }
  int port() const { return port_; }
  std::string log_path() const { return dir_ + "/relanced.log"; }

  CommandResult Cli(std::vector<std::string> args);

  // A token of `user`, whom the admin creates with `role` ("back-office",
  // "sales-rep", ...) on first use; the same token afterwards. Pass it as
  // {"--token", TokenFor(...)} to act as them.
  std::string TokenFor(const std::string& user,
                       const std::string& role = "back-office");

  // Runs a command with --output json and parses what it printed.
  nlohmann::json Json(std::vector<std::string> args);

 private:
  std::string db_url_;
  std::string dir_;
  std::string dunning_interval_ = "0";
  std::vector<std::string> extra_flags_;
  // relanced's clock minus the real one.
  std::int64_t seconds_ahead_ = 0;
  int port_ = 0;
  std::string admin_token_path_;
  std::string admin_token_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<BackgroundProcess> server_;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_E2E_RELANCE_PROCESS_H_
