#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/interactions.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Not;

// A message entry with every field set.
InteractionRecord Message(std::int64_t client_id, Channel channel,
                          absl::Time when) {
  InteractionRecord entry;
  entry.client_id = client_id;
  entry.kind = InteractionKind::kMessageSent;
  entry.channel = channel;
  entry.actor = "host:42";
  entry.occurred_time = when;
  entry.summary = "first_reminder";
  entry.message_id = "reminder-7@relance.invalid";
  entry.recipients = {"compta@dupre.fr", "boss@dupre.fr"};
  entry.subject = "Facture FA-1 : échéance dépassée";
  entry.body_text = "Bonjour,\nLa facture FA-1 reste due : 1 840,00 €.";
  entry.body_html = "<p>Bonjour,</p>";
  entry.document_type = "application/pdf";
  entry.document = std::string("%PDF-1.3\n\0\xff\xfe binary", 19);
  entry.content_json = R"({"letters":[]})";
  return entry;
}

class InteractionRepositoryTest : public RepositoryContractTest {
 protected:
  InteractionRepository& log() { return database().interactions(); }
};

TEST_P(InteractionRepositoryTest, EntriesRoundTripExactly) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "FA-1", 184000));
  InteractionRecord entry =
      Message(client.id, Channel::kLetter, Now() - absl::Hours(1));
  entry.invoice_id = invoice.id;
  RELANCE_ASSERT_OK_AND_ASSIGN(InteractionRecord stored,
                               log().Append(entry, Now()));
  EXPECT_GT(stored.id, 0);
  EXPECT_EQ(stored.create_time, Now());
  RELANCE_ASSERT_OK_AND_ASSIGN(InteractionRecord read, log().Get(stored.id));
  EXPECT_EQ(read.client_id, client.id);
  EXPECT_EQ(read.invoice_id, invoice.id);
  EXPECT_EQ(read.channel, Channel::kLetter);
  EXPECT_EQ(read.actor, "host:42");
  EXPECT_EQ(read.occurred_time, Now() - absl::Hours(1));
  EXPECT_EQ(read.summary, entry.summary);
  EXPECT_EQ(read.message_id, entry.message_id);
  EXPECT_THAT(read.recipients, ElementsAre("compta@dupre.fr", "boss@dupre.fr"));
  EXPECT_EQ(read.subject, entry.subject);
  EXPECT_EQ(read.body_text, entry.body_text);
  EXPECT_EQ(read.body_html, entry.body_html);
  EXPECT_EQ(read.document_type, "application/pdf");
  EXPECT_EQ(read.document, entry.document);
  EXPECT_EQ(read.content_json, entry.content_json);
  EXPECT_FALSE(read.corrects_id.has_value());
  EXPECT_THAT(log().Get(999), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(InteractionRepositoryTest, ListFiltersByClientChannelTimeAndPages) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord one, CreateClient("C-1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord two, CreateClient("C-2"));
  const absl::Time day = Now();
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    InteractionRecord entry = Message(
        i % 2 == 0 ? one.id : two.id,
        i < 3 ? Channel::kEmail : Channel::kLetter, day + absl::Hours(i * 12));
    RELANCE_ASSERT_OK_AND_ASSIGN(InteractionRecord stored,
                                 log().Append(entry, Now()));
    ids.push_back(stored.id);
  }
  auto list = [&](const InteractionFilter& filter, int limit = 100) {
    std::vector<std::int64_t> found;
    PageRequest page{.limit = limit};
    while (true) {
      absl::StatusOr<Page<InteractionRecord>> result = log().List(filter, page);
      EXPECT_THAT(result, IsOk());
      if (!result.ok()) break;
      for (const InteractionRecord& entry : result->items) {
        found.push_back(entry.id);
      }
      if (!result->next_after_id.has_value()) break;
      page.after_id = *result->next_after_id;
    }
    return found;
  };
  EXPECT_EQ(list({}, 2), ids);
  EXPECT_THAT(list({.client_id = one.id}), ElementsAre(ids[0], ids[2], ids[4]));
  EXPECT_THAT(list({.channel = Channel::kLetter}), ElementsAre(ids[3], ids[4]));
  EXPECT_THAT(list({.occurred_from = day + absl::Hours(12),
                    .occurred_until = day + absl::Hours(36)}),
              ElementsAre(ids[1], ids[2]));
  EXPECT_THAT(log().List({}, {.limit = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(InteractionRepositoryTest, CorrectionsPointAtTheEntryTheyCorrect) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      InteractionRecord original,
      log().Append(Message(client.id, Channel::kEmail, Now()), Now()));
  InteractionRecord correction = Message(client.id, Channel::kEmail, Now());
  correction.corrects_id = original.id;
  RELANCE_ASSERT_OK_AND_ASSIGN(InteractionRecord stored,
                               log().Append(correction, Now()));
  EXPECT_EQ(stored.corrects_id, original.id);
  correction.corrects_id = 4242;
  EXPECT_THAT(log().Append(correction, Now()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(InteractionRepositoryTest, BadReferencesAreRefusedWithNothingWritten) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-1"));
  EXPECT_THAT(log().Append(Message(4242, Channel::kEmail, Now()), Now()),
              StatusIs(absl::StatusCode::kNotFound));
  InteractionRecord unlinked = Message(client.id, Channel::kEmail, Now());
  unlinked.reminder_ids = {1};
  EXPECT_THAT(log().Append(unlinked, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  unlinked.reminder_invoice_ids = {1};
  EXPECT_THAT(log().Append(unlinked, Now()),
              StatusIs(absl::StatusCode::kNotFound));
  InteractionRecord comma = Message(client.id, Channel::kEmail, Now());
  comma.recipients = {"a@b.fr\nc@d.fr"};
  EXPECT_THAT(log().Append(comma, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows("interactions"), 0);
  EXPECT_EQ(CountRows("interaction_reminders"), 0);
}

TEST_P(InteractionRepositoryTest, TheDatabaseRefusesToChangeOrRemoveEntries) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      InteractionRecord stored,
      log().Append(Message(client.id, Channel::kEmail, Now()), Now()));
  EXPECT_THAT(test_database().Execute(
                  "UPDATE interactions SET body_text = 'rewritten'"),
              Not(IsOk()));
  EXPECT_THAT(test_database().Execute("DELETE FROM interactions"), Not(IsOk()));
  RELANCE_ASSERT_OK_AND_ASSIGN(InteractionRecord read, log().Get(stored.id));
  EXPECT_EQ(read.body_text, stored.body_text);
}

INSTANTIATE_TEST_SUITE_P(Backends, InteractionRepositoryTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
