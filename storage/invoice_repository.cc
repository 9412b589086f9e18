#include "storage/invoice_repository.h"

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/change_log_repository.h"
#include "storage/interaction_repository.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/events.h"
#include "storage/interfaces/records.h"
#include "storage/invoice_import.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"
#include "storage/workflow_progress.h"

namespace relance::storage {
namespace {

// An insert that meets an existing request_id or number does nothing and
// returns no row; the caller then finds out which of the two it met.
constexpr char kInsertInvoice[] =
    "INSERT INTO invoices (request_id, number, client_id, issue_date, "
    "due_date, currency, total_minor, paid_minor, credited_minor, status, "
    "version, create_time_us, update_time_us) VALUES (NULLIF(:request_id, ''), "
    ":number, :client_id, :issue_date, :due_date, :currency, :total_minor, 0, "
    "0, :status, 1, :now, :now) ON CONFLICT DO NOTHING RETURNING ";

constexpr char kUpdateInvoice[] =
    "UPDATE invoices SET issue_date = :issue_date, due_date = :due_date, "
    "total_minor = :total_minor, status = :status, next_action_us = 0, "
    "version = version + 1, update_time_us = :now "
    "WHERE id = :id AND version = :version RETURNING ";

constexpr char kClientExists[] = "SELECT 1 FROM clients WHERE id = :id";
constexpr char kInvoiceById[] = " FROM invoices WHERE id = :id";
constexpr char kInvoiceByRequestId[] =
    " FROM invoices WHERE request_id = :request_id";

constexpr char kInvoicesAfterId[] = " FROM invoices WHERE id > :after_id";
constexpr char kAndClient[] = " AND client_id = :client_id";
constexpr char kAndInvoiceOwner[] =
    " AND client_id IN (SELECT id FROM clients WHERE owner = :owner)";
constexpr char kAndStatus[] = " AND status = :status";
constexpr char kAndOverdue[] =
    " AND status = 'open' AND due_date < :overdue_as_of "
    "AND total_minor - paid_minor - credited_minor > 0";
constexpr char kAndDueFrom[] = " AND due_date >= :due_from";
constexpr char kAndDueTo[] = " AND due_date <= :due_to";

constexpr char kInsertSettlement[] =
    "INSERT INTO settlements (request_id, invoice_id, kind, currency, "
    "amount_minor, settle_date, reference, create_time_us) "
    "VALUES (NULLIF(:request_id, ''), :invoice_id, :kind, :currency, "
    ":amount_minor, :settle_date, :reference, :now) "
    "ON CONFLICT DO NOTHING RETURNING ";
constexpr char kSettlementByRequestId[] =
    " FROM settlements WHERE request_id = :request_id";
constexpr char kSettlementsOfInvoice[] =
    " FROM settlements WHERE invoice_id = :invoice_id ORDER BY id";

constexpr char kInsertClaimEntry[] =
    "INSERT INTO claim_entries (request_id, invoice_id, settlement_id, "
    "component, kind, currency, amount_minor, entry_date, reference, actor, "
    "reason, create_time_us) VALUES (NULLIF(:request_id, ''), :invoice_id, "
    "NULLIF(:settlement_id, 0), :component, :kind, :currency, :amount_minor, "
    ":entry_date, :reference, :actor, :reason, :now) RETURNING ";
constexpr char kClaimEntriesOfInvoice[] =
    " FROM claim_entries WHERE invoice_id = :invoice_id ORDER BY id";
constexpr char kClaimEntriesByRequestId[] =
    " FROM claim_entries WHERE request_id = :request_id ORDER BY id";
// The version check of a claims change: the extras were worked out from the
// invoice at this version.
constexpr char kBumpInvoiceVersion[] =
    "UPDATE invoices SET version = version + 1, next_action_us = 0, "
    "update_time_us = :now WHERE id = :id AND version = :version RETURNING ";

// Adds a settlement to the sum in `column` unless the invoice cannot take it:
// the guard is evaluated on the row as it is once locked, so that concurrent
// settlements never push the sums past the total. Every right-hand side reads
// the row before the update.
std::string ApplySettlementSql(absl::string_view column) {
  return absl::StrCat(
      "UPDATE invoices SET ", column, " = ", column, " + :amount, ",
      "status = CASE "
      "WHEN total_minor - paid_minor - credited_minor = :amount "
      "THEN 'paid' ELSE status END, next_action_us = 0, "
      "version = version + 1, "
      "update_time_us = :now WHERE id = :id AND status <> 'cancelled' "
      "AND currency = :currency "
      "AND total_minor - paid_minor - credited_minor >= :amount RETURNING ",
      kInvoiceColumns);
}

constexpr char kInvoiceNoun[] = "invoice";
constexpr char kCreateAction[] = "invoice.create";
constexpr char kUpdateAction[] = "invoice.update";
constexpr char kImportAction[] = "invoice.import";

std::string InvoiceSubject(const InvoiceRecord& invoice) {
  return absl::StrCat("invoice ", invoice.number);
}

// "3 invoices created", "1 client created".
std::string CountOf(long long count, absl::string_view noun) {
  return absl::StrCat(count, " ", noun, count == 1 ? "" : "s", " created");
}

// What an import created, as its change-log subject; empty when it created
// nothing.
std::string ImportSubject(const ImportBatchResult& result) {
  long long invoices_created = 0;
  for (ImportOutcome outcome : result.outcomes) {
    if (outcome == ImportOutcome::kCreated) ++invoices_created;
  }
  std::string counts;
  if (invoices_created > 0) {
    absl::StrAppend(&counts, CountOf(invoices_created, "invoice"));
  }
  if (result.clients_created > 0) {
    absl::StrAppend(&counts, counts.empty() ? "" : ", ",
                    CountOf(result.clients_created, "client"));
  }
  if (counts.empty()) return "";
  return absl::StrCat("import: ", counts);
}

// The invoice_paid event of `invoice`, paid in full by `settlement`.
EventRecord PaidEvent(const InvoiceRecord& invoice,
                      const SettlementRecord& settlement, absl::Time now) {
  EventRecord event;
  event.kind = event_kind::kInvoicePaid;
  event.client_id = invoice.client_id;
  event.invoice_id = invoice.id;
  event.occurred_time = now;
  event.actor =
      settlement.recorded_by.empty() ? "relanced" : settlement.recorded_by;
  event.amount = {invoice.currency, invoice.total_minor};
  event.day = settlement.date;
  event.detail = absl::StrCat(
      "settled by ",
      settlement.kind == SettlementKind::kPayment ? "payment" : "credit note",
      settlement.reference.empty() ? "" : " ", settlement.reference);
  return event;
}

absl::StatusOr<std::optional<InvoiceRecord>> FindInvoice(soci::session& session,
                                                         long long id) {
  SqlQuery query(session,
                 absl::StrCat("SELECT ", kInvoiceColumns, kInvoiceById));
  query.Use("id", id);
  return FetchOne<InvoiceRow>(query);
}

absl::StatusOr<InvoiceRecord> GetInvoice(soci::session& session, long long id) {
  RELANCE_ASSIGN_OR_RETURN(std::optional<InvoiceRecord> invoice,
                           FindInvoice(session, id));
  if (!invoice.has_value()) return NotFound(kInvoiceNoun, id);
  return *std::move(invoice);
}

absl::StatusOr<std::optional<InvoiceRecord>> FindInvoiceByRequestId(
    soci::session& session, const std::string& request_id) {
  SqlQuery query(session,
                 absl::StrCat("SELECT ", kInvoiceColumns, kInvoiceByRequestId));
  query.Use("request_id", request_id);
  return FetchOne<InvoiceRow>(query);
}

// The settlement recorded under `request_id` and its invoice as it is now.
absl::StatusOr<std::optional<SettlementResult>> FindSettlementByRequestId(
    soci::session& session, const std::string& request_id) {
  std::optional<SettlementRecord> settlement;
  {
    SqlQuery query(session, absl::StrCat("SELECT ", kSettlementColumns,
                                         kSettlementByRequestId));
    query.Use("request_id", request_id);
    RELANCE_ASSIGN_OR_RETURN(settlement, FetchOne<SettlementRow>(query));
  }
  if (!settlement.has_value()) return std::nullopt;
  RELANCE_ASSIGN_OR_RETURN(InvoiceRecord invoice,
                           GetInvoice(session, settlement->invoice_id));
  return SettlementResult{.settlement = *std::move(settlement),
                          .invoice = std::move(invoice)};
}

// Why `invoice` cannot take `settlement`, or OK if it can.
absl::Status SettlementRejection(const InvoiceRecord& invoice,
                                 const SettlementRecord& settlement) {
  if (settlement.currency != invoice.currency) {
    return absl::FailedPreconditionError(absl::StrCat(
        "settlement currency ", settlement.currency, " differs from invoice '",
        invoice.number, "' currency ", invoice.currency));
  }
  if (invoice.status == InvoiceStatus::kCancelled) {
    return absl::FailedPreconditionError(
        absl::StrCat("invoice '", invoice.number, "' is cancelled"));
  }
  if (settlement.amount_minor > invoice.outstanding_minor()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "amount ", settlement.amount_minor, " ", settlement.currency,
        " exceeds the outstanding ", invoice.outstanding_minor(), " ",
        invoice.currency, " of invoice '", invoice.number, "'"));
  }
  return absl::OkStatus();
}

