#include "client-cli/record_tables.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client-cli/enum_text.h"
#include "client-cli/money.h"
#include "client-cli/policy_file.h"
#include "proto/relance/money_text.h"

namespace relance::cli {
namespace {

using Shown = Column::Shown;

std::vector<Column> ClientColumns() {
  return {{"id"},
          {"reference"},
          {"name"},
          {"kind"},
          {"email"},
          {"phone"},
          {"legal_id", Shown::kDetailsOnly},
          {"vat_number", Shown::kDetailsOnly},
          {"language", Shown::kDetailsOnly},
          {"time_zone", Shown::kDetailsOnly},
          {"owner"},
          {"payment_method", Shown::kDetailsOnly},
          {"dunning_blocked_until", Shown::kDetailsOnly},
          {"dunning_block_reason", Shown::kDetailsOnly},
          {"policy_id", Shown::kDetailsOnly},
          {"contract_interest_rate", Shown::kDetailsOnly},
          {"postal_address", Shown::kDetailsOnly},
          {"cc_emails", Shown::kDetailsOnly},
          {"etag"},
          {"create_time", Shown::kDetailsOnly},
          {"update_time", Shown::kDetailsOnly}};
}

std::vector<Cell> ClientRow(const v1::Client& client) {
  // The lists with the separators the import reads back.
  return {absl::StrCat(client.id()),
          client.reference(),
          client.name(),
          std::string(ClientKindName(client.kind())),
          client.email(),
          client.phone(),
          client.legal_id(),
          client.vat_number(),
          client.language(),
          client.time_zone(),
          client.owner(),
          std::string(PaymentMethodName(client.payment_method())),
          client.dunning_blocked_until(),
          client.dunning_block_reason(),
          client.policy_id() == 0 ? std::string("default")
                                  : absl::StrCat(client.policy_id()),
          client.has_contract_interest_rate_basis_points()
              ? absl::StrCat(
                    FormatMinorUnits(
                        client.contract_interest_rate_basis_points(), "EUR"),
                    "%")
              : std::string(),
          absl::StrJoin(client.postal_address_lines(), " | "),
          absl::StrJoin(client.cc_emails(), ", "),
          client.etag(),
          TimeText(client.has_create_time(), client.create_time()),
          TimeText(client.has_update_time(), client.update_time())};
}

std::vector<Column> InvoiceColumns() {
  return {{"id"},
          {"number"},
          {"client_id"},
          {"issue_date"},
          {"due_date"},
          {"currency", Shown::kCsvOnly},
          {"total"},
          {"paid"},
          {"credited"},
          {"outstanding"},
          {"status"},
          {"etag"},
          {"create_time", Shown::kDetailsOnly},
          {"update_time", Shown::kDetailsOnly}};
}

std::vector<Cell> InvoiceRow(const v1::Invoice& invoice) {
  return {absl::StrCat(invoice.id()),
          invoice.number(),
          absl::StrCat(invoice.client_id()),
          invoice.issue_date(),
          invoice.due_date(),
          invoice.total().currency_code(),
          MoneyCell(invoice.has_total(), invoice.total()),
          MoneyCell(invoice.has_paid(), invoice.paid()),
          MoneyCell(invoice.has_credited(), invoice.credited()),
          MoneyCell(invoice.has_outstanding(), invoice.outstanding()),
          std::string(InvoiceStatusName(invoice.status())),
          invoice.etag(),
          TimeText(invoice.has_create_time(), invoice.create_time()),
          TimeText(invoice.has_update_time(), invoice.update_time())};
}

// Payments and credit notes have the same shape but for the name of their date.
std::vector<Column> SettlementColumns(std::string date_column) {
  return {{"id"},
          {"invoice_id"},
          {std::move(date_column)},
          {"currency", Shown::kCsvOnly},
          {"amount"},
          {"reference"},
          {"create_time", Shown::kDetailsOnly}};
}

template <typename Settlement>
std::vector<Cell> SettlementRow(const Settlement& settlement,
                                const std::string& date) {
  return {absl::StrCat(settlement.id()),
          absl::StrCat(settlement.invoice_id()),
          date,
          settlement.amount().currency_code(),
          MoneyCell(settlement.has_amount(), settlement.amount()),
          settlement.reference(),
          TimeText(settlement.has_create_time(), settlement.create_time())};
}

std::vector<Cell> PaymentRow(const v1::Payment& payment) {
  return SettlementRow(payment, payment.payment_date());
}

std::vector<Cell> CreditNoteRow(const v1::CreditNote& credit_note) {
  return SettlementRow(credit_note, credit_note.credit_date());
}

std::string LocalTimeText(bool present, const google::protobuf::Timestamp& time,
                          const absl::TimeZone& zone) {
  if (!present) return "";
  const absl::Time instant =
      absl::FromUnixSeconds(time.seconds()) + absl::Nanoseconds(time.nanos());
  return absl::FormatTime("%Y-%m-%d %H:%M", instant, zone);
}

template <typename Channels>
std::string ChannelsText(const Channels& channels) {
  std::vector<absl::string_view> names;
  for (int channel : channels) {
    names.push_back(ChannelName(static_cast<v1::Channel>(channel)));
  }
  return absl::StrJoin(names, ", ");
}

std::string YesOrNothing(bool flag) { return flag ? "yes" : ""; }

std::vector<Column> PolicyColumns() {
  return {{"id"},
          {"name"},
          {"description", Shown::kDetailsOnly},
          {"default"},
          {"grouping"},
          {"send_window"},
          {"steps"},
          {"etag"},
          {"create_time", Shown::kDetailsOnly},
          {"update_time", Shown::kDetailsOnly}};
}

std::vector<Cell> PolicyRow(const v1::Policy& policy) {
  std::string window;
  if (!policy.send_window_start().empty() ||
      !policy.send_window_end().empty()) {
    window =
        absl::StrCat(policy.send_window_start(), "-", policy.send_window_end());
  }
  return {absl::StrCat(policy.id()),
          policy.name(),
          policy.description(),
          YesOrNothing(policy.is_default()),
          std::string(GroupingName(policy.grouping())),
          std::move(window),
          absl::StrCat(policy.steps_size()),
          policy.etag(),
          TimeText(policy.has_create_time(), policy.create_time()),
          TimeText(policy.has_update_time(), policy.update_time())};
}

std::vector<Column> PolicyStepColumns() {
  return {{"key"},           {"offset_days"}, {"min_gap_days"},    {"channels"},
          {"actor"},         {"template"},    {"min_outstanding"}, {"fee"},
          {"formal_notice"}, {"hand_over"}};
}

std::vector<Cell> PolicyStepRow(const v1::PolicyStep& step) {
  // One minimum keeps its locale formatting; several share a cell.
  Cell minimum = std::string();
  if (step.min_outstanding_size() == 1) {
    minimum = step.min_outstanding(0);
  } else if (step.min_outstanding_size() > 1) {
    std::vector<std::string> amounts;
    for (const v1::Money& amount : step.min_outstanding()) {
      amounts.push_back(FormatMoney(amount, {NumberPunctuation{}, true}));
    }
    minimum = absl::StrJoin(amounts, ", ");
  }
  Cell fee = std::string();
  if (step.fee().has_fixed()) {
    fee = step.fee().fixed();
  } else if (step.fee().amount_case() == v1::Fee::kPercentBasisPoints) {
    fee = absl::StrCat(FormatPercent(step.fee().percent_basis_points()), " %");
  }
  return {step.key(),
          absl::StrCat(step.offset_days()),
          step.min_gap_days() == 0 ? "" : absl::StrCat(step.min_gap_days()),
          ChannelsText(step.channels()),
          std::string(ActorName(step.actor())),
          step.template_key(),
          std::move(minimum),
          std::move(fee),
          step.formal_notice()
              ? absl::StrCat(step.notice_deadline_days(), " days to pay")
              : "",
          YesOrNothing(step.hand_over())};
}

std::vector<Column> ReminderColumns() {
  return {{"id"},
          {"invoice_number"},
          {"invoice_id", Shown::kDetailsOnly},
          {"client_id"},
          {"policy_id", Shown::kDetailsOnly},
          {"step_key"},
          {"step_index", Shown::kDetailsOnly},
          {"state"},
          {"channels"},
          {"actor", Shown::kDetailsOnly},
          {"assignee"},
          {"template_key", Shown::kDetailsOnly},
          {"scheduled"},
          {"scheduled_time", Shown::kCsvOnly},
          {"action_date", Shown::kDetailsOnly},
          {"currency", Shown::kCsvOnly},
          {"outstanding"},
          {"fee", Shown::kDetailsOnly},
          {"formal_notice", Shown::kDetailsOnly},
          {"notice_deadline", Shown::kDetailsOnly},
          {"hand_over", Shown::kDetailsOnly},
          {"group_key", Shown::kDetailsOnly},
          {"reason"},
          {"create_time", Shown::kDetailsOnly},
          {"update_time", Shown::kDetailsOnly}};
}

std::vector<Cell> ReminderRow(const v1::Reminder& reminder,
                              const absl::TimeZone& zone) {
  return {absl::StrCat(reminder.id()),
          reminder.invoice_number(),
          absl::StrCat(reminder.invoice_id()),
          absl::StrCat(reminder.client_id()),
          absl::StrCat(reminder.policy_id()),
          reminder.step_key(),
          absl::StrCat(reminder.step_index()),
          std::string(ReminderStateName(reminder.state())),
          ChannelsText(reminder.channels()),
          std::string(ActorName(reminder.actor())),
          reminder.assignee(),
          reminder.template_key(),
          LocalTimeText(reminder.has_scheduled_time(),
                        reminder.scheduled_time(), zone),
          TimeText(reminder.has_scheduled_time(), reminder.scheduled_time()),
          reminder.action_date(),
          reminder.outstanding().currency_code(),
          MoneyCell(reminder.has_outstanding(), reminder.outstanding()),
          MoneyCell(reminder.has_fee(), reminder.fee()),
          YesOrNothing(reminder.formal_notice()),
          reminder.notice_deadline(),
          YesOrNothing(reminder.hand_over()),
          reminder.group_key(),
          reminder.reason(),
          TimeText(reminder.has_create_time(), reminder.create_time()),
          TimeText(reminder.has_update_time(), reminder.update_time())};
}

std::vector<Column> DunningActionColumns() {
  return {{"kind"},
          {"invoice_number"},
          {"invoice_id", Shown::kCsvOnly},
          {"client_id"},
          {"step_key"},
          {"step_index", Shown::kCsvOnly},
          {"channels"},
          {"actor", Shown::kCsvOnly},
          {"assignee"},
          {"scheduled"},
          {"scheduled_time", Shown::kCsvOnly},
          {"currency", Shown::kCsvOnly},
          {"outstanding"},
          {"fee", Shown::kCsvOnly},
          {"notice_deadline", Shown::kCsvOnly},
          {"reason"}};
}

std::vector<Cell> DunningActionRow(const v1::DunningAction& action,
                                   const absl::TimeZone& zone) {
  return {
      std::string(DunningActionKindName(action.kind())),
      action.invoice_number(),
      absl::StrCat(action.invoice_id()),
      absl::StrCat(action.client_id()),
      action.step_key(),
      absl::StrCat(action.step_index()),
      ChannelsText(action.channels()),
      std::string(ActorName(action.actor())),
      action.assignee(),
      LocalTimeText(action.has_scheduled_time(), action.scheduled_time(), zone),
      TimeText(action.has_scheduled_time(), action.scheduled_time()),
      action.outstanding().currency_code(),
      MoneyCell(action.has_outstanding(), action.outstanding()),
      MoneyCell(action.has_fee(), action.fee()),
      action.notice_deadline(),
      action.reason()};
}

}  // namespace

Section ClientSection(const v1::Client& client) {
  return RecordSection(ClientColumns(), ClientRow(client));
}

Section ClientsSection(
    const google::protobuf::RepeatedPtrField<v1::Client>& clients) {
  return ListSection(ClientColumns(), clients, ClientRow);
}

Section InvoiceSection(const v1::Invoice& invoice) {
  return RecordSection(InvoiceColumns(), InvoiceRow(invoice));
}

Section InvoicesSection(
    const google::protobuf::RepeatedPtrField<v1::Invoice>& invoices) {
  return ListSection(InvoiceColumns(), invoices, InvoiceRow);
}

Section PaymentSection(const v1::Payment& payment) {
  return RecordSection(SettlementColumns("payment_date"), PaymentRow(payment));
}

Section PaymentsSection(
    const google::protobuf::RepeatedPtrField<v1::Payment>& payments,
    std::string title) {
  return ListSection(SettlementColumns("payment_date"), payments, PaymentRow,
                     std::move(title));
}

std::string ClaimComponentText(v1::ClaimComponent component) {
  switch (component) {
    case v1::CLAIM_COMPONENT_INTEREST:
      return "interest";
    case v1::CLAIM_COMPONENT_INDEMNITY:
      return "indemnity";
    case v1::CLAIM_COMPONENT_FEES:
      return "fees";
    default:
      return "";
  }
}

Section ClaimEntriesSection(
    const google::protobuf::RepeatedPtrField<v1::ClaimEntry>& entries) {
  return ListSection(
      {{"id", Column::Shown::kCsvOnly},
       {"invoice_id", Column::Shown::kCsvOnly},
       {"component"},
       {"amount"},
       {"date"},
       {"reference"},
       {"actor"},
       {"reason"},
       {"payment_id", Column::Shown::kCsvOnly}},
      entries, [](const v1::ClaimEntry& entry) -> std::vector<Cell> {
        return {absl::StrCat(entry.id()),
                absl::StrCat(entry.invoice_id()),
                ClaimComponentText(entry.component()),
                entry.amount(),
                entry.date(),
                entry.reference(),
                entry.actor(),
                entry.reason(),
                entry.payment_id() == 0 ? std::string()
                                        : absl::StrCat(entry.payment_id())};
      });
}

Section CreditNoteSection(const v1::CreditNote& credit_note) {
  return RecordSection(SettlementColumns("credit_date"),
                       CreditNoteRow(credit_note));
}

Section CreditNotesSection(
    const google::protobuf::RepeatedPtrField<v1::CreditNote>& credit_notes,
    std::string title) {
  return ListSection(SettlementColumns("credit_date"), credit_notes,
                     CreditNoteRow, std::move(title));
}

std::vector<Section> ImportSections(
    const v1::ImportInvoicesResponse& response) {
  std::vector<Section> sections;
  sections.push_back(RecordSection(
      {{"created"}, {"already_present"}, {"rejected"}, {"clients_created"}},
      {absl::StrCat(response.created_count()),
       absl::StrCat(response.already_present_count()),
       absl::StrCat(response.rejected_count()),
       absl::StrCat(response.clients_created_count())}));
  if (!response.rejections().empty()) {
    sections.push_back(ListSection(
        {{"line"}, {"field"}, {"description"}}, response.rejections(),
        [](const v1::ImportRejection& rejection) {
          return std::vector<Cell>{absl::StrCat(rejection.line()),
                                   rejection.field(), rejection.description()};
        }));
    sections.back().layout = Section::Layout::kLines;
  }
  return sections;
}

Section PolicySection(const v1::Policy& policy) {
  return RecordSection(PolicyColumns(), PolicyRow(policy));
}

Section PolicyStepsSection(
    const google::protobuf::RepeatedPtrField<v1::PolicyStep>& steps) {
  return ListSection(PolicyStepColumns(), steps, PolicyStepRow, "steps");
}

Section PoliciesSection(
    const google::protobuf::RepeatedPtrField<v1::Policy>& policies) {
  return ListSection(PolicyColumns(), policies, PolicyRow);
}

Section ReminderSection(const v1::Reminder& reminder,
                        const absl::TimeZone& zone) {
  return RecordSection(ReminderColumns(), ReminderRow(reminder, zone));
}

Section ReminderMessageSection(const v1::ReminderMessage& message,
                               const absl::TimeZone& zone) {
  std::string title = absl::StrCat(
      message.channel() == v1::CHANNEL_UNSPECIFIED
          ? "note"
          : std::string(ChannelName(message.channel())),
      message.sent()
          ? absl::StrCat(" sent ",
                         LocalTimeText(true, message.send_time(), zone))
          : " (preview: not sent)");
  std::string document;
  if (!message.document().empty()) {
    document = absl::StrCat(message.document_type(), ", ",
                            message.document().size(), " bytes");
  }
  Section section{Section::Layout::kFields,
                  std::move(title),
                  {{"message_id"},
                   {"recipients"},
                   {"subject"},
                   {"text"},
                   {"html", Shown::kCsvOnly},
                   {"document"}},
                  {}};
  section.rows.push_back(
      {message.message_id(), absl::StrJoin(message.recipients(), "; "),
       message.subject(), message.text(), message.html(), document});
  return section;
}

Section RemindersSection(
    const google::protobuf::RepeatedPtrField<v1::Reminder>& reminders,
    const absl::TimeZone& zone) {
  return ListSection(ReminderColumns(), reminders,
                     [&zone](const v1::Reminder& reminder) {
                       return ReminderRow(reminder, zone);
                     });
}

Section DunningActionsSection(
    const google::protobuf::RepeatedPtrField<v1::DunningAction>& actions,
    const absl::TimeZone& zone) {
  return ListSection(DunningActionColumns(), actions,
                     [&zone](const v1::DunningAction& action) {
                       return DunningActionRow(action, zone);
                     });
}

std::string DunningSummary(
    const google::protobuf::RepeatedPtrField<v1::DunningAction>& actions,
    std::int64_t invoices_examined, bool preview) {
  // Counted in the order of the kinds, with the words of a report.
  constexpr std::pair<v1::DunningAction::Kind, absl::string_view> kWords[] = {
      {v1::DunningAction::KIND_SCHEDULE, "scheduled"},
      {v1::DunningAction::KIND_DUE, "due"},
      {v1::DunningAction::KIND_SKIP, "skipped"},
      {v1::DunningAction::KIND_HOLD, "on hold"},
      {v1::DunningAction::KIND_CANCEL, "cancelled"}};
  std::vector<std::string> counts;
  for (const auto& [kind, word] : kWords) {
    const auto count =
        std::count_if(actions.begin(), actions.end(),
                      [kind = kind](const v1::DunningAction& action) {
                        return action.kind() == kind;
                      });
    if (count > 0) counts.push_back(absl::StrCat(count, " ", word));
  }
  const int total = actions.size();
  std::string line =
      total == 0 ? "no action"
                 : absl::StrCat(total, total == 1 ? " action" : " actions");
  if (preview) absl::StrAppend(&line, " to take");
  if (!counts.empty())
    absl::StrAppend(&line, ": ", absl::StrJoin(counts, ", "));
  absl::StrAppend(&line, "; ", invoices_examined,
                  invoices_examined == 1 ? " invoice" : " invoices",
                  " examined");
  if (preview) absl::StrAppend(&line, " (preview: nothing was changed)");
  line[0] = absl::ascii_toupper(static_cast<unsigned char>(line[0]));
  return line;
}

std::string SentSummary(
    const google::protobuf::RepeatedPtrField<v1::ChannelCount>& sent) {
  std::int64_t total = 0;
  std::vector<std::string> parts;
  for (const v1::ChannelCount& count : sent) {
    total += count.messages();
    parts.push_back(
        absl::StrCat(count.messages(), " ", ChannelName(count.channel())));
  }
  if (total == 0) return "Nothing sent";
  return absl::StrCat("Sent ", total, total == 1 ? " message" : " messages",
                      ": ", absl::StrJoin(parts, ", "));
}

}  // namespace relance::cli
