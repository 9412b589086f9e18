#include "server/domain/dunning_engine.h"

// DunningEngine: the runs, each a sequence of due batches the planner plans.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "proto/relance/money_text.h"
#include "server/domain/dates.h"
#include "server/domain/limitation.h"
#include "server/domain/penalties.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/events.h"

namespace relance {
namespace {

using storage::DunningCandidate;
using storage::InvoicePlan;

// The book's home zone (Europe/Paris), whose today bounds the runs as of a
// date.
absl::TimeZone BookZone() { return *LoadClientTimeZone(""); }

// The rates of the half-year holding `day` the table lacks, by the kind of
// debtor whose penalties need them: the ECB rate for businesses, the legal
// rate for consumers (see penalties.h); each with the warning that says so.
absl::flat_hash_map<storage::ClientKind, std::string> MissingRates(
    const std::vector<storage::PenaltyRateRecord>& table, absl::CivilDay day) {
  const absl::CivilDay from = HalfYearStart(day);
  struct Needed {
    storage::ClientKind debtor;
    storage::PenaltyRateKind rate;
    const char* rate_name;
    const char* debtors;
    const char* cli_kind;
  };
  constexpr Needed kNeeded[] = {
      {storage::ClientKind::kB2B, storage::PenaltyRateKind::kEcbMainRefinancing,
       "ECB main refinancing rate", "businesses", "ecb"},
      {storage::ClientKind::kB2C, storage::PenaltyRateKind::kLegal,
       "legal interest rate", "consumers", "legal"},
  };
  absl::flat_hash_map<storage::ClientKind, std::string> missing;
  for (const Needed& needed : kNeeded) {
    const bool present = std::any_of(
        table.begin(), table.end(),
        [&](const storage::PenaltyRateRecord& rate) {
          return rate.kind == needed.rate && rate.effective_from == from;
        });
    if (present) continue;
    missing[needed.debtor] = absl::StrCat(
        "no ", needed.rate_name, " for ", HalfYearName(from),
        " (in force from ", FormatDate(from),
        ") in the rate table: the messages this run made due to ",
        needed.debtors,
        " claim no interest for its days; set it with: relance rate set "
        "--kind ",
        needed.cli_kind, " --from ", FormatDate(from), " --percent RATE");
  }
  return missing;
}

}  // namespace

DunningEngine::DunningEngine(Policies* policies,
                             storage::DunningRepository* repository,
                             const BusinessCalendar* calendar, Clock* clock,
                             ReminderDispatcher* dispatcher,
                             WorkflowSweep* sweep, int batch_size,
                             PlannerOptions options,
                             storage::PenaltyRateRepository* rates)
    : policies_(policies),
      repository_(repository),
      calendar_(calendar),
      clock_(clock),
      dispatcher_(dispatcher),
      sweep_(sweep),
      batch_size_(batch_size),
      options_(options),
      rates_(rates) {}

absl::StatusOr<DunningEngine::Result> DunningEngine::Preview(
    absl::CivilDay day) {
  const absl::Time now = clock_->Now();
  // A day still to come is shown as it will be; any other as a run now.
  const bool to_come = day > BusinessCalendar::LocalDay(now, BookZone());
  return Process(
      RunScope{
          .day = day,
          .clock_now = to_come ? std::nullopt : std::optional<absl::Time>(now)},
      /*dry_run=*/true);
}

absl::StatusOr<DunningEngine::Result> DunningEngine::Run(absl::CivilDay day) {
  const absl::Time now = clock_->Now();
  const absl::CivilDay today = BusinessCalendar::LocalDay(now, BookZone());
  if (day > today) {
    return absl::FailedPreconditionError(absl::StrCat(
        "as_of_date ", FormatDate(day), " is after today (", FormatDate(today),
        "): a run sends real messages now and cannot date them in the "
        "future; preview that day instead"));
  }
  return Process(RunScope{.day = day, .clock_now = now}, /*dry_run=*/false);
}

absl::StatusOr<DunningEngine::Result> DunningEngine::RunNow() {
  const absl::Time now = clock_->Now();
  return Process(RunScope{.day = absl::ToCivilDay(now, absl::UTCTimeZone()),
                          .now = now,
                          .clock_now = now},
                 /*dry_run=*/false);
}

absl::StatusOr<DunningEngine::Result> DunningEngine::Process(
    const RunScope& scope, bool dry_run) {
  RELANCE_ASSIGN_OR_RETURN(PolicyBook book, policies_->LoadBook());
  DunningPlanner planner(calendar_, &book, scope, options_);
  // A day, in the westernmost zone (UTC-12), ends at 12:00 UTC the next day.
  const absl::Time cutoff =
      scope.now.has_value() ? *scope.now
                            : absl::FromCivil(absl::CivilSecond(scope.day + 1),
                                              absl::UTCTimeZone()) +
                                  absl::Hours(12);
  // First, so that a promise broken or an instalment missed today is acted
  // on by this run. A preview leaves the workflow as it is.
  if (!dry_run && sweep_ != nullptr) {
    RELANCE_RETURN_IF_ERROR(sweep_->Sweep(scope.day, cutoff));
  }
  Result result;
  // The rates the messages of the run need that the table lacks, by debtor
  // kind; each told once, about the first invoice made due that needs it.
  // The messages are dated, and their interest counted, on the book's today;
  // a preview of a day to come, on that day.
  const absl::CivilDay rate_day =
      scope.clock_now.has_value()
          ? BusinessCalendar::LocalDay(*scope.clock_now, BookZone())
          : scope.day;
  absl::flat_hash_map<storage::ClientKind, std::string> missing_rates;
  if (rates_ != nullptr) {
    RELANCE_ASSIGN_OR_RETURN(std::vector<storage::PenaltyRateRecord> table,
                             rates_->List());
    missing_rates = MissingRates(table, rate_day);
  }
  absl::flat_hash_set<storage::ClientKind> told;
  // Invoices already handled in this run; one whose next action the run moved
  // to a time still within the run is not handled twice.
  absl::flat_hash_set<std::int64_t> handled;
  storage::DunningCursor cursor;
  while (true) {
    std::vector<DunningAction> batch_actions;
    std::vector<std::int64_t> batch_handled;
    absl::flat_hash_set<storage::ClientKind> batch_told;
    std::vector<std::string> batch_warnings;
    auto plan = [&](const std::vector<DunningCandidate>& candidates)
        -> absl::StatusOr<std::vector<InvoicePlan>> {
      batch_actions.clear();
      batch_handled.clear();
      batch_told.clear();
      batch_warnings.clear();
      std::vector<InvoicePlan> plans;
      plans.reserve(candidates.size());
      for (const DunningCandidate& candidate : candidates) {
        if (handled.contains(candidate.invoice.id)) continue;
        batch_handled.push_back(candidate.invoice.id);
        const size_t first_action = batch_actions.size();
        plans.push_back(planner.Plan(candidate, &batch_actions));
        if (plans.back().limitation_warning.has_value()) {
          batch_warnings.push_back(absl::StrCat(
              "invoice ", candidate.invoice.number, " (", candidate.client.name,
              "): ", plans.back().limitation_warning->summary));
        }
        const storage::ClientKind kind = candidate.client.kind;
        auto missing = missing_rates.find(kind);
        if (missing == missing_rates.end() || told.contains(kind) ||
            batch_told.contains(kind)) {
          continue;
        }
        const bool made_due =
            std::any_of(batch_actions.begin() + first_action,
                        batch_actions.end(), [](const DunningAction& action) {
                          return action.kind == DunningAction::Kind::kDue;
                        });
        if (!made_due) continue;
        batch_told.insert(kind);
        plans.back().events.push_back(
            {.kind = storage::event_kind::kRateMissing,
             .detail = missing->second,
             .day = HalfYearStart(rate_day)});
      }
      return plans;
    };
    RELANCE_ASSIGN_OR_RETURN(
        std::optional<storage::DunningCursor> next,
        repository_->ProcessDueBatch(cutoff, cursor, batch_size_, dry_run, plan,
                                     clock_->Now()));
    if (!next.has_value()) break;
    cursor = *next;
    handled.insert(batch_handled.begin(), batch_handled.end());
    result.invoices_examined += static_cast<std::int64_t>(batch_handled.size());
    for (DunningAction& action : batch_actions) {
      result.actions.push_back(std::move(action));
    }
    for (std::string& warning : batch_warnings) {
      result.warnings.push_back(std::move(warning));
    }
    for (storage::ClientKind kind : batch_told) {
      told.insert(kind);
      result.warnings.push_back(missing_rates.at(kind));
    }
  }
  // Also when this run made nothing due: earlier retries and the claims of a
  // crashed server may be waiting.
  if (!dry_run && dispatcher_ != nullptr) {
    absl::StatusOr<DispatchTally> sent = dispatcher_->DispatchPending();
    if (sent.ok()) {
      result.sent = *std::move(sent);
    } else {
      result.dispatch_status = sent.status();
    }
  }
  return result;
}

}  // namespace relance
