#include "storage/event_payload.h"

#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

constexpr char kActor[] = "actor";
constexpr char kAssignee[] = "assignee";
constexpr char kCurrency[] = "currency";
constexpr char kAmountMinor[] = "amount_minor";
constexpr char kDay[] = "day";
constexpr char kDetail[] = "detail";

}  // namespace

std::string EncodeEventPayload(const EventRecord& event) {
  nlohmann::json payload = nlohmann::json::object();
  if (!event.actor.empty()) payload[kActor] = event.actor;
  if (!event.assignee.empty()) payload[kAssignee] = event.assignee;
  if (!event.amount.currency.empty()) {
    payload[kCurrency] = event.amount.currency;
    payload[kAmountMinor] = event.amount.minor;
  }
  if (event.day.has_value()) payload[kDay] = OptionalDayToColumn(event.day);
  if (!event.detail.empty()) payload[kDetail] = event.detail;
  return payload.dump();
}

absl::Status DecodeEventPayload(absl::string_view text, EventRecord* event) {
  const nlohmann::json payload =
      nlohmann::json::parse(text.begin(), text.end(), nullptr,
                            /*allow_exceptions=*/false);
  if (!payload.is_object()) {
    return absl::InternalError(
        absl::StrCat("event ", event->sequence, ": payload is not an object"));
  }
  try {
    event->actor = payload.value(kActor, std::string());
    event->assignee = payload.value(kAssignee, std::string());
    event->amount.currency = payload.value(kCurrency, std::string());
    event->amount.minor = payload.value(kAmountMinor, std::int64_t{0});
    event->detail = payload.value(kDetail, std::string());
    event->day.reset();
    if (payload.contains(kDay)) {
      auto day = DayFromColumn(payload[kDay].get<std::string>());
      if (!day.ok()) return absl::InternalError(day.status().message());
      event->day = *day;
    }
  } catch (const nlohmann::json::exception& error) {
    return absl::InternalError(absl::StrCat(
        "event ", event->sequence, ": malformed payload: ", error.what()));
  }
  return absl::OkStatus();
}

}  // namespace relance::storage
