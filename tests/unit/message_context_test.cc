#include "server/domain/message_context.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace relance {
namespace {

using ::testing::ElementsAre;

constexpr char kNbsp[] = "\u00A0";

storage::InvoiceRecord Invoice(const std::string& number, std::int64_t total,
                               std::int64_t paid, absl::CivilDay due) {
  storage::InvoiceRecord invoice;
  invoice.number = number;
  invoice.currency = "EUR";
  invoice.issue_date = due - 30;
  invoice.due_date = due;
  invoice.total_minor = total;
  invoice.paid_minor = paid;
  return invoice;
}

MessageFacts TwoLateInvoices() {
  MessageFacts facts;
  facts.client.name = "Boulangerie Dupré SARL";
  facts.client.reference = "C-1001";
  facts.client.email = "compta@dupre.fr";
  facts.client.postal_address_lines = {"12 rue des Lilas", "69003 Lyon"};
  facts.reminder.id = 42;
  facts.reminder.step_key = "formal_notice";
  facts.reminder.formal_notice = true;
  facts.reminder.notice_deadline = absl::CivilDay(2026, 12, 1);
  facts.today = absl::CivilDay(2026, 11, 23);
  PenaltyBreakdown late;
  late.interest_minor = 1234;
  late.indemnity_eur_minor = 4000;
  facts.invoices.push_back(
      {Invoice("FA-1", 184000, 40000, absl::CivilDay(2026, 10, 24)), late});
  facts.invoices.push_back(
      {Invoice("FA-2", 123456, 0, absl::CivilDay(2026, 11, 13)), late});
  return facts;
}

CreditorProfile Creditor() {
  CreditorProfile creditor;
  creditor.name = "Atelier Martin SAS";
  creditor.address_lines = {"3 place Bellecour", "69002 Lyon"};
  creditor.city = "Lyon";
  creditor.iban = "FR76 3000 6000 0112 3456 7890 189";
  return creditor;
}

TEST(LocaleFormatTest, FrenchAndEnglishWriteAmountsAndDatesTheirWay) {
  const LocaleFormat french("fr");
  EXPECT_EQ(french.Money(123456, "EUR"),
            absl::StrCat("1", kNbsp, "234,56", kNbsp, "€"));
  EXPECT_EQ(french.Money(1250, "CHF"), absl::StrCat("12,50", kNbsp, "CHF"));
  EXPECT_EQ(french.Date(absl::CivilDay(2026, 3, 5)), "05/03/2026");
  EXPECT_EQ(french.LongDate(absl::CivilDay(2026, 8, 1)), "1er août 2026");
  EXPECT_TRUE(LocaleFormat("fr-BE").french());

  const LocaleFormat english("en");
  EXPECT_EQ(english.Money(123456, "EUR"), "€1,234.56");
  EXPECT_EQ(english.Money(-1200, "GBP"), "-£12.00");
  EXPECT_EQ(english.Money(500, "CHF"), absl::StrCat("CHF", kNbsp, "5.00"));
  EXPECT_EQ(english.Date(absl::CivilDay(2026, 3, 5)), "5 Mar 2026");
  EXPECT_EQ(english.LongDate(absl::CivilDay(2026, 3, 5)), "5 March 2026");
  EXPECT_FALSE(LocaleFormat("de").french());
}

TEST(MessageContextTest, SumsTheInvoicesAndClaimsPenaltiesOnce) {
  const nlohmann::json context =
      BuildMessageContext(TwoLateInvoices(), Creditor(), std::nullopt, "fr");
  EXPECT_EQ(context["reference"], "R-42");
  EXPECT_EQ(context["today"], "23/11/2026");
  EXPECT_EQ(context["today_long"], "23 novembre 2026");
  EXPECT_EQ(context["client"]["name"], "Boulangerie Dupré SARL");
  EXPECT_THAT(
      context["client"]["address_lines"].get<std::vector<std::string>>(),
      ElementsAre("12 rue des Lilas", "69003 Lyon"));
  ASSERT_EQ(context["invoices"].size(), 2u);
  const nlohmann::json& first = context["invoices"][0];
  EXPECT_EQ(first["number"], "FA-1");
  EXPECT_EQ(first["due_date"], "24/10/2026");
  EXPECT_EQ(first["total"], absl::StrCat("1", kNbsp, "840,00", kNbsp, "€"));
  EXPECT_EQ(first["paid"], absl::StrCat("400,00", kNbsp, "€"));
  EXPECT_EQ(first["due"], absl::StrCat("1", kNbsp, "440,00", kNbsp, "€"));
  EXPECT_EQ(first["days_late"], "30");
  EXPECT_EQ(first["one_day_late"], false);
  EXPECT_EQ(context["invoice_count"], "2");
  EXPECT_EQ(context["several_invoices"], true);
  EXPECT_EQ(context["due"], absl::StrCat("2", kNbsp, "674,56", kNbsp, "€"));
  EXPECT_EQ(context["days_late"], "30");
  // Interest adds up per invoice; so does the indemnity, 40 € each.
  EXPECT_EQ(context["interest"], absl::StrCat("24,68", kNbsp, "€"));
  EXPECT_EQ(context["indemnity"], absl::StrCat("80,00", kNbsp, "€"));
  EXPECT_EQ(context["amount_claimed"],
            absl::StrCat("2", kNbsp, "779,24", kNbsp, "€"));
  EXPECT_EQ(context["deadline"], "01/12/2026");
  EXPECT_EQ(context["has_deadline"], true);
  EXPECT_EQ(context["formal_notice"], true);
  EXPECT_EQ(context["has_owner"], false);
  EXPECT_EQ(context["has_fee"], false);
  EXPECT_EQ(context["invoice_table"], kInvoiceTableMarker);
}

TEST(MessageContextTest, AFeeClaimedOnceStaysAndWhatWasPaidOrWaivedIsNot) {
  MessageFacts facts;
  facts.client.name = "Boulangerie Dupré SARL";
  facts.reminder.id = 9;
  facts.reminder.fee_minor = 1000;
  facts.reminder.fee_currency = "EUR";
  facts.today = absl::CivilDay(2026, 11, 23);
  PenaltyBreakdown late;
  late.currency = "EUR";
  late.still_due_minor = 100'000;
  late.interest_minor = 1'500;
  late.indemnity_eur_minor = 4'000;
  // The second reminder's 15,00 € fee went out with it.
  late.fees_claimed_minor = 1'500;
  late.fee_reminder_ids = {7};
  storage::ClaimEntryRecord paid;
  paid.component = storage::ClaimComponent::kInterest;
  paid.kind = storage::ClaimEntryKind::kPaid;
  paid.currency = "EUR";
  paid.amount_minor = 500;
  storage::ClaimEntryRecord waived;
  waived.component = storage::ClaimComponent::kIndemnity;
  waived.kind = storage::ClaimEntryKind::kWaived;
  waived.currency = "EUR";
  waived.amount_minor = 4'000;
  late.claim_entries = {paid, waived};
  facts.invoices.push_back(
      {Invoice("FA-1", 100'000, 0, absl::CivilDay(2026, 10, 24)), late});

  nlohmann::json context =
      BuildMessageContext(facts, Creditor(), std::nullopt, "fr");
  // 15,00 claimed before and this message's 10,00.
  EXPECT_EQ(context["fee"], absl::StrCat("25,00", kNbsp, "€"));
  EXPECT_EQ(context["interest"], absl::StrCat("10,00", kNbsp, "€"));
  EXPECT_EQ(context["has_indemnity"], false);
  EXPECT_EQ(context["amount_claimed"],
            absl::StrCat("1", kNbsp, "035,00", kNbsp, "€"));

  // A letter printed again after it went out counts its fee once.
  facts.invoices[0].penalties->fees_claimed_minor = 2'500;
  facts.invoices[0].penalties->fee_reminder_ids = {7, 9};
  context = BuildMessageContext(facts, Creditor(), std::nullopt, "fr");
  EXPECT_EQ(context["fee"], absl::StrCat("25,00", kNbsp, "€"));
}

TEST(MessageContextTest, AnInvoiceNotYetDueIsNotLateAndCostsNothingMore) {
  MessageFacts facts;
  facts.client.name = "Garage Moreau";
  facts.reminder.id = 7;
  facts.reminder.step_key = "courtesy";
  facts.reminder.fee_minor = 1500;
  facts.reminder.fee_currency = "EUR";
  facts.today = absl::CivilDay(2026, 11, 20);
  facts.invoices.push_back(
      {Invoice("FA-9", 10000, 0, absl::CivilDay(2026, 11, 23)), std::nullopt});
  const nlohmann::json context = BuildMessageContext(
      facts, Creditor(), OwnerContact{"Alice Martin", "alice@martin.fr", ""},
      "en");
  EXPECT_EQ(context["invoices"][0]["days_late"], "0");
  EXPECT_EQ(context["late"], false);
  EXPECT_EQ(context["has_interest"], false);
  EXPECT_EQ(context["has_indemnity"], false);
  EXPECT_EQ(context["fee"], "€15.00");
  EXPECT_EQ(context["amount_claimed"], "€115.00");
  EXPECT_EQ(context["owner"]["name"], "Alice Martin");
  EXPECT_EQ(context["has_owner"], true);
  EXPECT_EQ(context["has_deadline"], false);
}

TEST(MessageContextTest, AConsumerIsGreetedByNameAndOwesNoFee) {
  MessageFacts facts = TwoLateInvoices();
  facts.client.kind = storage::ClientKind::kB2C;
  facts.client.name = "Marie Durand";
  facts.reminder.fee_minor = 4000;
  facts.reminder.fee_currency = "EUR";
  // As ComputePenalties gives it for a consumer: interest from the day after
  // the formal notice, no indemnity.
  for (MessageInvoice& invoice : facts.invoices) {
    invoice.penalties->indemnity_eur_minor = 0;
    invoice.penalties->interest_from = absl::CivilDay(2026, 11, 3);
  }
  nlohmann::json context =
      BuildMessageContext(facts, Creditor(), std::nullopt, "fr");
  EXPECT_EQ(context["debtor_kind"], "b2c");
  EXPECT_EQ(context["consumer"], true);
  EXPECT_EQ(context["salutation"], "Bonjour Marie Durand,");
  EXPECT_EQ(context["has_fee"], false);
  EXPECT_EQ(context["has_indemnity"], false);
  EXPECT_EQ(context["interest_from"], "03/11/2026");
  // 2 674,56 due + 24,68 interest: no fee, no indemnity.
  EXPECT_EQ(context["amount_claimed"],
            absl::StrCat("2", kNbsp, "699,24", kNbsp, "€"));
  context = BuildMessageContext(facts, Creditor(), std::nullopt, "en");
  EXPECT_EQ(context["salutation"], "Dear Marie Durand,");

  // A business keeps the usual greeting, and its fee.
  facts.client.kind = storage::ClientKind::kB2B;
  context = BuildMessageContext(facts, Creditor(), std::nullopt, "fr");
  EXPECT_EQ(context["debtor_kind"], "b2b");
  EXPECT_EQ(context["salutation"], "Madame, Monsieur,");
  EXPECT_EQ(context["has_fee"], true);
}

TEST(MessageContextTest, TheMessageIdIsTheSameOnEveryAttempt) {
  storage::ReminderRecord reminder;
  reminder.id = 42;
  reminder.step_key = "first_reminder";
  EXPECT_EQ(ReminderMessageId(reminder, "atelier-martin.fr"),
            "reminder-42.first_reminder@atelier-martin.fr");
  EXPECT_EQ(ReminderMessageId(reminder, "atelier-martin.fr"),
            ReminderMessageId(reminder, "atelier-martin.fr"));
}

}  // namespace
}  // namespace relance
