#include "storage/invoice_import.h"

#include <soci/soci.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/interfaces/records.h"
#include "storage/sql_arrays.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

// The batch with its repetitions resolved: each client reference and each
// invoice number is written once, by the first row that has it.
struct ImportPlan {
  // Plans the clients; the invoices wait for PlanInvoices.
  explicit ImportPlan(const std::vector<ImportRow>& rows);

  // Plans the invoices of the rows not `refused` (indexed like the rows).
  void PlanInvoices(const std::vector<ImportRow>& rows,
                    const std::vector<bool>& refused);

  // Distinct client references in order of first appearance, as the row that
  // introduced each.
  std::vector<const ClientRecord*> clients;
  // For each row, its client's index in `clients`.
  std::vector<std::size_t> client_of_row;
  // Indices of the rows that introduce an invoice number.
  std::vector<std::size_t> invoice_rows;
  // For each row not refused, the index of the row that introduced its invoice
  // number; a refused row's own index.
  std::vector<std::size_t> number_introduced_by;
};

ImportPlan::ImportPlan(const std::vector<ImportRow>& rows) {
  absl::flat_hash_map<absl::string_view, std::size_t> client_by_reference;
  client_of_row.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const ClientRecord& client = rows[row].client;
    auto [client_entry, new_client] =
        client_by_reference.try_emplace(client.reference, clients.size());
    if (new_client) clients.push_back(&client);
    client_of_row.push_back(client_entry->second);
  }
}

void ImportPlan::PlanInvoices(const std::vector<ImportRow>& rows,
                              const std::vector<bool>& refused) {
  absl::flat_hash_map<absl::string_view, std::size_t> row_by_number;
  number_introduced_by.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    if (refused[row]) {
      number_introduced_by.push_back(row);
      continue;
    }
    auto [number_entry, new_number] =
        row_by_number.try_emplace(rows[row].invoice.number, row);
    if (new_number) invoice_rows.push_back(row);
    number_introduced_by.push_back(number_entry->second);
  }
}

// Where the invoice number of each of the plan's invoice rows stands after the
// insert.
struct InvoiceInsertResult {
  // Indexed like ImportPlan::invoice_rows.
  std::vector<bool> created;
  // The client the number belongs to, for the numbers that were not created.
  std::vector<long long> existing_owner;
};

// The dialect-specific steps.
class ImportWriter {
 public:
  virtual ~ImportWriter() = default;
  // Finds or creates the plan's clients, created ones owned by `owner` ("" for
  // none): their ids and owners, indexed like ImportPlan::clients, and how many
  // were created.
  virtual void WriteClients(const ImportPlan& plan, const std::string& owner,
                            std::vector<long long>* client_ids,
                            std::vector<std::string>* client_owners,
                            std::int64_t* clients_created) = 0;
  virtual InvoiceInsertResult WriteInvoices(
      const std::vector<ImportRow>& rows, const ImportPlan& plan,
      const std::vector<long long>& client_ids) = 0;
};

// --- SQLite: prepared single-row statements, run again for each row. ---

constexpr char kSqliteFindClient[] =
    "SELECT id, owner FROM clients WHERE reference = :reference";
constexpr char kSqliteInsertClient[] =
    "INSERT INTO clients (reference, name, kind, email, phone, language, "
    "time_zone, postal_address, cc_emails, owner, version, create_time_us, "
    "update_time_us) VALUES (:reference, :name, :kind, :email, :phone, "
    ":language, :time_zone, :postal_address, :cc_emails, :owner, 1, :now, "
    ":now) RETURNING id";
constexpr char kSqliteInsertInvoice[] =
    "INSERT INTO invoices (number, client_id, issue_date, due_date, currency, "
    "total_minor, paid_minor, credited_minor, status, version, create_time_us, "
    "update_time_us) VALUES (:number, :client_id, :issue_date, :due_date, "
    ":currency, :total_minor, 0, 0, :status, 1, :now, :now) "
    "ON CONFLICT (number) DO NOTHING RETURNING id";
constexpr char kSqliteInvoiceOwner[] =
    "SELECT client_id FROM invoices WHERE number = :number";

class SqliteImportWriter final : public ImportWriter {
 public:
  SqliteImportWriter(soci::session& session, absl::Time now)
      : session_(session), now_(TimeToColumn(now)) {}

