#include "server/channels/message_composer.h"

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

// The words a letter needs beyond its template, per language.
struct LetterWords {
  const char* place_date_joiner;  // "Lyon, le 23 novembre 2026"
  const char* reference;
  const char* client;
  const char* registered;
  const char* formal_notice_title;
  const char* subject;
  LetterTableLabels table;
  const char* still_due;
  const char* interest;
  const char* indemnity;
  const char* fee;
  const char* claimed;
  // The footer's legal mentions.
  const char* share_capital;  // "SAS au capital de 10 000 €"
  const char* vat_number;
  const char* head_office;
};

const LetterWords kFrench = {
    ", le ",
    "Réf. : ",
    "Client : ",
    "Lettre recommandée avec accusé de réception",
    "MISE EN DEMEURE",
    "Objet : ",
    {"Facture", "Date", "Échéance", "Montant TTC", "Déjà réglé", "Reste dû"},
    "Reste dû",
    "Intérêts de retard",
    "Indemnité forfaitaire pour frais de recouvrement",
    "Indemnité complémentaire (frais justifiés)",
    "Total réclamé",
    " au capital de ",
    "N° TVA intracommunautaire : ",
    "Siège : ",
};
const LetterWords kEnglish = {
    ", ",
    "Ref.: ",
    "Customer: ",
    "Registered letter with acknowledgement of receipt",
    "FORMAL NOTICE",
    "Subject: ",
    {"Invoice", "Date", "Due date", "Total", "Paid", "Due"},
    "Still due",
    "Late-payment interest",
    "Fixed recovery indemnity",
    "Additional recovery costs (justified)",
    "Total claimed",
    " with a share capital of ",
    "VAT No. ",
    "Registered office: ",
};

std::string Text(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  if (found == object.end() || !found->is_string()) return "";
  return found->get<std::string>();
}

bool Flag(const nlohmann::json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_boolean() && found->get<bool>();
}

// Paragraphs are separated by blank lines; the lines of a paragraph keep
// their breaks.
std::vector<std::string> Paragraphs(absl::string_view body) {
  std::vector<std::string> paragraphs;
  std::vector<std::string> lines;
  auto flush = [&] {
    if (!lines.empty()) paragraphs.push_back(absl::StrJoin(lines, "\n"));
    lines.clear();
  };
  for (absl::string_view line : absl::StrSplit(body, '\n')) {
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line.empty()) {
      flush();
    } else {
      lines.emplace_back(line);
    }
  }
  flush();
  return paragraphs;
}

std::vector<std::string> Strings(const nlohmann::json& list) {
  std::vector<std::string> strings;
  if (!list.is_array()) return strings;
  for (const nlohmann::json& item : list) {
    if (item.is_string()) strings.push_back(item.get<std::string>());
  }
  return strings;
}

// Whether `paragraph` is a heading: one line with no lower-case letter
// ("MISE EN DEMEURE DE PAYER").
bool IsHeading(absl::string_view paragraph) {
  if (paragraph.empty() || paragraph.size() > 80 ||
      paragraph.find('\n') != absl::string_view::npos) {
    return false;
  }
  bool has_letter = false;
  for (std::size_t i = 0; i < paragraph.size(); ++i) {
    const auto byte = static_cast<unsigned char>(paragraph[i]);
    if (byte >= 'a' && byte <= 'z') return false;
    if (byte >= 'A' && byte <= 'Z') has_letter = true;
    // Latin-1 supplement lower case (U+00DF to U+00FF): C3 9F..BF.
    if (byte == 0xC3 && i + 1 < paragraph.size() &&
        static_cast<unsigned char>(paragraph[i + 1]) >= 0x9F) {
      return false;
    }
  }
  return has_letter;
}

// Who signs: the client's owner when the creditor lets owners sign and the
// owner is known, else the company's signatory; the company's name alone when
// no signatory is configured.
std::vector<std::string> SignatureLines(
    const CreditorProfile& creditor, const std::optional<OwnerContact>& owner) {
  std::vector<std::string> lines;
  if (creditor.owner_signs_letters && owner.has_value() &&
      !owner->name.empty()) {
    lines.push_back(owner->name);
    if (!owner->function.empty()) lines.push_back(owner->function);
  } else if (!creditor.signatory_name.empty()) {
    lines.push_back(creditor.signatory_name);
    if (!creditor.signatory_function.empty()) {
      lines.push_back(creditor.signatory_function);
    }
  }
  if (lines.empty() || lines.front() != creditor.name) {
    lines.push_back(creditor.name);
  }
  return lines;
}

