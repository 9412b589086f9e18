#include "storage/policy_repository.h"

#include <soci/soci.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/change_log_repository.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/records.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

constexpr char kPolicyColumns[] =
    "id, name, description, grouping_mode, send_window_start_min, "
    "send_window_end_min, is_default, version, create_time_us, update_time_us";

// An insert that meets an existing request_id or name does nothing and returns
// no row; the caller then finds out which of the two it met.
constexpr char kInsertPolicy[] =
    "INSERT INTO policies (request_id, name, description, grouping_mode, "
    "send_window_start_min, send_window_end_min, is_default, version, "
    "create_time_us, update_time_us) VALUES (NULLIF(:request_id, ''), :name, "
    ":description, :grouping, :window_start, :window_end, 0, 1, :now, :now) "
    "ON CONFLICT DO NOTHING RETURNING ";

constexpr char kUpdatePolicy[] =
    "UPDATE policies SET name = :name, description = :description, "
    "grouping_mode = :grouping, send_window_start_min = :window_start, "
    "send_window_end_min = :window_end, version = version + 1, "
    "update_time_us = :now WHERE id = :id AND version = :version RETURNING ";

// Fees and minimums absent are NULL in the table; the CASTs keep PostgreSQL
// from inferring a 32-bit parameter from the literal 0.
constexpr char kInsertStep[] =
    "INSERT INTO policy_steps (policy_id, position, step_key, offset_days, "
    "min_gap_days, channels, template_key, actor, fee_fixed_minor, "
    "fee_currency, fee_percent_bp, formal_notice, notice_deadline_days, "
    "hand_over) VALUES (:policy_id, :position, :step_key, :offset_days, "
    ":min_gap_days, :channels, :template_key, :actor, "
    "NULLIF(CAST(:fee_fixed_minor AS BIGINT), 0), NULLIF(:fee_currency, ''), "
    "NULLIF(:fee_percent_bp, 0), :formal_notice, :notice_deadline_days, "
    ":hand_over)";
constexpr char kInsertMinimum[] =
    "INSERT INTO policy_step_minimums (policy_id, position, currency, "
    "min_outstanding_minor) VALUES (:policy_id, :position, :currency, "
    ":minor)";
constexpr char kDeleteMinimums[] =
    "DELETE FROM policy_step_minimums WHERE policy_id = :policy_id";
constexpr char kDeleteSteps[] =
    "DELETE FROM policy_steps WHERE policy_id = :policy_id";

constexpr char kPolicyById[] = " FROM policies WHERE id = :id";
constexpr char kPolicyByRequestId[] =
    " FROM policies WHERE request_id = :request_id";
constexpr char kDefaultPolicy[] = " FROM policies WHERE is_default = 1";
constexpr char kPoliciesAfterId[] =
    " FROM policies WHERE id > :after_id ORDER BY id LIMIT :limit";
constexpr char kNameTakenByAnother[] =
    "SELECT id FROM policies WHERE name = :name AND id <> :id";

// Serialises SetDefault on PostgreSQL: a concurrent one waits here until the
// first commits, and its next statements then see the default it set.
constexpr char kLockDefault[] =
    "SELECT id FROM policies WHERE is_default = 1 FOR UPDATE";
constexpr char kClearDefault[] =
    "UPDATE policies SET is_default = 0, version = version + 1, "
    "update_time_us = :now WHERE is_default = 1";
constexpr char kMakeDefault[] =
    "UPDATE policies SET is_default = 1, version = version + 1, "
    "update_time_us = :now WHERE id = :id RETURNING ";

constexpr char kClientReference[] =
    "SELECT reference FROM clients WHERE id = :id";
constexpr char kAssignPolicy[] =
    "UPDATE clients SET policy_id = NULLIF(CAST(:policy_id AS BIGINT), 0), "
    "version = version + 1, update_time_us = :now WHERE id = :id";

// Marking an invoice for the engine's next run.
constexpr char kMarkInvoicesOfClients[] =
    "UPDATE invoices SET next_action_us = 0 WHERE status = 'open' AND "
    "client_id IN (SELECT id FROM clients WHERE ";
constexpr char kMarkInvoicesOfClient[] =
    "UPDATE invoices SET next_action_us = 0 "
    "WHERE status = 'open' AND client_id = :client_id";