// The invoice columns Create and Update write, bound by name.
struct InvoiceValues {
  InvoiceValues(const InvoiceRecord& invoice, absl::Time write_time)
      : issue_date(DayToColumn(invoice.issue_date)),
        due_date(DayToColumn(invoice.due_date)),
        total_minor(invoice.total_minor),
        status(EnumToColumn(invoice.status)),
        now(TimeToColumn(write_time)) {}

  static absl::Status Check(const InvoiceRecord& invoice) {
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(invoice.issue_date, "issue_date"));
    return CheckStorableDay(invoice.due_date, "due_date");
  }

  void BindTo(SqlQuery& query) const {
    query.Use("issue_date", issue_date)
        .Use("due_date", due_date)
        .Use("total_minor", total_minor)
        .Use("status", status)
        .Use("now", now);
  }

  const std::string issue_date;
  const std::string due_date;
  const long long total_minor;
  const std::string status;
  const long long now;
};

// AddSettlement in the caller's transaction.
absl::StatusOr<SettlementResult> AddSettlementIn(
    soci::session& session, const WorkflowRules& rules,
    const SettlementRecord& settlement, const std::string& request,
    absl::Time now) {
  const long long invoice_id = settlement.invoice_id;
  const long long amount = settlement.amount_minor;
  const std::string kind(EnumToColumn(settlement.kind));
  const std::string settle_date = DayToColumn(settlement.date);
  const long long now_column = TimeToColumn(now);
  const std::string apply_sql = ApplySettlementSql(
      settlement.kind == SettlementKind::kPayment ? "paid_minor"
                                                  : "credited_minor");
  if (!request.empty()) {
    RELANCE_ASSIGN_OR_RETURN(std::optional<SettlementResult> original,
                             FindSettlementByRequestId(session, request));
    if (original.has_value()) return *std::move(original);
  }
  // Rejects early, with nothing written, what the invoice as last
  // committed cannot take.
  RELANCE_ASSIGN_OR_RETURN(InvoiceRecord invoice,
                           GetInvoice(session, invoice_id));
  RELANCE_RETURN_IF_ERROR(SettlementRejection(invoice, settlement));

  std::optional<SettlementRecord> recorded;
  {
    SqlQuery insert(session,
                    absl::StrCat(kInsertSettlement, kSettlementColumns));
    insert.Use("request_id", request)
        .Use("invoice_id", invoice_id)
        .Use("kind", kind)
        .Use("currency", settlement.currency)
        .Use("amount_minor", amount)
        .Use("settle_date", settle_date)
        .Use("reference", settlement.reference)
        .Use("now", now_column);
    RELANCE_ASSIGN_OR_RETURN(recorded, FetchOne<SettlementRow>(insert));
  }
  if (!recorded.has_value()) {
    // Only the request_id can conflict: a concurrent call with it
    // committed first.
    RELANCE_ASSIGN_OR_RETURN(std::optional<SettlementResult> original,
                             FindSettlementByRequestId(session, request));
    if (original.has_value()) return *std::move(original);
    return absl::InternalError(
        "settlement insert conflicted with no visible row");
  }

  std::optional<InvoiceRecord> settled;
  {
    SqlQuery apply(session, apply_sql);
    apply.Use("amount", amount)
        .Use("now", now_column)
        .Use("id", invoice_id)
        .Use("currency", settlement.currency);
    RELANCE_ASSIGN_OR_RETURN(settled, FetchOne<InvoiceRow>(apply));
  }
  if (!settled.has_value()) {
    // A concurrent write changed the invoice since it was read
    // (PostgreSQL); returning an error rolls the settlement row back.
    RELANCE_ASSIGN_OR_RETURN(InvoiceRecord now_stored,
                             GetInvoice(session, invoice_id));
    RELANCE_RETURN_IF_ERROR(SettlementRejection(now_stored, settlement));
    return absl::InternalError("the invoice refused a settlement it can take");
  }
  // Only a settlement recorded now: a replayed request returned above.
  recorded->recorded_by = settlement.recorded_by;
  RELANCE_RETURN_IF_ERROR(
      ApplySettlementIn(session, rules, invoice_id, *recorded, now));
  // The update turns the status to paid only when this settlement
  // covers what was outstanding: once per invoice.
  if (settled->status == InvoiceStatus::kPaid) {
    const EventRecord paid = PaidEvent(*settled, *recorded, now);
    RELANCE_RETURN_IF_ERROR(AppendEventIn(session, paid).status());
  }
  return SettlementResult{.settlement = *std::move(recorded),
                          .invoice = *std::move(settled)};
}

