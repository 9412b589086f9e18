#include "client-cli/record_tables.h"

#include <google/protobuf/util/time_util.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client-cli/enum_text.h"

namespace relance::cli {
namespace {

using Shown = Column::Shown;

std::string TimeText(bool present, const google::protobuf::Timestamp& time) {
  return present ? google::protobuf::util::TimeUtil::ToString(time) : "";
}

Cell MoneyCell(bool present, const v1::Money& money) {
  if (!present) return std::string();
  return money;
}

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
          {"etag"},
          {"create_time", Shown::kDetailsOnly},
          {"update_time", Shown::kDetailsOnly}};
}

std::vector<Cell> ClientRow(const v1::Client& client) {
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

template <typename Record, typename RowFn>
Section ListSection(std::vector<Column> columns,
                    const google::protobuf::RepeatedPtrField<Record>& records,
                    RowFn row, std::string title = "") {
  Section section{
      Section::Layout::kColumns, std::move(title), std::move(columns), {}};
  section.rows.reserve(static_cast<std::size_t>(records.size()));
  for (const Record& record : records) section.rows.push_back(row(record));
  return section;
}

Section RecordSection(std::vector<Column> columns, std::vector<Cell> row) {
  return {Section::Layout::kFields, "", std::move(columns), {std::move(row)}};
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

}  // namespace relance::cli