constexpr char kPolicyNoun[] = "policy";
constexpr char kCreateAction[] = "policy.create";
constexpr char kUpdateAction[] = "policy.update";
constexpr char kSetDefaultAction[] = "policy.set_default";
constexpr char kAssignAction[] = "policy.assign";

std::string PolicySubject(const PolicyRecord& policy) {
  return absl::StrCat("policy ", policy.name);
}

struct PolicyRow {
  using Record = PolicyRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(id));
    statement.exchange(soci::into(name));
    statement.exchange(soci::into(description));
    statement.exchange(soci::into(grouping));
    statement.exchange(soci::into(window_start));
    statement.exchange(soci::into(window_end));
    statement.exchange(soci::into(is_default));
    statement.exchange(soci::into(version));
    statement.exchange(soci::into(create_time_us));
    statement.exchange(soci::into(update_time_us));
  }

  // Without its steps: AttachSteps reads them.
  absl::StatusOr<PolicyRecord> ToRecord() const {
    PolicyRecord record;
    record.id = id;
    record.name = name;
    record.description = description;
    RELANCE_ASSIGN_OR_RETURN(record.grouping, GroupingFromColumn(grouping));
    record.send_window_start_minute = window_start;
    record.send_window_end_minute = window_end;
    record.is_default = is_default != 0;
    record.version = version;
    record.create_time = TimeFromColumn(create_time_us);
    record.update_time = TimeFromColumn(update_time_us);
    return record;
  }

  long long id = 0;
  std::string name;
  std::string description;
  std::string grouping;
  int window_start = 0;
  int window_end = 0;
  int is_default = 0;
  long long version = 0;
  long long create_time_us = 0;
  long long update_time_us = 0;
};

// "(1,2,3)": the ids of rows this process read, safe to inline.
std::string IdList(const std::vector<long long>& ids) {
  return absl::StrCat("(", absl::StrJoin(ids, ","), ")");
}

// Reads the steps of `policies` (in position order, minimums in currency
// order).
absl::Status AttachSteps(soci::session& session,
                         std::vector<PolicyRecord>& policies) {
  if (policies.empty()) return absl::OkStatus();
  std::vector<long long> ids;
  absl::flat_hash_map<long long, PolicyRecord*> by_id;
  for (PolicyRecord& policy : policies) {
    ids.push_back(policy.id);
    by_id[policy.id] = &policy;
  }
  const std::string id_list = IdList(ids);
  // (policy id, position) -> the step.
  absl::flat_hash_map<std::pair<long long, int>, PolicyStepRecord*> steps;
  {
    long long policy_id = 0;
    int position = 0;
    std::string key;
    int offset_days = 0;
    int min_gap_days = 0;
    std::string channels;
    std::string template_key;
    std::string actor;
    long long fee_fixed_minor = 0;
    std::string fee_currency;
    int fee_percent_bp = 0;
    int formal_notice = 0;
    int notice_deadline_days = 0;
    int hand_over = 0;
    SqlQuery query(
        session,
        absl::StrCat(
            "SELECT policy_id, position, step_key, offset_days, "
            "min_gap_days, channels, template_key, actor, "
            "COALESCE(fee_fixed_minor, 0), COALESCE(fee_currency, ''), "
            "COALESCE(fee_percent_bp, 0), formal_notice, "
            "notice_deadline_days, hand_over FROM policy_steps "
            "WHERE policy_id IN ",
            id_list, " ORDER BY policy_id, position"));
    query.Into(policy_id)
        .Into(position)
        .Into(key)
        .Into(offset_days)
        .Into(min_gap_days)
        .Into(channels)
        .Into(template_key)
        .Into(actor)
        .Into(fee_fixed_minor)
        .Into(fee_currency)
        .Into(fee_percent_bp)
        .Into(formal_notice)
        .Into(notice_deadline_days)
        .Into(hand_over);
    for (bool found = query.Execute(); found; found = query.Next()) {
      PolicyStepRecord step;
      step.key = key;
      step.offset_days = offset_days;
      step.min_gap_days = min_gap_days;
      RELANCE_ASSIGN_OR_RETURN(step.channels, ChannelsFromColumn(channels));
      step.template_key = template_key;
      RELANCE_ASSIGN_OR_RETURN(step.actor, ActorFromColumn(actor));
      if (fee_fixed_minor > 0) {
        step.fee_fixed =
            CurrencyAmount{.currency = fee_currency, .minor = fee_fixed_minor};
      }
      if (fee_percent_bp > 0) step.fee_percent_bp = fee_percent_bp;
      step.formal_notice = formal_notice != 0;
      step.notice_deadline_days = notice_deadline_days;
      step.hand_over = hand_over != 0;
      by_id.at(policy_id)->steps.push_back(std::move(step));
    }
  }
  // The vectors are complete: pointers into them stay valid from here.
  for (PolicyRecord& policy : policies) {
    for (std::size_t i = 0; i < policy.steps.size(); ++i) {
      steps[{policy.id, static_cast<int>(i)}] = &policy.steps[i];
    }
  }
  long long policy_id = 0;
  int position = 0;
  std::string currency;
  long long minor = 0;
  SqlQuery query(
      session,
      absl::StrCat("SELECT policy_id, position, currency, "
                   "min_outstanding_minor FROM policy_step_minimums "
                   "WHERE policy_id IN ",
                   id_list, " ORDER BY policy_id, position, currency"));
  query.Into(policy_id).Into(position).Into(currency).Into(minor);
  for (bool found = query.Execute(); found; found = query.Next()) {
    auto step = steps.find(std::make_pair(policy_id, position));
    if (step == steps.end()) {
      return absl::InternalError(absl::StrCat("minimum of policy ", policy_id,
                                              " for missing step ", position));
    }
    step->second->min_outstanding.push_back(
        CurrencyAmount{.currency = currency, .minor = minor});
  }
  return absl::OkStatus();
}