// The invoice's claim entries, in the order recorded.
absl::StatusOr<std::vector<ClaimEntryRecord>> ClaimEntriesOfInvoice(
    soci::session& session, long long invoice_id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kClaimEntryColumns,
                                       kClaimEntriesOfInvoice));
  query.Use("invoice_id", invoice_id);
  return FetchAll<ClaimEntryRow>(query);
}

// What `request` recorded in the claims ledger (its entries, and the
// settlement of the principal part if any), with the invoice as it is now.
absl::StatusOr<std::optional<ClaimsRecorded>> FindClaimsByRequestIdIn(
    soci::session& session, const std::string& request) {
  ClaimsRecorded recorded;
  {
    SqlQuery query(session, absl::StrCat("SELECT ", kClaimEntryColumns,
                                         kClaimEntriesByRequestId));
    query.Use("request_id", request);
    RELANCE_ASSIGN_OR_RETURN(recorded.entries, FetchAll<ClaimEntryRow>(query));
  }
  RELANCE_ASSIGN_OR_RETURN(std::optional<SettlementResult> settled,
                           FindSettlementByRequestId(session, request));
  if (settled.has_value()) {
    recorded.settlement = std::move(settled->settlement);
    recorded.invoice = std::move(settled->invoice);
    return recorded;
  }
  if (recorded.entries.empty()) return std::nullopt;
  RELANCE_ASSIGN_OR_RETURN(
      recorded.invoice,
      GetInvoice(session, recorded.entries.front().invoice_id));
  return recorded;
}

