// TemplateService over a real channel, on SQLite and PostgreSQL: the templates
// the migrations ship, rendered with the sample context of
// tests/testing/template_sample_context.json, and their editing.

#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "relance/v1/template.grpc.pb.h"
#include "server/domain/message_context.h"
#include "server/domain/penalties.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json SampleContext() {
  return nlohmann::json::parse(ReadFile(RELANCE_TEMPLATE_SAMPLE_CONTEXT));
}

// The sample with one invoice, not late, and none of the optional amounts:
// every inverted section shows.
nlohmann::json PlainContext() {
  nlohmann::json data = SampleContext();
  data["invoices"] = nlohmann::json::array({data["invoices"][1]});
  data["invoices"][0]["late"] = false;
  data["invoice_count"] = "1";
  for (const char* flag :
       {"several_invoices", "late", "has_interest", "has_indemnity", "has_fee",
        "has_deadline", "has_owner", "has_payment_link", "formal_notice"}) {
    data[flag] = false;
  }
  return data;
}

class TemplateServiceTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    templates_ = v1::TemplateService::NewStub(channel());
  }

  std::vector<v1::Template> ListAll(int page_size) {
    std::vector<v1::Template> all;
    v1::ListTemplatesRequest request;
    request.set_page_size(page_size);
    for (;;) {
      grpc::ClientContext context;
      v1::ListTemplatesResponse response;
      grpc::Status status =
          templates_->ListTemplates(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) return all;
      all.insert(all.end(), response.templates().begin(),
                 response.templates().end());
      if (response.next_page_token().empty()) return all;
      request.set_page_token(response.next_page_token());
    }
  }

  grpc::Status Render(const std::string& key, const std::string& language,
                      const nlohmann::json& data,
                      v1::RenderTemplateResponse& response) {
    grpc::ClientContext context;
    v1::RenderTemplateRequest request;
    request.set_key(key);
    request.set_language(language);
    request.set_data_json(data.dump());
    return templates_->RenderTemplate(&context, request, &response);
  }

  grpc::Status Update(const v1::Template& value,
                      const std::vector<std::string>& mask,
                      v1::UpdateTemplateResponse& response) {
    grpc::ClientContext context;
    v1::UpdateTemplateRequest request;
    *request.mutable_template_() = value;
    for (const std::string& path : mask) {
      request.mutable_update_mask()->add_paths(path);
    }
    return templates_->UpdateTemplate(&context, request, &response);
  }

  std::unique_ptr<v1::TemplateService::Stub> templates_;
};

// What every rendered part of a shipped template must be like: no mustache
// left, no run of blank lines where a section dropped out.
void ExpectClean(const v1::Template& shipped,
                 const v1::RenderTemplateResponse& rendered) {
  const std::string where = shipped.key() + "/" + shipped.language();
  for (const std::string* part :
       {&rendered.subject(), &rendered.text(), &rendered.html(),
        &rendered.letter(), &rendered.sms()}) {
    EXPECT_THAT(*part, Not(HasSubstr("{{"))) << where;
    EXPECT_THAT(*part, Not(HasSubstr("}}"))) << where;
    EXPECT_THAT(*part, Not(HasSubstr("\n\n\n"))) << where << "\n" << *part;
  }
  EXPECT_FALSE(rendered.subject().empty()) << where;
  EXPECT_FALSE(rendered.text().empty()) << where;
  EXPECT_EQ(rendered.language_used(), shipped.language());
  if (!shipped.letter().empty()) {
    // The table's marker stands alone on its line.
    EXPECT_THAT(rendered.letter(), HasSubstr("\n[[invoice_table]]\n")) << where;
  }
}

