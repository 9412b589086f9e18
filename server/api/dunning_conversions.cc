#include "server/api/dunning_conversions.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/api/conversions.h"
#include "server/domain/business_calendar.h"
#include "server/domain/clients.h"
#include "server/domain/dates.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

using storage::Actor;
using storage::Channel;

void SetMoney(const storage::CurrencyAmount& amount, v1::Money* out) {
  relance::api::SetMoney(amount.minor, amount.currency, out);
}

storage::CurrencyAmount AmountFromProto(const v1::Money& money) {
  return {money.currency_code(), money.minor_units()};
}

v1::Channel ToProto(Channel channel) {
  switch (channel) {
    case Channel::kEmail:
      return v1::CHANNEL_EMAIL;
    case Channel::kLetter:
      return v1::CHANNEL_LETTER;
    case Channel::kRegisteredLetter:
      return v1::CHANNEL_REGISTERED_LETTER;
    case Channel::kSms:
      return v1::CHANNEL_SMS;
    case Channel::kPhone:
      return v1::CHANNEL_PHONE;
  }
  return v1::CHANNEL_UNSPECIFIED;
}

std::optional<Channel> ChannelFromProto(int channel) {
  switch (channel) {
    case v1::CHANNEL_EMAIL:
      return Channel::kEmail;
    case v1::CHANNEL_LETTER:
      return Channel::kLetter;
    case v1::CHANNEL_REGISTERED_LETTER:
      return Channel::kRegisteredLetter;
    case v1::CHANNEL_SMS:
      return Channel::kSms;
    case v1::CHANNEL_PHONE:
      return Channel::kPhone;
    default:
      return std::nullopt;
  }
}

v1::Actor ToProto(Actor actor) {
  switch (actor) {
    case Actor::kAutomatic:
      return v1::ACTOR_AUTOMATIC;
    case Actor::kOwner:
      return v1::ACTOR_OWNER;
    case Actor::kBackOffice:
      return v1::ACTOR_BACK_OFFICE;
  }
  return v1::ACTOR_UNSPECIFIED;
}

v1::ReminderState ToProto(storage::ReminderState state) {
  using storage::ReminderState;
  switch (state) {
    case ReminderState::kScheduled:
      return v1::REMINDER_STATE_SCHEDULED;
    case ReminderState::kDue:
      return v1::REMINDER_STATE_DUE;
    case ReminderState::kSending:
      return v1::REMINDER_STATE_SENDING;
    case ReminderState::kSent:
      return v1::REMINDER_STATE_SENT;
    case ReminderState::kDone:
      return v1::REMINDER_STATE_DONE;
    case ReminderState::kSkipped:
      return v1::REMINDER_STATE_SKIPPED;
    case ReminderState::kFailed:
      return v1::REMINDER_STATE_FAILED;
    case ReminderState::kCancelled:
      return v1::REMINDER_STATE_CANCELLED;
  }
  return v1::REMINDER_STATE_UNSPECIFIED;
}

v1::DunningAction::Kind ToProto(DunningAction::Kind kind) {
  switch (kind) {
    case DunningAction::Kind::kSchedule:
      return v1::DunningAction::KIND_SCHEDULE;
    case DunningAction::Kind::kDue:
      return v1::DunningAction::KIND_DUE;
    case DunningAction::Kind::kSkip:
      return v1::DunningAction::KIND_SKIP;
    case DunningAction::Kind::kHold:
      return v1::DunningAction::KIND_HOLD;
    case DunningAction::Kind::kCancel:
      return v1::DunningAction::KIND_CANCEL;
  }
  return v1::DunningAction::KIND_UNSPECIFIED;
}

void StepToProto(const storage::PolicyStepRecord& step, v1::PolicyStep* out) {
  out->set_key(step.key);
  out->set_offset_days(step.offset_days);
  out->set_min_gap_days(step.min_gap_days);
  for (Channel channel : step.channels) out->add_channels(ToProto(channel));
  out->set_template_key(step.template_key);
  out->set_actor(ToProto(step.actor));
  for (const storage::CurrencyAmount& minimum : step.min_outstanding) {
    SetMoney(minimum, out->add_min_outstanding());
  }
  if (step.fee_fixed.has_value()) {
    SetMoney(*step.fee_fixed, out->mutable_fee()->mutable_fixed());
  } else if (step.fee_percent_bp.has_value()) {
    out->mutable_fee()->set_percent_basis_points(*step.fee_percent_bp);
  }
  out->set_formal_notice(step.formal_notice);
  out->set_notice_deadline_days(step.notice_deadline_days);
  out->set_hand_over(step.hand_over);
}

}  // namespace

