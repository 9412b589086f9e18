// A seeded simulation of a whole book through three months of real life: a
// thousand invoices of businesses and consumers under several policies,
// grouped and not, run by the periodic run, by back-office runs as of past
// dates and refused runs of future dates, through payments in part and in
// full, disputes, promises, tasks done, policy reassignments and edits. What
// every debtor received is checked after every day:
// * no two ladder messages about one invoice closer than the later step's
//   minimum gap, in real (fake-clock) time;
// * the rank of what a debtor received for an invoice never decreases, and
//   no step is received twice;
// * nothing is sent about an invoice that is paid, disputed or time-barred;
// * no message to a consumer cites the Code de commerce, claims the 40 EUR
//   indemnity or charges a fee;
// * every claim adds up: the total claimed is the principal still due and
//   what remains of each extra, each extra's remainder is what was claimed
//   less what was paid and waived, and a business's interest equals this
//   test's own day-by-day computation from the rate table, to the cent.
// Some debtors pay the whole claim (principal, interest, indemnity, fees),
// and the back office waives some extras.
//
// RELANCE_SIMULATION_SEED replays a run (the seed is printed);
// RELANCE_SIMULATION_INVOICES and RELANCE_SIMULATION_DAYS change its size.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/collections.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/penalty.grpc.pb.h"
#include "relance/v1/policy.grpc.pb.h"
#include "server/channels/channel_adapters.h"
#include "server/channels/message_composer.h"
#include "server/domain/business_calendar.h"
#include "server/domain/dispatch.h"
#include "server/domain/policies.h"
#include "tests/server/debtor_mailbox.h"
#include "tests/server/server_test_base.h"

namespace relance::simulation_test {
namespace {

class DunningSimulationTest : public testing::ServerTestBase {
 protected:
  EnvironmentOptions environment_options() override {
    EnvironmentOptions options;
    options.adapters = {{storage::Channel::kEmail, &mailbox_},
                        {storage::Channel::kLetter, &mailbox_},
                        {storage::Channel::kRegisteredLetter, &mailbox_},
                        {storage::Channel::kSms, &mailbox_}};
    return options;
  }

  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clock_proxy_.clock = &clock();
    mailbox_.Attach(server().env().composer(), server().env().policies());
    clients_ = v1::ClientService::NewStub(channel());
    invoices_ = v1::InvoiceService::NewStub(channel());
    policies_ = v1::PolicyService::NewStub(channel());
    dunning_ = v1::DunningService::NewStub(channel());
    reminders_ = v1::ReminderService::NewStub(channel());
    disputes_ = v1::DisputeService::NewStub(channel());
    promises_ = v1::PromiseService::NewStub(channel());
    penalties_ = v1::PenaltyService::NewStub(channel());
    grpc::ClientContext context;
    v1::ListPenaltyRatesResponse rates;
    ASSERT_TRUE(
        penalties_
            ->ListPenaltyRates(&context, v1::ListPenaltyRatesRequest(), &rates)
            .ok());
    for (const v1::PenaltyRate& rate : rates.rates()) {
      if (rate.kind() == v1::PENALTY_RATE_KIND_ECB) {
        absl::CivilDay from;
        ASSERT_TRUE(absl::ParseCivilTime(rate.effective_from(), &from));
        ecb_rates_[from] = rate.rate_basis_points();
      }
    }
  }

  static v1::PolicyStep Step(const std::string& key, int offset, int gap,
                             std::vector<v1::Channel> channels,
                             const std::string& template_key,
                             v1::Actor actor = v1::ACTOR_AUTOMATIC) {
    v1::PolicyStep step;
    step.set_key(key);
    step.set_offset_days(offset);
    step.set_min_gap_days(gap);
    for (v1::Channel channel : channels) step.add_channels(channel);
    step.set_template_key(template_key);
    step.set_actor(actor);
    return step;
  }