// The policy the query (selecting kPolicyColumns, inputs bound) returns, with
// its steps.
absl::StatusOr<std::optional<PolicyRecord>> FetchPolicy(soci::session& session,
                                                        SqlQuery& query) {
  RELANCE_ASSIGN_OR_RETURN(std::optional<PolicyRecord> policy,
                           FetchOne<PolicyRow>(query));
  if (!policy.has_value()) return std::nullopt;
  std::vector<PolicyRecord> policies;
  policies.push_back(*std::move(policy));
  RELANCE_RETURN_IF_ERROR(AttachSteps(session, policies));
  return std::move(policies.front());
}

absl::StatusOr<std::optional<PolicyRecord>> FindPolicy(soci::session& session,
                                                       long long id) {
  SqlQuery query(session, absl::StrCat("SELECT ", kPolicyColumns, kPolicyById));
  query.Use("id", id);
  return FetchPolicy(session, query);
}

absl::StatusOr<PolicyRecord> GetPolicy(soci::session& session, long long id) {
  RELANCE_ASSIGN_OR_RETURN(std::optional<PolicyRecord> policy,
                           FindPolicy(session, id));
  if (!policy.has_value()) return NotFound(kPolicyNoun, id);
  return *std::move(policy);
}

absl::StatusOr<PolicyRecord> GetDefaultPolicy(soci::session& session) {
  SqlQuery query(session,
                 absl::StrCat("SELECT ", kPolicyColumns, kDefaultPolicy));
  RELANCE_ASSIGN_OR_RETURN(std::optional<PolicyRecord> policy,
                           FetchPolicy(session, query));
  if (!policy.has_value()) return absl::NotFoundError("no default policy");
  return *std::move(policy);
}

absl::StatusOr<std::optional<PolicyRecord>> FindByRequestId(
    soci::session& session, const std::string& request_id) {
  SqlQuery query(session,
                 absl::StrCat("SELECT ", kPolicyColumns, kPolicyByRequestId));
  query.Use("request_id", request_id);
  return FetchPolicy(session, query);
}