TEST_P(TemplateServiceTest, EveryShippedTemplateRendersWithTheSampleContext) {
  const std::vector<v1::Template> shipped = ListAll(5);
  // Seven steps, in French and English, for any debtor and for consumers.
  ASSERT_THAT(shipped, SizeIs(28));
  for (const nlohmann::json& data : {SampleContext(), PlainContext()}) {
    for (const v1::Template& value : shipped) {
      v1::RenderTemplateResponse rendered;
      grpc::Status status =
          Render(value.key(), value.language(), data, rendered);
      ASSERT_TRUE(status.ok()) << value.key() << "/" << value.language() << ": "
                               << status.error_message();
      ExpectClean(value, rendered);
      if (!value.html().empty()) {
        EXPECT_THAT(rendered.html(), StartsWith("<!DOCTYPE html>"));
        EXPECT_THAT(rendered.html(), HasSubstr("F-2026-0154"));
        EXPECT_THAT(rendered.html(), HasSubstr("Atelier Dupont &amp; Fils"));
      }
    }
  }
}

TEST_P(TemplateServiceTest, ShippedTemplatesSayWhatEachStepMustSay) {
  const nlohmann::json data = SampleContext();
  v1::RenderTemplateResponse notice;
  ASSERT_TRUE(Render("formal_notice", "fr", data, notice).ok());
  EXPECT_THAT(notice.letter(), StartsWith("MISE EN DEMEURE DE PAYER\n"));
  EXPECT_THAT(notice.letter(),
              HasSubstr("Par la présente, nous vous mettons en demeure de "
                        "régler la somme de 1 959,58 € dans un délai expirant "
                        "le 01/12/2026."));
  EXPECT_THAT(notice.letter(), HasSubstr("injonction de payer"));
  EXPECT_THAT(notice.letter(), HasSubstr("L441-10"));

  v1::RenderTemplateResponse plain_notice;
  ASSERT_TRUE(Render("formal_notice", "fr", PlainContext(), plain_notice).ok());
  EXPECT_THAT(plain_notice.letter(),
              HasSubstr("dans un délai de huit jours à compter de la "
                        "réception de la présente"));

  v1::RenderTemplateResponse second;
  ASSERT_TRUE(Render("second_reminder", "fr", data, second).ok());
  EXPECT_THAT(second.text(), HasSubstr("D441-5"));
  EXPECT_THAT(second.text(), HasSubstr("Pénalités de retard : 24,58 €"));
  EXPECT_THAT(second.text(), HasSubstr("Total réclamé : 1 959,58 €"));
  // Values are escaped in the html part only.
  EXPECT_THAT(second.html(), HasSubstr("Atelier Dupont &amp; Fils SARL"));
  EXPECT_THAT(second.text(), HasSubstr("Atelier Dupont & Fils SARL"));

  v1::RenderTemplateResponse call;
  ASSERT_TRUE(Render("phone_call", "en", data, call).ok());
  EXPECT_THAT(call.text(),
              HasSubstr("- Invoice F-2026-0117 of 01/09/2026, due 01/10/2026: "
                        "1 000,00 € outstanding (53 days overdue)\n"));
  EXPECT_THAT(call.text(), HasSubstr("Boulangerie <Martin> & Cie"));

  v1::RenderTemplateResponse courtesy;
  ASSERT_TRUE(Render("courtesy", "fr", PlainContext(), courtesy).ok());
  EXPECT_EQ(courtesy.subject(),
            "Rappel amical : facture F-2026-0154 à régler le 11/11/2026 – "
            "Atelier Dupont & Fils SARL");
  EXPECT_THAT(
      courtesy.text(),
      HasSubstr("Notre service comptabilité reste à votre disposition"));
}

