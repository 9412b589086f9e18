// What the relance command line tells its user, against relanced's real
// services on SQLite and PostgreSQL: errors that name the flag at fault, an
// unknown command said to be one, reminders found by invoice and step,
// `watch` printing one line per event with a note's text and saying that it
// waits, commands that write a file saying where, and a database outage told
// apart from a TLS problem.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/cli_in_process.h"

namespace relance {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

using Outcome = testing::CliOutcome;

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

class CliFeedbackTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // Tuesday 10 March 2026, 11:00 in Paris: a business day inside the
    // default send window.
    clock().Set(absl::FromCivil(absl::CivilSecond(2026, 3, 10, 10, 0, 0),
                                absl::UTCTimeZone()));
  }

  void TearDown() override {
    for (const std::string& path : files_) std::remove(path.c_str());
  }

  // `relance args...` against the server; `terminal`: whether stderr is one.
  Outcome Run(const std::vector<std::string>& args, bool terminal = false) {
    return testing::RunCliOnPort(port(), server().admin_token(), args,
                                 {.err_is_terminal = terminal});
  }

  std::string TempPath(const std::string& name) {
    const std::string path =
        absl::StrCat(::testing::TempDir(), "/", getpid(), "-", name);
    files_.push_back(path);
    std::remove(path.c_str());
    return path;
  }

  // A client and an invoice of it due ten days ago; returns the invoice id.
  void CreateOverdueInvoice() {
    const Outcome client =
        Run({"client", "create", "--ref", "C-1", "--name", "Garage Moreau",
             "--email", "contact@garage-moreau.fr"});
    ASSERT_EQ(client.exit_code, 0) << client.err;
    const Outcome invoice =
        Run({"invoice", "create", "--client", "1", "--number", "FA-1",
             "--issue-date", "2026-01-28", "--due-date", "2026-02-27",
             "--currency", "eur", "--total", "1240.50"});
    ASSERT_EQ(invoice.exit_code, 0) << invoice.err;
    // --currency eur is written EUR.
    EXPECT_THAT(invoice.out, HasSubstr("EUR"));
  }

 private:
  std::vector<std::string> files_;
};

TEST_P(CliFeedbackTest, AWrongCurrencyIsNamedByItsOwnFlag) {
  CreateOverdueInvoice();
  if (HasFatalFailure()) return;
  const Outcome created =
      Run({"invoice", "create", "--client", "1", "--number", "FA-2",
           "--issue-date", "2026-01-28", "--due-date", "2026-02-27",
           "--currency", "EURO", "--total", "10"});
  EXPECT_EQ(created.exit_code, 2);
  EXPECT_THAT(created.err,
              AllOf(HasSubstr("--currency"),
                    HasSubstr("'EURO' is not an ISO 4217 currency code"),
                    Not(HasSubstr("--total"))));

  const Outcome paid = Run({"payment", "record", "--invoice", "1", "--amount",
                            "10", "--date", "2026-03-01", "--currency", "XYZ"});
  EXPECT_EQ(paid.exit_code, 2);
  EXPECT_THAT(paid.err,
              AllOf(HasSubstr("--currency"), Not(HasSubstr("--amount"))));

  const Outcome updated =
      Run({"invoice", "update", "1", "--etag", "v1", "--currency", "USD"});
  EXPECT_EQ(updated.exit_code, 2);
  EXPECT_THAT(updated.err, HasSubstr("--currency is the currency of --total"));
  // An amount that is wrong for a right currency is the amount's flag.
  const Outcome decimals =
      Run({"invoice", "update", "1", "--etag", "v1", "--total", "10.123"});
  EXPECT_EQ(decimals.exit_code, 2);
  EXPECT_THAT(decimals.err, HasSubstr("--total: '10.123' has more than 2"));
}

