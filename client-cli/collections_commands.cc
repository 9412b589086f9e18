#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client-cli/commands.h"
#include "client-cli/enum_text.h"
#include "client-cli/invoice_currency.h"
#include "client-cli/money.h"
#include "client-cli/paging.h"
#include "client-cli/request_id.h"
#include "client-cli/validators.h"
#include "client-cli/workflow_tables.h"
#include "client-cli/workflow_text.h"

// relance dispute | promise | plan: the agreements that hold an invoice's
// dunning. Every change carries a fresh request_id, so that a retry after
// UNAVAILABLE is recognised by the server rather than done twice.
namespace relance::cli {
namespace {

// Sends one call, and again after UNAVAILABLE (reads are safe to repeat, and
// every change carries a request_id); prints `sections(response)`.
template <typename Response, typename Send, typename Sections>
int CallAndWrite(CommandEnv& env, Send send, Sections sections) {
  Response response;
  const grpc::Status status = env.Call(
      Retry::kSafe,
      [&](grpc::ClientContext* context) { return send(context, &response); });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, sections(response));
  return 0;
}

// The filters every list of the workflow takes, and its paging.
template <typename Request>
struct WorkflowListOptions {
  Request request;
  std::int64_t client_id = 0;
  std::int64_t invoice_id = 0;
  std::string state;
  std::int32_t page_size = 0;
  bool all = false;
};

template <typename Request>
void AddListOptions(CLI::App& command, WorkflowListOptions<Request>& options,
                    const std::string& rows,
                    const std::vector<std::string>& states) {
  command.add_option("--client", options.client_id, "Only this client's")
      ->check(RecordId());
  command.add_option("--invoice", options.invoice_id, "Only this invoice's")
      ->check(RecordId());
  command.add_option("--state", options.state, absl::StrJoin(states, ", "))
      ->check(CLI::IsMember(states, CLI::ignore_case));
  AddPagingOptions(command, rows, options.request, options.page_size,
                   options.all);
}

// Lists with the filters; `parse_state` turns --state into the enum, `list`
// makes one call, `sections` prints the records.
template <typename Request, typename Response, typename ParseState,
          typename List, typename Sections>
int RunWorkflowList(CommandEnv& env,
                    const WorkflowListOptions<Request>& options,
                    ParseState parse_state, List list, Sections sections) {
  Request request = options.request;
  request.set_page_size(options.page_size);
  request.set_client_id(options.client_id);
  request.set_invoice_id(options.invoice_id);
  // CLI11 has checked the word, when there is one.
  if (auto state = parse_state(options.state)) request.set_state(*state);
  Response response;
  const grpc::Status status =
      ListPages(env, std::move(request), options.all, response, list);
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, sections(response));
  NoteMorePages(env, response.next_page_token());
  return 0;
}

void AddId(CLI::App& command, std::int64_t& id, const std::string& what) {
  command.add_option("id", id, what + " id")->required()->check(RecordId());
}

// --grace and --break-after: -1 leaves the server's default.
void AddDays(CLI::App& command, const std::string& flag, std::int32_t& days,
             const std::string& help) {
  command.add_option(flag, days, help)->check(CLI::NonNegativeNumber);
}

// ---- Disputes ----

struct OpenDisputeOptions {
  std::int64_t invoice_id = 0;
  v1::DisputeTerms terms;
};

int RunOpenDispute(CommandEnv& env, const OpenDisputeOptions& options) {
  v1::OpenDisputeRequest request;
  request.set_request_id(NewRequestId());
  request.set_invoice_id(options.invoice_id);
  *request.mutable_terms() = options.terms;
  return CallAndWrite<v1::OpenDisputeResponse>(
      env,
      [&](grpc::ClientContext* context, v1::OpenDisputeResponse* response) {
        return env.disputes().OpenDispute(context, request, response);
      },
      [](const v1::OpenDisputeResponse& response) {
        return std::vector<Section>{DisputeSection(response.dispute())};
      });
}

