#include "server/dunning_scheduler.h"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "server/domain/dispatch.h"
#include "server/logging.h"

namespace relance {

DunningScheduler::DunningScheduler(DunningEngine* engine,
                                   absl::Duration interval)
    : engine_(engine), interval_(interval) {}

DunningScheduler::~DunningScheduler() { Stop(); }

void DunningScheduler::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void DunningScheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  if (thread_.joinable()) thread_.join();
}

namespace {

// "3 sent (2 email, 1 letter)", or "nothing sent".
std::string SentSummary(const DispatchTally& sent) {
  if (sent.messages.empty()) return "nothing sent";
  std::vector<std::string> parts;
  for (const auto& [channel, count] : sent.messages) {
    parts.push_back(absl::StrCat(count, " ", ChannelName(channel)));
  }
  std::sort(parts.begin(), parts.end());
  return absl::StrCat(sent.total_messages(), " sent (",
                      absl::StrJoin(parts, ", "), ")");
}

}  // namespace

void DunningScheduler::Loop() {
  while (true) {
    RunOnce();
    std::unique_lock<std::mutex> lock(mutex_);
    // Wakes up early only to stop.
    if (stop_requested_.wait_for(lock, absl::ToChronoNanoseconds(interval_),
                                 [this] { return stopping_; })) {
      return;
    }
  }
}

void DunningScheduler::RunOnce() {
  const absl::Time start = absl::Now();
  // The run dispatches what it made due and what was waiting.
  absl::StatusOr<DunningEngine::Result> result = engine_->RunNow();
  if (!result.ok()) {
    LogWarning("dunning run failed: %s", result.status().ToString());
    return;
  }
  if (!result->dispatch_status.ok()) {
    LogWarning("dispatching reminders failed: %s",
               result->dispatch_status.ToString());
  }
  for (const std::string& warning : result->warnings) {
    LogWarning("dunning run: %s", warning);
  }
  if (!result->actions.empty() || result->sent.reminders_sent > 0) {
    LogInfo("dunning run: %d invoices examined, %d actions, %s, %s",
            static_cast<int>(result->invoices_examined),
            static_cast<int>(result->actions.size()), SentSummary(result->sent),
            absl::FormatDuration(absl::Now() - start));
  }
}

}  // namespace relance
