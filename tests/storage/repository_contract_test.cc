#include "tests/storage/repository_contract_test.h"

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "gtest/gtest.h"
#include "storage/interfaces/records.h"
#include "tests/testing/test_database.h"

namespace relance::storage {

ClientRecord RepositoryContractTest::SampleClient(absl::string_view reference) {
  ClientRecord client;
  client.reference = std::string(reference);
  client.name = "Boulangerie Dupré & Fils \"Le Fournil\"";
  client.kind = ClientKind::kB2B;
  client.email = "compta@dupre.example";
  client.phone = "+33 1 23 45 67 89";
  client.legal_id = "552100554";
  client.vat_number = "FR40552100554";
  client.language = "fr";
  client.time_zone = "Europe/Paris";
  return client;
}

InvoiceRecord RepositoryContractTest::SampleInvoice(std::int64_t client_id,
                                                    absl::string_view number,
                                                    std::int64_t total_minor) {
  InvoiceRecord invoice;
  invoice.number = std::string(number);
  invoice.client_id = client_id;
  invoice.issue_date = absl::CivilDay(2026, 1, 10);
  invoice.due_date = absl::CivilDay(2026, 2, 9);
  invoice.currency = "EUR";
  invoice.total_minor = total_minor;
  invoice.status = InvoiceStatus::kOpen;
  return invoice;
}

SettlementRecord RepositoryContractTest::Payment(std::int64_t invoice_id,
                                                 std::int64_t amount_minor,
                                                 absl::string_view currency) {
  SettlementRecord payment;
  payment.invoice_id = invoice_id;
  payment.kind = SettlementKind::kPayment;
  payment.currency = std::string(currency);
  payment.amount_minor = amount_minor;
  payment.date = absl::CivilDay(2026, 2, 1);
  payment.reference = "VIR-2026-0042";
  return payment;
}

SettlementRecord RepositoryContractTest::CreditNote(std::int64_t invoice_id,
                                                    std::int64_t amount_minor) {
  SettlementRecord credit_note = Payment(invoice_id, amount_minor);
  credit_note.kind = SettlementKind::kCreditNote;
  credit_note.reference = "AV-2026-007";
  return credit_note;
}

absl::StatusOr<ClientRecord> RepositoryContractTest::CreateClient(
    absl::string_view reference) {
  return clients().Create(SampleClient(reference), "", Now());
}

absl::StatusOr<InvoiceRecord> RepositoryContractTest::CreateInvoice(
    std::int64_t client_id, absl::string_view number,
    std::int64_t total_minor) {
  return invoices().Create(SampleInvoice(client_id, number, total_minor), "",
                           Now());
}

long long RepositoryContractTest::CountRows(absl::string_view table) {
  absl::StatusOr<long long> count = test_database().QueryInteger(
      absl::StrCat("SELECT COUNT(*) FROM ", table));
  EXPECT_TRUE(count.ok()) << count.status();
  return count.value_or(-1);
}

long long RepositoryContractTest::NextActionMicros(std::int64_t invoice_id) {
  absl::StatusOr<long long> micros = test_database().QueryInteger(
      absl::StrCat("SELECT COALESCE(next_action_us, -1) FROM invoices "
                   "WHERE id = ",
                   invoice_id));
  EXPECT_TRUE(micros.ok()) << micros.status();
  return micros.value_or(-2);
}

void RepositoryContractTest::SetNextActionMicros(std::int64_t invoice_id,
                                                 long long micros) {
  absl::Status set = test_database().Execute(
      absl::StrCat("UPDATE invoices SET next_action_us = ", micros,
                   " WHERE id = ", invoice_id));
  EXPECT_TRUE(set.ok()) << set;
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryContractTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace relance::storage
