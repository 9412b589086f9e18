#ifndef RELANCE_STORAGE_BASE_CLOCK_H_
#define RELANCE_STORAGE_BASE_CLOCK_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace relance {

// The source of "now" for everything that depends on time, injected so that
// tests move time without sleeping.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() = 0;
};

class RealClock final : public Clock {
 public:
  absl::Time Now() override { return absl::Now(); }
};

}  // namespace relance

#endif  // RELANCE_STORAGE_BASE_CLOCK_H_