v1::Channel ChannelToProto(storage::Channel channel) {
  return ToProto(channel);
}

void ToProto(const storage::PolicyRecord& record, v1::Policy* out) {
  out->set_id(record.id);
  out->set_name(record.name);
  out->set_description(record.description);
  out->set_grouping(record.grouping == storage::Grouping::kPerClient
                        ? v1::GROUPING_PER_CLIENT
                        : v1::GROUPING_PER_INVOICE);
  for (const storage::PolicyStepRecord& step : record.steps) {
    StepToProto(step, out->add_steps());
  }
  out->set_is_default(record.is_default);
  out->set_send_window_start(
      FormatMinuteOfDay(record.send_window_start_minute));
  out->set_send_window_end(FormatMinuteOfDay(record.send_window_end_minute));
  out->set_etag(EtagOf("policy", record.id, record.version));
  ToProto(record.create_time, out->mutable_create_time());
  ToProto(record.update_time, out->mutable_update_time());
}

void ToProto(const storage::ReminderRecord& record, v1::Reminder* out) {
  out->set_id(record.id);
  out->set_invoice_id(record.invoice_id);
  out->set_invoice_number(record.invoice_number);
  out->set_client_id(record.client_id);
  out->set_policy_id(record.policy_id);
  out->set_step_key(record.step_key);
  out->set_step_index(record.step_index);
  for (Channel channel : record.channels) out->add_channels(ToProto(channel));
  out->set_template_key(record.template_key);
  out->set_actor(ToProto(record.actor));
  out->set_assignee(record.assignee);
  out->set_state(ToProto(record.state));
  out->set_reason(record.reason);
  ToProto(record.scheduled_time, out->mutable_scheduled_time());
  if (record.action_date.has_value())
    out->set_action_date(FormatDate(*record.action_date));
  if (!record.invoice_outstanding.currency.empty())
    SetMoney(record.invoice_outstanding, out->mutable_outstanding());
  if (record.fee_minor > 0)
    SetMoney({record.fee_currency, record.fee_minor}, out->mutable_fee());
  out->set_formal_notice(record.formal_notice);
  if (record.notice_deadline.has_value())
    out->set_notice_deadline(FormatDate(*record.notice_deadline));
  out->set_hand_over(record.hand_over);
  out->set_group_key(record.group_key);
  ToProto(record.create_time, out->mutable_create_time());
  ToProto(record.update_time, out->mutable_update_time());
  out->set_rank(record.rank);
  if (record.carried_out_time.has_value()) {
    ToProto(*record.carried_out_time, out->mutable_carried_out_time());
  }
}

void ToProto(const DunningAction& action, v1::DunningAction* out) {
  out->set_kind(ToProto(action.kind));
  out->set_invoice_id(action.invoice_id);
  out->set_invoice_number(action.invoice_number);
  out->set_client_id(action.client_id);
  out->set_step_key(action.step_key);
  out->set_step_index(action.step_index);
  for (Channel channel : action.channels) out->add_channels(ToProto(channel));
  out->set_actor(ToProto(action.actor));
  out->set_assignee(action.assignee);
  out->set_reason(action.reason);
  if (action.scheduled_time.has_value())
    ToProto(*action.scheduled_time, out->mutable_scheduled_time());
  SetMoney(action.outstanding, out->mutable_outstanding());
  if (action.fee.has_value()) SetMoney(*action.fee, out->mutable_fee());
  if (action.notice_deadline.has_value())
    out->set_notice_deadline(FormatDate(*action.notice_deadline));
}

void ToProto(const storage::InteractionRecord& entry, bool sent,
             v1::ReminderMessage* out) {
  if (entry.channel.has_value()) out->set_channel(ToProto(*entry.channel));
  out->set_sent(sent);
  if (sent) {
    ToProto(entry.occurred_time, out->mutable_send_time());
    out->set_interaction_id(entry.id);
  }
  out->set_message_id(entry.message_id);
  for (const std::string& recipient : entry.recipients) {
    out->add_recipients(recipient);
  }
  out->set_subject(entry.subject);
  out->set_text(entry.body_text);
  out->set_html(entry.body_html);
  out->set_document_type(entry.document_type);
  out->set_document(entry.document);
}