struct CommentDisputeOptions {
  std::int64_t id = 0;
  std::string text;
};

int RunCommentDispute(CommandEnv& env, const CommentDisputeOptions& options) {
  v1::CommentDisputeRequest request;
  request.set_request_id(NewRequestId());
  request.set_dispute_id(options.id);
  request.set_text(options.text);
  return CallAndWrite<v1::CommentDisputeResponse>(
      env,
      [&](grpc::ClientContext* context, v1::CommentDisputeResponse* response) {
        return env.disputes().CommentDispute(context, request, response);
      },
      [](const v1::CommentDisputeResponse& response) {
        return std::vector<Section>{DisputeSection(response.dispute())};
      });
}

struct ResolveDisputeOptions {
  std::int64_t id = 0;
  std::string outcome;
  std::string resolution;
};

int RunResolveDispute(CommandEnv& env, const ResolveDisputeOptions& options) {
  v1::ResolveDisputeRequest request;
  request.set_request_id(NewRequestId());
  request.set_dispute_id(options.id);
  // CLI11 has checked the word.
  request.set_outcome(ParseDisputeOutcome(options.outcome)
                          .value_or(v1::DISPUTE_OUTCOME_UNSPECIFIED));
  request.set_resolution(options.resolution);
  return CallAndWrite<v1::ResolveDisputeResponse>(
      env,
      [&](grpc::ClientContext* context, v1::ResolveDisputeResponse* response) {
        return env.disputes().ResolveDispute(context, request, response);
      },
      [](const v1::ResolveDisputeResponse& response) {
        return std::vector<Section>{DisputeSection(response.dispute())};
      });
}

int RunGetDispute(CommandEnv& env, std::int64_t id) {
  v1::GetDisputeRequest request;
  request.set_dispute_id(id);
  return CallAndWrite<v1::GetDisputeResponse>(
      env,
      [&](grpc::ClientContext* context, v1::GetDisputeResponse* response) {
        return env.disputes().GetDispute(context, request, response);
      },
      [](const v1::GetDisputeResponse& response) {
        return std::vector<Section>{DisputeSection(response.dispute())};
      });
}

// ---- Promises ----

struct PromiseOptions {
  std::int64_t invoice_id = 0;
  std::string amount;
  std::string date;
  std::int32_t grace = -1;
  std::string notes;
};

int RunAddPromise(CommandEnv& env, const PromiseOptions& options) {
  std::string currency;
  if (grpc::Status status =
          InvoiceCurrency(env, options.invoice_id, "", currency);
      !status.ok()) {
    return env.Fail(status);
  }
  absl::StatusOr<v1::Money> amount = ParseMoney(options.amount, currency);
  if (!amount.ok()) {
    return env.UsageError(
        absl::StrCat("--amount: ", amount.status().message()));
  }
  v1::MakePromiseRequest request;
  request.set_request_id(NewRequestId());
  request.set_invoice_id(options.invoice_id);
  *request.mutable_terms()->mutable_amount() = *std::move(amount);
  request.mutable_terms()->set_date(options.date);
  if (options.grace >= 0)
    request.mutable_terms()->set_grace_days(options.grace);
  request.set_notes(options.notes);
  return CallAndWrite<v1::MakePromiseResponse>(
      env,
      [&](grpc::ClientContext* context, v1::MakePromiseResponse* response) {
        return env.promises().MakePromise(context, request, response);
      },
      [](const v1::MakePromiseResponse& response) {
        return std::vector<Section>{PromiseSection(response.promise())};
      });
}

int RunGetPromise(CommandEnv& env, std::int64_t id) {
  v1::GetPromiseRequest request;
  request.set_promise_id(id);
  return CallAndWrite<v1::GetPromiseResponse>(
      env,
      [&](grpc::ClientContext* context, v1::GetPromiseResponse* response) {
        return env.promises().GetPromise(context, request, response);
      },
      [](const v1::GetPromiseResponse& response) {
        return std::vector<Section>{PromiseSection(response.promise())};
      });
}

