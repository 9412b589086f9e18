#include "server/domain/templates.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "server/domain/field_violations.h"
#include "tests/testing/fake_clock.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

// Who edits the templates in these tests.
constexpr char kEditor[] = "bea";

using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using storage::TemplateRecord;

// Templates in memory, with the repository's contract.
class MemoryTemplates final : public storage::TemplateRepository {
 public:
  absl::StatusOr<storage::TemplatePage> List(
      const storage::TemplateListRequest& request) override {
    storage::TemplatePage page;
    for (const auto& [id, record] : records_) {
      if (!request.key.empty() && record.key != request.key) continue;
      if (request.after.has_value() &&
          id <= std::make_pair(request.after->key, request.after->language)) {
        continue;
      }
      page.items.push_back(record);
    }
    return page;
  }
  absl::StatusOr<TemplateRecord> Get(absl::string_view key,
                                     absl::string_view language) override {
    auto found = records_.find({std::string(key), std::string(language)});
    if (found == records_.end()) return absl::NotFoundError("no template");
    return found->second;
  }
  absl::StatusOr<TemplateRecord> Put(const TemplateRecord& record,
                                     std::int64_t expected_version,
                                     const storage::Change& change) override {
    auto id = std::make_pair(record.key, record.language);
    auto found = records_.find(id);
    if (expected_version == 0 && found != records_.end()) {
      return absl::AlreadyExistsError("exists");
    }
    if (expected_version != 0) {
      if (found == records_.end()) return absl::NotFoundError("absent");
      if (found->second.version != expected_version) {
        return absl::AbortedError("stale");
      }
    }
    TemplateRecord stored = record;
    stored.version = expected_version + 1;
    stored.update_time = change.now;
    records_[id] = stored;
    last_actor_ = change.actor;
    return stored;
  }

  // The actor of the last write that succeeded.
  const std::string& last_actor() const { return last_actor_; }

 private:
  std::map<std::pair<std::string, std::string>, TemplateRecord> records_;
  std::string last_actor_;
};

TemplateRecord Template(std::string key, std::string language) {
  TemplateRecord record;
  record.key = std::move(key);
  record.language = std::move(language);
  record.subject = "Subject";
  record.text = "Text";
  return record;
}

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : GetFieldViolations(status)) {
    fields.push_back(violation.field);
  }
  return fields;
}

const nlohmann::json kData = {{"client", {{"name", "Martin & <Fils>"}}},
                              {"several_invoices", false},
                              {"has_owner", nullptr},
                              {"count", 3},
                              {"invoices",
                               {{{"number", "F-1"}, {"due", "10,00 €"}},
                                {{"number", "F-2"}, {"due", "20,00 €"}}}},
                              {"due", "30,00 €"}};

TEST(RenderTemplateTest, FillsVariablesSectionsAndLists) {
  TemplateRecord record = Template("k", "fr");
  record.subject =
      "{{#several_invoices}}Factures{{/several_invoices}}"
      "{{^several_invoices}}Facture{{/several_invoices}} – {{client.name}}";
  record.text =
      "{{#invoices}}\n- {{number}} : {{due}}\n{{/invoices}}\nTotal {{due}}, "
      "{{count}} relances{{#has_owner}} owner{{/has_owner}}\n";
  RELANCE_ASSERT_OK_AND_ASSIGN(RenderedTemplate rendered,
                               RenderTemplate(record, kData));
  EXPECT_EQ(rendered.language, "fr");
  EXPECT_EQ(rendered.subject, "Facture – Martin & <Fils>");
  // Standalone section lines leave no blank line behind; inside the list
  // {{due}} is the invoice's own.
  EXPECT_EQ(rendered.text,
            "- F-1 : 10,00 €\n- F-2 : 20,00 €\nTotal 30,00 €, 3 relances\n");
  EXPECT_EQ(rendered.html, "");
}