  int64_t CreatePolicy(v1::Policy policy) {
    grpc::ClientContext context;
    v1::CreatePolicyRequest request;
    *request.mutable_policy() = std::move(policy);
    v1::CreatePolicyResponse response;
    const grpc::Status status =
        policies_->CreatePolicy(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.policy().id();
  }

  void AssignPolicy(int64_t client_id, int64_t policy_id) {
    grpc::ClientContext context;
    v1::AssignPolicyRequest request;
    request.set_client_id(client_id);
    request.set_policy_id(policy_id);
    v1::AssignPolicyResponse response;
    const grpc::Status status =
        policies_->AssignPolicy(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // Lengthens every gap of policy `id` by `days` and adds a last reminder.
  void EditPolicy(int64_t id, int days) {
    v1::Policy policy;
    {
      grpc::ClientContext context;
      v1::GetPolicyRequest request;
      request.set_policy_id(id);
      v1::GetPolicyResponse response;
      ASSERT_TRUE(policies_->GetPolicy(&context, request, &response).ok());
      policy = response.policy();
    }
    for (v1::PolicyStep& step : *policy.mutable_steps()) {
      step.set_min_gap_days(step.min_gap_days() + days);
    }
    grpc::ClientContext context;
    v1::UpdatePolicyRequest request;
    *request.mutable_policy() = policy;
    v1::UpdatePolicyResponse response;
    const grpc::Status status =
        policies_->UpdatePolicy(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  int64_t CreateClient(int index, storage::ClientKind kind) {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    v1::Client* client = request.mutable_client();
    client->set_reference(absl::StrCat("C-", index));
    if (kind == storage::ClientKind::kB2C) {
      client->set_name(absl::StrCat("Camille Martin ", index));
      client->set_kind(v1::CLIENT_KIND_B2C);
    } else {
      client->set_name(absl::StrCat("Atelier ", index, " SAS"));
      client->set_kind(v1::CLIENT_KIND_B2B);
    }
    client->set_email(absl::StrCat("compta", index, "@example.org"));
    client->set_language("fr");
    client->add_postal_address_lines("1 rue de la Paix");
    client->add_postal_address_lines("75002 Paris");
    v1::CreateClientResponse response;
    const grpc::Status status =
        clients_->CreateClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  int64_t CreateInvoice(int index, int64_t client_id, absl::CivilDay due,
                        int64_t total_minor) {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    v1::Invoice* invoice = request.mutable_invoice();
    invoice->set_number(absl::StrCat("FA-", 10000 + index));
    invoice->set_client_id(client_id);
    invoice->set_issue_date(absl::FormatCivilTime(due - 30));
    invoice->set_due_date(absl::FormatCivilTime(due));
    *invoice->mutable_total() = Eur(total_minor);
    v1::CreateInvoiceResponse response;
    const grpc::Status status =
        invoices_->CreateInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice().id();
  }

  // Pays `amount`, of which `principal` goes to the principal (the rest to
  // the extras claimed).
  void Pay(BookInvoice& invoice, int64_t amount, absl::CivilDay day,
           std::optional<int64_t> principal = std::nullopt) {
    grpc::ClientContext context;
    v1::RecordPaymentRequest request;
    request.set_invoice_id(invoice.id);
    *request.mutable_amount() = Eur(amount);
    request.set_payment_date(absl::FormatCivilTime(day));
    v1::RecordPaymentResponse response;
    const grpc::Status status =
        invoices_->RecordPayment(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    const int64_t to_principal = principal.value_or(amount);
    EXPECT_EQ(response.payment().amount().minor_units(), to_principal);
    invoice.paid_minor += to_principal;
    invoice.payments.emplace_back(day, to_principal);
    if (invoice.paid_minor >= invoice.total_minor) {
      invoice.settled = clock().Now();
    }
  }

  v1::PenaltyBreakdown Penalties(const BookInvoice& invoice,
                                 absl::CivilDay day) {
    grpc::ClientContext context;
    v1::GetInvoicePenaltiesRequest request;
    request.set_invoice_id(invoice.id);
    request.set_as_of_date(absl::FormatCivilTime(day));
    v1::GetInvoicePenaltiesResponse response;
    const grpc::Status status =
        penalties_->GetInvoicePenalties(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.breakdown();
  }

  // A business's interest as of `day`, worked out here day by day: on each
  // day after the due date, what was still due (a payment dated D bears
  // interest on D) at the ECB rate of the half-year + 10 points, actual/365,
  // summed exactly and rounded once, half up; a half-year without a rate
  // bears none.
  int64_t ReferenceInterest(const BookInvoice& invoice,
                            absl::CivilDay day) const {
    __int128 numerator = 0;
    for (absl::CivilDay d = invoice.due_date + 1; d <= day; ++d) {
      int64_t due = invoice.total_minor;
      for (const auto& [paid_on, amount] : invoice.payments) {
        if (paid_on < d) due -= amount;
      }
      if (due <= 0) break;
      const absl::CivilDay half_year(d.year(), d.month() <= 6 ? 1 : 7, 1);
      const auto rate = ecb_rates_.find(half_year);
      if (rate == ecb_rates_.end()) continue;
      numerator += static_cast<__int128>(due) * (rate->second + 1000);
    }
    const __int128 denominator = 365 * 10000;
    return static_cast<int64_t>((numerator * 2 + denominator) /
                                (denominator * 2));
  }

  // The claim of `invoice` as of `day` adds up, and its interest is the
  // reference's (businesses: a consumer's runs from a formal notice).
  void CheckClaimAddsUp(const BookInvoice& invoice, storage::ClientKind kind,
                        const v1::PenaltyBreakdown& breakdown,
                        absl::CivilDay day) {
    int64_t remaining = 0;
    for (const v1::ClaimLine& line : breakdown.claims()) {
      EXPECT_EQ(line.remaining().minor_units(),
                std::max<int64_t>(0, line.claimed().minor_units() -
                                         line.paid().minor_units() -
                                         line.waived().minor_units()))
          << "invoice " << invoice.id;
      remaining += line.remaining().minor_units();
      if (kind == storage::ClientKind::kB2C) {
        EXPECT_NE(line.component(), v1::CLAIM_COMPONENT_INDEMNITY)
            << "consumer invoice " << invoice.id;
        EXPECT_NE(line.component(), v1::CLAIM_COMPONENT_FEES)
            << "consumer invoice " << invoice.id;
      }
    }
    ASSERT_FALSE(breakdown.total_claimable().empty());
    EXPECT_EQ(breakdown.total_claimable(0).minor_units(),
              breakdown.still_due().minor_units() + remaining)
        << "invoice " << invoice.id;
    EXPECT_EQ(breakdown.still_due().minor_units(),
              invoice.total_minor - invoice.paid_minor)
        << "invoice " << invoice.id;
    int64_t segments = 0;
    for (const v1::PenaltySegment& segment : breakdown.segments()) {
      segments += segment.interest().minor_units();
    }
    EXPECT_EQ(segments, breakdown.interest().minor_units())
        << "invoice " << invoice.id;
    if (kind == storage::ClientKind::kB2B) {
      EXPECT_EQ(breakdown.interest().minor_units(),
                ReferenceInterest(invoice, day))
          << "invoice " << invoice.id << " as of " << day;
      if (breakdown.interest().minor_units() > 0) ++interest_checked_;
    }
  }

  // The debtor pays everything the invoice's claim says, extras included.
  void PayWholeClaim(BookInvoice& invoice, storage::ClientKind kind,
                     absl::CivilDay day) {
    const v1::PenaltyBreakdown claim = Penalties(invoice, day);
    CheckClaimAddsUp(invoice, kind, claim, day);
    if (HasFailure()) return;
    Pay(invoice, claim.total_claimable(0).minor_units(), day,
        claim.still_due().minor_units());
    if (claim.total_claimable(0).minor_units() >
        claim.still_due().minor_units()) {
      ++whole_claims_paid_;
    }
    const v1::PenaltyBreakdown after = Penalties(invoice, day);
    EXPECT_EQ(after.total_claimable(0).minor_units(), 0)
        << "invoice " << invoice.id << " paid its whole claim";
    CheckClaimAddsUp(invoice, kind, after, day);
  }

  // The back office lets the debtor off the extras (all, or the indemnity).
  void WaiveExtras(const BookInvoice& invoice, storage::ClientKind kind,
                   absl::CivilDay day, bool indemnity_only) {
    grpc::ClientContext context;
    v1::WaiveClaimsRequest request;
    request.set_invoice_id(invoice.id);
    request.set_component(indemnity_only ? v1::CLAIM_COMPONENT_INDEMNITY
                                         : v1::CLAIM_COMPONENT_UNSPECIFIED);
    request.set_reason("geste commercial");
    v1::WaiveClaimsResponse response;
    const grpc::Status status =
        penalties_->WaiveClaims(&context, request, &response);
    if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) return;
    ASSERT_TRUE(status.ok()) << status.error_message();
    ++waivers_;
    for (const v1::ClaimLine& line : response.breakdown().claims()) {
      if (!indemnity_only ||
          line.component() == v1::CLAIM_COMPONENT_INDEMNITY) {
        EXPECT_EQ(line.remaining().minor_units(), 0)
            << "invoice " << invoice.id;
      }
    }
    CheckClaimAddsUp(invoice, kind, Penalties(invoice, day), day);
  }

  int64_t OpenDispute(BookInvoice& invoice,
                      std::optional<absl::CivilDay> until) {
    grpc::ClientContext context;
    v1::OpenDisputeRequest request;
    request.set_invoice_id(invoice.id);
    request.mutable_terms()->set_reason("goods damaged on delivery");
    if (until.has_value()) {
      request.mutable_terms()->set_deadline(absl::FormatCivilTime(*until));
    }
    v1::OpenDisputeResponse response;
    const grpc::Status status =
        disputes_->OpenDispute(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    // Dunning resumes the day after the deadline (the server's default, 30
    // days, when none was given).
    absl::CivilDay deadline;
    invoice.disputed.emplace_back(
        clock().Now(),
        absl::ParseCivilTime(response.dispute().deadline(), &deadline)
            ? ParisTime(deadline + 1, 0)
            : absl::InfiniteFuture());
    return response.dispute().id();
  }

  void ResolveDispute(BookInvoice& invoice, int64_t dispute_id) {
    grpc::ClientContext context;
    v1::ResolveDisputeRequest request;
    request.set_dispute_id(dispute_id);
    request.set_outcome(v1::DISPUTE_OUTCOME_CLAIM_REJECTED);
    request.set_resolution("credit refused, invoice stands");
    v1::ResolveDisputeResponse response;
    const grpc::Status status =
        disputes_->ResolveDispute(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    invoice.disputed.back().second =
        std::min(invoice.disputed.back().second, clock().Now());
  }

  void Promise(const BookInvoice& invoice, absl::CivilDay by) {
    grpc::ClientContext context;
    v1::MakePromiseRequest request;
    request.set_invoice_id(invoice.id);
    *request.mutable_terms()->mutable_amount() =
        Eur(invoice.total_minor - invoice.paid_minor);
    request.mutable_terms()->set_date(absl::FormatCivilTime(by));
    v1::MakePromiseResponse response;
    const grpc::Status status =
        promises_->MakePromise(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status RunAsOf(absl::CivilDay day) {
    grpc::ClientContext context;
    v1::RunDunningRequest request;
    request.set_as_of_date(absl::FormatCivilTime(day));
    v1::RunDunningResponse response;
    return dunning_->RunDunning(&context, request, &response);
  }

  void Preview(absl::CivilDay day) {
    grpc::ClientContext context;
    v1::PreviewDunningRequest request;
    request.set_as_of_date(absl::FormatCivilTime(day));
    v1::PreviewDunningResponse response;
    const grpc::Status status =
        dunning_->PreviewDunning(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // The owner's and the back office's tasks due since before `cutoff` are
  // carried out, as people would.
  void CompleteTasks(absl::Time cutoff) {
    v1::ListRemindersRequest request;
    request.set_state(v1::REMINDER_STATE_DUE);
    std::vector<int64_t> tasks;
    while (true) {
      grpc::ClientContext context;
      v1::ListRemindersResponse response;
      ASSERT_TRUE(reminders_->ListReminders(&context, request, &response).ok());
      for (const v1::Reminder& reminder : response.reminders()) {
        if (reminder.actor() != v1::ACTOR_AUTOMATIC &&
            absl::FromUnixSeconds(reminder.update_time().seconds()) < cutoff) {
          tasks.push_back(reminder.id());
        }
      }
      if (response.next_page_token().empty()) break;
      request.set_page_token(response.next_page_token());
    }
    for (int64_t id : tasks) {
      grpc::ClientContext context;
      v1::CompleteReminderRequest complete;
      complete.set_reminder_id(id);
      complete.set_reason("called: the debtor says the payment is on its way");
      v1::CompleteReminderResponse response;
      EXPECT_TRUE(
          reminders_->CompleteReminder(&context, complete, &response).ok());
    }
  }

  // Every rule the debtor's trust rests on, over everything received so far.
  void CheckWhatDebtorsReceived(const std::map<int64_t, BookInvoice>& book,
                                const std::map<int64_t, BookClient>& clients) {
    const std::vector<Received> received = mailbox_.received();
    // Each ladder reminder, by invoice, at the first time it went out (a
    // step sent by email and letter is one step).
    std::map<int64_t, std::map<int64_t, std::pair<absl::Time, Carried>>> ladder;
    for (const Received& message : received) {
      const bool consumer = message.kind == storage::ClientKind::kB2C;
      for (const Carried& carried : message.reminders) {
        const BookInvoice& invoice = book.at(carried.invoice_id);
        if (invoice.settled.has_value()) {
          EXPECT_LT(message.time, *invoice.settled)
              << "sent about paid invoice " << invoice.id;
        }
        EXPECT_FALSE(invoice.time_barred)
            << "sent about time-barred invoice " << invoice.id;
        for (const auto& [from, until] : invoice.disputed) {
          EXPECT_FALSE(message.time >= from && message.time < until)
              << "sent about disputed invoice " << invoice.id << ": '"
              << carried.step_key << "' (reminder " << carried.reminder_id
              << ") at " << message.time << ", disputed from " << from
              << " until " << until;
        }
        if (consumer) EXPECT_EQ(carried.fee_minor, 0) << carried.reminder_id;
        if (!carried.ladder) continue;
        auto& steps = ladder[carried.invoice_id];
        if (!steps.contains(carried.reminder_id)) {
          steps.emplace(carried.reminder_id,
                        std::make_pair(message.time, carried));
        }
      }
      if (consumer) {
        for (const char* forbidden :
             {"L441", "D441", "L. 441", "D. 441", "Code de commerce",
              "indemnité forfaitaire", "40,00 €"}) {
          EXPECT_FALSE(absl::StrContains(message.text, forbidden))
              << "consumer " << message.client_id << " reads '" << forbidden
              << "' in:\n"
              << message.text.substr(0, 2000);
        }
      }
    }
    for (auto& [invoice_id, steps] : ladder) {
      std::vector<std::pair<absl::Time, Carried>> in_order;
      for (auto& [id, sent] : steps) in_order.push_back(sent);
      std::sort(in_order.begin(), in_order.end(),
                [](const auto& a, const auto& b) { return a.first < b.first; });
      for (size_t i = 1; i < in_order.size(); ++i) {
        const auto& [previous_time, previous] = in_order[i - 1];
        const auto& [time, step] = in_order[i];
        EXPECT_GE(time - previous_time, absl::Hours(24 * step.gap_days))
            << "invoice " << invoice_id << ": '" << step.step_key << "' only "
            << absl::FormatDuration(time - previous_time) << " after '"
            << previous.step_key << "'";
        EXPECT_GT(step.rank, previous.rank)
            << "invoice " << invoice_id << ": '" << step.step_key << "' (rank "
            << step.rank << ") after '" << previous.step_key << "' (rank "
            << previous.rank << ")";
      }
    }
    (void)clients;
  }

  // The mailbox is built before the server and its clock: it reads the time
  // through this proxy, pointed at the server's clock in SetUp.
  struct ClockProxy final : Clock {
    absl::Time Now() override {
      return clock == nullptr ? absl::Now() : clock->Now();
    }
    Clock* clock = nullptr;
  } clock_proxy_;
  DebtorMailbox mailbox_{&clock_proxy_};

  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<v1::PolicyService::Stub> policies_;
  std::unique_ptr<v1::DunningService::Stub> dunning_;
  std::unique_ptr<v1::ReminderService::Stub> reminders_;
  std::unique_ptr<v1::DisputeService::Stub> disputes_;
  std::unique_ptr<v1::PromiseService::Stub> promises_;
  std::unique_ptr<v1::PenaltyService::Stub> penalties_;
  // The ECB rates the migrations ship, by first day of their half-year.
  std::map<absl::CivilDay, int32_t> ecb_rates_;
  // Payments of a claim with extras, waivers granted, business interest
  // checked against the reference.
  int whole_claims_paid_ = 0;
  int waivers_ = 0;
  int interest_checked_ = 0;
};

TEST_P(DunningSimulationTest, NinetyDaysOfABookKeepEveryDebtorsTrust) {
  const unsigned seed = static_cast<unsigned>(
      EnvInt("RELANCE_SIMULATION_SEED",
             static_cast<int>(absl::ToUnixSeconds(absl::Now()) % 100000)));
  const int invoice_count = EnvInt("RELANCE_SIMULATION_INVOICES", 1000);
  const int days = EnvInt("RELANCE_SIMULATION_DAYS", 90);
  std::printf(
      "dunning simulation: RELANCE_SIMULATION_SEED=%u, %d invoices, "
      "%d days\n",
      seed, invoice_count, days);
  std::mt19937 random(seed);
  auto chance = [&](double p) {
    return std::uniform_real_distribution<double>(0, 1)(random) < p;
  };
  auto pick = [&](int from, int to) {
    return std::uniform_int_distribution<int>(from, to)(random);
  };

  const absl::CivilDay start(2026, 3, 2);  // A Monday.
  clock().Set(ParisTime(start, 7));

  // Three policies besides the default one: firm, grouped, gentle.
  v1::Policy firm;
  firm.set_name("Firm");
  *firm.add_steps() =
      Step("first", 2, 0, {v1::CHANNEL_EMAIL}, "first_reminder");
  *firm.add_steps() =
      Step("second", 10, 6, {v1::CHANNEL_EMAIL, v1::CHANNEL_LETTER},
           "second_reminder");
  v1::PolicyStep notice =
      Step("notice", 20, 7, {v1::CHANNEL_REGISTERED_LETTER}, "formal_notice");
  notice.set_formal_notice(true);
  notice.set_notice_deadline_days(8);
  *firm.add_steps() = notice;
  v1::PolicyStep collection =
      Step("collection", 35, 10, {}, "collection", v1::ACTOR_BACK_OFFICE);
  collection.set_hand_over(true);
  *firm.add_steps() = collection;
  v1::Policy grouped;
  grouped.set_name("Grouped");
  grouped.set_grouping(v1::GROUPING_PER_CLIENT);
  *grouped.add_steps() =
      Step("nudge", 1, 0, {v1::CHANNEL_EMAIL}, "first_reminder");
  *grouped.add_steps() =
      Step("statement", 15, 9, {v1::CHANNEL_EMAIL}, "second_reminder");
  v1::Policy gentle;
  gentle.set_name("Gentle");
  *gentle.add_steps() =
      Step("heads_up", -2, 0, {v1::CHANNEL_EMAIL}, "courtesy");
  *gentle.add_steps() =
      Step("reminder", 5, 3, {v1::CHANNEL_EMAIL}, "first_reminder");
  const std::vector<int64_t> policies = {
      0, CreatePolicy(firm), CreatePolicy(grouped), CreatePolicy(gentle)};

  std::map<int64_t, BookClient> clients;
  std::vector<int64_t> client_ids;
  const int client_count = std::max(1, invoice_count / 5);
  for (int i = 0; i < client_count; ++i) {
    const storage::ClientKind kind =
        i % 3 == 2 ? storage::ClientKind::kB2C : storage::ClientKind::kB2B;
    const int64_t id = CreateClient(i, kind);
    ASSERT_NE(id, 0);
    clients[id] = {.id = id, .kind = kind};
    client_ids.push_back(id);
    const int64_t policy = policies[pick(0, 3)];
    if (policy != 0) AssignPolicy(id, policy);
  }
  std::map<int64_t, BookInvoice> book;
  std::vector<int64_t> invoice_ids;
  for (int i = 0; i < invoice_count; ++i) {
    const int64_t client_id = client_ids[pick(0, client_count - 1)];
    absl::CivilDay due = start + pick(-40, 60);
    const bool barred = i % 97 == 0;
    if (barred) {
      due = clients[client_id].kind == storage::ClientKind::kB2C
                ? start - 800    // more than 2 years
                : start - 1900;  // more than 5 years
    }
    const int64_t total = 100 * pick(50, 9000) + pick(0, 99);
    const int64_t id = CreateInvoice(i, client_id, due, total);
    ASSERT_NE(id, 0);
    book[id] = {.id = id,
                .client_id = client_id,
                .due_date = due,
                .total_minor = total,
                .time_barred = barred};
    invoice_ids.push_back(id);
  }

  std::map<int64_t, int64_t> open_disputes;  // invoice -> dispute
  for (int d = 0; d < days; ++d) {
    const absl::CivilDay day = start + d;
    SCOPED_TRACE(absl::StrCat("day ", absl::FormatCivilTime(day)));
    clock().Set(ParisTime(day, 8));
    // The morning's mail: payments, disputes, promises.
    for (int64_t id : invoice_ids) {
      BookInvoice& invoice = book[id];
      if (invoice.settled.has_value() || invoice.time_barred) continue;
      const storage::ClientKind kind = clients[invoice.client_id].kind;
      if (chance(0.012)) {
        const int64_t left = invoice.total_minor - invoice.paid_minor;
        const double how = std::uniform_real_distribution<double>(0, 1)(random);
        if (how < 0.35 && day > invoice.due_date) {
          PayWholeClaim(invoice, kind, day);
        } else {
          Pay(invoice, how < 0.65 ? left : std::max<int64_t>(1, left / 3), day);
        }
      } else if (day > invoice.due_date + 20 && chance(0.002)) {
        WaiveExtras(invoice, kind, day, chance(0.5));
      } else if (!open_disputes.contains(id) && chance(0.003)) {
        open_disputes[id] = OpenDispute(
            invoice, chance(0.5) ? std::optional<absl::CivilDay>(day + 12)
                                 : std::nullopt);
      } else if (open_disputes.contains(id) && chance(0.1)) {
        ResolveDispute(invoice, open_disputes[id]);
        open_disputes.erase(id);
      } else if (!open_disputes.contains(id) && chance(0.003)) {
        Promise(invoice, day + pick(3, 10));
      }
    }
    if (d % 10 == 5) {
      for (int i = 0; i < 8; ++i) {
        AssignPolicy(client_ids[pick(0, client_count - 1)],
                     policies[pick(0, 3)]);
      }
    }
    if (d == 30) EditPolicy(policies[1], 2);
    if (d == 45) EditPolicy(policies[3], 1);

    // relanced's own periodic run, twice a day in the send window.
    clock().Set(ParisTime(day, 9, 30));
    ASSERT_TRUE(server().env().engine()->RunNow().ok());
    // The back office runs the book as of a past date...
    clock().Set(ParisTime(day, 11));
    if (d % 3 == 0) {
      const grpc::Status status = RunAsOf(day - pick(0, 25));
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    // ...previews days to come, and cannot run them.
    if (d % 7 == 0) {
      const size_t before = mailbox_.received().size();
      Preview(day + pick(1, 30));
      EXPECT_EQ(RunAsOf(day + pick(1, 30)).error_code(),
                grpc::StatusCode::FAILED_PRECONDITION);
      EXPECT_EQ(mailbox_.received().size(), before)
          << "a preview or a refused run sent something";
    }
    clock().Set(ParisTime(day, 15));
    CompleteTasks(ParisTime(day, 0));
    clock().Set(ParisTime(day, 16, 30));
    ASSERT_TRUE(server().env().engine()->RunNow().ok());
    CheckWhatDebtorsReceived(book, clients);
    if (HasFailure()) break;
  }

  std::map<storage::Channel, int> per_channel;
  int to_consumers = 0;
  for (const Received& message : mailbox_.received()) {
    ++per_channel[message.channel];
    if (message.kind == storage::ClientKind::kB2C) ++to_consumers;
  }
  std::printf(
      "dunning simulation: %zu messages (%d email, %d letter, %d "
      "registered), %d to consumers\n",
      mailbox_.received().size(), per_channel[storage::Channel::kEmail],
      per_channel[storage::Channel::kLetter],
      per_channel[storage::Channel::kRegisteredLetter], to_consumers);
  std::printf(
      "dunning simulation: %d claims paid with their extras, %d waivers, %d "
      "business interests equal to the reference\n",
      whole_claims_paid_, waivers_, interest_checked_);
  EXPECT_GT(whole_claims_paid_, 0);
  EXPECT_GT(waivers_, 0);
  EXPECT_GT(interest_checked_, 0);
  EXPECT_GT(per_channel[storage::Channel::kEmail], invoice_count / 2);
  EXPECT_GT(per_channel[storage::Channel::kRegisteredLetter], 0);
  EXPECT_GT(to_consumers, 0);
}

RELANCE_INSTANTIATE_SERVER_TEST(DunningSimulationTest);

}  // namespace
}  // namespace relance::simulation_test
