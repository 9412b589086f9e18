// What relance watch reads and writes without a server: the kinds typed,
// one line per event, its JSON line, where it keeps the last sequence (and
// how), and the pause between subscriptions.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client-cli/enum_text.h"
#include "client-cli/money.h"
#include "client-cli/watch_state.h"
#include "client-cli/watch_text.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace relance::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

// 2026-11-23 09:00:05 UTC.
constexpr std::int64_t kNov23At9And5s = 1795424405;

v1::Event Payment() {
  v1::Event event;
  event.set_sequence(42);
  event.set_kind(v1::EVENT_KIND_PAYMENT_RECEIVED);
  event.mutable_occurred_time()->set_seconds(kNov23At9And5s);
  event.set_client_id(3);
  event.set_client_name("ACME SA");
  event.set_invoice_id(9);
  event.set_invoice_number("F-2026-001");
  event.set_actor("jdupont");
  event.mutable_amount()->set_minor_units(124050);
  event.mutable_amount()->set_currency_code("EUR");
  event.set_summary("payment received for ACME SA, F-2026-001");
  return event;
}

TEST(EventKindTest, NamesReadAsWordsAndParseWithHyphens) {
  EXPECT_EQ(EventKindName(v1::EVENT_KIND_PROMISE_BROKEN), "promise broken");
  EXPECT_EQ(EventKindName(v1::EVENT_KIND_TASK_ASSIGNED), "task assigned");
  EXPECT_EQ(EventKindName(v1::EVENT_KIND_UNSPECIFIED), "");
  EXPECT_THAT(ParseEventKind("promise-broken"),
              Optional(v1::EVENT_KIND_PROMISE_BROKEN));
  EXPECT_THAT(ParseEventKind("Reminder_Due"),
              Optional(v1::EVENT_KIND_REMINDER_DUE));
  EXPECT_THAT(ParseEventKind("invoice paid"),
              Optional(v1::EVENT_KIND_INVOICE_PAID));
  EXPECT_EQ(ParseEventKind("reminder"), std::nullopt);
  // The registered letters' and the limitation warning's events share their
  // timeline entries' numbers and names.
  EXPECT_THAT(ParseEventKind("letter-posted"),
              Optional(v1::EVENT_KIND_LETTER_POSTED));
  EXPECT_THAT(ParseEventKind("letter-acknowledged"),
              Optional(v1::EVENT_KIND_LETTER_ACKNOWLEDGED));
  EXPECT_THAT(ParseEventKind("limitation-warning"),
              Optional(v1::EVENT_KIND_LIMITATION_WARNING));
  EXPECT_THAT(ParseEventKind("rate-missing"),
              Optional(v1::EVENT_KIND_RATE_MISSING));
  EXPECT_THAT(ParseEventKind("extras-waived"),
              Optional(v1::EVENT_KIND_EXTRAS_WAIVED));
  // Every flag name parses back to a kind whose name it is.
  const std::vector<std::string> names = EventKindFlagNames();
  EXPECT_EQ(names.size(), 36u);
  for (const std::string& name : names) {
    const std::optional<v1::EventKind> kind = ParseEventKind(name);
    ASSERT_TRUE(kind.has_value()) << name;
    std::string words = name;
    std::replace(words.begin(), words.end(), '-', ' ');
    EXPECT_EQ(EventKindName(*kind), words);
  }
}

TEST(ParseEventKindsTest, SplitsCommasKeepsOrderAndDropsRepeats) {
  const absl::StatusOr<std::vector<v1::EventKind>> kinds = ParseEventKinds(
      {"reminder-due, task-assigned", "payment-received", "reminder-due"});
  ASSERT_TRUE(kinds.ok()) << kinds.status();
  EXPECT_THAT(*kinds, ElementsAre(v1::EVENT_KIND_REMINDER_DUE,
                                  v1::EVENT_KIND_TASK_ASSIGNED,
                                  v1::EVENT_KIND_PAYMENT_RECEIVED));
  EXPECT_THAT(ParseEventKinds({}).value(), ElementsAre());
}

TEST(ParseEventKindsTest, NamesTheWordThatIsNotAKind) {
  const absl::StatusOr<std::vector<v1::EventKind>> kinds =
      ParseEventKinds({"task-done,payment"});
  ASSERT_EQ(kinds.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(kinds.status().message()),
              HasSubstr("'payment' is not one of"));
  EXPECT_THAT(std::string(kinds.status().message()),
              HasSubstr("payment-received"));
}

TEST(EventLineTest, SaysWhenWhoAndWhatInLocalTime) {
  const MoneyStyle people = MoneyStyle::ForPeople({",", " "});
  EXPECT_EQ(EventLine(Payment(), absl::FixedTimeZone(3600), people),
            "2026-11-23 10:00:05  #42  jdupont  payment received for ACME SA, "
            "F-2026-001\n");
}

