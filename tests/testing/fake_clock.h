#ifndef RELANCE_TESTS_TESTING_FAKE_CLOCK_H_
#define RELANCE_TESTS_TESTING_FAKE_CLOCK_H_

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/base/clock.h"

namespace relance::testing {

// A clock that moves only when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(
      absl::Time start = absl::FromUnixSeconds(1'767'225'600))  // 2026-01-01
      : now_(start) {}

  absl::Time Now() override {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Set(absl::Time now) {
    absl::MutexLock lock(&mu_);
    now_ = now;
  }
  void Advance(absl::Duration by) {
    absl::MutexLock lock(&mu_);
    now_ += by;
  }

 private:
  absl::Mutex mu_;
  absl::Time now_;
};

// Moves `clock` forward (never back) to 10:00 in Paris on `date`
// (YYYY-MM-DD): where a test runs the book as of a day, the debtor lives on
// that day.
inline void LiveOnDay(FakeClock& clock, absl::string_view date) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(date, &day)) return;
  absl::TimeZone paris;
  absl::LoadTimeZone("Europe/Paris", &paris);
  const absl::Time morning = absl::FromCivil(absl::CivilHour(day) + 10, paris);
  if (morning > clock.Now()) clock.Set(morning);
}

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_FAKE_CLOCK_H_