// The legal mentions of a company's letters (Code de commerce R123-237): name,
// legal form and share capital, head office, RCS registry and SIREN, VAT
// number, then the bank details.
std::string LegalFooter(const CreditorProfile& creditor,
                        const LetterWords& words) {
  std::vector<std::string> parts;
  std::string identity = creditor.name;
  std::string form = creditor.legal_form;
  if (!creditor.share_capital.empty()) {
    absl::StrAppend(&form, form.empty() ? "Capital " : words.share_capital,
                    creditor.share_capital);
  }
  if (!form.empty()) absl::StrAppend(&identity, ", ", form);
  parts.push_back(std::move(identity));
  if (!creditor.address_lines.empty()) {
    parts.push_back(absl::StrCat(words.head_office,
                                 absl::StrJoin(creditor.address_lines, ", ")));
  }
  if (!creditor.siren.empty()) {
    parts.push_back(absl::StrCat(
        "SIREN ", creditor.siren,
        creditor.rcs_city.empty() ? ""
                                  : absl::StrCat(" RCS ", creditor.rcs_city)));
  }
  if (!creditor.vat_number.empty()) {
    parts.push_back(absl::StrCat(words.vat_number, creditor.vat_number));
  }
  if (!creditor.iban.empty()) {
    parts.push_back(absl::StrCat("IBAN ", creditor.iban,
                                 creditor.bic.empty() ? "" : " BIC ",
                                 creditor.bic));
  }
  return absl::StrJoin(parts, " – ");
}

// `text` escaped the way the HTML part's variables are (mustache's escaping).
std::string HtmlEscaped(absl::string_view text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

}  // namespace

std::string LinkPaymentLink(absl::string_view html, absl::string_view link) {
  if (!absl::StartsWith(link, "https://") &&
      !absl::StartsWith(link, "http://")) {
    return std::string(html);
  }
  const std::string escaped = HtmlEscaped(link);
  std::string out;
  std::size_t from = 0;
  while (true) {
    const std::size_t at = html.find(escaped, from);
    if (at == absl::string_view::npos) break;
    const absl::string_view before = html.substr(0, at);
    const absl::string_view after = html.substr(at + escaped.size());
    absl::StrAppend(&out, html.substr(from, at - from));
    // Already a link's target or its text: left as the template wrote it.
    const bool linked = absl::EndsWith(before, "href=\"") ||
                        absl::EndsWith(before, "href='") ||
                        absl::StartsWith(after, "</a>");
    if (linked) {
      out.append(escaped);
    } else {
      absl::StrAppend(&out, "<a href=\"", escaped, "\">", escaped, "</a>");
    }
    from = at + escaped.size();
  }
  absl::StrAppend(&out, html.substr(from));
  return out;
}

MessageComposer::MessageComposer(
    Templates* templates, Penalties* penalties,
    storage::WorkflowRepository* plans, CreditorProfile creditor,
    absl::flat_hash_map<std::string, OwnerContact> owners)
    : templates_(templates),
      penalties_(penalties),
      plans_(plans),
      creditor_(std::move(creditor)),
      owners_(std::move(owners)) {}