// ---- Payment plans ----

std::vector<Section> PlanSections(const v1::PaymentPlan& plan) {
  return {PlanSection(plan), InstalmentsSection(plan)};
}

struct CreatePlanOptions {
  std::int64_t invoice_id = 0;
  // An even split...
  std::int32_t instalments = 0;
  std::string first_date;
  std::string every;
  // ... or explicit instalments, DATE=AMOUNT.
  std::vector<std::string> explicit_instalments;
  std::int32_t grace = -1;
  std::int32_t break_after = -1;
  std::string notes;
};

int RunCreatePlan(CommandEnv& env, const CreatePlanOptions& options) {
  v1::CreatePlanRequest request;
  request.set_request_id(NewRequestId());
  request.set_invoice_id(options.invoice_id);
  if (options.explicit_instalments.empty()) {
    if (options.instalments == 0 || options.first_date.empty() ||
        options.every.empty()) {
      return env.UsageError(
          "plan create: give --instalments, --first-date and --every, or "
          "--instalment DATE=AMOUNT for each instalment");
    }
    absl::StatusOr<PlanInterval> every = ParseEvery(options.every);
    if (!every.ok()) {
      return env.UsageError(
          absl::StrCat("--every: ", every.status().message()));
    }
    v1::EvenSplit& split = *request.mutable_split();
    split.set_count(options.instalments);
    split.set_first_due_date(options.first_date);
    split.set_every_days(every->days);
    split.set_every_months(every->months);
  } else {
    std::string currency;
    if (grpc::Status status =
            InvoiceCurrency(env, options.invoice_id, "", currency);
        !status.ok()) {
      return env.Fail(status);
    }
    v1::InstalmentList& list = *request.mutable_instalments();
    for (const std::string& text : options.explicit_instalments) {
      absl::StatusOr<InstalmentText> instalment = ParseInstalment(text);
      if (!instalment.ok()) {
        return env.UsageError(
            absl::StrCat("--instalment: ", instalment.status().message()));
      }
      absl::StatusOr<v1::Money> amount =
          ParseMoney(instalment->amount, currency);
      if (!amount.ok()) {
        return env.UsageError(absl::StrCat("--instalment ", text, ": ",
                                           amount.status().message()));
      }
      v1::InstalmentTerms& terms = *list.add_instalments();
      terms.set_due_date(instalment->due_date);
      *terms.mutable_amount() = *std::move(amount);
    }
  }
  if (options.grace >= 0) request.set_grace_days(options.grace);
  if (options.break_after >= 0) {
    request.set_break_after_days(options.break_after);
  }
  request.set_notes(options.notes);
  return CallAndWrite<v1::CreatePlanResponse>(
      env,
      [&](grpc::ClientContext* context, v1::CreatePlanResponse* response) {
        return env.plans().CreatePlan(context, request, response);
      },
      [](const v1::CreatePlanResponse& response) {
        return PlanSections(response.plan());
      });
}

struct CancelPlanOptions {
  std::int64_t id = 0;
  std::string reason;
};

int RunCancelPlan(CommandEnv& env, const CancelPlanOptions& options) {
  v1::CancelPlanRequest request;
  request.set_request_id(NewRequestId());
  request.set_plan_id(options.id);
  request.set_reason(options.reason);
  return CallAndWrite<v1::CancelPlanResponse>(
      env,
      [&](grpc::ClientContext* context, v1::CancelPlanResponse* response) {
        return env.plans().CancelPlan(context, request, response);
      },
      [](const v1::CancelPlanResponse& response) {
        return PlanSections(response.plan());
      });
}

int RunGetPlan(CommandEnv& env, std::int64_t id) {
  v1::GetPlanRequest request;
  request.set_plan_id(id);
  return CallAndWrite<v1::GetPlanResponse>(
      env,
      [&](grpc::ClientContext* context, v1::GetPlanResponse* response) {
        return env.plans().GetPlan(context, request, response);
      },
      [](const v1::GetPlanResponse& response) {
        return PlanSections(response.plan());
      });
}