  void WriteClients(const ImportPlan& plan, const std::string& owner,
                    std::vector<long long>* client_ids,
                    std::vector<std::string>* client_owners,
                    std::int64_t* clients_created) override {
    std::string reference;
    std::string name;
    std::string kind;
    std::string email;
    std::string phone;
    std::string language;
    std::string time_zone;
    std::string postal_address;
    std::string cc_emails;
    long long id = 0;
    std::string stored_owner;
    SqlQuery find(session_, kSqliteFindClient, SqlQuery::Reuse::kRepeated);
    find.Use("reference", reference).Into(id).Into(stored_owner);
    SqlQuery insert(session_, kSqliteInsertClient, SqlQuery::Reuse::kRepeated);
    insert.Use("reference", reference)
        .Use("name", name)
        .Use("kind", kind)
        .Use("email", email)
        .Use("phone", phone)
        .Use("language", language)
        .Use("time_zone", time_zone)
        .Use("postal_address", postal_address)
        .Use("cc_emails", cc_emails)
        .Use("owner", owner)
        .Use("now", now_)
        .Into(id);
    for (const ClientRecord* client : plan.clients) {
      reference = client->reference;
      if (!find.Execute()) {
        name = client->name;
        kind = std::string(EnumToColumn(client->kind));
        email = client->email;
        phone = client->phone;
        language = client->language;
        time_zone = client->time_zone;
        postal_address =
            ListToColumn(client->postal_address_lines, kPostalAddressSeparator);
        cc_emails = ListToColumn(client->cc_emails, kCcEmailsSeparator);
        insert.Execute();
        stored_owner = owner;
        ++*clients_created;
      }
      client_ids->push_back(id);
      client_owners->push_back(stored_owner);
    }
  }

  InvoiceInsertResult WriteInvoices(
      const std::vector<ImportRow>& rows, const ImportPlan& plan,
      const std::vector<long long>& client_ids) override {
    std::string number;
    long long client_id = 0;
    std::string issue_date;
    std::string due_date;
    std::string currency;
    long long total_minor = 0;
    std::string status;
    long long id = 0;
    long long owner = 0;
    SqlQuery insert(session_, kSqliteInsertInvoice, SqlQuery::Reuse::kRepeated);
    insert.Use("number", number)
        .Use("client_id", client_id)
        .Use("issue_date", issue_date)
        .Use("due_date", due_date)
        .Use("currency", currency)
        .Use("total_minor", total_minor)
        .Use("status", status)
        .Use("now", now_)
        .Into(id);
    SqlQuery find_owner(session_, kSqliteInvoiceOwner,
                        SqlQuery::Reuse::kRepeated);
    find_owner.Use("number", number).Into(owner);

    InvoiceInsertResult result;
    result.created.reserve(plan.invoice_rows.size());
    result.existing_owner.reserve(plan.invoice_rows.size());
    for (std::size_t row : plan.invoice_rows) {
      const InvoiceRecord& invoice = rows[row].invoice;
      number = invoice.number;
      client_id = client_ids[plan.client_of_row[row]];
      issue_date = DayToColumn(invoice.issue_date);
      due_date = DayToColumn(invoice.due_date);
      currency = invoice.currency;
      total_minor = invoice.total_minor;
      status = std::string(EnumToColumn(invoice.status));
      const bool created = insert.Execute();
      owner = client_id;
      if (!created) find_owner.Execute();
      result.created.push_back(created);
      result.existing_owner.push_back(owner);
    }
    return result;
  }

 private:
  soci::session& session_;
  const long long now_;
};

// --- PostgreSQL: each step is one statement over arrays of the batch's values.
// ---

constexpr char kPostgresqlInsertClients[] =
    "INSERT INTO clients (reference, name, kind, email, phone, language, "
    "time_zone, postal_address, cc_emails, owner, version, create_time_us, "
    "update_time_us) SELECT reference, name, kind, email, phone, language, "
    "time_zone, postal_address, cc_emails, CAST(:owner AS text), 1, :now, "
    ":now FROM "
    "unnest(CAST(:references AS text[]), CAST(:names AS text[]), CAST(:kinds "
    "AS text[]), CAST(:emails AS text[]), CAST(:phones AS text[]), "
    "CAST(:languages AS text[]), CAST(:time_zones AS text[]), "
    "CAST(:postal_addresses AS text[]), CAST(:cc_emails AS text[])) AS batch "
    "(reference, name, kind, email, phone, language, time_zone, "
    "postal_address, cc_emails) "
    "ON CONFLICT (reference) DO NOTHING RETURNING id";
constexpr char kPostgresqlFindClients[] =
    "SELECT id, reference, owner FROM clients "
    "WHERE reference = ANY (CAST(:references AS text[]))";
