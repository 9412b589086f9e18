#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "client-cli/commands.h"
#include "client-cli/invoice_currency.h"
#include "client-cli/money.h"
#include "client-cli/record_tables.h"
#include "client-cli/request_id.h"
#include "client-cli/validators.h"
#include "relance/v1/penalty.grpc.pb.h"

// Late-payment penalties of an invoice, and the table of reference rates they
// are computed from.
namespace relance::cli {
namespace {

struct KindName {
  v1::PenaltyRateKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {v1::PENALTY_RATE_KIND_ECB, "ecb"},
    {v1::PENALTY_RATE_KIND_LEGAL, "legal"},
    {v1::PENALTY_RATE_KIND_LEGAL_INDIVIDUAL, "legal-individual"},
};

std::string RateKindName(v1::PenaltyRateKind kind) {
  for (const KindName& entry : kKindNames) {
    if (entry.kind == kind) return entry.name;
  }
  return "";
}

std::string RateBasisName(v1::PenaltyRateBasis basis) {
  switch (basis) {
    case v1::PENALTY_RATE_BASIS_ECB_PLUS_TEN_POINTS:
      return "ECB rate + 10 points";
    case v1::PENALTY_RATE_BASIS_LEGAL_RATE:
      return "legal interest rate";
    case v1::PENALTY_RATE_BASIS_CONTRACT:
      return "contract";
    default:
      return "";
  }
}

// 215 -> "2.15%".
std::string PercentText(std::int64_t basis_points) {
  const std::int64_t magnitude =
      basis_points < 0 ? -basis_points : basis_points;
  return absl::StrFormat("%s%d.%02d%%", basis_points < 0 ? "-" : "",
                         magnitude / 100, magnitude % 100);
}

// "2.15" -> 215 basis points, exactly: a non-negative number with at most two
// decimals. nullopt otherwise.
std::optional<std::int32_t> ParseRatePercent(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  const size_t point = text.find('.');
  absl::string_view whole = text.substr(0, point);
  absl::string_view fraction =
      point == absl::string_view::npos ? "" : text.substr(point + 1);
  if (whole.empty() || whole.size() > 4 || fraction.size() > 2 ||
      (point != absl::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  for (absl::string_view digits : {whole, fraction}) {
    for (char c : digits) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(c)))
        return std::nullopt;
    }
  }
  int units = 0;
  int hundredths = 0;
  if (!absl::SimpleAtoi(whole, &units)) return std::nullopt;
  if (!fraction.empty()) {
    if (!absl::SimpleAtoi(fraction, &hundredths)) return std::nullopt;
    if (fraction.size() == 1) hundredths *= 10;
  }
  return units * 100 + hundredths;
}

Section PenaltySummarySection(const v1::PenaltyBreakdown& breakdown) {
  Section section;
  section.layout = Section::Layout::kFields;
  section.columns = {{"invoice_id"},
                     {"as_of_date"},
                     {"due_date"},
                     {"rate_basis"},
                     {"still_due"},
                     {"interest"},
                     {"indemnity"},
                     {"total_claimable"},
                     {"total_claimable_eur"},
                     {"limitation_end_date"},
                     {"limitation_days_left"},
                     {"interest_from_date"},
                     {"missing_rates"}};
  std::vector<Cell> row = {absl::StrCat(breakdown.invoice_id()),
                           breakdown.as_of_date(),
                           breakdown.due_date(),
                           RateBasisName(breakdown.rate_basis()),
                           breakdown.still_due(),
                           breakdown.interest(),
                           breakdown.indemnity()};
  // The invoice's currency first, then EUR for an indemnity that could not be
  // added to it.
  if (breakdown.total_claimable_size() > 0) {
    row.push_back(breakdown.total_claimable(0));
  } else {
    row.push_back(std::string());
  }
  if (breakdown.total_claimable_size() > 1) {
    row.push_back(breakdown.total_claimable(1));
  } else {
    row.push_back(std::string());
  }
  row.push_back(breakdown.limitation_end_date());
  row.push_back(absl::StrCat(breakdown.limitation_days_left()));
  row.push_back(breakdown.interest_from_date());
  row.push_back(absl::StrJoin(breakdown.missing_rate_half_years(), ", "));
  section.rows.push_back(std::move(row));
  return section;
}

Section ClaimsSection(const v1::PenaltyBreakdown& breakdown) {
  Section section;
  section.title = "claims";
  section.columns = {
      {"component"}, {"claimed"}, {"paid"}, {"waived"}, {"remaining"}};
  for (const v1::ClaimLine& line : breakdown.claims()) {
    section.rows.push_back({ClaimComponentText(line.component()),
                            line.claimed(), line.paid(), line.waived(),
                            line.remaining()});
  }
  return section;
}

Section PenaltySegmentsSection(const v1::PenaltyBreakdown& breakdown) {
  Section section;
  section.title = "interest";
  section.columns = {{"from_date"},  {"to_date"}, {"days"},
                     {"amount_due"}, {"rate"},    {"interest"}};
  for (const v1::PenaltySegment& segment : breakdown.segments()) {
    section.rows.push_back(
        {segment.from_date(), segment.to_date(), absl::StrCat(segment.days()),
         segment.amount_due(),
         segment.rate_missing()
             ? std::string("no rate")
             : PercentText(segment.annual_rate_basis_points()),
         segment.interest()});
  }
  return section;
}

Section WarningsSection(const v1::PenaltyBreakdown& breakdown) {
  Section section;
  section.title = "warnings";
  section.layout = Section::Layout::kLines;
  section.columns = {{"warning"}};
  for (const std::string& warning : breakdown.warnings())
    section.rows.push_back({warning});
  return section;
}

Section RatesSection(
    const google::protobuf::RepeatedPtrField<v1::PenaltyRate>& rates) {
  Section section;
  section.columns = {{"kind"},
                     {"effective_from"},
                     {"rate"},
                     {"rate_basis_points", Column::Shown::kCsvOnly}};
  for (const v1::PenaltyRate& rate : rates) {
    section.rows.push_back({RateKindName(rate.kind()), rate.effective_from(),
                            PercentText(rate.rate_basis_points()),
                            absl::StrCat(rate.rate_basis_points())});
  }
  return section;
}

struct PenaltiesOptions {
  std::int64_t invoice_id = 0;
  std::string as_of;
};

int RunPenalties(CommandEnv& env, const PenaltiesOptions& options) {
  v1::GetInvoicePenaltiesRequest request;
  request.set_invoice_id(options.invoice_id);
  request.set_as_of_date(options.as_of);
  v1::GetInvoicePenaltiesResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.penalties().GetInvoicePenalties(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  std::vector<Section> sections = {
      PenaltySummarySection(response.breakdown()),
      ClaimsSection(response.breakdown()),
      PenaltySegmentsSection(response.breakdown())};
  // Tables say "warnings: none"; CSV keeps every section, so that scripts find
  // the same number of them each time.
  sections.push_back(WarningsSection(response.breakdown()));
  env.output().Write(response, sections);
  return 0;
}

int RunRateList(CommandEnv& env) {
  v1::ListPenaltyRatesResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.penalties().ListPenaltyRates(
            context, v1::ListPenaltyRatesRequest(), &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {RatesSection(response.rates())});
  return 0;
}

struct RateSetOptions {
  std::string kind;
  std::string from;
  std::string percent;
};

int RunRateSet(CommandEnv& env, const RateSetOptions& options) {
  const std::optional<std::int32_t> basis_points =
      ParseRatePercent(options.percent);
  if (!basis_points.has_value()) {
    return env.UsageError(absl::StrCat(
        "--percent: '", options.percent,
        "' is not a percentage with at most two decimals, e.g. 2.15"));
  }
  v1::SetPenaltyRateRequest request;
  v1::PenaltyRate& rate = *request.mutable_rate();
  for (const KindName& entry : kKindNames) {
    if (absl::EqualsIgnoreCase(options.kind, entry.name))
      rate.set_kind(entry.kind);
  }
  rate.set_effective_from(options.from);
  rate.set_rate_basis_points(*basis_points);
  v1::SetPenaltyRateResponse response;
  // Setting the same rate twice stores the same row: safe to retry.
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.penalties().SetPenaltyRate(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  google::protobuf::RepeatedPtrField<v1::PenaltyRate> stored;
  *stored.Add() = response.rate();
  Section section = RatesSection(stored);
  section.layout = Section::Layout::kFields;
  env.output().Write(response, {std::move(section)});
  return 0;
}

struct WaiveOptions {
  std::int64_t invoice_id = 0;
  std::string component;
  std::string amount;
  std::string reason;
  std::string request_id;
};

int RunWaive(CommandEnv& env, const WaiveOptions& options) {
  v1::WaiveClaimsRequest request;
  request.set_request_id(options.request_id.empty() ? NewRequestId()
                                                    : options.request_id);
  request.set_invoice_id(options.invoice_id);
  request.set_reason(options.reason);
  for (v1::ClaimComponent component :
       {v1::CLAIM_COMPONENT_INTEREST, v1::CLAIM_COMPONENT_INDEMNITY,
        v1::CLAIM_COMPONENT_FEES}) {
    if (absl::EqualsIgnoreCase(options.component,
                               ClaimComponentText(component))) {
      request.set_component(component);
    }
  }
  if (!options.amount.empty()) {
    if (options.component.empty()) {
      return env.UsageError(
          "--amount needs --component: interest, indemnity or fees");
    }
    // The indemnity is in euros; the other extras in the invoice's currency.
    std::string currency = "EUR";
    if (request.component() != v1::CLAIM_COMPONENT_INDEMNITY) {
      if (grpc::Status status =
              InvoiceCurrency(env, options.invoice_id, "", currency);
          !status.ok()) {
        return env.Fail(status);
      }
    }
    absl::StatusOr<v1::Money> amount = ParseMoney(options.amount, currency);
    if (!amount.ok()) {
      return env.UsageError(
          absl::StrCat("--amount: ", amount.status().message()));
    }
    *request.mutable_amount() = *std::move(amount);
  }
  v1::WaiveClaimsResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.penalties().WaiveClaims(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  Section waived = ClaimEntriesSection(response.waived());
  waived.title = "waived";
  env.output().Write(response,
                     {std::move(waived), ClaimsSection(response.breakdown()),
                      PenaltySummarySection(response.breakdown())});
  return 0;
}

}  // namespace

void AddInvoicePenaltiesCommand(CLI::App& invoice, CommandAction& action) {
  {
    CLI::App* command = invoice.add_subcommand(
        "waive",
        "Waive interest, the indemnity or fees claimed on an invoice (remise "
        "gracieuse), recorded in its timeline with who and why");
    auto options = std::make_shared<WaiveOptions>();
    command->add_option("id", options->invoice_id, "Invoice id")
        ->required()
        ->check(RecordId());
    command
        ->add_option("--component", options->component,
                     "interest, indemnity or fees (default: all of them)")
        ->check(
            CLI::IsMember({"interest", "indemnity", "fees"}, CLI::ignore_case));
    command->add_option(
        "--amount", options->amount,
        "Amount in major units (default: all that remains); needs --component");
    command
        ->add_option("--reason", options->reason, "Why the debtor is let off")
        ->required();
    command->add_option("--request-id", options->request_id,
                        "Idempotency key (default: a new UUID per run)");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunWaive(env, *options); };
    });
  }
  CLI::App* command = invoice.add_subcommand(
      "penalties",
      "Late-payment interest, recovery indemnity and limitation of an invoice");
  auto options = std::make_shared<PenaltiesOptions>();
  command->add_option("id", options->invoice_id, "Invoice id")
      ->required()
      ->check(RecordId());
  command->add_option("--as-of", options->as_of, "Last day counted, YYYY-MM-DD")
      ->required();
  command->callback([&action, options] {
    action = [options](CommandEnv& env) { return RunPenalties(env, *options); };
  });
}

void AddRateCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "rate", "Reference rates of late-payment penalties, one per half-year");
  group->require_subcommand(1);
  {
    CLI::App* command =
        group->add_subcommand("list", "List the rates, by kind then date");
    command->callback([&action] {
      action = [](CommandEnv& env) { return RunRateList(env); };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "set", "Set the rate of one kind for one half-year");
    auto options = std::make_shared<RateSetOptions>();
    command
        ->add_option("--kind", options->kind,
                     "ecb (ECB main refinancing rate), legal (legal interest "
                     "rate) or legal-individual")
        ->required()
        ->check(CLI::IsMember({"ecb", "legal", "legal-individual"},
                              CLI::ignore_case));
    command
        ->add_option("--from", options->from,
                     "First day of the half-year, YYYY-01-01 or YYYY-07-01")
        ->required();
    command
        ->add_option("--percent", options->percent,
                     "Rate in percent a year, e.g. 2.15")
        ->required();
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunRateSet(env, *options); };
    });
  }
}

}  // namespace relance::cli
