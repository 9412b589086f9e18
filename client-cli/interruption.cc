#include "client-cli/interruption.h"

#include <functional>
#include <mutex>
#include <utility>

namespace relance::cli {

bool Interruption::Request() {
  std::lock_guard lock(mutex_);
  if (!listener_) return stopping_;
  listener_();
  stopping_ = true;
  return true;
}

void Interruption::SetListener(std::function<void()> on_request) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(on_request);
}

void Interruption::ClearListener() {
  std::lock_guard lock(mutex_);
  listener_ = nullptr;
}

}  // namespace relance::cli
