#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/registered_letters.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

InteractionRecord Sent(std::int64_t client_id, std::int64_t invoice_id,
                       Channel channel, absl::Time when) {
  InteractionRecord entry;
  entry.client_id = client_id;
  entry.invoice_id = invoice_id;
  entry.kind = InteractionKind::kMessageSent;
  entry.channel = channel;
  entry.actor = "host:42";
  entry.occurred_time = when;
  entry.summary = "formal_notice";
  entry.recipients = {"Boulangerie Dupré SARL", "12 rue des Lilas"};
  entry.subject = "Mise en demeure";
  return entry;
}

// 2026-01-01, as RepositoryContractTest::Now().
const absl::Time kWhen = absl::FromUnixMicros(1'767'225'600'123'456);

InteractionRecord Timeline(InteractionKind kind, const std::string& summary) {
  InteractionRecord entry;
  entry.kind = kind;
  entry.actor = "bob";
  entry.occurred_time = kWhen;
  entry.summary = summary;
  return entry;
}

class RegisteredLetterRepositoryTest : public RepositoryContractTest {
 protected:
  RegisteredLetterRepository& letters() {
    return database().registered_letters();
  }
  InteractionRepository& log() { return database().interactions(); }

  // A client with an invoice and a registered letter sent about it.
  void SetUp() override {
    RepositoryContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-1"));
    client_id_ = client.id;
    RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                                 CreateInvoice(client.id, "FA-1", 184000));
    invoice_id_ = invoice.id;
    RELANCE_ASSERT_OK_AND_ASSIGN(
        InteractionRecord sent,
        log().Append(Sent(client.id, invoice.id, Channel::kRegisteredLetter,
                          Now() - absl::Hours(2)),
                     Now()));
    letter_id_ = sent.id;
  }

  std::int64_t client_id_ = 0;
  std::int64_t invoice_id_ = 0;
  std::int64_t letter_id_ = 0;
};

const absl::CivilDay kPosted(2026, 4, 9);

TEST_P(RegisteredLetterRepositoryTest, PostingIsRecordedWithItsTimelineEntry) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      RegisteredLetterChange posted,
      letters().RecordPosting(
          letter_id_, "1A 123 456 7890 1", kPosted,
          Timeline(InteractionKind::kLetterPosted, "posted 1A 123"), Now()));
  EXPECT_EQ(posted.letter.entry_id, letter_id_);
  EXPECT_EQ(posted.letter.client_id, client_id_);
  EXPECT_EQ(posted.letter.posting_number, "1A 123 456 7890 1");
  EXPECT_EQ(posted.letter.posted_on, kPosted);
  EXPECT_EQ(posted.letter.acknowledgement, Acknowledgement::kPending);
  EXPECT_FALSE(posted.letter.presented_on.has_value());
  EXPECT_EQ(posted.letter.actor, "bob");
  // The entry is the letter's: same client, invoice.
  EXPECT_GT(posted.entry.id, letter_id_);
  EXPECT_EQ(posted.entry.kind, InteractionKind::kLetterPosted);
  EXPECT_EQ(posted.entry.client_id, client_id_);
  EXPECT_EQ(posted.entry.invoice_id, invoice_id_);

  // In the invoice's timeline, after the letter.
  RELANCE_ASSERT_OK_AND_ASSIGN(Page<InteractionRecord> timeline,
                               log().List({.invoice_id = invoice_id_}, {}));
  ASSERT_EQ(timeline.items.size(), 2);
  EXPECT_EQ(timeline.items[1].kind, InteractionKind::kLetterPosted);
  EXPECT_EQ(timeline.items[1].summary, "posted 1A 123");

  // The same number again: the same letter, no second entry.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      RegisteredLetterChange again,
      letters().RecordPosting(
          letter_id_, "1A 123 456 7890 1", kPosted,
          Timeline(InteractionKind::kLetterPosted, "posted 1A 123"), Now()));
  EXPECT_EQ(again.entry.id, 0);
  RELANCE_ASSERT_OK_AND_ASSIGN(timeline,
                               log().List({.client_id = client_id_}, {}));
  EXPECT_EQ(timeline.items.size(), 2);
  // Another number: refused, the first stands.
  EXPECT_THAT(letters().RecordPosting(
                  letter_id_, "1A 999", kPosted,
                  Timeline(InteractionKind::kLetterPosted, "x"), Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("1A 123 456 7890 1")));
  RELANCE_ASSERT_OK_AND_ASSIGN(RegisteredLetterRecord read,
                               letters().Get(letter_id_));
  EXPECT_EQ(read.posting_number, "1A 123 456 7890 1");
}