absl::StatusOr<ComposedMessage> MessageComposer::Context(
    const DispatchItem& item, absl::CivilDay today) const {
  const storage::ReminderContext& first = item.reminders.front();
  MessageFacts facts;
  facts.client = first.client;
  facts.reminder = first.reminder;
  facts.today = today;
  for (const storage::ReminderContext& context : item.reminders) {
    MessageInvoice invoice{context.invoice, std::nullopt};
    // Without a rate for the period the message still goes out, claiming
    // the principal only.
    absl::StatusOr<PenaltyBreakdown> penalties =
        penalties_->ForInvoice(context.invoice.id, today);
    if (penalties.ok()) {
      invoice.penalties = *std::move(penalties);
    } else if (!absl::IsFailedPrecondition(penalties.status()) &&
               !absl::IsInvalidArgument(penalties.status())) {
      return penalties.status();
    }
    facts.invoices.push_back(std::move(invoice));
  }
  if (first.reminder.plan_id.has_value() && plans_ != nullptr) {
    RELANCE_ASSIGN_OR_RETURN(facts.plan,
                             plans_->GetPlan(*first.reminder.plan_id));
  }
  std::optional<OwnerContact> owner;
  if (auto found = owners_.find(facts.client.owner); found != owners_.end()) {
    owner = found->second;
  } else if (!facts.client.owner.empty()) {
    owner = OwnerContact{facts.client.owner, "", ""};
  }
  ComposedMessage message;
  message.language =
      facts.client.language.empty() ? "fr" : facts.client.language;
  message.context =
      BuildMessageContext(facts, creditor_, owner, message.language);
  message.owner = owner;
  // A deadline that counts from the first presentation has no date yet: the
  // messages say how it counts instead ("à compter de la réception").
  if (creditor_.notice_deadline_from_presentation &&
      facts.reminder.formal_notice) {
    message.context["has_deadline"] = false;
    message.context["deadline"] = "";
    // How many days it gives from then: the step's, as the letter date's
    // deadline counted them.
    const storage::ReminderRecord& notice = facts.reminder;
    if (notice.notice_deadline.has_value() && notice.action_date.has_value()) {
      message.context["has_deadline_days"] = true;
      message.context["deadline_days"] =
          std::to_string(*notice.notice_deadline - *notice.action_date);
    }
  }
  return message;
}

absl::StatusOr<ComposedMessage> MessageComposer::Compose(
    const DispatchItem& item, absl::CivilDay today) const {
  RELANCE_ASSIGN_OR_RETURN(ComposedMessage message, Context(item, today));
  RELANCE_ASSIGN_OR_RETURN(
      message.parts,
      templates_->Render(item.reminders.front().reminder.template_key,
                         message.language, message.context));
  // The payment link the HTML part names is one the debtor can click.
  message.parts.html =
      LinkPaymentLink(message.parts.html, creditor_.payment_link);
  return message;
}

Letter MessageComposer::ComposeLetter(const ComposedMessage& message,
                                      bool registered) const {
  const LetterWords& words =
      LocaleFormat(message.language).french() ? kFrench : kEnglish;
  const nlohmann::json& context = message.context;
  const nlohmann::json& client = context["client"];
  Letter letter;

  letter.sender_lines.push_back(creditor_.name);
  for (const std::string& line : creditor_.address_lines) {
    letter.sender_lines.push_back(line);
  }
  if (!creditor_.phone.empty()) letter.sender_lines.push_back(creditor_.phone);
  if (!creditor_.email.empty()) letter.sender_lines.push_back(creditor_.email);

  letter.recipient_lines.push_back(Text(client, "name"));
  for (const std::string& line : Strings(client["address_lines"])) {
    letter.recipient_lines.push_back(line);
  }
  letter.place_and_date = absl::StrCat(creditor_.city, words.place_date_joiner,
                                       Text(context, "today_long"));
  letter.reference_lines.push_back(
      absl::StrCat(words.reference, Text(context, "reference")));
  letter.reference_lines.push_back(
      absl::StrCat(words.client, Text(client, "reference")));
  if (registered) letter.reference_lines.push_back(words.registered);
  letter.subject = absl::StrCat(words.subject, message.parts.subject);

  std::vector<std::string> paragraphs = Paragraphs(message.parts.letter);
  // A heading the template writes ("MISE EN DEMEURE DE PAYER") is the
  // letter's one title; a formal notice without one gets the plain words.
  if (!paragraphs.empty() && IsHeading(paragraphs.front())) {
    letter.title = paragraphs.front();
    paragraphs.erase(paragraphs.begin());
  } else if (Flag(context, "formal_notice")) {
    letter.title = words.formal_notice_title;
  }
  // The template's closing line naming the company gives way to the
  // signature block.
  if (!paragraphs.empty() &&
      absl::StripAsciiWhitespace(paragraphs.back()) == creditor_.name) {
    paragraphs.pop_back();
  }
  letter.signature_lines = SignatureLines(creditor_, message.owner);

  // The body runs up to the table marker, and resumes after it.
  bool after_table = false;
  for (std::string& paragraph : paragraphs) {
    if (absl::StripAsciiWhitespace(paragraph) == kInvoiceTableMarker) {
      after_table = true;
      continue;
    }
    (after_table ? letter.paragraphs_after_table
                 : letter.paragraphs_before_table)
        .push_back(std::move(paragraph));
  }

  letter.table_labels = words.table;
  for (const nlohmann::json& invoice : context["invoices"]) {
    letter.rows.push_back({Text(invoice, "number"), Text(invoice, "issue_date"),
                           Text(invoice, "due_date"), Text(invoice, "total"),
                           Text(invoice, "paid"), Text(invoice, "due")});
  }
  letter.amounts.push_back({words.still_due, Text(context, "due"), false});
  if (Flag(context, "has_interest")) {
    letter.amounts.push_back({words.interest, Text(context, "interest")});
  }
  if (Flag(context, "has_indemnity")) {
    letter.amounts.push_back({words.indemnity, Text(context, "indemnity")});
  }
  if (Flag(context, "has_fee")) {
    letter.amounts.push_back({words.fee, Text(context, "fee")});
  }
  letter.amounts.push_back(
      {words.claimed, Text(context, "amount_claimed"), true});

  letter.footer = LegalFooter(creditor_, words);
  return letter;
}

