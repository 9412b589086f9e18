#include "storage/client_repository.h"

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/change_log_repository.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/records.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_rows.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

// An insert that meets an existing request_id or reference does nothing and
// returns no row; the caller then finds out which of the two it met.
constexpr char kInsertClient[] =
    "INSERT INTO clients (request_id, reference, name, kind, email, phone, "
    "legal_id, vat_number, language, time_zone, owner, payment_method, "
    "dunning_blocked_until, dunning_block_reason, contract_interest_rate_bp, "
    "postal_address, cc_emails, version, create_time_us, update_time_us) "
    "VALUES (NULLIF(:request_id, ''), :reference, :name, :kind, :email, "
    ":phone, :legal_id, :vat_number, :language, :time_zone, :owner, "
    ":payment_method, :blocked_until, :block_reason, "
    "NULLIF(:contract_rate, -1), :postal_address, :cc_emails, 1, :now, :now) "
    "ON CONFLICT DO NOTHING RETURNING ";

constexpr char kUpdateClient[] =
    "UPDATE clients SET name = :name, kind = :kind, email = :email, "
    "phone = :phone, legal_id = :legal_id, vat_number = :vat_number, "
    "language = :language, time_zone = :time_zone, owner = :owner, "
    "payment_method = :payment_method, dunning_blocked_until = :blocked_until, "
    "dunning_block_reason = :block_reason, "
    "contract_interest_rate_bp = NULLIF(:contract_rate, -1), "
    "postal_address = :postal_address, cc_emails = :cc_emails, "
    "version = version + 1, update_time_us = :now "
    "WHERE id = :id AND version = :version RETURNING ";

// What the engine must do about a client's open invoices may change with any
// of its fields (block, payment method, time zone...): its next run looks at
// them again.
constexpr char kMarkOpenInvoices[] =
    "UPDATE invoices SET next_action_us = 0 "
    "WHERE client_id = :client_id AND status = 'open'";

constexpr char kClientById[] = " FROM clients WHERE id = :id";
constexpr char kClientByRequestId[] =
    " FROM clients WHERE request_id = :request_id";
constexpr char kClientsAfterId[] = " FROM clients WHERE id > :after_id";
constexpr char kAndReference[] = " AND reference = :reference";
constexpr char kAndClientOwner[] = " AND owner = :owner";

constexpr char kClientNoun[] = "client";
constexpr char kCreateAction[] = "client.create";
constexpr char kUpdateAction[] = "client.update";

std::string ClientSubject(const ClientRecord& client) {
  return absl::StrCat("client ", client.reference);
}

absl::StatusOr<std::optional<ClientRecord>> FindByRequestId(
    soci::session& session, const std::string& request_id) {
  SqlQuery query(session,
                 absl::StrCat("SELECT ", kClientColumns, kClientByRequestId));
  query.Use("request_id", request_id);
  return FetchOne<ClientRow>(query);
}

// The values of the columns a client's Create and Update write, bound by name.
struct ClientValues {
  ClientValues(const ClientRecord& record, absl::Time write_time)
      : client(record),
        kind(EnumToColumn(record.kind)),
        payment_method(EnumToColumn(record.payment_method)),
        blocked_until(OptionalDayToColumn(record.dunning_blocked_until)),
        contract_rate(record.contract_interest_rate_bp.value_or(-1)),
        postal_address(
            ListToColumn(record.postal_address_lines, kPostalAddressSeparator)),
        cc_emails(ListToColumn(record.cc_emails, kCcEmailsSeparator)),
        now(TimeToColumn(write_time)) {}

  // INVALID_ARGUMENT for values the schema cannot hold: the NULLIF sentinel
  // -1 must not be taken for "none", and list items must read back as
  // written.
  static absl::Status Check(const ClientRecord& client) {
    if (client.contract_interest_rate_bp.has_value() &&
        *client.contract_interest_rate_bp < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("contract_interest_rate_bp must not be negative, not ",
                       *client.contract_interest_rate_bp));
    }
    RELANCE_RETURN_IF_ERROR(CheckStorableList(client.postal_address_lines,
                                              kPostalAddressSeparator,
                                              "postal_address_lines"));
    RELANCE_RETURN_IF_ERROR(
        CheckStorableList(client.cc_emails, kCcEmailsSeparator, "cc_emails"));
    return CheckStorableDay(client.dunning_blocked_until,
                            "dunning_blocked_until");
  }

  void BindTo(SqlQuery& query) const {
    query.Use("name", client.name)
        .Use("kind", kind)
        .Use("email", client.email)
        .Use("phone", client.phone)
        .Use("legal_id", client.legal_id)
        .Use("vat_number", client.vat_number)
        .Use("language", client.language)
        .Use("time_zone", client.time_zone)
        .Use("owner", client.owner)
        .Use("payment_method", payment_method)
        .Use("blocked_until", blocked_until)
        .Use("block_reason", client.dunning_block_reason)
        .Use("contract_rate", contract_rate)
        .Use("postal_address", postal_address)
        .Use("cc_emails", cc_emails)
        .Use("now", now);
  }

  const ClientRecord& client;
  const std::string kind;
  const std::string payment_method;
  const std::string blocked_until;
  const long long contract_rate;
  const std::string postal_address;
  const std::string cc_emails;
  const long long now;
};

}  // namespace

