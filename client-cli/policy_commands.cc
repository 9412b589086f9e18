#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client-cli/commands.h"
#include "client-cli/paging.h"
#include "client-cli/policy_file.h"
#include "client-cli/record_tables.h"
#include "client-cli/request_id.h"
#include "client-cli/validators.h"

// relance policy create | update | get | list | set-default | assign
namespace relance::cli {
namespace {

constexpr char kFileHelp[] =
    "Policy file: .yaml, .yml or .json, or - to read YAML from standard input";

int WritePolicy(CommandEnv& env, const google::protobuf::Message& response,
                const v1::Policy& policy) {
  env.output().Write(
      response, {PolicySection(policy), PolicyStepsSection(policy.steps())});
  return 0;
}

// Reads and parses the policy file at `path` into `policy`; on failure prints
// the error line and returns the exit code, else nullopt.
std::optional<int> LoadPolicyFile(CommandEnv& env, const std::string& path,
                                  v1::Policy& policy) {
  const std::optional<PolicyFileFormat> format = PolicyFileFormatForPath(path);
  if (!format.has_value()) {
    return env.UsageError(absl::StrCat(
        path,
        ": a policy file name ends in .yaml, .yml or .json (or is - "
        "for YAML on standard input)"));
  }
  std::stringstream text;
  if (path == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return env.UsageError(
          absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
    }
    text << in.rdbuf();
  }
  absl::StatusOr<v1::Policy> parsed = ParsePolicyFile(text.str(), *format);
  if (!parsed.ok()) {
    return env.UsageError(absl::StrCat(path == "-" ? "standard input" : path,
                                       ": ", parsed.status().message()));
  }
  policy = *std::move(parsed);
  for (const std::string& warning : CheckPolicyLaw(policy).warnings) {
    env.err() << "relance: warning: " << warning << "\n";
  }
  return std::nullopt;
}

struct PolicyCreateOptions {
  std::string path;
  std::string request_id;
};

int RunPolicyCreate(CommandEnv& env, const PolicyCreateOptions& options) {
  v1::CreatePolicyRequest request;
  if (auto failed =
          LoadPolicyFile(env, options.path, *request.mutable_policy())) {
    return *failed;
  }
  request.set_request_id(options.request_id.empty() ? NewRequestId()
                                                    : options.request_id);
  v1::CreatePolicyResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.policies().CreatePolicy(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  return WritePolicy(env, response, response.policy());
}

grpc::Status GetPolicy(CommandEnv& env, std::int64_t id,
                       v1::GetPolicyResponse& response) {
  v1::GetPolicyRequest request;
  request.set_policy_id(id);
  return env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
    return env.policies().GetPolicy(context, request, &response);
  });
}

struct PolicyUpdateOptions {
  std::int64_t id = 0;
  std::string path;
  std::string etag;
};

int RunPolicyUpdate(CommandEnv& env, const PolicyUpdateOptions& options) {
  v1::UpdatePolicyRequest request;
  v1::Policy& policy = *request.mutable_policy();
  if (auto failed = LoadPolicyFile(env, options.path, policy)) return *failed;
  policy.set_id(options.id);
  if (!options.etag.empty()) {
    policy.set_etag(options.etag);
  } else {
    // The file replaces the policy as it is now.
    v1::GetPolicyResponse current;
    if (grpc::Status status = GetPolicy(env, options.id, current);
        !status.ok()) {
      return env.Fail(status);
    }
    policy.set_etag(current.policy().etag());
  }
  v1::UpdatePolicyResponse response;
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return env.policies().UpdatePolicy(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  return WritePolicy(env, response, response.policy());
}

struct PolicyGetOptions {
  std::string policy;  // An id, or "default".
  std::string path;
};

int RunPolicyGet(CommandEnv& env, const PolicyGetOptions& options) {
  std::optional<PolicyFileFormat> format;
  if (!options.path.empty()) {
    format = PolicyFileFormatForPath(options.path);
    if (!format.has_value()) {
      return env.UsageError(
          absl::StrCat("--file ", options.path,
                       ": the name must end in .yaml, .yml or .json (or be - "
                       "for YAML on standard output)"));
    }
  }
  std::int64_t id = 0;  // The default policy.
  if (options.policy != "default" && !absl::SimpleAtoi(options.policy, &id)) {
    return env.UsageError(absl::StrCat("'", options.policy,
                                       "' is neither a policy id nor default"));
  }
  v1::GetPolicyResponse response;
  if (grpc::Status status = GetPolicy(env, id, response); !status.ok()) {
    return env.Fail(status);
  }
  if (!format.has_value()) {
    return WritePolicy(env, response, response.policy());
  }
  const std::string text = WritePolicyFile(response.policy(), *format);
  if (options.path == "-") {
    env.out() << text;
    env.out().flush();
    return 0;
  }
  std::ofstream out(options.path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    return env.UsageError(absl::StrCat("cannot write ", options.path, ": ",
                                       std::strerror(errno)));
  }
  env.out() << "Wrote policy " << response.policy().id() << " ("
            << response.policy().name() << ") to " << options.path << "\n";
  return 0;
}

struct PolicyListOptions {
  v1::ListPoliciesRequest request;
  std::int32_t page_size = 0;
  bool all = false;
};

int RunPolicyList(CommandEnv& env, const PolicyListOptions& options) {
  v1::ListPoliciesRequest request = options.request;
  request.set_page_size(options.page_size);
  v1::ListPoliciesResponse response;
  const grpc::Status status = ListPages(
      env, std::move(request), options.all, response,
      [&](grpc::ClientContext* context,
          const v1::ListPoliciesRequest& page_request,
          v1::ListPoliciesResponse* page) {
        return env.policies().ListPolicies(context, page_request, page);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {PoliciesSection(response.policies())});
  NoteMorePages(env, response.next_page_token());
  return 0;
}

int RunSetDefault(CommandEnv& env, std::int64_t id) {
  v1::SetDefaultPolicyRequest request;
  request.set_policy_id(id);
  v1::SetDefaultPolicyResponse response;
  // Making the same policy the default again changes nothing: safe to retry.
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.policies().SetDefaultPolicy(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  return WritePolicy(env, response, response.policy());
}

struct AssignOptions {
  std::int64_t client_id = 0;
  std::int64_t policy_id = 0;
  bool use_default = false;
};

int RunAssign(CommandEnv& env, const AssignOptions& options) {
  if ((options.policy_id == 0) == !options.use_default) {
    return env.UsageError(
        "policy assign: give either --policy ID or --default");
  }
  v1::AssignPolicyRequest request;
  request.set_client_id(options.client_id);
  request.set_policy_id(options.use_default ? 0 : options.policy_id);
  v1::AssignPolicyResponse response;
  // Assigning the same policy again changes nothing: safe to retry.
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.policies().AssignPolicy(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  return WritePolicy(env, response, response.policy());
}

// Accepts a policy id or the word "default".
CLI::Validator PolicyIdOrDefault() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (text == "default") return "";
        std::string copy = text;
        if (RecordId()(copy).empty()) return "";
        return "'" + text + "' is neither a policy id nor default";
      },
      "ID|default");
}

}  // namespace

void AddPolicyCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "policy",
      "Dunning policies: create and update from a file, read, list, choose "
      "the default, assign to a client");
  group->require_subcommand(1);
  group->footer(
      "A policy file (YAML or JSON) holds name, description, grouping "
      "(per_invoice or per_client),\n"
      "send_window {start, end} and the steps: key, offset_days, "
      "min_gap_days, channels,\n"
      "template, actor, min_outstanding, fee, formal_notice, hand_over. "
      "`relance policy get\n"
      "default --file policy.yaml` writes one to start from; see also "
      "deploy/samples/policy-b2b-fr.yaml.\n");

  {
    CLI::App* command =
        group->add_subcommand("create", "Create a policy from a policy file");
    auto options = std::make_shared<PolicyCreateOptions>();
    command->add_option("--file", options->path, kFileHelp)->required();
    command->add_option("--request-id", options->request_id,
                        "Idempotency key (default: a new UUID per run)");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunPolicyCreate(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "update", "Replace a policy with the content of a policy file");
    auto options = std::make_shared<PolicyUpdateOptions>();
    command->add_option("id", options->id, "Policy id")
        ->required()
        ->check(RecordId());
    command->add_option("--file", options->path, kFileHelp)->required();
    command->add_option(
        "--etag", options->etag,
        "The etag last read (policy get): refuse if the policy changed since; "
        "without it, the policy as it is now is replaced");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunPolicyUpdate(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "get", "Show a policy and its steps, or write it to a policy file");
    auto options = std::make_shared<PolicyGetOptions>();
    command
        ->add_option("policy", options->policy,
                     "Policy id, or default for the default policy")
        ->required()
        ->check(PolicyIdOrDefault());
    command->add_option(
        "--file", options->path,
        "Write the policy file here (.yaml, .yml, .json; - for YAML on "
        "standard output) instead of showing the policy");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunPolicyGet(env, *options);
      };
    });
  }
  {
    CLI::App* command =
        group->add_subcommand("list", "List policies, in id order");
    auto options = std::make_shared<PolicyListOptions>();
    AddPagingOptions(*command, "Policies", options->request, options->page_size,
                     options->all);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunPolicyList(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "set-default",
        "Make a policy the default, followed by clients without their own");
    auto id = std::make_shared<std::int64_t>(0);
    command->add_option("id", *id, "Policy id")->required()->check(RecordId());
    command->callback([&action, id] {
      action = [id](CommandEnv& env) { return RunSetDefault(env, *id); };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "assign",
        "Give a client its own policy, or make it follow the default again");
    auto options = std::make_shared<AssignOptions>();
    command->add_option("--client", options->client_id, "Client id")
        ->required()
        ->check(RecordId());
    CLI::Option* policy =
        command->add_option("--policy", options->policy_id, "Policy id")
            ->check(RecordId());
    command
        ->add_flag("--default", options->use_default,
                   "Detach the client's own policy: it follows the default")
        ->excludes(policy);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunAssign(env, *options); };
    });
  }
}

}  // namespace relance::cli