// The data a consumer's message is rendered with, as the composer builds it:
// a private person, a fee on the step (never claimed from a consumer), interest
// from the formal notice and no indemnity (ComputePenalties for a consumer).
nlohmann::json ConsumerContext(
    const char* language, bool formal_notice,
    std::optional<int> deadline_days = std::nullopt) {
  MessageFacts facts;
  facts.client.kind = storage::ClientKind::kB2C;
  facts.client.name = "Marie Durand";
  facts.client.reference = "C-0777";
  facts.client.postal_address_lines = {"8 rue Victor Hugo", "69002 Lyon"};
  facts.reminder.id = 77;
  facts.reminder.step_key = formal_notice ? "formal_notice" : "second_reminder";
  facts.reminder.formal_notice = formal_notice;
  facts.reminder.fee_minor = 4000;
  facts.reminder.fee_currency = "EUR";
  facts.today = absl::CivilDay(2026, 11, 23);
  if (deadline_days.has_value()) {
    facts.reminder.action_date = facts.today;
    facts.reminder.notice_deadline = facts.today + *deadline_days;
  }
  storage::InvoiceRecord invoice;
  invoice.number = "F-2026-0398";
  invoice.currency = "EUR";
  invoice.issue_date = absl::CivilDay(2026, 9, 1);
  invoice.due_date = absl::CivilDay(2026, 10, 1);
  invoice.total_minor = 100000;
  PenaltyBreakdown penalties;
  penalties.interest_minor = 412;
  penalties.interest_from = absl::CivilDay(2026, 11, 3);
  facts.invoices.push_back({invoice, penalties});
  CreditorProfile creditor;
  creditor.name = "Atelier Dupont SARL";
  creditor.iban = "FR76 3000 6000 0112 3456 7890 189";
  return BuildMessageContext(facts, creditor, std::nullopt, language);
}

TEST_P(TemplateServiceTest,
       TheSecondReminderCallsTheTotalClaimedSoNotWhatIsDue) {
  // "Reste dû" is the principal; the total with interest, indemnity and fees
  // is "total réclamé".
  for (const char* language : {"fr", "fr-x-b2c", "en", "en-x-b2c"}) {
    grpc::ClientContext context;
    v1::GetTemplateRequest get;
    get.set_key("second_reminder");
    get.set_language(language);
    v1::GetTemplateResponse read;
    ASSERT_TRUE(templates_->GetTemplate(&context, get, &read).ok()) << language;
    const bool french = language[0] == 'f';
    const std::string label = french ? "total réclamé {{amount_claimed}}"
                                     : "total claimed {{amount_claimed}}";
    EXPECT_THAT(read.template_().subject(), HasSubstr(label)) << language;
    EXPECT_THAT(absl::AsciiStrToLower(read.template_().sms()), HasSubstr(label))
        << language;
    for (const std::string* part :
         {&read.template_().subject(), &read.template_().sms()}) {
      EXPECT_THAT(*part, Not(HasSubstr("{{amount_claimed}} rest"))) << language;
      EXPECT_THAT(*part, Not(HasSubstr("{{amount_claimed}} is outstanding")))
          << language;
      EXPECT_THAT(*part, Not(HasSubstr("{{amount_claimed}} outstanding")))
          << language;
    }
  }
}

TEST_P(TemplateServiceTest, AConsumerReceivesNoCommercialCodeIndemnityNorFee) {
  for (const char* language : {"fr", "en"}) {
    for (bool formal_notice : {false, true}) {
      const nlohmann::json data = ConsumerContext(language, formal_notice);
      for (const char* key :
           {"courtesy", "first_reminder", "second_reminder", "phone_call",
            "formal_notice", "collection", "instalment_reminder"}) {
        v1::RenderTemplateResponse rendered;
        grpc::Status status = Render(key, language, data, rendered);
        ASSERT_TRUE(status.ok()) << key << ": " << status.error_message();
        const std::string where = std::string(key) + "/" + language;
        EXPECT_EQ(rendered.language_used(), std::string(language) + "-x-b2c")
            << where;
        for (const std::string* part :
             {&rendered.subject(), &rendered.text(), &rendered.html(),
              &rendered.letter(), &rendered.sms()}) {
          for (const char* forbidden :
               {"L441", "D441", "Code de commerce", "Commercial Code", "40,00",
                "€40", "40 €", "ndemnit", "Madame, Monsieur", "Sir or Madam",
                "frais de relance", "eminder fee"}) {
            EXPECT_THAT(*part, Not(HasSubstr(forbidden)))
                << where << " says " << forbidden << ":\n"
                << *part;
          }
        }
        EXPECT_THAT(rendered.text(), HasSubstr("Marie Durand")) << where;
      }
    }
  }
  const nlohmann::json french = ConsumerContext("fr", true);
  v1::RenderTemplateResponse notice;
  ASSERT_TRUE(Render("formal_notice", "fr", french, notice).ok());
  EXPECT_THAT(notice.letter(), HasSubstr("\nBonjour Marie Durand,\n"));
  EXPECT_THAT(notice.letter(), HasSubstr("1231-6 du Code civil"));
  // 1 000,00 + 4,12 of interest: no fee, no indemnity.
  EXPECT_THAT(notice.letter(),
              HasSubstr("régler la somme de 1\u00A0004,12\u00A0€"));
  v1::RenderTemplateResponse second;
  ASSERT_TRUE(
      Render("second_reminder", "fr", ConsumerContext("fr", false), second)
          .ok());
  EXPECT_THAT(second.text(),
              HasSubstr("Des intérêts au taux légal courent sur la somme due "
                        "depuis le 03/11/2026"));
  v1::RenderTemplateResponse english;
  ASSERT_TRUE(
      Render("first_reminder", "en", ConsumerContext("en", false), english)
          .ok());
  EXPECT_THAT(english.text(), HasSubstr("Dear Marie Durand,"));
}