absl::StatusOr<ClientRecord> SqlClientRepository::Create(
    const ClientRecord& client, absl::string_view request_id,
    const Change& change) {
  RELANCE_RETURN_IF_ERROR(ClientValues::Check(client));
  const std::string request(request_id);
  const ClientValues values(client, change.now);
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<ClientRecord> {
        if (!request.empty()) {
          RELANCE_ASSIGN_OR_RETURN(std::optional<ClientRecord> original,
                                   FindByRequestId(session, request));
          if (original.has_value()) return *std::move(original);
        }
        std::optional<ClientRecord> created;
        {
          SqlQuery insert(session, absl::StrCat(kInsertClient, kClientColumns));
          insert.Use("request_id", request).Use("reference", client.reference);
          values.BindTo(insert);
          RELANCE_ASSIGN_OR_RETURN(created, FetchOne<ClientRow>(insert));
        }
        if (created.has_value()) {
          RELANCE_RETURN_IF_ERROR(RecordChange(session, change, kCreateAction,
                                               ClientSubject(*created)));
          return *std::move(created);
        }
        // A concurrent Create committed first; on PostgreSQL the insert waited
        // for it.
        if (!request.empty()) {
          RELANCE_ASSIGN_OR_RETURN(std::optional<ClientRecord> original,
                                   FindByRequestId(session, request));
          if (original.has_value()) return *std::move(original);
        }
        return absl::AlreadyExistsError(absl::StrCat(
            "client reference '", client.reference, "' already exists"));
      });
}

absl::StatusOr<ClientRecord> SqlClientRepository::Get(std::int64_t id) {
  const long long client_id = id;
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<ClientRecord> {
        SqlQuery query(session,
                       absl::StrCat("SELECT ", kClientColumns, kClientById));
        query.Use("id", client_id);
        RELANCE_ASSIGN_OR_RETURN(std::optional<ClientRecord> client,
                                 FetchOne<ClientRow>(query));
        if (!client.has_value()) return NotFound(kClientNoun, client_id);
        return *std::move(client);
      });
}

absl::StatusOr<Page<ClientRecord>> SqlClientRepository::List(
    const ClientFilter& filter, const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const long long after_id = page.after_id;
  const long long limit = PageQueryLimit(page);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<ClientRecord>> {
        std::string sql =
            absl::StrCat("SELECT ", kClientColumns, kClientsAfterId);
        if (filter.reference.has_value()) absl::StrAppend(&sql, kAndReference);
        if (filter.owner.has_value()) absl::StrAppend(&sql, kAndClientOwner);
        absl::StrAppend(&sql, kPageOrder);
        SqlQuery query(session, std::move(sql));
        query.Use("after_id", after_id).Use("limit", limit);
        if (filter.reference.has_value())
          query.Use("reference", *filter.reference);
        if (filter.owner.has_value()) query.Use("owner", *filter.owner);
        RELANCE_ASSIGN_OR_RETURN(std::vector<ClientRecord> rows,
                                 FetchAll<ClientRow>(query));
        return ToPage(std::move(rows), page);
      });
}

absl::StatusOr<ClientRecord> SqlClientRepository::Update(
    const ClientRecord& client, const Change& change) {
  RELANCE_RETURN_IF_ERROR(ClientValues::Check(client));
  const long long id = client.id;
  const long long version = client.version;
  const ClientValues values(client, change.now);
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<ClientRecord> {
        std::optional<ClientRecord> updated;
        {
          SqlQuery update(session, absl::StrCat(kUpdateClient, kClientColumns));
          update.Use("id", id).Use("version", version);
          values.BindTo(update);
          RELANCE_ASSIGN_OR_RETURN(updated, FetchOne<ClientRow>(update));
        }
        if (!updated.has_value()) {
          return MissingOrModified(session, "clients", kClientNoun, id,
                                   version);
        }
        {
          SqlQuery mark(session, kMarkOpenInvoices);
          mark.Use("client_id", id);
          mark.Execute();
        }
        RELANCE_RETURN_IF_ERROR(RecordChange(session, change, kUpdateAction,
                                             ClientSubject(*updated)));
        return *std::move(updated);
      });
}

}  // namespace relance::storage