absl::StatusOr<ClaimEntryRecord> InsertClaimEntry(soci::session& session,
                                                  const ClaimEntryRecord& entry,
                                                  const std::string& request,
                                                  absl::Time now) {
  const long long invoice_id = entry.invoice_id;
  const long long settlement_id = entry.settlement_id.value_or(0);
  const long long amount = entry.amount_minor;
  const long long now_column = TimeToColumn(now);
  SqlQuery insert(session, absl::StrCat(kInsertClaimEntry, kClaimEntryColumns));
  insert.Use("request_id", request)
      .Use("invoice_id", invoice_id)
      .Use("settlement_id", settlement_id)
      .Use("component", std::string(EnumToColumn(entry.component)))
      .Use("kind", std::string(EnumToColumn(entry.kind)))
      .Use("currency", entry.currency)
      .Use("amount_minor", amount)
      .Use("entry_date", DayToColumn(entry.date))
      .Use("reference", entry.reference)
      .Use("actor", entry.actor)
      .Use("reason", entry.reason)
      .Use("now", now_column);
  RELANCE_ASSIGN_OR_RETURN(std::optional<ClaimEntryRecord> inserted,
                           FetchOne<ClaimEntryRow>(insert));
  if (!inserted.has_value()) {
    return absl::InternalError("claim entry insert returned no row");
  }
  return *std::move(inserted);
}

}  // namespace