TEST(RenderTemplateTest, OptionalParagraphsLeaveNoBlankLineBehind) {
  TemplateRecord record = Template("k", "fr");
  // Standalone tag lines disappear with their line break, whether their
  // section is shown or skipped; other lines keep theirs.
  record.text =
      "P1\n\n  {{! a comment }}\n{{#a}}\nA\n\n{{/a}}\n{{^a}}\nNot A\n\n"
      "{{/a}}\nEND {{#a}}yes{{/a}}\n";
  record.sms = "{{#a}}\nA\n{{/a}}";
  for (bool a : {true, false}) {
    RELANCE_ASSERT_OK_AND_ASSIGN(RenderedTemplate rendered,
                                 RenderTemplate(record, {{"a", a}}));
    EXPECT_EQ(rendered.text,
              a ? "P1\n\nA\n\nEND yes\n" : "P1\n\nNot A\n\nEND \n");
    EXPECT_EQ(rendered.sms, a ? "A\n" : "");
  }
}

TEST(RenderTemplateTest, EscapesValuesInHtmlOnly) {
  TemplateRecord record = Template("k", "fr");
  record.html = "<p>{{client.name}}</p>";
  record.letter = "{{client.name}} {{{client.name}}}";
  record.sms = "{{client.name}}";
  RELANCE_ASSERT_OK_AND_ASSIGN(RenderedTemplate rendered,
                               RenderTemplate(record, kData));
  EXPECT_EQ(rendered.html, "<p>Martin &amp; &lt;Fils&gt;</p>");
  EXPECT_EQ(rendered.letter, "Martin & <Fils> Martin & <Fils>");
  EXPECT_EQ(rendered.sms, "Martin & <Fils>");
}

// A source whose sections nest `depth` deep.
std::string NestedSections(int depth) {
  std::string source;
  for (int i = 0; i < depth; ++i) absl::StrAppend(&source, "{{#a}}");
  source += "deep";
  for (int i = 0; i < depth; ++i) absl::StrAppend(&source, "{{/a}}");
  return source;
}

TEST(RenderTemplateTest, RefusesSectionsNestedTooDeepInsteadOfCrashing) {
  // As a template stored before the checks, or by anything but Set: the
  // renderer recursed once per level and overflowed the stack.
  TemplateRecord record = Template("k", "fr");
  record.text = NestedSections(21800);
  absl::StatusOr<RenderedTemplate> rendered =
      RenderTemplate(record, {{"a", true}});
  EXPECT_THAT(rendered, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr("nest more than 20 deep")));
  EXPECT_THAT(ViolatedFields(rendered.status()), ElementsAre("text"));

  record.text = NestedSections(20);
  RELANCE_ASSERT_OK_AND_ASSIGN(const RenderedTemplate shallow,
                               RenderTemplate(record, {{"a", true}}));
  EXPECT_EQ(shallow.text, "deep");
}

TEST(NormalizeTemplateTest, RefusesSectionsNestedTooDeep) {
  TemplateRecord record = Template("k", "fr");
  record.letter = NestedSections(21800);
  absl::StatusOr<TemplateRecord> normalized = NormalizeTemplate(record);
  EXPECT_THAT(normalized, StatusIs(absl::StatusCode::kInvalidArgument,
                                   HasSubstr("nest more than 20 deep")));
  EXPECT_THAT(ViolatedFields(normalized.status()), ElementsAre("letter"));
  // Inverted sections count, and so do sections written with other
  // delimiters.
  record.letter = "{{=<% %>=}}";
  for (int i = 0; i < 21; ++i) record.letter += i % 2 ? "<%#a%>" : "<%^b%>";
  for (int i = 0; i < 21; ++i) record.letter += i % 2 ? "<%/b%>" : "<%/a%>";
  EXPECT_THAT(ViolatedFields(NormalizeTemplate(record).status()),
              ElementsAre("letter"));
  record.letter = NestedSections(20);
  EXPECT_THAT(NormalizeTemplate(record), ::relance::testing::IsOk());
}

TEST(NormalizeTemplateTest, RefusesUnescapedTagsInTheHtmlPartOnly) {
  for (const char* html :
       {"<p>{{{client.name}}}</p>", "<p>{{& client.name}}</p>",
        "{{=<% %>=}}<p><%& client.name %></p>"}) {
    TemplateRecord record = Template("k", "fr");
    record.html = html;
    absl::StatusOr<TemplateRecord> normalized = NormalizeTemplate(record);
    EXPECT_THAT(normalized, StatusIs(absl::StatusCode::kInvalidArgument,
                                     HasSubstr("unescaped")))
        << html;
    EXPECT_THAT(ViolatedFields(normalized.status()), ElementsAre("html"));
    // Nor does a stored one render.
    EXPECT_THAT(ViolatedFields(RenderTemplate(record, kData).status()),
                ElementsAre("html"));
    // Plain text parts are never escaped: the tags mean nothing there.
    record.html = "<p>{{client.name}}</p>";
    record.text = html;
    EXPECT_THAT(NormalizeTemplate(record), ::relance::testing::IsOk());
  }
}