nlohmann::json LetterToJson(const Letter& letter) {
  nlohmann::json rows = nlohmann::json::array();
  for (const LetterTableRow& row : letter.rows) {
    rows.push_back({row.number, row.issue_date, row.due_date, row.total,
                    row.paid, row.due});
  }
  nlohmann::json amounts = nlohmann::json::array();
  for (const LetterAmountLine& line : letter.amounts) {
    amounts.push_back({{"label", line.label},
                       {"amount", line.amount},
                       {"emphasised", line.emphasised}});
  }
  const LetterTableLabels& labels = letter.table_labels;
  return {
      {"sender_lines", letter.sender_lines},
      {"recipient_lines", letter.recipient_lines},
      {"place_and_date", letter.place_and_date},
      {"reference_lines", letter.reference_lines},
      {"title", letter.title},
      {"subject", letter.subject},
      {"paragraphs_before_table", letter.paragraphs_before_table},
      {"table_labels",
       {labels.number, labels.issue_date, labels.due_date, labels.total,
        labels.paid, labels.due}},
      {"rows", rows},
      {"amounts", amounts},
      {"paragraphs_after_table", letter.paragraphs_after_table},
      {"signature_lines", letter.signature_lines},
      {"footer", letter.footer},
  };
}

absl::StatusOr<Letter> LetterFromJson(const nlohmann::json& json) {
  try {
    Letter letter;
    json.at("sender_lines").get_to(letter.sender_lines);
    json.at("recipient_lines").get_to(letter.recipient_lines);
    json.at("place_and_date").get_to(letter.place_and_date);
    json.at("reference_lines").get_to(letter.reference_lines);
    json.at("title").get_to(letter.title);
    json.at("subject").get_to(letter.subject);
    json.at("paragraphs_before_table").get_to(letter.paragraphs_before_table);
    const std::vector<std::string> labels =
        json.at("table_labels").get<std::vector<std::string>>();
    if (labels.size() != 6) {
      return absl::InvalidArgumentError("letter table labels are not 6");
    }
    letter.table_labels = {labels[0], labels[1], labels[2],
                           labels[3], labels[4], labels[5]};
    for (const nlohmann::json& row : json.at("rows")) {
      const std::vector<std::string> cells =
          row.get<std::vector<std::string>>();
      if (cells.size() != 6) {
        return absl::InvalidArgumentError("a letter table row is not 6 cells");
      }
      letter.rows.push_back(
          {cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]});
    }
    for (const nlohmann::json& line : json.at("amounts")) {
      letter.amounts.push_back({line.at("label").get<std::string>(),
                                line.at("amount").get<std::string>(),
                                line.at("emphasised").get<bool>()});
    }
    json.at("paragraphs_after_table").get_to(letter.paragraphs_after_table);
    json.at("signature_lines").get_to(letter.signature_lines);
    json.at("footer").get_to(letter.footer);
    return letter;
  } catch (const nlohmann::json::exception& error) {
    return absl::InvalidArgumentError(
        absl::StrCat("stored letter content is not a letter: ", error.what()));
  }
}

}  // namespace relance