absl::StatusOr<InvoiceRecord> SqlInvoiceRepository::Create(
    const InvoiceRecord& invoice, absl::string_view request_id,
    const Change& change) {
  RELANCE_RETURN_IF_ERROR(InvoiceValues::Check(invoice));
  const std::string request(request_id);
  const InvoiceValues values(invoice, change.now);
  const long long client_id = invoice.client_id;
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<InvoiceRecord> {
        if (!request.empty()) {
          RELANCE_ASSIGN_OR_RETURN(std::optional<InvoiceRecord> original,
                                   FindInvoiceByRequestId(session, request));
          if (original.has_value()) return *std::move(original);
        }
        {
          int exists = 0;
          SqlQuery query(session, kClientExists);
          query.Use("id", client_id).Into(exists);
          if (!query.Execute()) return NotFound("client", client_id);
        }
        std::optional<InvoiceRecord> created;
        {
          SqlQuery insert(session,
                          absl::StrCat(kInsertInvoice, kInvoiceColumns));
          insert.Use("request_id", request)
              .Use("number", invoice.number)
              .Use("client_id", client_id)
              .Use("currency", invoice.currency);
          values.BindTo(insert);
          RELANCE_ASSIGN_OR_RETURN(created, FetchOne<InvoiceRow>(insert));
        }
        if (created.has_value()) {
          RELANCE_RETURN_IF_ERROR(RecordChange(session, change, kCreateAction,
                                               InvoiceSubject(*created)));
          return *std::move(created);
        }
        // A concurrent Create committed first; on PostgreSQL the insert waited
        // for it.
        if (!request.empty()) {
          RELANCE_ASSIGN_OR_RETURN(std::optional<InvoiceRecord> original,
                                   FindInvoiceByRequestId(session, request));
          if (original.has_value()) return *std::move(original);
        }
        return absl::AlreadyExistsError(absl::StrCat(
            "invoice number '", invoice.number, "' already exists"));
      });
}

absl::StatusOr<InvoiceRecord> SqlInvoiceRepository::Get(std::int64_t id) {
  const long long invoice_id = id;
  return runner_->Read(
      [&](soci::session& session) { return GetInvoice(session, invoice_id); });
}

absl::StatusOr<Page<InvoiceRecord>> SqlInvoiceRepository::List(
    const InvoiceFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  std::string sql = absl::StrCat("SELECT ", kInvoiceColumns, kInvoicesAfterId);
  // The bound values, alive until the query has run.
  const long long after_id = page.after_id;
  const long long limit = PageQueryLimit(page);
  long long client_id = 0;
  std::string status;
  std::string overdue_as_of;
  std::string due_from;
  std::string due_to;
  if (filter.client_id.has_value()) {
    client_id = *filter.client_id;
    absl::StrAppend(&sql, kAndClient);
  }
  if (filter.status.has_value()) {
    status = std::string(EnumToColumn(*filter.status));
    absl::StrAppend(&sql, kAndStatus);
  }
  if (filter.overdue_as_of.has_value()) {
    RELANCE_RETURN_IF_ERROR(
        CheckStorableDay(*filter.overdue_as_of, "overdue_as_of"));
    overdue_as_of = DayToColumn(*filter.overdue_as_of);
    absl::StrAppend(&sql, kAndOverdue);
  }
  if (filter.due_from.has_value()) {
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(*filter.due_from, "due_from"));
    due_from = DayToColumn(*filter.due_from);
    absl::StrAppend(&sql, kAndDueFrom);
  }
  if (filter.due_to.has_value()) {
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(*filter.due_to, "due_to"));
    due_to = DayToColumn(*filter.due_to);
    absl::StrAppend(&sql, kAndDueTo);
  }
  if (filter.owner.has_value()) absl::StrAppend(&sql, kAndInvoiceOwner);
  absl::StrAppend(&sql, kPageOrder);

  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<InvoiceRecord>> {
        SqlQuery query(session, sql);
        query.Use("after_id", after_id).Use("limit", limit);
        if (filter.client_id.has_value()) query.Use("client_id", client_id);
        if (filter.status.has_value()) query.Use("status", status);
        if (filter.overdue_as_of.has_value())
          query.Use("overdue_as_of", overdue_as_of);
        if (filter.due_from.has_value()) query.Use("due_from", due_from);
        if (filter.due_to.has_value()) query.Use("due_to", due_to);
        if (filter.owner.has_value()) query.Use("owner", *filter.owner);
        RELANCE_ASSIGN_OR_RETURN(std::vector<InvoiceRecord> rows,
                                 FetchAll<InvoiceRow>(query));
        return ToPage(std::move(rows), page);
      });
}

