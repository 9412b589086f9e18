#include "client-cli/progress.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace relance::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

}  // namespace

std::string ProgressLine(std::int64_t done, std::int64_t total,
                         double rows_per_second) {
  const double fraction =
      total > 0
          ? std::clamp(static_cast<double>(done) / static_cast<double>(total),
                       0.0, 1.0)
          : 1.0;
  const int filled = static_cast<int>(fraction * kBarWidth);
  return absl::StrFormat(
      "[%s%s] %3d%%  %d/%d rows  %.0f rows/s", std::string(filled, '#'),
      std::string(kBarWidth - filled, ' '), static_cast<int>(fraction * 100),
      done, total, rows_per_second);
}

ProgressBar::ProgressBar(std::ostream& out, std::int64_t total, bool enabled)
    : out_(out),
      total_(total),
      enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressBar::Update(std::int64_t done) {
  done_ = done;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  Draw();
}

void ProgressBar::Finish() {
  if (!enabled_) return;
  Draw();
  out_ << '\n';
  out_.flush();
}

void ProgressBar::Draw() {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
          .count();
  const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0;
  // "\r" returns to the start of the line and "\x1b[K" clears what a longer
  // line left behind.
  out_ << '\r' << ProgressLine(done_, total_, rate) << "\x1b[K";
  out_.flush();
  drawn_ = true;
}

}  // namespace relance::cli