constexpr char kPostgresqlInsertInvoices[] =
    "INSERT INTO invoices (number, client_id, issue_date, due_date, currency, "
    "total_minor, paid_minor, credited_minor, status, version, create_time_us, "
    "update_time_us) SELECT number, client_id, issue_date, due_date, currency, "
    "total_minor, 0, 0, status, 1, :now, :now FROM unnest(CAST(:numbers "
    "AS text[]), CAST(:client_ids AS bigint[]), CAST(:issue_dates AS text[]), "
    "CAST(:due_dates AS text[]), CAST(:currencies AS text[]), CAST(:totals "
    "AS bigint[]), CAST(:statuses AS text[])) AS batch (number, client_id, "
    "issue_date, due_date, currency, total_minor, status) "
    "ON CONFLICT (number) DO NOTHING RETURNING number";
constexpr char kPostgresqlInvoiceOwners[] =
    "SELECT number, client_id FROM invoices "
    "WHERE number = ANY (CAST(:numbers AS text[]))";

class PostgresqlImportWriter final : public ImportWriter {
 public:
  PostgresqlImportWriter(soci::session& session, absl::Time now)
      : session_(session), now_(TimeToColumn(now)) {}

  void WriteClients(const ImportPlan& plan, const std::string& owner,
                    std::vector<long long>* client_ids,
                    std::vector<std::string>* client_owners,
                    std::int64_t* clients_created) override {
    ArrayLiteral references, names, kinds, emails, phones, languages,
        time_zones, postal_addresses, cc_emails;
    for (const ClientRecord* client : plan.clients) {
      references.Add(client->reference);
      names.Add(client->name);
      kinds.Add(EnumToColumn(client->kind));
      emails.Add(client->email);
      phones.Add(client->phone);
      languages.Add(client->language);
      time_zones.Add(client->time_zone);
      postal_addresses.Add(
          ListToColumn(client->postal_address_lines, kPostalAddressSeparator));
      cc_emails.Add(ListToColumn(client->cc_emails, kCcEmailsSeparator));
    }
    const std::string references_literal = references.Finish();
    const std::string names_literal = names.Finish();
    const std::string kinds_literal = kinds.Finish();
    const std::string emails_literal = emails.Finish();
    const std::string phones_literal = phones.Finish();
    const std::string languages_literal = languages.Finish();
    const std::string time_zones_literal = time_zones.Finish();
    const std::string postal_addresses_literal = postal_addresses.Finish();
    const std::string cc_emails_literal = cc_emails.Finish();
    {
      // A reference that exists, or that a concurrent import inserts first, is
      // skipped.
      long long id = 0;
      SqlQuery insert(session_, kPostgresqlInsertClients);
      insert.Use("now", now_)
          .Use("owner", owner)
          .Use("references", references_literal)
          .Use("names", names_literal)
          .Use("kinds", kinds_literal)
          .Use("emails", emails_literal)
          .Use("phones", phones_literal)
          .Use("languages", languages_literal)
          .Use("time_zones", time_zones_literal)
          .Use("postal_addresses", postal_addresses_literal)
          .Use("cc_emails", cc_emails_literal)
          .Into(id);
      for (bool found = insert.Execute(); found; found = insert.Next())
        ++*clients_created;
    }
    struct Found {
      long long id = 0;
      std::string owner;
    };
    absl::flat_hash_map<std::string, Found> by_reference;
    {
      long long id = 0;
      std::string reference;
      std::string stored_owner;
      SqlQuery find(session_, kPostgresqlFindClients);
      find.Use("references", references_literal)
          .Into(id)
          .Into(reference)
          .Into(stored_owner);
      for (bool found = find.Execute(); found; found = find.Next()) {
        by_reference[reference] = {id, stored_owner};
      }
    }
    for (const ClientRecord* client : plan.clients) {
      const Found& found = by_reference.at(client->reference);
      client_ids->push_back(found.id);
      client_owners->push_back(found.owner);
    }
  }