absl::StatusOr<InvoiceRecord> SqlInvoiceRepository::Update(
    const InvoiceRecord& invoice, const Change& change) {
  RELANCE_RETURN_IF_ERROR(InvoiceValues::Check(invoice));
  const long long id = invoice.id;
  const long long version = invoice.version;
  const InvoiceValues values(invoice, change.now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<InvoiceRecord> {
    RELANCE_ASSIGN_OR_RETURN(InvoiceRecord stored, GetInvoice(session, id));
    if (stored.version != version) {
      return ModifiedConcurrently(kInvoiceNoun, id, version, stored.version);
    }
    // Checked here for a clear message; the schema's CHECK constraint is the
    // guarantee.
    if (invoice.total_minor >= 0 &&
        stored.paid_minor > invoice.total_minor - stored.credited_minor) {
      return absl::FailedPreconditionError(
          absl::StrCat("total ", invoice.total_minor, " ", stored.currency,
                       " of invoice '", stored.number, "' is below the ",
                       stored.paid_minor + stored.credited_minor, " ",
                       stored.currency, " already paid or credited"));
    }
    std::optional<InvoiceRecord> updated;
    {
      SqlQuery update(session, absl::StrCat(kUpdateInvoice, kInvoiceColumns));
      update.Use("id", id).Use("version", version);
      values.BindTo(update);
      RELANCE_ASSIGN_OR_RETURN(updated, FetchOne<InvoiceRow>(update));
    }
    if (!updated.has_value()) {
      return MissingOrModified(session, "invoices", kInvoiceNoun, id, version);
    }
    RELANCE_RETURN_IF_ERROR(
        RecordChange(session, change, kUpdateAction, InvoiceSubject(*updated)));
    return *std::move(updated);
  });
}

absl::StatusOr<SettlementResult> SqlInvoiceRepository::AddSettlement(
    const SettlementRecord& settlement, absl::string_view request_id,
    absl::Time now) {
  if (settlement.amount_minor <= 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "settlement amount must be positive, not ", settlement.amount_minor));
  }
  RELANCE_RETURN_IF_ERROR(CheckStorableDay(settlement.date, "date"));
  const std::string request(request_id);
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<SettlementResult> {
        return AddSettlementIn(session, *rules_, settlement, request, now);
      });
}

absl::StatusOr<ClaimsRecorded> SqlInvoiceRepository::RecordClaims(
    std::int64_t invoice_id, std::int64_t expected_version,
    const std::optional<SettlementRecord>& settlement,
    const std::vector<ClaimEntryRecord>& entries,
    const InteractionRecord& timeline_entry, absl::string_view request_id,
    absl::Time now) {
  for (const ClaimEntryRecord& entry : entries) {
    if (entry.invoice_id != invoice_id || entry.amount_minor <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("a claim entry must be of invoice ", invoice_id,
                       " and positive, not of invoice ", entry.invoice_id,
                       " for ", entry.amount_minor));
    }
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(entry.date, "date"));
  }
  if (settlement.has_value()) {
    if (settlement->invoice_id != invoice_id || settlement->amount_minor <= 0) {
      return absl::InvalidArgumentError(
          "the settlement must be of the invoice and positive");
    }
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(settlement->date, "date"));
  }
  const std::string request(request_id);
  const long long id = invoice_id;
  const long long version = expected_version;
  const long long now_column = TimeToColumn(now);
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<ClaimsRecorded> {
        if (!request.empty()) {
          RELANCE_ASSIGN_OR_RETURN(std::optional<ClaimsRecorded> original,
                                   FindClaimsByRequestIdIn(session, request));
          if (original.has_value()) return *std::move(original);
        }
        {
          SqlQuery bump(session,
                        absl::StrCat(kBumpInvoiceVersion, kInvoiceColumns));
          bump.Use("now", now_column).Use("id", id).Use("version", version);
          RELANCE_ASSIGN_OR_RETURN(std::optional<InvoiceRecord> bumped,
                                   FetchOne<InvoiceRow>(bump));
          if (!bumped.has_value()) {
            return MissingOrModified(session, "invoices", kInvoiceNoun, id,
                                     version);
          }
        }
        ClaimsRecorded recorded;
        std::optional<std::int64_t> settlement_id;
        if (settlement.has_value()) {
          RELANCE_ASSIGN_OR_RETURN(
              SettlementResult settled,
              AddSettlementIn(session, *rules_, *settlement, request, now));
          settlement_id = settled.settlement.id;
          recorded.settlement = std::move(settled.settlement);
        }
        for (ClaimEntryRecord entry : entries) {
          entry.settlement_id = settlement_id;
          RELANCE_ASSIGN_OR_RETURN(
              ClaimEntryRecord inserted,
              InsertClaimEntry(session, entry, request, now));
          recorded.entries.push_back(std::move(inserted));
        }
        if (!entries.empty()) {
          RELANCE_RETURN_IF_ERROR(
              AppendInteractionIn(session, timeline_entry, now).status());
        }
        RELANCE_ASSIGN_OR_RETURN(recorded.invoice, GetInvoice(session, id));
        return recorded;
      });
}