// A consumer's formal notice gives its step's deadline, 15 days here: the
// date, counted from the letter's; or, when it counts from the first
// presentation (letters.notice_deadline_from: first_presentation), the
// number of days, as the server's composer gives it.
TEST_P(TemplateServiceTest, AConsumersFormalNoticeGivesItsStepsDeadline) {
  nlohmann::json french = ConsumerContext("fr", true, 15);
  v1::RenderTemplateResponse notice;
  ASSERT_TRUE(Render("formal_notice", "fr", french, notice).ok());
  EXPECT_EQ(notice.language_used(), "fr-x-b2c");
  for (const std::string* part : {&notice.text(), &notice.letter()}) {
    EXPECT_THAT(*part, HasSubstr("dans un délai expirant le 08/12/2026."))
        << *part;
  }
  french["has_deadline"] = false;
  french["deadline"] = "";
  french["has_deadline_days"] = true;
  french["deadline_days"] = "15";
  ASSERT_TRUE(Render("formal_notice", "fr", french, notice).ok());
  for (const std::string* part :
       {&notice.text(), &notice.html(), &notice.letter()}) {
    EXPECT_THAT(*part, HasSubstr("dans un délai de 15 jours à compter de la "
                                 "réception de la présente."))
        << *part;
    EXPECT_THAT(*part, Not(HasSubstr("huit")));
  }
  nlohmann::json english = ConsumerContext("en", true, 15);
  english["has_deadline"] = false;
  english["deadline"] = "";
  english["has_deadline_days"] = true;
  english["deadline_days"] = "15";
  ASSERT_TRUE(Render("formal_notice", "en", english, notice).ok());
  EXPECT_EQ(notice.language_used(), "en-x-b2c");
  EXPECT_THAT(notice.letter(),
              HasSubstr("within 15 days of receipt of this letter"));
  // A business's too.
  nlohmann::json business = SampleContext();
  business["has_deadline"] = false;
  business["deadline"] = "";
  business["has_deadline_days"] = true;
  business["deadline_days"] = "15";
  ASSERT_TRUE(Render("formal_notice", "fr", business, notice).ok());
  EXPECT_THAT(notice.letter(),
              HasSubstr("dans un délai de 15 jours à compter"));
}

TEST_P(TemplateServiceTest, RenderFallsBackAndRefusesWhatItCannotRender) {
  v1::RenderTemplateResponse rendered;
  ASSERT_TRUE(Render("courtesy", "fr-BE", SampleContext(), rendered).ok());
  EXPECT_EQ(rendered.language_used(), "fr");
  ASSERT_TRUE(Render("courtesy", "en-GB", SampleContext(), rendered).ok());
  EXPECT_EQ(rendered.language_used(), "en");

  grpc::Status status = Render("missing", "fr", SampleContext(), rendered);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("'missing'"));

  status = Render("courtesy", "fr", nlohmann::json::array(), rendered);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre("data_json: must be a JSON object"));
  {
    grpc::ClientContext context;
    v1::RenderTemplateRequest request;
    request.set_key("courtesy");
    request.set_data_json("{not json");
    status = templates_->RenderTemplate(&context, request, &rendered);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(testing::FieldViolationsOf(status),
                ElementsAre("data_json: is not valid JSON"));
  }
  {
    grpc::ClientContext context;
    v1::RenderTemplateRequest request;
    request.set_key("courtesy");
    request.set_reminder_id(7);
    status = templates_->RenderTemplate(&context, request, &rendered);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  }
}