TEST_P(CliFeedbackTest, AnUnknownCommandIsSaidToBeOne) {
  const Outcome typo = Run({"invoice", "lst"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.err,
              AllOf(StartsWith("relance: unknown command 'lst' after relance "
                               "invoice; did you mean 'relance invoice "
                               "list'?"),
                    HasSubstr("the commands of relance invoice are "),
                    HasSubstr("create"),
                    HasSubstr("(see relance invoice "
                              "--help)")));
  EXPECT_THAT(Lines(typo.err), SizeIs(1));

  const Outcome top = Run({"invoce", "list"});
  EXPECT_EQ(top.exit_code, 2);
  EXPECT_THAT(top.err, StartsWith("relance: unknown command 'invoce' after "
                                  "relance; did you mean 'relance "
                                  "invoice'?"));

  const Outcome alone = Run({"reminder"});
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_THAT(alone.err,
              AllOf(StartsWith("relance: relance reminder: give a command: "),
                    HasSubstr("send-now")));

  // Options and values keep CLI11's own words.
  const Outcome option = Run({"invoice", "list", "--frobnicate"});
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_THAT(option.err, AllOf(HasSubstr("--frobnicate"),
                                Not(HasSubstr("unknown command"))));
}

TEST_P(CliFeedbackTest, AReminderIsFoundByItsInvoiceAndStep) {
  CreateOverdueInvoice();
  if (HasFatalFailure()) return;
  const Outcome run = Run({"dunning", "run"});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const Outcome got =
      Run({"reminder", "get", "--invoice", "1", "--step", "first_reminder"});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_THAT(got.out, AllOf(HasSubstr("first_reminder"), HasSubstr("FA-1")));

  const Outcome missing = Run({"reminder", "skip", "--invoice", "1", "--step",
                               "collection", "--reason", "no"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err,
              AllOf(HasSubstr("not found: invoice 1 has no reminder at step "
                              "collection (its reminders: "),
                    HasSubstr("first_reminder")));

  const Outcome neither = Run({"reminder", "get"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_THAT(neither.err,
              HasSubstr("give the reminder's id, or --invoice ID --step KEY"));
  const Outcome both =
      Run({"reminder", "get", "3", "--invoice", "1", "--step", "courtesy"});
  EXPECT_EQ(both.exit_code, 2);
}

TEST_P(CliFeedbackTest, WatchPrintsANoteWithItsTextAndSaysItWaits) {
  CreateOverdueInvoice();
  if (HasFatalFailure()) return;
  const Outcome note =
      Run({"note", "add", "--client", "1", "--text",
           "Will pay at the end of the month\nsaid the manager"});
  ASSERT_EQ(note.exit_code, 0) << note.err;

  const std::string state = TempPath("watch.seq");
  const Outcome watched =
      Run({"watch", "--from-sequence", "0", "--kinds", "note", "--max-events",
           "1", "--state-file", state},
          /*terminal=*/true);
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  ASSERT_THAT(Lines(watched.out), SizeIs(1)) << watched.out;
  EXPECT_THAT(watched.out,
              HasSubstr("Note added for Garage Moreau  \"Will pay at the end "
                        "of the month / said the manager\""));
  EXPECT_THAT(watched.err,
              AllOf(HasSubstr("watch: subscribed to 127.0.0.1:"),
                    HasSubstr("waiting for events (Ctrl-C to stop)")));

  // A script reading stderr through a pipe is not told.
  const Outcome piped = Run({"watch", "--from-sequence", "0", "--kinds", "note",
                             "--max-events", "1", "--state-file", state});
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.err, "");
}

TEST_P(CliFeedbackTest, CommandsThatWriteAFileSayWhere) {
  const std::string yaml = TempPath("policy.yaml");
  const Outcome policy = Run({"policy", "get", "default", "--file", yaml});
  ASSERT_EQ(policy.exit_code, 0) << policy.err;
  EXPECT_THAT(policy.out, AllOf(StartsWith("Wrote policy 1 ("),
                                HasSubstr(absl::StrCat(") to ", yaml))));
  std::ifstream written(yaml);
  EXPECT_TRUE(written.good());

  // To standard output, the file is the output: nothing else is said.
  const Outcome to_stdout = Run({"policy", "get", "default", "--file", "-"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  EXPECT_THAT(to_stdout.out, Not(HasSubstr("Wrote")));
}

TEST_P(CliFeedbackTest, ADatabaseOutageIsNotCalledATlsProblem) {
  if (GetParam() != storage::Dialect::kPostgresql) {
    GTEST_SKIP() << "an embedded SQLite file cannot go away under relanced";
  }
  CreateOverdueInvoice();
  if (HasFatalFailure()) return;
  // The database refuses new connections and drops the server's: what a
  // PostgreSQL outage looks like from relanced. Done from the server's
  // maintenance database, as a database cannot refuse its own connections.
  const std::string url = test_database().url();
  const std::string name = url.substr(url.rfind('/') + 1);
  const char* admin_url = std::getenv("RELANCE_TEST_POSTGRESQL_URL");
  ASSERT_NE(admin_url, nullptr);
  auto psql = [&](const std::string& sql) {
    return std::system(absl::StrCat("psql -q -X -v ON_ERROR_STOP=1 '",
                                    admin_url, "' -c \"", sql, "\" >/dev/null")
                           .c_str());
  };
  ASSERT_EQ(
      psql(absl::StrCat("ALTER DATABASE ", name, " ALLOW_CONNECTIONS false")),
      0);
  ASSERT_EQ(psql(absl::StrCat("SELECT pg_terminate_backend(pid) FROM "
                              "pg_stat_activity WHERE datname = '",
                              name, "'")),
            0);
  const Outcome listed = Run({"client", "list"});
  EXPECT_EQ(
      psql(absl::StrCat("ALTER DATABASE ", name, " ALLOW_CONNECTIONS true")),
      0);
  EXPECT_EQ(listed.exit_code, 1);
  EXPECT_THAT(
      listed.err,
      AllOf(StartsWith("relance: unavailable: relanced at 127.0.0.1:"),
            HasSubstr("cannot serve the request now"), HasSubstr("database"),
            Not(HasSubstr("TLS")), Not(HasSubstr("--tls-ca"))));
}

RELANCE_INSTANTIATE_SERVER_TEST(CliFeedbackTest);

// A loopback port that was free a moment ago: bound, then closed.
int ClosedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

TEST(CliUnreachableTest, NothingListeningIsNotCalledATlsProblem) {
  const std::string closed = absl::StrCat("127.0.0.1:", ClosedPort());
  const testing::CliOutcome outcome =
      testing::RunCli({"--server", closed, "--timeout", "5", "client", "list"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err,
              AllOf(HasSubstr("nothing accepts connections at " + closed),
                    Not(HasSubstr("TLS"))));
}

}  // namespace
}  // namespace relance