// INVALID_ARGUMENT for what the tables cannot hold, or could not give back as
// it was given.
absl::Status CheckPolicy(const PolicyRecord& policy) {
  absl::flat_hash_set<absl::string_view> keys;
  for (const PolicyStepRecord& step : policy.steps) {
    if (!keys.insert(step.key).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("step key '", step.key, "' appears twice"));
    }
    absl::flat_hash_set<absl::string_view> currencies;
    for (const CurrencyAmount& minimum : step.min_outstanding) {
      if (!currencies.insert(minimum.currency).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            "step '", step.key, "' has two minimums in ", minimum.currency));
      }
    }
    if (step.fee_fixed.has_value() && step.fee_fixed->minor <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "step '", step.key, "' has a fixed fee that is not positive"));
    }
    if (step.fee_percent_bp.has_value() && *step.fee_percent_bp <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "step '", step.key, "' has a percentage fee that is not positive"));
    }
    if (step.fee_fixed.has_value() && step.fee_percent_bp.has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "step '", step.key, "' has both a fixed and a percentage fee"));
    }
  }
  return absl::OkStatus();
}

// The policy columns Create and Update write, bound by name.
struct PolicyValues {
  PolicyValues(const PolicyRecord& record, absl::Time write_time)
      : policy(record),
        grouping(EnumToColumn(record.grouping)),
        window_start(record.send_window_start_minute),
        window_end(record.send_window_end_minute),
        now(TimeToColumn(write_time)) {}

  void BindTo(SqlQuery& query) const {
    query.Use("name", policy.name)
        .Use("description", policy.description)
        .Use("grouping", grouping)
        .Use("window_start", window_start)
        .Use("window_end", window_end)
        .Use("now", now);
  }

  const PolicyRecord& policy;
  const std::string grouping;
  const int window_start;
  const int window_end;
  const long long now;
};

// Inserts the steps of `policy` under policy `policy_id`.
void InsertSteps(soci::session& session, long long policy_id,
                 const PolicyRecord& policy) {
  if (policy.steps.empty()) return;
  int position = 0;
  std::string key;
  int offset_days = 0;
  int min_gap_days = 0;
  std::string channels;
  std::string template_key;
  std::string actor;
  long long fee_fixed_minor = 0;
  std::string fee_currency;
  int fee_percent_bp = 0;
  int formal_notice = 0;
  int notice_deadline_days = 0;
  int hand_over = 0;
  std::string currency;
  long long minor = 0;
  SqlQuery insert_step(session, kInsertStep, SqlQuery::Reuse::kRepeated);
  insert_step.Use("policy_id", policy_id)
      .Use("position", position)
      .Use("step_key", key)
      .Use("offset_days", offset_days)
      .Use("min_gap_days", min_gap_days)
      .Use("channels", channels)
      .Use("template_key", template_key)
      .Use("actor", actor)
      .Use("fee_fixed_minor", fee_fixed_minor)
      .Use("fee_currency", fee_currency)
      .Use("fee_percent_bp", fee_percent_bp)
      .Use("formal_notice", formal_notice)
      .Use("notice_deadline_days", notice_deadline_days)
      .Use("hand_over", hand_over);
  SqlQuery insert_minimum(session, kInsertMinimum, SqlQuery::Reuse::kRepeated);
  insert_minimum.Use("policy_id", policy_id)
      .Use("position", position)
      .Use("currency", currency)
      .Use("minor", minor);
  for (const PolicyStepRecord& step : policy.steps) {
    key = step.key;
    offset_days = step.offset_days;
    min_gap_days = step.min_gap_days;
    channels = ChannelsToColumn(step.channels);
    template_key = step.template_key;
    actor = std::string(EnumToColumn(step.actor));
    fee_fixed_minor = step.fee_fixed.has_value() ? step.fee_fixed->minor : 0;
    fee_currency = step.fee_fixed.has_value() ? step.fee_fixed->currency : "";
    fee_percent_bp = step.fee_percent_bp.value_or(0);
    formal_notice = step.formal_notice ? 1 : 0;
    notice_deadline_days = step.notice_deadline_days;
    hand_over = step.hand_over ? 1 : 0;
    insert_step.Execute();
    for (const CurrencyAmount& minimum : step.min_outstanding) {
      currency = minimum.currency;
      minor = minimum.minor;
      insert_minimum.Execute();
    }
    ++position;
  }
}

