#ifndef RELANCE_TESTS_STORAGE_REPOSITORY_CONTRACT_TEST_H_
#define RELANCE_TESTS_STORAGE_REPOSITORY_CONTRACT_TEST_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/database.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/records.h"
#include "tests/testing/test_database.h"

namespace relance::storage {

// The repository contract, run against each backend (instantiated in
// repository_contract_test.cc). Each test gets a fresh, migrated database.
class RepositoryContractTest : public testing::DatabaseTest {
 protected:
  // A fixed instant with microseconds, so that round trips are checked to the
  // microsecond.
  static absl::Time Now() {
    return absl::FromUnixMicros(1'767'225'600'123'456);
  }  // 2026-01-01

  ClientRepository& clients() { return database().clients(); }
  InvoiceRepository& invoices() { return database().invoices(); }
  PolicyRepository& policies() { return database().policies(); }
  DunningRepository& dunning() { return database().dunning(); }

  // A client with every field set.
  static ClientRecord SampleClient(absl::string_view reference);
  // An open invoice of `total_minor` EUR, issued 2026-01-10 and due 2026-02-09.
  static InvoiceRecord SampleInvoice(std::int64_t client_id,
                                     absl::string_view number,
                                     std::int64_t total_minor);
  static SettlementRecord Payment(std::int64_t invoice_id,
                                  std::int64_t amount_minor,
                                  absl::string_view currency = "EUR");
  static SettlementRecord CreditNote(std::int64_t invoice_id,
                                     std::int64_t amount_minor);

  // Creates SampleClient(reference) without a request id.
  absl::StatusOr<ClientRecord> CreateClient(absl::string_view reference);
  // Creates SampleInvoice(client_id, number, total_minor) without a request id.
  absl::StatusOr<InvoiceRecord> CreateInvoice(std::int64_t client_id,
                                              absl::string_view number,
                                              std::int64_t total_minor);
  // Rows in `table`, counted directly in the database.
  long long CountRows(absl::string_view table);
  // The invoice's next_action_us, read directly in the database; -1 for NULL.
  long long NextActionMicros(std::int64_t invoice_id);
  // Sets the invoice's next_action_us directly in the database.
  void SetNextActionMicros(std::int64_t invoice_id, long long micros);
};

}  // namespace relance::storage

#endif  // RELANCE_TESTS_STORAGE_REPOSITORY_CONTRACT_TEST_H_