absl::StatusOr<storage::PolicyRecord> PolicyFromProto(
    const v1::Policy& policy) {
  storage::PolicyRecord record;
  FieldViolations violations;
  record.name = policy.name();
  record.description = policy.description();
  record.grouping = policy.grouping() == v1::GROUPING_PER_CLIENT
                        ? storage::Grouping::kPerClient
                        : storage::Grouping::kPerInvoice;
  const std::string start =
      policy.send_window_start().empty() ? "09:00" : policy.send_window_start();
  const std::string end =
      policy.send_window_end().empty() ? "18:00" : policy.send_window_end();
  absl::StatusOr<SendWindow> window = ParseSendWindow(start, end);
  if (window.ok()) {
    record.send_window_start_minute = window->start_minute;
    record.send_window_end_minute = window->end_minute;
  } else {
    violations.Add("send_window_start", std::string(window.status().message()));
  }
  for (int i = 0; i < policy.steps_size(); ++i) {
    const v1::PolicyStep& step = policy.steps(i);
    const std::string prefix = absl::StrCat("steps[", i, "].");
    storage::PolicyStepRecord out;
    out.key = step.key();
    out.offset_days = step.offset_days();
    out.min_gap_days = step.min_gap_days();
    bool phone = false;
    for (int c = 0; c < step.channels_size(); ++c) {
      std::optional<Channel> channel = ChannelFromProto(step.channels(c));
      if (!channel.has_value()) {
        violations.Add(absl::StrCat(prefix, "channels[", c, "]"),
                       "must be a channel (email, letter, ...)");
        continue;
      }
      phone |= *channel == Channel::kPhone;
      out.channels.push_back(*channel);
    }
    out.template_key = step.template_key();
    switch (step.actor()) {
      case v1::ACTOR_AUTOMATIC:
        out.actor = Actor::kAutomatic;
        break;
      case v1::ACTOR_OWNER:
        out.actor = Actor::kOwner;
        break;
      case v1::ACTOR_BACK_OFFICE:
        out.actor = Actor::kBackOffice;
        break;
      default:
        // A call is made by the client's owner unless the step says who.
        out.actor = phone ? Actor::kOwner : Actor::kAutomatic;
    }
    for (const v1::Money& minimum : step.min_outstanding()) {
      out.min_outstanding.push_back(AmountFromProto(minimum));
    }
    if (step.has_fee()) {
      switch (step.fee().amount_case()) {
        case v1::Fee::kFixed:
          out.fee_fixed = AmountFromProto(step.fee().fixed());
          break;
        case v1::Fee::kPercentBasisPoints:
          out.fee_percent_bp = step.fee().percent_basis_points();
          break;
        case v1::Fee::AMOUNT_NOT_SET:
          violations.Add(absl::StrCat(prefix, "fee"),
                         "must be a fixed amount or a percentage");
      }
    }
    out.formal_notice = step.formal_notice();
    out.notice_deadline_days = step.notice_deadline_days();
    out.hand_over = step.hand_over();
    record.steps.push_back(std::move(out));
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return record;
}

std::optional<storage::ReminderState> ReminderStateFromProto(
    v1::ReminderState state) {
  using storage::ReminderState;
  switch (state) {
    case v1::REMINDER_STATE_SCHEDULED:
      return ReminderState::kScheduled;
    case v1::REMINDER_STATE_DUE:
      return ReminderState::kDue;
    case v1::REMINDER_STATE_SENDING:
      return ReminderState::kSending;
    case v1::REMINDER_STATE_SENT:
      return ReminderState::kSent;
    case v1::REMINDER_STATE_DONE:
      return ReminderState::kDone;
    case v1::REMINDER_STATE_SKIPPED:
      return ReminderState::kSkipped;
    case v1::REMINDER_STATE_FAILED:
      return ReminderState::kFailed;
    case v1::REMINDER_STATE_CANCELLED:
      return ReminderState::kCancelled;
    default:
      return std::nullopt;
  }
}

}  // namespace relance::api
