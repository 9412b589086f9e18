#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/templates.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TemplateRecord Draft(std::string key, std::string language) {
  TemplateRecord record;
  record.key = std::move(key);
  record.language = std::move(language);
  record.subject = "Invoice {{number}}";
  record.text = "Hello {{client.name}},\n\nline 2\n";
  record.html = "<p>{{due}}</p>";
  record.letter = "Madame,\n\n{{invoice_table}}\n";
  record.sms = "Pay {{due}}";
  return record;
}

// "key/language" of each template of the page, in order.
std::vector<std::string> Ids(const TemplatePage& page) {
  std::vector<std::string> ids;
  for (const TemplateRecord& record : page.items) {
    ids.push_back(record.key + "/" + record.language);
  }
  return ids;
}

TEST_P(RepositoryContractTest,
       TemplatesShipForTheLadderAndPlansInTwoLanguages) {
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplatePage page,
                               database().templates().List({.limit = 100}));
  // Each in French and English, for businesses and for consumers (-x-b2c).
  std::vector<std::string> shipped;
  for (const char* key :
       {"collection", "courtesy", "first_reminder", "formal_notice",
        "instalment_reminder", "phone_call", "second_reminder"}) {
    for (const char* language : {"en", "en-x-b2c", "fr", "fr-x-b2c"}) {
      shipped.push_back(std::string(key) + "/" + language);
    }
  }
  EXPECT_THAT(Ids(page), ::testing::ElementsAreArray(shipped));
  EXPECT_FALSE(page.next.has_value());
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TemplateRecord notice, database().templates().Get("formal_notice", "fr"));
  // Migration 0016 gave it the step's number of days for a deadline that
  // counts from the first presentation.
  EXPECT_EQ(notice.version, 2);
  EXPECT_THAT(notice.letter, HasSubstr("Par la présente, nous vous mettons en "
                                       "demeure de régler"));
  EXPECT_THAT(notice.letter,
              HasSubstr("dans un délai de {{#has_deadline_days}}"
                        "{{deadline_days}}{{/has_deadline_days}}"));
  EXPECT_THAT(notice.letter, HasSubstr("\n{{invoice_table}}\n"));
}

TEST_P(RepositoryContractTest, TemplatePutCreatesThenRefusesADuplicate) {
  TemplateRepository& templates = database().templates();
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TemplateRecord created,
      templates.Put(Draft("nudge", "fr-BE"), /*expected_version=*/0, Now()));
  EXPECT_EQ(created.key, "nudge");
  EXPECT_EQ(created.language, "fr-BE");
  EXPECT_EQ(created.version, 1);
  EXPECT_EQ(created.update_time, Now());
  EXPECT_EQ(created.text, "Hello {{client.name}},\n\nline 2\n");
  EXPECT_EQ(created.letter, "Madame,\n\n{{invoice_table}}\n");

  RELANCE_ASSERT_OK_AND_ASSIGN(TemplateRecord read,
                               templates.Get("nudge", "fr-BE"));
  EXPECT_EQ(read.subject, created.subject);
  EXPECT_EQ(read.html, created.html);
  EXPECT_EQ(read.sms, created.sms);
  EXPECT_EQ(read.update_time, Now());

  EXPECT_THAT(templates.Put(Draft("nudge", "fr-BE"), 0, Now()),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       HasSubstr("'nudge' in language 'fr-BE'")));
}

TEST_P(RepositoryContractTest, TemplatePutReplacesOnlyTheVersionRead) {
  TemplateRepository& templates = database().templates();
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplateRecord created,
                               templates.Put(Draft("nudge", "en"), 0, Now()));
  TemplateRecord change = Draft("nudge", "en");
  change.subject = "Second";
  change.sms = "";
  const absl::Time later = Now() + absl::Seconds(5);
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplateRecord replaced,
                               templates.Put(change, created.version, later));
  EXPECT_EQ(replaced.version, 2);
  EXPECT_EQ(replaced.subject, "Second");
  EXPECT_EQ(replaced.sms, "");
  EXPECT_EQ(replaced.update_time, later);

  // The version read first is stale now.
  change.subject = "Third";
  EXPECT_THAT(templates.Put(change, created.version, later),
              StatusIs(absl::StatusCode::kAborted,
                       HasSubstr("version 1 expected, 2 stored")));
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplateRecord read,
                               templates.Get("nudge", "en"));
  EXPECT_EQ(read.subject, "Second");

  EXPECT_THAT(templates.Put(Draft("absent", "en"), 3, later),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RepositoryContractTest, TemplateGetOfAnUnknownOneIsNotFound) {
  EXPECT_THAT(database().templates().Get("courtesy", "de"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("template 'courtesy' in language 'de'")));
  EXPECT_THAT(database().templates().Get("nothing", "fr"),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RepositoryContractTest, TemplateListPagesInKeyThenLanguageOrder) {
  TemplateRepository& templates = database().templates();
  for (const char* language : {"fr-BE", "fr", "en", "de", "fr-CH"}) {
    ASSERT_THAT(templates.Put(Draft("aaa", language), 0, Now()),
                ::relance::testing::IsOk());
  }
  TemplateListRequest request{.limit = 2, .key = "aaa"};
  std::vector<std::string> seen;
  int pages = 0;
  for (;;) {
    RELANCE_ASSERT_OK_AND_ASSIGN(TemplatePage page, templates.List(request));
    ++pages;
    for (std::string& id : Ids(page)) seen.push_back(std::move(id));
    if (!page.next.has_value()) break;
    request.after = page.next;
  }
  // Byte order: "fr" before "fr-BE" before "fr-CH".
  EXPECT_THAT(seen, ElementsAre("aaa/de", "aaa/en", "aaa/fr", "aaa/fr-BE",
                                "aaa/fr-CH"));
  EXPECT_EQ(pages, 3);

  // Without the key filter the seeded templates follow.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TemplatePage after_fr,
      templates.List(
          {.limit = 3,
           .after = TemplateCursor{.key = "aaa", .language = "fr"}}));
  EXPECT_THAT(Ids(after_fr),
              ElementsAre("aaa/fr-BE", "aaa/fr-CH", "collection/en"));
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplatePage none,
                               templates.List({.limit = 5, .key = "zzz"}));
  EXPECT_THAT(none.items, IsEmpty());
  EXPECT_THAT(templates.List({.limit = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace relance::storage