// Marks for the engine's next run the open invoices of the clients that follow
// policy `policy_id`: those attached to it and, when it is the default, those
// attached to none.
void MarkInvoicesOfPolicy(soci::session& session, long long policy_id,
                          bool is_default) {
  SqlQuery mark(session,
                absl::StrCat(kMarkInvoicesOfClients, "policy_id = :policy_id",
                             is_default ? " OR policy_id IS NULL)" : ")"));
  mark.Use("policy_id", policy_id);
  mark.Execute();
}

}  // namespace

absl::StatusOr<PolicyRecord> SqlPolicyRepository::Create(
    const PolicyRecord& policy, absl::string_view request_id,
    const Change& change) {
  RELANCE_RETURN_IF_ERROR(CheckPolicy(policy));
  const std::string request(request_id);
  const PolicyValues values(policy, change.now);
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<PolicyRecord> {
        if (!request.empty()) {
          RELANCE_ASSIGN_OR_RETURN(std::optional<PolicyRecord> original,
                                   FindByRequestId(session, request));
          if (original.has_value()) return *std::move(original);
        }
        long long id = 0;
        bool created = false;
        {
          SqlQuery insert(session, absl::StrCat(kInsertPolicy, "id"));
          insert.Use("request_id", request).Into(id);
          values.BindTo(insert);
          created = insert.Execute();
        }
        if (!created) {
          // A concurrent Create committed first; on PostgreSQL the insert
          // waited for it.
          if (!request.empty()) {
            RELANCE_ASSIGN_OR_RETURN(std::optional<PolicyRecord> original,
                                     FindByRequestId(session, request));
            if (original.has_value()) return *std::move(original);
          }
          return absl::AlreadyExistsError(
              absl::StrCat("policy name '", policy.name, "' already exists"));
        }
        InsertSteps(session, id, policy);
        RELANCE_ASSIGN_OR_RETURN(PolicyRecord stored, GetPolicy(session, id));
        RELANCE_RETURN_IF_ERROR(RecordChange(session, change, kCreateAction,
                                             PolicySubject(stored)));
        return stored;
      });
}

absl::StatusOr<PolicyRecord> SqlPolicyRepository::Get(std::int64_t id) {
  const long long policy_id = id;
  return runner_->Read(
      [&](soci::session& session) { return GetPolicy(session, policy_id); });
}

absl::StatusOr<PolicyRecord> SqlPolicyRepository::GetDefault() {
  return runner_->Read(
      [&](soci::session& session) { return GetDefaultPolicy(session); });
}

absl::StatusOr<Page<PolicyRecord>> SqlPolicyRepository::List(
    const PageRequest& page) {
  RELANCE_RETURN_IF_ERROR(CheckPageRequest(page));
  const long long after_id = page.after_id;
  const long long limit = PageQueryLimit(page);
  // Without a transaction, like Get: the steps are read by a second statement,
  // which may see a later version of a policy updated meanwhile.
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<Page<PolicyRecord>> {
        std::vector<PolicyRecord> rows;
        {
          SqlQuery query(session, absl::StrCat("SELECT ", kPolicyColumns,
                                               kPoliciesAfterId));
          query.Use("after_id", after_id).Use("limit", limit);
          RELANCE_ASSIGN_OR_RETURN(rows, FetchAll<PolicyRow>(query));
        }
        Page<PolicyRecord> result = ToPage(std::move(rows), page);
        RELANCE_RETURN_IF_ERROR(AttachSteps(session, result.items));
        return result;
      });
}