  InvoiceInsertResult WriteInvoices(
      const std::vector<ImportRow>& rows, const ImportPlan& plan,
      const std::vector<long long>& client_ids) override {
    ArrayLiteral numbers, owners, issue_dates, due_dates, currencies, totals,
        statuses;
    absl::flat_hash_map<absl::string_view, std::size_t> index_by_number;
    for (std::size_t index = 0; index < plan.invoice_rows.size(); ++index) {
      const std::size_t row = plan.invoice_rows[index];
      const InvoiceRecord& invoice = rows[row].invoice;
      numbers.Add(invoice.number);
      owners.Add(client_ids[plan.client_of_row[row]]);
      issue_dates.Add(DayToColumn(invoice.issue_date));
      due_dates.Add(DayToColumn(invoice.due_date));
      currencies.Add(invoice.currency);
      totals.Add(static_cast<long long>(invoice.total_minor));
      statuses.Add(EnumToColumn(invoice.status));
      index_by_number[invoice.number] = index;
    }
    const std::string numbers_literal = numbers.Finish();
    const std::string owners_literal = owners.Finish();
    const std::string issue_dates_literal = issue_dates.Finish();
    const std::string due_dates_literal = due_dates.Finish();
    const std::string currencies_literal = currencies.Finish();
    const std::string totals_literal = totals.Finish();
    const std::string statuses_literal = statuses.Finish();

    InvoiceInsertResult result;
    result.created.assign(plan.invoice_rows.size(), false);
    result.existing_owner.assign(plan.invoice_rows.size(), 0);
    {
      std::string number;
      SqlQuery insert(session_, kPostgresqlInsertInvoices);
      insert.Use("now", now_)
          .Use("numbers", numbers_literal)
          .Use("client_ids", owners_literal)
          .Use("issue_dates", issue_dates_literal)
          .Use("due_dates", due_dates_literal)
          .Use("currencies", currencies_literal)
          .Use("totals", totals_literal)
          .Use("statuses", statuses_literal)
          .Into(number);
      for (bool found = insert.Execute(); found; found = insert.Next()) {
        result.created[index_by_number.at(number)] = true;
      }
    }
    ArrayLiteral existing_numbers;
    bool any_existing = false;
    for (std::size_t index = 0; index < plan.invoice_rows.size(); ++index) {
      if (!result.created[index]) {
        existing_numbers.Add(rows[plan.invoice_rows[index]].invoice.number);
        any_existing = true;
      }
    }
    if (any_existing) {
      const std::string existing_literal = existing_numbers.Finish();
      std::string number;
      long long owner = 0;
      SqlQuery find(session_, kPostgresqlInvoiceOwners);
      find.Use("numbers", existing_literal).Into(number).Into(owner);
      for (bool found = find.Execute(); found; found = find.Next()) {
        result.existing_owner[index_by_number.at(number)] = owner;
      }
    }
    return result;
  }

 private:
  soci::session& session_;
  const long long now_;
};

}  // namespace

absl::StatusOr<ImportBatchResult> ImportInvoices(
    soci::session& session, Dialect dialect, const std::vector<ImportRow>& rows,
    const ImportOptions& options, absl::Time now) {
  ImportPlan plan(rows);
  std::unique_ptr<ImportWriter> writer;
  if (dialect == Dialect::kSqlite) {
    writer = std::make_unique<SqliteImportWriter>(session, now);
  } else {
    writer = std::make_unique<PostgresqlImportWriter>(session, now);
  }

  ImportBatchResult result;
  std::vector<long long> client_ids;
  std::vector<std::string> client_owners;
  client_ids.reserve(plan.clients.size());
  client_owners.reserve(plan.clients.size());
  writer->WriteClients(plan, options.owner_scope.value_or(""), &client_ids,
                       &client_owners, &result.clients_created);
  // Read after the clients were found or created in this transaction, the
  // owners are the ones the invoices are written under.
  std::vector<bool> refused(rows.size(), false);
  if (options.owner_scope.has_value()) {
    for (std::size_t row = 0; row < rows.size(); ++row) {
      refused[row] =
          client_owners[plan.client_of_row[row]] != *options.owner_scope;
    }
  }
  plan.PlanInvoices(rows, refused);
  InvoiceInsertResult invoices;
  if (!plan.invoice_rows.empty()) {
    invoices = writer->WriteInvoices(rows, plan, client_ids);
  }

  // For each row that introduces a number: whether this batch created it, and
  // the client it belongs to now.
  std::vector<bool> created_by_row(rows.size(), false);
  std::vector<long long> owner_of_row(rows.size(), 0);
  for (std::size_t index = 0; index < plan.invoice_rows.size(); ++index) {
    const std::size_t row = plan.invoice_rows[index];
    created_by_row[row] = invoices.created[index];
    owner_of_row[row] = invoices.created[index]
                            ? client_ids[plan.client_of_row[row]]
                            : invoices.existing_owner[index];
  }
  // A later row with the same number finds it owned by the introducer's client.
  result.outcomes.reserve(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const std::size_t introducer = plan.number_introduced_by[row];
    if (refused[row]) {
      result.outcomes.push_back(ImportOutcome::kClientOfAnotherOwner);
    } else if (introducer == row && created_by_row[row]) {
      result.outcomes.push_back(ImportOutcome::kCreated);
    } else if (owner_of_row[introducer] ==
               client_ids[plan.client_of_row[row]]) {
      result.outcomes.push_back(ImportOutcome::kAlreadyPresent);
    } else {
      result.outcomes.push_back(ImportOutcome::kNumberTakenByAnotherClient);
    }
  }
  return result;
}

}  // namespace relance::storage