TEST(RenderTemplateTest, NamesThePartThatCannotBeRendered) {
  TemplateRecord record = Template("k", "fr");
  record.letter = "{{#invoices}}unclosed";
  absl::StatusOr<RenderedTemplate> rendered = RenderTemplate(record, kData);
  EXPECT_THAT(rendered, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr("invoices")));
  EXPECT_THAT(ViolatedFields(rendered.status()), ElementsAre("letter"));
}

TEST(RenderTemplateTest, RefusesDataThatIsNotAnObject) {
  absl::StatusOr<RenderedTemplate> rendered =
      RenderTemplate(Template("k", "fr"), nlohmann::json::array({1, 2}));
  EXPECT_THAT(rendered, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(rendered.status()), ElementsAre("data"));
}

TEST(RenderTemplateTest, RefusesDataNestedTooDeep) {
  nlohmann::json data = "leaf";
  for (int i = 0; i < 100; ++i) data = nlohmann::json{{"x", data}};
  absl::StatusOr<RenderedTemplate> rendered =
      RenderTemplate(Template("k", "fr"), data);
  EXPECT_THAT(rendered, StatusIs(absl::StatusCode::kInvalidArgument,
                                 HasSubstr("deeper than 32")));
  EXPECT_THAT(ViolatedFields(rendered.status()), ElementsAre("data"));
}

TEST(NormalizeTemplateTest, AcceptsAndCanonicalisesTheLanguage) {
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplateRecord record,
                               NormalizeTemplate(Template("first_2", "FR-be")));
  EXPECT_EQ(record.language, "fr-BE");
  RELANCE_ASSERT_OK_AND_ASSIGN(record,
                               NormalizeTemplate(Template("k", "zh-hant-tw")));
  EXPECT_EQ(record.language, "zh-Hant-TW");
}

TEST(NormalizeTemplateTest, NamesEveryFieldAtFault) {
  TemplateRecord record = Template("First-Reminder", "french!");
  record.subject = "two\nlines";
  record.html = "<p>{{#invoices}}</p>";
  record.sms = "{{/late}}";
  absl::StatusOr<TemplateRecord> normalized = NormalizeTemplate(record);
  EXPECT_THAT(normalized, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(normalized.status()),
              ElementsAre("key", "language", "subject", "html", "sms"));
  // The parser's own message says what is wrong in the html.
  for (const FieldViolation& violation :
       GetFieldViolations(normalized.status())) {
    if (violation.field == "html") {
      EXPECT_THAT(violation.description, HasSubstr("invoices"));
    }
  }
}

TEST(NormalizeTemplateTest, RefusesATemplateWithoutParts) {
  TemplateRecord record;
  record.key = "empty";
  record.language = "fr";
  EXPECT_THAT(ViolatedFields(NormalizeTemplate(record).status()),
              ElementsAre("text"));
  record.key = std::string(65, 'a');
  record.sms = "x";
  EXPECT_THAT(ViolatedFields(NormalizeTemplate(record).status()),
              ElementsAre("key"));
}

class TemplatesTest : public ::testing::Test {
 protected:
  void Store(TemplateRecord record) {
    ASSERT_THAT(templates_.Set(std::move(record), "", std::nullopt, kEditor),
                ::relance::testing::IsOk());
  }

  MemoryTemplates repository_;
  testing::FakeClock clock_;
  Templates templates_{&repository_, &clock_};
};

