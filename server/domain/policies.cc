#include "server/domain/policies.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/domain/clients.h"
#include "server/domain/errors.h"
#include "server/domain/escalation.h"
#include "server/domain/field_violations.h"
#include "server/domain/penalties.h"
#include "server/domain/validation.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"

namespace relance {
namespace {

using storage::Actor;
using storage::Channel;
using storage::PolicyRecord;
using storage::PolicyStepRecord;

constexpr int kMaxSteps = 50;
constexpr int kMaxOffsetDays = 3650;
constexpr int kMaxGapDays = 365;
constexpr int kMaxNoticeDeadlineDays = 90;

bool IsStepKey(absl::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return absl::ascii_islower(static_cast<unsigned char>(c)) ||
           absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_' ||
           c == '-';
  });
}

void CheckStep(FieldViolations& violations, const std::string& prefix,
               PolicyStepRecord& step) {
  auto field = [&](absl::string_view name) {
    return absl::StrCat(prefix, ".", name);
  };
  if (!IsStepKey(step.key)) {
    violations.Add(field("key"),
                   "must be 1 to 64 lowercase letters, digits, '_' or '-'");
  }
  if (step.offset_days < -kMaxOffsetDays || step.offset_days > kMaxOffsetDays) {
    violations.Add(field("offset_days"),
                   absl::StrCat("must be between -", kMaxOffsetDays, " and ",
                                kMaxOffsetDays, " days"));
  }
  if (step.min_gap_days < 0 || step.min_gap_days > kMaxGapDays) {
    violations.Add(field("min_gap_days"),
                   absl::StrCat("must be between 0 and ", kMaxGapDays));
  }
  absl::flat_hash_set<Channel> channels;
  for (Channel channel : step.channels) {
    if (!channels.insert(channel).second) {
      violations.Add(field("channels"), "must not repeat a channel");
      break;
    }
  }
  if (step.actor == Actor::kAutomatic) {
    if (step.channels.empty()) {
      violations.Add(field("channels"),
                     "an automatic step needs at least one channel");
    } else if (channels.contains(Channel::kPhone)) {
      violations.Add(field("actor"),
                     "a phone call is made by a person: the actor must be "
                     "the owner or the back office");
    }
  }
  if (step.template_key.empty()) step.template_key = step.key;
  CheckText(violations, field("template_key"), step.template_key, 64,
            /*required=*/true);
  absl::flat_hash_set<std::string> currencies;
  for (size_t j = 0; j < step.min_outstanding.size(); ++j) {
    const storage::CurrencyAmount& minimum = step.min_outstanding[j];
    const std::string minimum_field =
        absl::StrCat(field("min_outstanding"), "[", j, "]");
    CheckCurrency(violations, absl::StrCat(minimum_field, ".currency_code"),
                  minimum.currency);
    if (minimum.minor < 0 || minimum.minor > kMaxAmountMinor) {
      violations.Add(absl::StrCat(minimum_field, ".minor_units"),
                     "must be between 0 and 10^13");
    }
    if (!currencies.insert(minimum.currency).second) {
      violations.Add(minimum_field,
                     absl::StrCat("a second minimum in ", minimum.currency));
    }
  }
  // The 40 EUR indemnity (art. L441-10, D441-5 Code de commerce) already
  // covers recovery costs up to its amount and is claimed by itself: a fee may
  // only be the "indemnité complémentaire" beyond it, on justification.
  if (step.fee_fixed.has_value()) {
    CheckCurrency(violations, field("fee.fixed.currency_code"),
                  step.fee_fixed->currency);
    if (step.fee_fixed->minor <= 0 || step.fee_fixed->minor > kMaxAmountMinor) {
      violations.Add(field("fee.fixed.minor_units"),
                     "must be positive and at most 10^13");
    } else if (step.fee_fixed->currency == kIndemnityCurrency &&
               step.fee_fixed->minor <= kIndemnityEurMinor) {
      violations.Add(field("fee.fixed.minor_units"),
                     "a fee of at most 40.00 EUR duplicates the fixed 40 EUR "
                     "recovery indemnity a business owes by law (art. "
                     "L441-10 and D441-5 Code de commerce), which is claimed "
                     "by itself; give only the justified recovery costs "
                     "beyond it, or no fee");
    }
  }
  if (step.fee_percent_bp.has_value() &&
      (*step.fee_percent_bp <= 0 || *step.fee_percent_bp > 10000)) {
    violations.Add(field("fee.percent_basis_points"),
                   "must be between 1 and 10000 (hundredths of a percent)");
  }
  if (step.formal_notice) {
    if (step.notice_deadline_days < 1 ||
        step.notice_deadline_days > kMaxNoticeDeadlineDays) {
      violations.Add(field("notice_deadline_days"),
                     absl::StrCat("a formal notice needs a deadline of 1 to ",
                                  kMaxNoticeDeadlineDays, " days"));
    }
  } else if (step.notice_deadline_days != 0) {
    violations.Add(field("notice_deadline_days"),
                   "only a formal notice has a deadline");
  }
}

}  // namespace

bool IsTask(const PolicyStepRecord& step) {
  return step.actor != Actor::kAutomatic;
}