TEST(EventLineTest, SaysWhatToDoAndLeavesOutWhatIsUnset) {
  v1::Event task;
  task.set_sequence(7);
  task.set_kind(v1::EVENT_KIND_TASK_ASSIGNED);
  task.mutable_occurred_time()->set_seconds(kNov23At9And5s);
  task.set_client_name("ACME SA");
  task.set_summary("task assigned for ACME SA, for jdupont");
  task.set_action("call ACME SA about F-2026-001");
  EXPECT_EQ(
      EventLine(task, absl::UTCTimeZone(), MoneyStyle::ForPeople({".", ","})),
      "2026-11-23 09:00:05  #7  task assigned for ACME SA, for jdupont  "
      "to do: call ACME SA about F-2026-001\n");
}

TEST(EventLineTest, WithoutASummaryNamesTheKindClientInvoiceAndAmount) {
  v1::Event event = Payment();
  event.clear_summary();
  EXPECT_EQ(
      EventLine(event, absl::UTCTimeZone(), MoneyStyle::ForPeople({",", " "})),
      "2026-11-23 09:00:05  #42  jdupont  payment received  ACME SA  "
      "F-2026-001  1 240,50 EUR\n");
}

TEST(EventLineTest, ARegisteredLetterIsOneLineWithItsNumber) {
  v1::Event letter = Payment();
  letter.set_kind(v1::EVENT_KIND_LETTER_POSTED);
  letter.clear_amount();
  letter.set_summary(
      "Registered letter posted for ACME SA, invoice F-2026-001 (on "
      "2026-11-23): number 1A 123 456 7890 1");
  EXPECT_EQ(
      EventLine(letter, absl::UTCTimeZone(), MoneyStyle::ForPeople({",", " "})),
      "2026-11-23 09:00:05  #42  jdupont  Registered letter posted for "
      "ACME SA, invoice F-2026-001 (on 2026-11-23): number 1A 123 456 "
      "7890 1\n");
  letter.clear_summary();
  EXPECT_EQ(
      EventLine(letter, absl::UTCTimeZone(), MoneyStyle::ForPeople({",", " "})),
      "2026-11-23 09:00:05  #42  jdupont  letter posted  ACME SA  "
      "F-2026-001\n");
}

TEST(EventLineTest, ANoteShowsItsTextInQuotesOnTheSameLine) {
  v1::Event note;
  note.set_sequence(12);
  note.set_kind(v1::EVENT_KIND_NOTE);
  note.mutable_occurred_time()->set_seconds(kNov23At9And5s);
  note.set_actor("marie");
  note.set_summary("Note added for ACME SA");
  EXPECT_EQ(
      EventLine(note, absl::UTCTimeZone(), MoneyStyle::ForPeople({",", " "}),
                "  Will pay at the end of the month\n"),
      "2026-11-23 09:00:05  #12  marie  Note added for ACME SA  "
      "\"Will pay at the end of the month\"\n");
}

TEST(EventLineTest, IsOneLineWhateverTheFieldsHold) {
  v1::Event note;
  note.set_sequence(13);
  note.set_kind(v1::EVENT_KIND_NOTE);
  note.mutable_occurred_time()->set_seconds(kNov23At9And5s);
  note.set_summary("Note added\nfor ACME SA");
  note.set_action("call\r\nback");
  const std::string line =
      EventLine(note, absl::UTCTimeZone(), MoneyStyle::ForPeople({",", " "}),
                "first line\r\nsecond line\tend");
  EXPECT_EQ(line,
            "2026-11-23 09:00:05  #13  Note added / for ACME SA  "
            "\"first line / second line end\"  to do: call / back\n");
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1);
}

TEST(EventLineTest, ALongTextIsCutOnACharacterBoundary) {
  v1::Event note;
  note.set_sequence(14);
  note.set_kind(v1::EVENT_KIND_NOTE);
  note.mutable_occurred_time()->set_seconds(kNov23At9And5s);
  note.set_summary("Note added for ACME SA");
  std::string text;
  while (text.size() < 3 * kEventTextLimit) text += "é";  // 2 bytes each.
  const std::string line = EventLine(
      note, absl::UTCTimeZone(), MoneyStyle::ForPeople({",", " "}), "x" + text);
  EXPECT_THAT(line, HasSubstr("...\"\n"));
  EXPECT_LT(line.size(), kEventTextLimit + 80);
  // No half character before the cut.
  EXPECT_THAT(line, HasSubstr("é...\""));
}

