#include "server/api/notification_service.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/util/time_util.h"
#include "server/api/authorization.h"
#include "server/api/conversions.h"
#include "server/api/request_checks.h"
#include "server/api/status_mapping.h"
#include "server/domain/field_violations.h"
#include "server/notifications/event_text.h"
#include "storage/interfaces/events.h"

namespace relance::api {
namespace {

// Event kinds on the wire and in the outbox. 1 to 23 take the timeline entry
// kind's column text.
constexpr std::pair<v1::EventKind, absl::string_view> kEventKinds[] = {
    {v1::EVENT_KIND_MESSAGE_SENT, "message_sent"},
    {v1::EVENT_KIND_INBOUND_EMAIL, "inbound_email"},
    {v1::EVENT_KIND_INBOUND_LETTER, "inbound_letter"},
    {v1::EVENT_KIND_CALL, "call"},
    {v1::EVENT_KIND_NOTE, "note"},
    {v1::EVENT_KIND_DISPUTE_OPENED, "dispute_opened"},
    {v1::EVENT_KIND_DISPUTE_COMMENTED, "dispute_commented"},
    {v1::EVENT_KIND_DISPUTE_RESOLVED, "dispute_resolved"},
    {v1::EVENT_KIND_DISPUTE_DEADLINE_PASSED, "dispute_deadline_passed"},
    {v1::EVENT_KIND_PROMISE_MADE, "promise_made"},
    {v1::EVENT_KIND_PROMISE_KEPT, "promise_kept"},
    {v1::EVENT_KIND_PROMISE_BROKEN, "promise_broken"},
    {v1::EVENT_KIND_PLAN_CREATED, "plan_created"},
    {v1::EVENT_KIND_INSTALMENT_PAID, "instalment_paid"},
    {v1::EVENT_KIND_INSTALMENT_MISSED, "instalment_missed"},
    {v1::EVENT_KIND_PLAN_COMPLETED, "plan_completed"},
    {v1::EVENT_KIND_PLAN_BROKEN, "plan_broken"},
    {v1::EVENT_KIND_PLAN_CANCELLED, "plan_cancelled"},
    {v1::EVENT_KIND_PAYMENT_RECEIVED, "payment_received"},
    {v1::EVENT_KIND_EXTRAS_PAID, "extras_paid"},
    {v1::EVENT_KIND_EXTRAS_WAIVED, "extras_waived"},
    {v1::EVENT_KIND_CREDIT_NOTE_RECORDED, "credit_note_recorded"},
    {v1::EVENT_KIND_HAND_OVER, "hand_over"},
    {v1::EVENT_KIND_CLIENT_BLOCKED, "client_blocked"},
    {v1::EVENT_KIND_CLIENT_UNBLOCKED, "client_unblocked"},
    {v1::EVENT_KIND_REMINDER_DUE, storage::event_kind::kReminderDue},
    {v1::EVENT_KIND_REMINDER_SENT, storage::event_kind::kReminderSent},
    {v1::EVENT_KIND_REMINDER_FAILED, storage::event_kind::kReminderFailed},
    {v1::EVENT_KIND_REMINDER_SKIPPED, storage::event_kind::kReminderSkipped},
    {v1::EVENT_KIND_TASK_ASSIGNED, storage::event_kind::kTaskAssigned},
    {v1::EVENT_KIND_TASK_DONE, storage::event_kind::kTaskDone},
    {v1::EVENT_KIND_INVOICE_PAID, storage::event_kind::kInvoicePaid},
    {v1::EVENT_KIND_RATE_MISSING, storage::event_kind::kRateMissing},
    {v1::EVENT_KIND_LETTER_POSTED, "letter_posted"},
    {v1::EVENT_KIND_LETTER_ACKNOWLEDGED, "letter_acknowledged"},
    {v1::EVENT_KIND_LIMITATION_WARNING, "limitation_warning"},
};

std::optional<absl::string_view> KindText(int kind) {
  for (const auto& [wire, text] : kEventKinds) {
    if (wire == kind) return text;
  }
  return std::nullopt;
}

// UNSPECIFIED for a kind this server does not know (written by a newer one).
v1::EventKind KindFromText(absl::string_view text) {
  for (const auto& [wire, known] : kEventKinds) {
    if (known == text) return wire;
  }
  return v1::EVENT_KIND_UNSPECIFIED;
}

void EventToProto(const storage::EventRecord& event, v1::Event* out) {
  out->set_sequence(event.sequence);
  out->set_kind(KindFromText(event.kind));
  api::ToProto(event.occurred_time, out->mutable_occurred_time());
  out->set_client_id(event.client_id);
  out->set_client_name(event.client_name);
  out->set_client_owner(event.client_owner);
  out->set_invoice_id(event.invoice_id.value_or(0));
  out->set_invoice_number(event.invoice_number);
  out->set_entry_id(event.interaction_id.value_or(0));
  out->set_reminder_id(event.reminder_id.value_or(0));
  out->set_actor(event.actor);
  out->set_assignee(event.assignee);
  if (!event.amount.currency.empty()) {
    SetMoney(event.amount.minor, event.amount.currency, out->mutable_amount());
  }
  if (event.day.has_value()) out->set_date(absl::FormatCivilTime(*event.day));
  notifications::EventText text = notifications::DescribeEvent(event);
  out->set_summary(std::move(text.summary));
  out->set_action(std::move(text.action));
}

void NoticeToProto(const notifications::Notice& notice, absl::Duration interval,
                   v1::SubscribeResponse* out) {
  if (notice.event.has_value()) {
    EventToProto(*notice.event, out->mutable_event());
    return;
  }
  v1::Heartbeat* heartbeat = out->mutable_heartbeat();
  api::ToProto(notice.time, heartbeat->mutable_server_time());
  heartbeat->set_sequence(notice.sequence);
  *heartbeat->mutable_interval() =
      google::protobuf::util::TimeUtil::MicrosecondsToDuration(
          absl::ToInt64Microseconds(interval));
}

// The hub's filter for `request`, narrowed to `owner_scope`; INVALID_ARGUMENT
// naming the fields that are wrong.
absl::StatusOr<notifications::SubscriptionFilter> FilterOf(
    const v1::SubscribeRequest& request,
    std::optional<std::string> owner_scope) {
  FieldViolations violations;
  notifications::SubscriptionFilter filter;
  if (request.after_sequence() < 0) {
    violations.Add("after_sequence", "must not be negative");
  }
  filter.after_sequence = request.after_sequence();
  for (int i = 0; i < request.kinds_size(); ++i) {
    std::optional<absl::string_view> text = KindText(request.kinds(i));
    if (!text.has_value()) {
      violations.Add(absl::StrCat("kinds[", i, "]"), "is not an event kind");
    } else {
      filter.kinds.emplace_back(*text);
    }
  }
  for (int i = 0; i < request.client_ids_size(); ++i) {
    if (request.client_ids(i) <= 0) {
      violations.Add(absl::StrCat("client_ids[", i, "]"), "is not a client id");
    } else {
      filter.client_ids.push_back(request.client_ids(i));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  // Whatever clients a sales rep names, they see only their own.
  filter.owner = std::move(owner_scope);
  return filter;
}

// Non-OK statuses the stream ends with by design (cut off, shutting down,
// cancelled): the client's cue to resume, not a failure to log.
grpc::Status EndStatus(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

// A slot of StreamSlots, given back when the stream that holds it is done.
class StreamSlot {
 public:
  StreamSlot(StreamSlots* slots, std::string user)
      : slots_(slots), user_(std::move(user)) {}
  ~StreamSlot() { slots_->Release(user_); }
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;

 private:
  StreamSlots* slots_;
  std::string user_;
};

// One Subscribe stream: writes what the subscription's queue holds, one
// message at a time (gRPC allows one write in flight), whichever thread
// learns that the previous write completed or that the queue has more.
class SubscribeReactor final
    : public grpc::ServerWriteReactor<v1::SubscribeResponse>,
      public notifications::SubscriptionSink {
 public:
  SubscribeReactor(notifications::EventHub* hub,
                   notifications::SubscriptionFilter filter,
                   std::unique_ptr<StreamSlot> slot)
      : interval_(hub->options().heartbeat_interval), slot_(std::move(slot)) {
    absl::StatusOr<std::shared_ptr<notifications::Subscription>> subscription =
        hub->Subscribe(std::move(filter), this);
    absl::MutexLock lock(&mutex_);
    if (!subscription.ok()) {
      // UNAVAILABLE (shutting down, or the outbox unreadable): the client's
      // cue to subscribe again, as after any stream end.
      FinishLocked(EndStatus(subscription.status()));
      return;
    }
    subscription_ = *std::move(subscription);
    // Wake may have come before subscription_ was set.
    WriteNextLocked();
  }

  // A finished call, with no subscription.
  explicit SubscribeReactor(const grpc::Status& status)
      : interval_(absl::ZeroDuration()) {
    absl::MutexLock lock(&mutex_);
    FinishLocked(status);
  }

  void Wake() override {
    absl::MutexLock lock(&mutex_);
    WriteNextLocked();
  }

  void OnWriteDone(bool ok) override {
    absl::MutexLock lock(&mutex_);
    writing_ = false;
    if (!ok) {
      // The client is gone; Finish still has to be called for OnDone.
      FinishLocked(grpc::Status::CANCELLED);
      return;
    }
    WriteNextLocked();
  }

  void OnCancel() override {
    absl::MutexLock lock(&mutex_);
    if (!writing_) FinishLocked(grpc::Status::CANCELLED);
  }

  void OnDone() override {
    std::shared_ptr<notifications::Subscription> subscription;
    {
      absl::MutexLock lock(&mutex_);
      subscription = std::move(subscription_);
    }
    if (subscription != nullptr) subscription->Close();
    delete this;
  }

 private:
  void WriteNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (writing_ || finished_ || subscription_ == nullptr) return;
    notifications::Subscription::Next next = subscription_->Pop();
    if (next.end.has_value()) {
      FinishLocked(EndStatus(*next.end));
      return;
    }
    if (!next.notice.has_value()) return;
    response_.Clear();
    NoticeToProto(*next.notice, interval_, &response_);
    writing_ = true;
    StartWrite(&response_);
  }

  void FinishLocked(const grpc::Status& status)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    if (finished_) return;
    finished_ = true;
    Finish(status);
  }

  const absl::Duration interval_;
  // Released when the reactor is deleted, in OnDone: the stream is then over
  // for gRPC too.
  const std::unique_ptr<StreamSlot> slot_;
  // Held while deciding what to write; gRPC runs no reaction inline from
  // StartWrite or Finish, so holding it across them cannot deadlock.
  absl::Mutex mutex_;
  std::shared_ptr<notifications::Subscription> subscription_
      ABSL_GUARDED_BY(mutex_);
  bool writing_ ABSL_GUARDED_BY(mutex_) = false;
  bool finished_ ABSL_GUARDED_BY(mutex_) = false;
  v1::SubscribeResponse response_;
};

}  // namespace

bool StreamSlots::TryAcquire(const std::string& user) {
  absl::MutexLock lock(&mutex_);
  int& open = open_[user];
  if (open >= max_per_user_) {
    if (open == 0) open_.erase(user);
    return false;
  }
  ++open;
  return true;
}

void StreamSlots::Release(const std::string& user) {
  absl::MutexLock lock(&mutex_);
  auto it = open_.find(user);
  if (it == open_.end()) return;
  if (--it->second <= 0) open_.erase(it);
}

grpc::ServerWriteReactor<v1::SubscribeResponse>* NotificationService::Subscribe(
    grpc::CallbackServerContext* context, const v1::SubscribeRequest* request) {
  absl::StatusOr<Caller> caller =
      Authorize(*context, *env_, Permission::kRead, *request);
  if (!caller.ok()) return new SubscribeReactor(ToGrpcStatus(caller.status()));
  absl::StatusOr<notifications::SubscriptionFilter> filter =
      FilterOf(*request, caller->owner_scope());
  if (!filter.ok()) return new SubscribeReactor(ToGrpcStatus(filter.status()));
  if (!slots_.TryAcquire(caller->user)) {
    return new SubscribeReactor(grpc::Status(
        grpc::StatusCode::RESOURCE_EXHAUSTED,
        absl::StrCat("at most ", slots_.max_per_user(),
                     " notification streams per user are open at once "
                     "(--max-streams-per-user); close one first")));
  }
  auto slot = std::make_unique<StreamSlot>(&slots_, caller->user);
  return new SubscribeReactor(env_->event_hub(), *std::move(filter),
                              std::move(slot));
}

}  // namespace relance::api