absl::StatusOr<PolicyRecord> SqlPolicyRepository::Update(
    const PolicyRecord& policy, const Change& change) {
  RELANCE_RETURN_IF_ERROR(CheckPolicy(policy));
  const long long id = policy.id;
  const long long version = policy.version;
  const PolicyValues values(policy, change.now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<PolicyRecord> {
    // NOT_FOUND and ABORTED before ALREADY_EXISTS.
    {
      long long stored_version = 0;
      SqlQuery query(session, "SELECT version FROM policies WHERE id = :id");
      query.Use("id", id).Into(stored_version);
      if (!query.Execute()) return NotFound(kPolicyNoun, id);
      if (stored_version != version) {
        return ModifiedConcurrently(kPolicyNoun, id, version, stored_version);
      }
    }
    {
      long long other = 0;
      SqlQuery query(session, kNameTakenByAnother);
      query.Use("name", policy.name).Use("id", id).Into(other);
      if (query.Execute()) {
        return absl::AlreadyExistsError(
            absl::StrCat("policy name '", policy.name, "' already exists"));
      }
    }
    std::optional<PolicyRecord> updated;
    {
      SqlQuery update(session, absl::StrCat(kUpdatePolicy, kPolicyColumns));
      update.Use("id", id).Use("version", version);
      values.BindTo(update);
      RELANCE_ASSIGN_OR_RETURN(updated, FetchOne<PolicyRow>(update));
    }
    if (!updated.has_value()) {
      return MissingOrModified(session, "policies", kPolicyNoun, id, version);
    }
    {
      SqlQuery delete_minimums(session, kDeleteMinimums);
      delete_minimums.Use("policy_id", id);
      delete_minimums.Execute();
    }
    {
      SqlQuery delete_steps(session, kDeleteSteps);
      delete_steps.Use("policy_id", id);
      delete_steps.Execute();
    }
    InsertSteps(session, id, policy);
    MarkInvoicesOfPolicy(session, id, updated->is_default);
    RELANCE_ASSIGN_OR_RETURN(PolicyRecord stored, GetPolicy(session, id));
    RELANCE_RETURN_IF_ERROR(
        RecordChange(session, change, kUpdateAction, PolicySubject(stored)));
    return stored;
  });
}

absl::StatusOr<PolicyRecord> SqlPolicyRepository::SetDefault(
    std::int64_t id, const Change& change) {
  const long long policy_id = id;
  const long long now_column = TimeToColumn(change.now);
  const Dialect dialect = runner_->dialect();
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<PolicyRecord> {
        if (dialect == Dialect::kPostgresql) {
          long long locked = 0;
          SqlQuery lock(session, kLockDefault);
          lock.Into(locked);
          for (bool found = lock.Execute(); found; found = lock.Next()) {
          }
        }
        RELANCE_ASSIGN_OR_RETURN(PolicyRecord policy,
                                 GetPolicy(session, policy_id));
        // Nothing changes, so there is nothing to record.
        if (policy.is_default) return policy;
        {
          SqlQuery clear(session, kClearDefault);
          clear.Use("now", now_column);
          clear.Execute();
        }
        {
          long long made = 0;
          SqlQuery make(session, absl::StrCat(kMakeDefault, "id"));
          make.Use("now", now_column).Use("id", policy_id).Into(made);
          make.Execute();
        }
        {
          SqlQuery mark(session, absl::StrCat(kMarkInvoicesOfClients,
                                              "policy_id IS NULL)"));
          mark.Execute();
        }
        RELANCE_ASSIGN_OR_RETURN(PolicyRecord made_default,
                                 GetPolicy(session, policy_id));
        RELANCE_RETURN_IF_ERROR(RecordChange(session, change, kSetDefaultAction,
                                             PolicySubject(made_default)));
        return made_default;
      });
}

absl::StatusOr<PolicyRecord> SqlPolicyRepository::Assign(std::int64_t client_id,
                                                         std::int64_t policy_id,
                                                         const Change& change) {
  const long long client = client_id;
  const long long policy = policy_id;
  const long long now_column = TimeToColumn(change.now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<PolicyRecord> {
    std::string reference;
    {
      SqlQuery query(session, kClientReference);
      query.Use("id", client).Into(reference);
      if (!query.Execute()) return NotFound("client", client);
    }
    std::optional<PolicyRecord> followed;
    if (policy != 0) {
      RELANCE_ASSIGN_OR_RETURN(followed, GetPolicy(session, policy));
    }
    {
      SqlQuery assign(session, kAssignPolicy);
      assign.Use("policy_id", policy).Use("now", now_column).Use("id", client);
      assign.Execute();
    }
    {
      SqlQuery mark(session, kMarkInvoicesOfClient);
      mark.Use("client_id", client);
      mark.Execute();
    }
    RELANCE_RETURN_IF_ERROR(RecordChange(
        session, change, kAssignAction,
        absl::StrCat("client ", reference, ": ",
                     followed.has_value() ? PolicySubject(*followed)
                                          : "no policy of its own")));
    if (followed.has_value()) return *std::move(followed);
    return GetDefaultPolicy(session);
  });
}

}  // namespace relance::storage