// `run(env, *id)` once parsing is over, for the commands taking only an id.
template <typename Run>
void AddIdCommand(CLI::App& group, CommandAction& action, const char* name,
                  const char* help, const std::string& what, Run run) {
  CLI::App* command = group.add_subcommand(name, help);
  auto id = std::make_shared<std::int64_t>(0);
  AddId(*command, *id, what);
  command->callback([&action, id, run] {
    action = [id, run](CommandEnv& env) { return run(env, *id); };
  });
}

}  // namespace

void AddDisputeCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "dispute",
      "Disputes: an open dispute holds its invoice's dunning until resolved "
      "or past its deadline");
  group->require_subcommand(1);
  {
    CLI::App* command = group->add_subcommand("open", "Open a dispute");
    auto options = std::make_shared<OpenDisputeOptions>();
    command->add_option("--invoice", options->invoice_id, "Invoice id")
        ->required()
        ->check(RecordId());
    command
        ->add_option("--reason", *options->terms.mutable_reason(),
                     "What the debtor contests")
        ->required();
    command->add_option("--owner", *options->terms.mutable_owner(),
                        "Who handles it (default: the client's owner)");
    command->add_option("--deadline", *options->terms.mutable_deadline(),
                        "Dunning resumes the day after, even if still open "
                        "(YYYY-MM-DD; default: the server's)");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunOpenDispute(env, *options);
      };
    });
  }
  {
    CLI::App* command =
        group->add_subcommand("comment", "Add a comment to an open dispute");
    auto options = std::make_shared<CommentDisputeOptions>();
    AddId(*command, options->id, "Dispute");
    command->add_option("--text", options->text, "The comment")->required();
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunCommentDispute(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "resolve", "Resolve a dispute; dunning resumes on what is still due");
    auto options = std::make_shared<ResolveDisputeOptions>();
    AddId(*command, options->id, "Dispute");
    command
        ->add_option("--outcome", options->outcome,
                     absl::StrJoin(DisputeOutcomeNames(), ", "))
        ->required()
        ->check(CLI::IsMember(DisputeOutcomeNames(), CLI::ignore_case));
    command->add_option("--resolution", options->resolution,
                        "What was decided");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunResolveDispute(env, *options);
      };
    });
  }
  AddIdCommand(*group, action, "get", "Show a dispute", "Dispute",
               RunGetDispute);
  {
    CLI::App* command =
        group->add_subcommand("list", "List disputes, in id order");
    auto options =
        std::make_shared<WorkflowListOptions<v1::ListDisputesRequest>>();
    AddListOptions(*command, *options, "Disputes", DisputeStateNames());
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunWorkflowList<v1::ListDisputesRequest,
                               v1::ListDisputesResponse>(
            env, *options, ParseDisputeState,
            [&env](grpc::ClientContext* context,
                   const v1::ListDisputesRequest& request,
                   v1::ListDisputesResponse* page) {
              return env.disputes().ListDisputes(context, request, page);
            },
            [](const v1::ListDisputesResponse& response) {
              return std::vector<Section>{DisputesSection(response.disputes())};
            });
      };
    });
  }
}

void AddPromiseCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "promise",
      "Promises to pay: an open promise holds its invoice's dunning until "
      "the date plus the grace days");
  group->require_subcommand(1);
  {
    CLI::App* command = group->add_subcommand("add", "Record a promise to pay");
    auto options = std::make_shared<PromiseOptions>();
    command->add_option("--invoice", options->invoice_id, "Invoice id")
        ->required()
        ->check(RecordId());
    command
        ->add_option("--amount", options->amount,
                     "Amount promised in the invoice's currency, e.g. 500.00")
        ->required();
    command->add_option("--date", options->date, "Promised date (YYYY-MM-DD)")
        ->required();
    AddDays(*command, "--grace", options->grace,
            "Days dunning waits after the date (default: the server's)");
    command->add_option("--notes", options->notes, "What the debtor said");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunAddPromise(env, *options);
      };
    });
  }
  AddIdCommand(*group, action, "get", "Show a promise", "Promise",
               RunGetPromise);
  {
    CLI::App* command =
        group->add_subcommand("list", "List promises, in id order");
    auto options =
        std::make_shared<WorkflowListOptions<v1::ListPromisesRequest>>();
    AddListOptions(*command, *options, "Promises", PromiseStateNames());
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunWorkflowList<v1::ListPromisesRequest,
                               v1::ListPromisesResponse>(
            env, *options, ParsePromiseState,
            [&env](grpc::ClientContext* context,
                   const v1::ListPromisesRequest& request,
                   v1::ListPromisesResponse* page) {
              return env.promises().ListPromises(context, request, page);
            },
            [](const v1::ListPromisesResponse& response) {
              return std::vector<Section>{PromisesSection(response.promises())};
            });
      };
    });
  }
}

void AddPlanCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "plan",
      "Payment plans: what an invoice still owes, split into dated "
      "instalments");
  group->require_subcommand(1);
  {
    CLI::App* command = group->add_subcommand(
        "create",
        "Agree a plan: an even split (--instalments, --first-date, --every) "
        "or explicit instalments (--instalment DATE=AMOUNT, repeated)");
    auto options = std::make_shared<CreatePlanOptions>();
    command->add_option("--invoice", options->invoice_id, "Invoice id")
        ->required()
        ->check(RecordId());
    CLI::Option* count =
        command
            ->add_option("--instalments", options->instalments,
                         "Even split: the number of instalments (2 to 36)")
            ->check(CLI::PositiveNumber);
    CLI::Option* first =
        command->add_option("--first-date", options->first_date,
                            "Even split: the first due date (YYYY-MM-DD)");
    CLI::Option* every = command->add_option(
        "--every", options->every,
        "Even split: the interval, in days, weeks or calendar months (30d, "
        "2w, 1m)");
    command
        ->add_option("--instalment", options->explicit_instalments,
                     "One instalment, DATE=AMOUNT in the invoice's currency "
                     "(repeat in due-date order; they add up to what is due)")
        ->allow_extra_args(false)
        ->excludes(count)
        ->excludes(first)
        ->excludes(every);
    AddDays(*command, "--grace", options->grace,
            "Days after a due date before an instalment is missed (default: "
            "the server's)");
    AddDays(*command, "--break-after", options->break_after,
            "Days after a missed due date before the plan breaks (default: "
            "the server's)");
    command->add_option("--notes", options->notes, "What was agreed");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunCreatePlan(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "cancel", "End an active plan; the invoice's dunning resumes");
    auto options = std::make_shared<CancelPlanOptions>();
    AddId(*command, options->id, "Plan");
    command->add_option("--reason", options->reason, "Why")->required();
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunCancelPlan(env, *options);
      };
    });
  }
  AddIdCommand(*group, action, "get", "Show a plan and its instalments", "Plan",
               RunGetPlan);
  {
    CLI::App* command =
        group->add_subcommand("list", "List plans, in id order");
    auto options =
        std::make_shared<WorkflowListOptions<v1::ListPlansRequest>>();
    AddListOptions(*command, *options, "Plans", PlanStateNames());
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunWorkflowList<v1::ListPlansRequest, v1::ListPlansResponse>(
            env, *options, ParsePlanState,
            [&env](grpc::ClientContext* context,
                   const v1::ListPlansRequest& request,
                   v1::ListPlansResponse* page) {
              return env.plans().ListPlans(context, request, page);
            },
            [](const v1::ListPlansResponse& response) {
              return std::vector<Section>{PlansSection(response.plans())};
            });
      };
    });
  }
}

}  // namespace relance::cli