TEST_P(RegisteredLetterRepositoryTest, OnlyARegisteredLetterSentIsPosted) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      InteractionRecord plain,
      log().Append(Sent(client_id_, invoice_id_, Channel::kLetter, Now()),
                   Now()));
  EXPECT_THAT(letters().RecordPosting(
                  plain.id, "1A 1", kPosted,
                  Timeline(InteractionKind::kLetterPosted, "x"), Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(letters().RecordPosting(
                  9999, "1A 1", kPosted,
                  Timeline(InteractionKind::kLetterPosted, "x"), Now()),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(letters().RecordPosting(
                  letter_id_, "", kPosted,
                  Timeline(InteractionKind::kLetterPosted, "x"), Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(letters().Get(letter_id_), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RegisteredLetterRepositoryTest, AcknowledgementIsRecordedOnce) {
  // Not posted yet.
  EXPECT_THAT(letters().RecordAcknowledgement(
                  letter_id_, Acknowledgement::kReceived,
                  absl::CivilDay(2026, 4, 11), std::nullopt,
                  Timeline(InteractionKind::kLetterAcknowledged, "x"), Now()),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_TRUE(letters()
                  .RecordPosting(letter_id_, "1A 1", kPosted,
                                 Timeline(InteractionKind::kLetterPosted, "p"),
                                 Now())
                  .ok());
  // Presented before it was posted.
  EXPECT_THAT(letters().RecordAcknowledgement(
                  letter_id_, Acknowledgement::kReceived,
                  absl::CivilDay(2026, 4, 8), std::nullopt,
                  Timeline(InteractionKind::kLetterAcknowledged, "x"), Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // Received needs its day.
  EXPECT_THAT(
      letters().RecordAcknowledgement(
          letter_id_, Acknowledgement::kReceived, std::nullopt, std::nullopt,
          Timeline(InteractionKind::kLetterAcknowledged, "x"), Now()),
      StatusIs(absl::StatusCode::kInvalidArgument));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      RegisteredLetterChange received,
      letters().RecordAcknowledgement(
          letter_id_, Acknowledgement::kReceived, absl::CivilDay(2026, 4, 11),
          absl::CivilDay(2026, 4, 19),
          Timeline(InteractionKind::kLetterAcknowledged, "received"),
          Now() + absl::Minutes(1)));
  EXPECT_EQ(received.letter.acknowledgement, Acknowledgement::kReceived);
  EXPECT_EQ(received.letter.presented_on, absl::CivilDay(2026, 4, 11));
  EXPECT_EQ(received.letter.notice_deadline, absl::CivilDay(2026, 4, 19));
  EXPECT_EQ(received.letter.update_time, Now() + absl::Minutes(1));
  EXPECT_EQ(received.entry.kind, InteractionKind::kLetterAcknowledged);
  EXPECT_EQ(received.entry.invoice_id, invoice_id_);
  // Once only.
  EXPECT_THAT(
      letters().RecordAcknowledgement(
          letter_id_, Acknowledgement::kReturned, std::nullopt, std::nullopt,
          Timeline(InteractionKind::kLetterAcknowledged, "x"), Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  RELANCE_ASSERT_OK_AND_ASSIGN(Page<InteractionRecord> timeline,
                               log().List({.client_id = client_id_}, {}));
  std::vector<InteractionKind> kinds;
  for (const InteractionRecord& entry : timeline.items) {
    kinds.push_back(entry.kind);
  }
  EXPECT_THAT(kinds, ElementsAre(InteractionKind::kMessageSent,
                                 InteractionKind::kLetterPosted,
                                 InteractionKind::kLetterAcknowledged));
}

TEST_P(RegisteredLetterRepositoryTest, ReturnedUndeliveredNeedsNoDay) {
  ASSERT_TRUE(letters()
                  .RecordPosting(letter_id_, "1A 1", kPosted,
                                 Timeline(InteractionKind::kLetterPosted, "p"),
                                 Now())
                  .ok());
  RELANCE_ASSERT_OK_AND_ASSIGN(
      RegisteredLetterChange returned,
      letters().RecordAcknowledgement(
          letter_id_, Acknowledgement::kReturned, std::nullopt, std::nullopt,
          Timeline(InteractionKind::kLetterAcknowledged, "returned"), Now()));
  EXPECT_EQ(returned.letter.acknowledgement, Acknowledgement::kReturned);
  EXPECT_FALSE(returned.letter.presented_on.has_value());
  RELANCE_ASSERT_OK_AND_ASSIGN(RegisteredLetterRecord read,
                               letters().Get(letter_id_));
  EXPECT_EQ(read.acknowledgement, Acknowledgement::kReturned);
}

INSTANTIATE_TEST_SUITE_P(Backends, RegisteredLetterRepositoryTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