absl::StatusOr<std::optional<ClaimsRecorded>>
SqlInvoiceRepository::FindClaimsByRequestId(absl::string_view request_id) {
  const std::string request(request_id);
  if (request.empty()) return std::nullopt;
  return runner_->Read([&](soci::session& session) {
    return FindClaimsByRequestIdIn(session, request);
  });
}

absl::StatusOr<std::vector<SettlementRecord>>
SqlInvoiceRepository::ListSettlements(std::int64_t invoice_id) {
  const long long id = invoice_id;
  return runner_->Read([&](soci::session& session)
                           -> absl::StatusOr<std::vector<SettlementRecord>> {
    SqlQuery query(session, absl::StrCat("SELECT ", kSettlementColumns,
                                         kSettlementsOfInvoice));
    query.Use("invoice_id", id);
    return FetchAll<SettlementRow>(query);
  });
}

absl::StatusOr<InvoiceWithSettlementsRecord>
SqlInvoiceRepository::GetWithSettlements(std::int64_t id) {
  const long long invoice_id = id;
  return runner_->Snapshot([&](soci::session& session)
                               -> absl::StatusOr<InvoiceWithSettlementsRecord> {
    InvoiceWithSettlementsRecord read;
    RELANCE_ASSIGN_OR_RETURN(read.invoice, GetInvoice(session, invoice_id));
    SqlQuery query(session, absl::StrCat("SELECT ", kSettlementColumns,
                                         kSettlementsOfInvoice));
    query.Use("invoice_id", invoice_id);
    RELANCE_ASSIGN_OR_RETURN(read.settlements, FetchAll<SettlementRow>(query));
    RELANCE_ASSIGN_OR_RETURN(read.claim_entries,
                             ClaimEntriesOfInvoice(session, invoice_id));
    return read;
  });
}

absl::StatusOr<ImportBatchResult> SqlInvoiceRepository::ImportBatch(
    const std::vector<ImportRow>& rows, const ImportOptions& options,
    const Change& change) {
  for (const ImportRow& row : rows) {
    RELANCE_RETURN_IF_ERROR(
        CheckStorableDay(row.invoice.issue_date, "issue_date"));
    RELANCE_RETURN_IF_ERROR(CheckStorableDay(row.invoice.due_date, "due_date"));
    RELANCE_RETURN_IF_ERROR(CheckStorableList(row.client.postal_address_lines,
                                              kPostalAddressSeparator,
                                              "postal_address_lines"));
    RELANCE_RETURN_IF_ERROR(CheckStorableList(row.client.cc_emails,
                                              kCcEmailsSeparator, "cc_emails"));
  }
  if (rows.empty()) return ImportBatchResult{};
  const Dialect dialect = runner_->dialect();
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<ImportBatchResult> {
        RELANCE_ASSIGN_OR_RETURN(
            ImportBatchResult result,
            ImportInvoices(session, dialect, rows, options, change.now));
        const std::string subject = ImportSubject(result);
        if (!subject.empty()) {
          RELANCE_RETURN_IF_ERROR(
              RecordChange(session, change, kImportAction, subject));
        }
        return result;
      });
}

}  // namespace relance::storage