absl::StatusOr<PolicyRecord> NormalizePolicy(PolicyRecord policy) {
  FieldViolations violations;
  absl::StripAsciiWhitespace(&policy.name);
  CheckText(violations, "name", policy.name, 200, /*required=*/true);
  if (policy.description.size() > 2000) {
    violations.Add("description", "must be at most 2000 bytes long");
  }
  if (policy.send_window_start_minute < 0 ||
      policy.send_window_start_minute >= 24 * 60) {
    violations.Add("send_window_start", "must be between 00:00 and 23:59");
  }
  if (policy.send_window_end_minute <= policy.send_window_start_minute ||
      policy.send_window_end_minute > 24 * 60) {
    violations.Add("send_window_end",
                   "must be after the start and at most 24:00");
  }
  if (policy.steps.empty() || policy.steps.size() > kMaxSteps) {
    violations.Add("steps",
                   absl::StrCat("must hold 1 to ", kMaxSteps, " steps"));
  }
  absl::flat_hash_set<std::string> keys;
  for (size_t i = 0; i < policy.steps.size(); ++i) {
    const std::string prefix = absl::StrCat("steps[", i, "]");
    PolicyStepRecord& step = policy.steps[i];
    CheckStep(violations, prefix, step);
    if (!keys.insert(step.key).second) {
      violations.Add(absl::StrCat(prefix, ".key"),
                     absl::StrCat("'", step.key, "' is used by another step"));
    }
    if (i > 0 && step.offset_days < policy.steps[i - 1].offset_days) {
      violations.Add(absl::StrCat(prefix, ".offset_days"),
                     "must not be before the previous step's offset: steps "
                     "are carried out in order");
    }
    if (step.hand_over && i + 1 != policy.steps.size()) {
      violations.Add(absl::StrCat(prefix, ".hand_over"),
                     "dunning ends with the hand-over: it must be the last "
                     "step");
    }
    if (i > 0 && StepRank(policy, i) <= StepRank(policy, i - 1)) {
      violations.Add(absl::StrCat(prefix, ".formal_notice"),
                     "escalation never goes back: an ordinary reminder "
                     "cannot follow a formal notice");
    }
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return policy;
}

PolicyBook::PolicyBook(std::vector<PolicyRecord> policies) {
  for (PolicyRecord& policy : policies) {
    if (policy.is_default) default_id_ = policy.id;
    const std::int64_t id = policy.id;
    policies_.emplace(id, std::move(policy));
  }
}

const PolicyRecord& PolicyBook::For(const storage::ClientRecord& client) const {
  if (client.policy_id != 0) {
    if (const PolicyRecord* own = Find(client.policy_id)) return *own;
  }
  return policies_.at(default_id_);
}

const PolicyRecord* PolicyBook::Find(std::int64_t id) const {
  auto it = policies_.find(id);
  return it == policies_.end() ? nullptr : &it->second;
}

const PolicyStepRecord* PolicyBook::FindStep(std::int64_t policy_id,
                                             absl::string_view key) const {
  const PolicyRecord* policy = Find(policy_id);
  if (policy == nullptr) return nullptr;
  for (const PolicyStepRecord& step : policy->steps) {
    if (step.key == key) return &step;
  }
  return nullptr;
}

absl::StatusOr<PolicyRecord> Policies::Create(PolicyRecord draft,
                                              absl::string_view request_id,
                                              absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(PolicyRecord policy,
                           NormalizePolicy(std::move(draft)));
  return repository_->Create(
      policy, request_id, storage::Change(clock_->Now(), std::string(actor)));
}

absl::StatusOr<PolicyRecord> Policies::Get(std::int64_t id) {
  if (id == 0) return repository_->GetDefault();
  return repository_->Get(id);
}

absl::StatusOr<storage::Page<PolicyRecord>> Policies::List(
    const storage::PageRequest& page) {
  return repository_->List(page);
}

absl::StatusOr<PolicyRecord> Policies::Update(PolicyRecord replacement,
                                              absl::string_view etag,
                                              absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(PolicyRecord stored,
                           repository_->Get(replacement.id));
  RELANCE_RETURN_IF_ERROR(CheckEtag("policy", stored.id, stored.version, etag));
  RELANCE_ASSIGN_OR_RETURN(PolicyRecord policy,
                           NormalizePolicy(std::move(replacement)));
  policy.version = stored.version;
  return repository_->Update(
      policy, storage::Change(clock_->Now(), std::string(actor)));
}

absl::StatusOr<PolicyRecord> Policies::SetDefault(std::int64_t id,
                                                  absl::string_view actor) {
  return repository_->SetDefault(
      id, storage::Change(clock_->Now(), std::string(actor)));
}

absl::StatusOr<PolicyRecord> Policies::Assign(std::int64_t client_id,
                                              std::int64_t policy_id,
                                              absl::string_view actor) {
  return repository_->Assign(
      client_id, policy_id, storage::Change(clock_->Now(), std::string(actor)));
}

absl::StatusOr<PolicyBook> Policies::LoadBook() {
  std::vector<PolicyRecord> policies;
  storage::PageRequest page{.limit = 1000};
  while (true) {
    RELANCE_ASSIGN_OR_RETURN(storage::Page<PolicyRecord> batch,
                             repository_->List(page));
    for (PolicyRecord& policy : batch.items)
      policies.push_back(std::move(policy));
    if (!batch.next_after_id.has_value()) break;
    page.after_id = *batch.next_after_id;
  }
  if (std::none_of(policies.begin(), policies.end(),
                   [](const PolicyRecord& p) { return p.is_default; })) {
    return absl::FailedPreconditionError(
        "no dunning policy is the default: make one the default");
  }
  return PolicyBook(std::move(policies));
}

}  // namespace relance