TEST(EventHasTextTest, NotesCallsAndDisputesDoPaymentsDoNot) {
  EXPECT_TRUE(EventHasText(v1::EVENT_KIND_NOTE));
  EXPECT_TRUE(EventHasText(v1::EVENT_KIND_INBOUND_LETTER));
  EXPECT_TRUE(EventHasText(v1::EVENT_KIND_CALL));
  EXPECT_TRUE(EventHasText(v1::EVENT_KIND_DISPUTE_COMMENTED));
  EXPECT_FALSE(EventHasText(v1::EVENT_KIND_PAYMENT_RECEIVED));
  EXPECT_FALSE(EventHasText(v1::EVENT_KIND_REMINDER_SENT));
}

TEST(EventJsonLineTest, IsOneLineWithEveryField) {
  const std::string line = EventJsonLine(Payment());
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_THAT(line, HasSubstr("\"sequence\":\"42\""));
  EXPECT_THAT(line, HasSubstr("\"kind\":\"EVENT_KIND_PAYMENT_RECEIVED\""));
  EXPECT_THAT(line, HasSubstr("\"minorUnits\":\"124050\""));
  EXPECT_THAT(line, HasSubstr("\"clientName\":\"ACME SA\""));
  // Unset strings are printed, so scripts need not test for a key.
  EXPECT_THAT(line, HasSubstr("\"action\":\"\""));
}

TEST(DefaultStateFileTest, OneFilePerServerUnderXdgStateHomeOrHome) {
  EXPECT_EQ(DefaultStateFile("127.0.0.1:50051", "/s", "/home/a").value(),
            "/s/relance/watch/127.0.0.1_50051.seq");
  EXPECT_EQ(DefaultStateFile("relance.example:443", "", "/home/a").value(),
            "/home/a/.local/state/relance/watch/relance.example_443.seq");
  EXPECT_EQ(DefaultStateFile("unix:/run/x.sock", nullptr, "/h").value(),
            "/h/.local/state/relance/watch/unix__run_x.sock.seq");
  EXPECT_EQ(DefaultStateFile("..", nullptr, "/h").value(),
            "/h/.local/state/relance/watch/_...seq");
  EXPECT_EQ(DefaultStateFile("a:1", nullptr, nullptr).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReconnectDelayTest, DoublesFromTheFirstUpToTheCap) {
  std::vector<std::chrono::milliseconds> delays = {kFirstReconnectDelay};
  for (int i = 0; i < 6; ++i) {
    delays.push_back(NextReconnectDelay(delays.back()));
  }
  EXPECT_THAT(delays, ElementsAre(std::chrono::milliseconds(200),
                                  std::chrono::milliseconds(400),
                                  std::chrono::milliseconds(800),
                                  std::chrono::milliseconds(1600),
                                  std::chrono::milliseconds(3200),
                                  std::chrono::milliseconds(5000),
                                  std::chrono::milliseconds(5000)));
}

class WatchStateTest : public ::testing::Test {
 protected:
  WatchStateTest() {
    char pattern[] = "/tmp/relance_watch_state_XXXXXX";
    directory_ = mkdtemp(pattern);
  }
  ~WatchStateTest() override {
    std::system(absl::StrCat("rm -rf '", directory_, "'").c_str());
  }
  std::string directory_;
};

TEST_F(WatchStateTest, MissingFileMeansFromTheStart) {
  EXPECT_EQ(LoadSequence(directory_ + "/none.seq").value(), 0);
}

TEST_F(WatchStateTest, SavesCreatingDirectoriesAndLoadsBack) {
  const std::string path = directory_ + "/a/b/watch.seq";
  ASSERT_TRUE(SaveSequence(path, 41).ok());
  ASSERT_TRUE(SaveSequence(path, 1234567890123).ok());
  EXPECT_EQ(LoadSequence(path).value(), 1234567890123);
  std::ifstream file(path);
  std::ostringstream content;
  content << file.rdbuf();
  EXPECT_EQ(content.str(), "1234567890123\n");
  // The temporary file was renamed away, not left behind.
  EXPECT_NE(access(absl::StrCat(path, ".tmp.", getpid()).c_str(), F_OK), 0);
}

TEST_F(WatchStateTest, RefusesWhatIsNotASequence) {
  const std::string path = directory_ + "/bad.seq";
  std::ofstream(path) << "forty-two\n";
  const absl::StatusOr<std::int64_t> loaded = LoadSequence(path);
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("--from-sequence"));
  std::ofstream(path) << "-3\n";
  EXPECT_FALSE(LoadSequence(path).ok());
}

TEST_F(WatchStateTest, SaysWhyItCannotWrite) {
  const std::string blocker = directory_ + "/file";
  std::ofstream(blocker) << "x";
  const absl::Status saved = SaveSequence(blocker + "/watch.seq", 1);
  EXPECT_FALSE(saved.ok());
  EXPECT_THAT(std::string(saved.message()), HasSubstr(blocker));
}

}  // namespace
}  // namespace relance::cli