TEST_F(TemplatesTest, ResolveFallsBackToThePrimarySubtagThenFrench) {
  for (const char* language : {"fr", "fr-BE", "en"}) {
    TemplateRecord record = Template("nudge", language);
    record.text = language;
    Store(record);
  }
  auto language_of = [&](const char* asked) -> std::string {
    absl::StatusOr<TemplateRecord> found = templates_.Resolve("nudge", asked);
    return found.ok() ? found->language : found.status().ToString();
  };
  EXPECT_EQ(language_of("fr-BE"), "fr-BE");
  EXPECT_EQ(language_of("fr-be"), "fr-BE");
  EXPECT_EQ(language_of("fr-CH"), "fr");
  EXPECT_EQ(language_of("en-GB"), "en");
  EXPECT_EQ(language_of("de-AT"), "fr");
  EXPECT_EQ(language_of("de"), "fr");
}

TEST_F(TemplatesTest, ResolveNamesTheKeyAndLanguageWhenNothingApplies) {
  Store(Template("nudge", "en"));
  EXPECT_THAT(templates_.Resolve("nudge", "de-AT"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("no template 'nudge' in language 'de-AT' "
                                 "nor in de or fr")));
  EXPECT_THAT(templates_.Resolve("other", "fr"),
              StatusIs(absl::StatusCode::kNotFound,
                       HasSubstr("'other' in language 'fr'")));
  EXPECT_THAT(templates_.Resolve("Bad Key", "fr"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_F(TemplatesTest, RenderUsesTheResolvedTemplate) {
  TemplateRecord record = Template("nudge", "fr");
  record.subject = "Reste dû : {{due}}";
  Store(record);
  RELANCE_ASSERT_OK_AND_ASSIGN(RenderedTemplate rendered,
                               templates_.Render("nudge", "fr-CA", kData));
  EXPECT_EQ(rendered.language, "fr");
  EXPECT_EQ(rendered.subject, "Reste dû : 30,00 €");
}

TEST_F(TemplatesTest, SetCreatesThenReplacesWithTheEtag) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TemplateRecord created,
      templates_.Set(Template("nudge", "EN"), "", std::nullopt, kEditor));
  EXPECT_EQ(created.language, "en");
  EXPECT_EQ(created.version, 1);
  EXPECT_EQ(created.update_time, clock_.Now());
  EXPECT_EQ(repository_.last_actor(), kEditor);
  EXPECT_THAT(
      templates_.Set(Template("nudge", "en"), "", std::nullopt, kEditor),
      StatusIs(absl::StatusCode::kAlreadyExists));

  TemplateRecord change = Template("nudge", "en");
  change.subject = "New";
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TemplateRecord replaced,
      templates_.Set(change, TemplateEtag(created), std::nullopt, kEditor));
  EXPECT_EQ(replaced.subject, "New");
  EXPECT_EQ(replaced.version, 2);
  EXPECT_NE(TemplateEtag(replaced), TemplateEtag(created));
  EXPECT_THAT(
      templates_.Set(change, TemplateEtag(created), std::nullopt, kEditor),
      StatusIs(absl::StatusCode::kAborted));
  absl::StatusOr<TemplateRecord> malformed =
      templates_.Set(change, "12", std::nullopt, kEditor);
  EXPECT_THAT(malformed, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(malformed.status()), ElementsAre("etag"));
}

TEST_F(TemplatesTest, AnEtagIsRefusedForAnotherTemplate) {
  Store(Template("nudge", "fr"));
  Store(Template("nudge", "en"));
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplateRecord french,
                               templates_.Get("nudge", "fr"));
  TemplateRecord english_change = Template("nudge", "en");
  english_change.subject = "Changed";
  // Same version, another language: not this template's etag.
  absl::StatusOr<TemplateRecord> refused = templates_.Set(
      english_change, TemplateEtag(french), std::nullopt, kEditor);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ViolatedFields(refused.status()), ElementsAre("etag"));
  // An etag of an unbound form ("v1") is not one this server writes.
  EXPECT_THAT(templates_.Set(english_change, "v1", std::nullopt, kEditor),
              StatusIs(absl::StatusCode::kInvalidArgument));
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplateRecord english,
                               templates_.Get("nudge", "en"));
  EXPECT_EQ(english.version, 1);
  // The language is compared as stored: "EN" is the template "en".
  english_change.language = "EN";
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TemplateRecord changed,
      templates_.Set(english_change, TemplateEtag(english), std::nullopt,
                     kEditor));
  EXPECT_EQ(changed.subject, "Changed");
}

