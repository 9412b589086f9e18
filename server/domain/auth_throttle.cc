#include "server/domain/auth_throttle.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace relance {
namespace {

// Addresses remembered at most: past it, those without a failure in the
// window are forgotten first.
constexpr std::size_t kMaxAddresses = 100000;

}  // namespace

std::string AuthThrottle::AddressOf(absl::string_view peer) {
  absl::ConsumePrefix(&peer, "ipv4:");
  absl::ConsumePrefix(&peer, "ipv6:");
  const std::size_t colon = peer.rfind(':');
  // "[::1]:443": the port follows the bracket; a bare IPv6 has no port.
  if (colon != absl::string_view::npos &&
      (peer.front() != '[' || (colon > 0 && peer[colon - 1] == ']'))) {
    peer = peer.substr(0, colon);
  }
  return std::string(peer);
}

void AuthThrottle::ForgetOld(absl::Time now) {
  for (auto it = failures_.begin(); it != failures_.end();) {
    std::vector<absl::Time>& times = it->second.times;
    times.erase(std::remove_if(times.begin(), times.end(),
                               [&](absl::Time time) {
                                 return time <= now - options_.window;
                               }),
                times.end());
    if (times.empty()) {
      failures_.erase(it++);
    } else {
      ++it;
    }
  }
}

absl::Status AuthThrottle::Admit(absl::string_view address) {
  if (options_.max_failures <= 0) return absl::OkStatus();
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mutex_);
  const auto found = failures_.find(address);
  if (found == failures_.end()) return absl::OkStatus();
  const std::vector<absl::Time>& times = found->second.times;
  const auto recent = std::count_if(times.begin(), times.end(), [&](auto t) {
    return t > now - options_.window;
  });
  if (recent < options_.max_failures) return absl::OkStatus();
  // The oldest failure that keeps the count at the limit.
  const absl::Time free_at =
      times[times.size() - static_cast<std::size_t>(options_.max_failures)] +
      options_.window;
  return absl::UnauthenticatedError(absl::StrCat(
      "too many failed authentications from ", address, ": try again in ",
      absl::ToInt64Seconds(free_at - now) + 1, "s"));
}

int AuthThrottle::RecordFailure(absl::string_view address) {
  const absl::Time now = clock_->Now();
  absl::MutexLock lock(&mutex_);
  if (failures_.size() >= kMaxAddresses) ForgetOld(now);
  std::vector<absl::Time>& times = failures_[address].times;
  times.erase(std::remove_if(times.begin(), times.end(),
                             [&](absl::Time time) {
                               return time <= now - options_.window;
                             }),
              times.end());
  times.push_back(now);
  const std::size_t keep =
      static_cast<std::size_t>(std::max(options_.max_failures, 1));
  if (times.size() > keep) times.erase(times.begin());
  return static_cast<int>(times.size());
}

}  // namespace relance