TEST_P(TemplateServiceTest, UpdateCreatesThenReplacesPartsWithTheEtag) {
  v1::Template value;
  value.set_key("gentle_nudge");
  value.set_language("fr-be");
  value.set_subject("Petit rappel : {{due}}");
  value.set_text("Bonjour {{client.name}}");
  v1::UpdateTemplateResponse created;
  ASSERT_TRUE(Update(value, {}, created).ok());
  EXPECT_EQ(created.template_().language(), "fr-BE");
  const std::string first_etag = created.template_().etag();
  EXPECT_FALSE(first_etag.empty());
  EXPECT_TRUE(created.template_().has_update_time());

  v1::UpdateTemplateResponse response;
  grpc::Status status = Update(value, {}, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);

  v1::Template change;
  change.set_key("gentle_nudge");
  change.set_language("fr-BE");
  change.set_sms("{{due}} à régler");
  change.set_etag(first_etag);
  ASSERT_TRUE(Update(change, {"sms"}, response).ok());
  EXPECT_EQ(response.template_().subject(), "Petit rappel : {{due}}");
  EXPECT_EQ(response.template_().text(), "Bonjour {{client.name}}");
  EXPECT_EQ(response.template_().sms(), "{{due}} à régler");
  const std::string second_etag = response.template_().etag();
  EXPECT_NE(second_etag, first_etag);

  status = Update(change, {"sms"}, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);

  // The etag of the template in another language is not this one's.
  v1::Template other = value;
  other.set_language("en");
  ASSERT_TRUE(Update(other, {}, created).ok());
  v1::Template wrong = change;
  wrong.set_etag(created.template_().etag());
  status = Update(wrong, {"sms"}, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(StartsWith("template.etag: ")));

  change.set_etag(second_etag);
  change.set_html("<p>{{#invoices}}</p>");
  status = Update(change, {"html", "body"}, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(HasSubstr("update_mask: 'body' is not a part")));
  status = Update(change, {"html"}, response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      testing::FieldViolationsOf(status),
      ElementsAre(AllOf(StartsWith("template.html: "), HasSubstr("invoices"))));

  grpc::ClientContext context;
  v1::GetTemplateRequest get;
  get.set_key("gentle_nudge");
  get.set_language("fr-BE");
  v1::GetTemplateResponse read;
  ASSERT_TRUE(templates_->GetTemplate(&context, get, &read).ok());
  EXPECT_EQ(read.template_().etag(), second_etag);
  EXPECT_EQ(read.template_().html(), "");
}

TEST_P(TemplateServiceTest, GetAndListNameWhatTheyCannotFind) {
  grpc::ClientContext context;
  v1::GetTemplateRequest get;
  get.set_key("courtesy");
  get.set_language("de");
  v1::GetTemplateResponse read;
  grpc::Status status = templates_->GetTemplate(&context, get, &read);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("'courtesy'"));
  EXPECT_THAT(status.error_message(), HasSubstr("'de'"));

  grpc::ClientContext list_context;
  v1::ListTemplatesRequest request;
  request.set_key("phone_call");
  v1::ListTemplatesResponse response;
  ASSERT_TRUE(
      templates_->ListTemplates(&list_context, request, &response).ok());
  ASSERT_THAT(response.templates(), SizeIs(4));
  EXPECT_EQ(response.templates(0).language(), "en");
  EXPECT_EQ(response.templates(1).language(), "en-x-b2c");
  EXPECT_EQ(response.templates(2).language(), "fr");
  EXPECT_EQ(response.templates(3).language(), "fr-x-b2c");

  grpc::ClientContext bad_context;
  request.set_page_token("garbage");
  status = templates_->ListTemplates(&bad_context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

RELANCE_INSTANTIATE_SERVER_TEST(TemplateServiceTest);

}  // namespace
}  // namespace relance