TEST_F(TemplatesTest, SetWithPartsKeepsTheOthers) {
  TemplateRecord original = Template("nudge", "fr");
  original.html = "<p>html</p>";
  Store(original);
  TemplateRecord change;
  change.key = "nudge";
  change.language = "fr";
  change.sms = "Nouveau SMS";
  change.subject = "ignored: not among the parts";
  RELANCE_ASSERT_OK_AND_ASSIGN(TemplateRecord stored,
                               templates_.Get("nudge", "fr"));
  const std::string first_etag = TemplateEtag(stored);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TemplateRecord updated,
      templates_.Set(change, first_etag, std::vector{TemplatePart::kSms},
                     kEditor));
  EXPECT_EQ(updated.subject, "Subject");
  EXPECT_EQ(updated.text, "Text");
  EXPECT_EQ(updated.html, "<p>html</p>");
  EXPECT_EQ(updated.sms, "Nouveau SMS");
  EXPECT_EQ(updated.version, 2);
  // A stale etag is refused before anything is written.
  EXPECT_THAT(templates_.Set(change, first_etag,
                             std::vector{TemplatePart::kSms}, kEditor),
              StatusIs(absl::StatusCode::kAborted));

  // Creating with parts leaves the others empty.
  change.key = "fresh";
  RELANCE_ASSERT_OK_AND_ASSIGN(
      TemplateRecord created,
      templates_.Set(change, "", std::vector{TemplatePart::kSms}, kEditor));
  EXPECT_EQ(created.subject, "");
  EXPECT_EQ(created.sms, "Nouveau SMS");
}

TEST(TemplatePartTest, NamesRoundTrip) {
  for (TemplatePart part : kTemplateParts) {
    EXPECT_EQ(TemplatePartFromName(TemplatePartName(part)), part);
  }
  EXPECT_EQ(TemplatePartFromName("body"), std::nullopt);
}

TEST_F(TemplatesTest, ResolveTriesTheDebtorKindFirstThenTheKindlessTemplate) {
  for (const char* language : {"fr", "fr-x-b2c", "en", "de-x-b2c"}) {
    TemplateRecord record = Template("nudge", language);
    record.text = language;
    Store(record);
  }
  auto language_of = [&](const char* asked, const char* kind) -> std::string {
    absl::StatusOr<TemplateRecord> found =
        templates_.Resolve("nudge", asked, kind);
    return found.ok() ? found->language : found.status().ToString();
  };
  EXPECT_EQ(language_of("fr", "b2c"), "fr-x-b2c");
  EXPECT_EQ(language_of("fr-BE", "b2c"), "fr-x-b2c");
  EXPECT_EQ(language_of("fr", "b2b"), "fr");
  EXPECT_EQ(language_of("fr", ""), "fr");
  // The language comes first: an English consumer gets the English template
  // rather than the French consumer one.
  EXPECT_EQ(language_of("en", "b2c"), "en");
  EXPECT_EQ(language_of("de", "b2c"), "de-x-b2c");
  EXPECT_EQ(language_of("it", "b2c"), "fr-x-b2c");
  EXPECT_THAT(templates_.Resolve("nudge", "fr", "pro"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(TemplateLanguageForKind("fr", "b2c"), "fr-x-b2c");
}

TEST_F(TemplatesTest, RenderPicksTheTemplateOfTheDataDebtorKind) {
  TemplateRecord business = Template("nudge", "fr");
  business.text = "{{salutation}} art. L441-10";
  Store(business);
  TemplateRecord consumer = Template("nudge", "fr-x-b2c");
  consumer.text = "{{salutation}} art. 1231-6";
  Store(consumer);
  nlohmann::json data = {{"debtor_kind", "b2c"},
                         {"salutation", "Bonjour Marie Durand,"}};
  RELANCE_ASSERT_OK_AND_ASSIGN(RenderedTemplate rendered,
                               templates_.Render("nudge", "fr", data));
  EXPECT_EQ(rendered.language, "fr-x-b2c");
  EXPECT_EQ(rendered.text, "Bonjour Marie Durand, art. 1231-6");
  data["debtor_kind"] = "b2b";
  RELANCE_ASSERT_OK_AND_ASSIGN(rendered,
                               templates_.Render("nudge", "fr", data));
  EXPECT_EQ(rendered.language, "fr");
}

}  // namespace
}  // namespace relance
