#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>
#include <grpcpp/support/sync_stream.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client-cli/commands.h"
#include "client-cli/enum_text.h"
#include "client-cli/money.h"
#include "client-cli/validators.h"
#include "client-cli/watch_state.h"
#include "client-cli/watch_text.h"

// relance watch: events as they happen, resumed after the last one seen
// whatever becomes of the connection, so that none is lost or shown twice.
namespace relance::cli {
namespace {

struct WatchOptions {
  std::vector<std::string> kinds;
  std::vector<std::int64_t> client_ids;
  // Negative: resume after the sequence kept in the state file.
  std::int64_t from_sequence = -1;
  std::string state_file;
  // 0: until interrupted.
  std::int64_t max_events = 0;
};

using Clock = std::chrono::steady_clock;

// Ends the current stream early, from other threads, for two reasons the
// blocking reader cannot see by itself: the server fell silent (a connection
// that died without a word, which TCP may take minutes to notice) or the user
// asked to stop. The reader attaches each stream's context here before the
// call starts and detaches it before destroying it.
class StreamGuard {
 public:
  StreamGuard() : watchdog_([this] { WatchSilence(); }) {}
  ~StreamGuard() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    watchdog_.join();
  }

  // Watches `context`: it is cancelled unless a message arrives within
  // `silence`, and at once if the user has asked to stop.
  void Attach(grpc::ClientContext* context, Clock::duration silence) {
    {
      std::lock_guard lock(mutex_);
      context_ = context;
      silent_ = false;
      deadline_ = Clock::now() + silence;
      if (interrupted_) context->TryCancel();
    }
    changed_.notify_all();
  }

  // A message arrived: the next one is due within `silence`.
  void Heard(Clock::duration silence) {
    bool sooner = false;
    {
      std::lock_guard lock(mutex_);
      const Clock::time_point deadline = Clock::now() + silence;
      sooner = deadline < deadline_;
      deadline_ = deadline;
    }
    // A later deadline needs no wake-up: the watchdog wakes at the former
    // one and waits again from there. A sooner one (the first heartbeat's
    // interval replacing --timeout) must be seen now.
    if (sooner) changed_.notify_all();
  }

  // Stops watching the context. Returns whether it was cancelled because the
  // server fell silent.
  bool Detach() {
    std::lock_guard lock(mutex_);
    context_ = nullptr;
    return silent_;
  }

  // The user asked to stop: cancels the stream, cuts any Pause() short.
  void Interrupt() {
    {
      std::lock_guard lock(mutex_);
      interrupted_ = true;
      if (context_ != nullptr) context_->TryCancel();
    }
    changed_.notify_all();
  }

  bool interrupted() {
    std::lock_guard lock(mutex_);
    return interrupted_;
  }

  // Waits `delay`; returns false, sooner, when the user asks to stop.
  bool Pause(Clock::duration delay) {
    std::unique_lock lock(mutex_);
    return !changed_.wait_for(lock, delay, [this] { return interrupted_; });
  }

 private:
  void WatchSilence() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      if (context_ == nullptr || silent_) {
        changed_.wait(lock);
      } else if (Clock::now() >= deadline_) {
        silent_ = true;
        context_->TryCancel();
      } else {
        changed_.wait_until(lock, deadline_);
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  grpc::ClientContext* context_ = nullptr;
  Clock::time_point deadline_;
  bool silent_ = false;
  bool interrupted_ = false;
  bool stopping_ = false;
  // Last: it starts once the members it reads are constructed.
  std::thread watchdog_;
};

// Routes the user's request to stop to `guard` while it exists.
class InterruptionListener {
 public:
  InterruptionListener(Interruption* interruption, StreamGuard& guard)
      : interruption_(interruption) {
    if (interruption_ != nullptr) {
      interruption_->SetListener([&guard] { guard.Interrupt(); });
    }
  }
  ~InterruptionListener() {
    if (interruption_ != nullptr) interruption_->ClearListener();
  }
  InterruptionListener(const InterruptionListener&) = delete;
  InterruptionListener& operator=(const InterruptionListener&) = delete;

 private:
  Interruption* interruption_;
};

// What the reconnect notice says about the end of a stream.
std::string EndOfStream(const grpc::Status& status) {
  std::string what;
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      what = "connection lost";
      break;
    case grpc::StatusCode::ABORTED:
      what = "the server cut the stream off";
      break;
    case grpc::StatusCode::CANCELLED:
      what = "the stream was cancelled";
      break;
    default:
      what = "the server ended the stream";
      break;
  }
  if (!status.error_message().empty()) {
    absl::StrAppend(&what, " (", status.error_message(), ")");
  }
  return what;
}

std::string Seconds(Clock::duration duration) {
  return absl::StrFormat("%.1f s",
                         std::chrono::duration<double>(duration).count());
}

// Whether the stream's end means "subscribe again": the server going down or
// shedding a slow reader, the network failing, the call cancelled by anyone
// but us (a server cancels the calls it still has when it stops), or (never
// expected) a stream that ends without error. Anything else is an answer to
// the request itself.
bool Resumable(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::CANCELLED:
    case grpc::StatusCode::OK:
      return true;
    default:
      return false;
  }
}

// What people wrote in the timeline entry that raised `event` (a note's
// text, a call's notes), or "" when it has none or cannot be read: the line
// then shows the summary alone. The event carries the entry's id, not its
// text; the entry is found among the client's entries of its kind.
std::string EntryText(CommandEnv& env, const v1::Event& event) {
  if (!EventHasText(event.kind()) || event.entry_id() == 0 ||
      event.client_id() == 0) {
    return "";
  }
  v1::ListTimelineRequest request;
  request.set_client_id(event.client_id());
  request.set_invoice_id(event.invoice_id());
  // Events 1 to 23 are raised by the timeline entry of the same number.
  request.add_kinds(static_cast<v1::EntryKind>(event.kind()));
  request.set_page_size(1000);
  // A bound on the calls for a client with a very long history.
  constexpr int kMaxPages = 20;
  for (int page = 0; page < kMaxPages; ++page) {
    v1::ListTimelineResponse response;
    const grpc::Status status =
        env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
          return env.interactions().ListTimeline(context, request, &response);
        });
    if (!status.ok()) return "";
    for (const v1::TimelineEntry& entry : response.entries()) {
      if (entry.id() == event.entry_id()) return entry.text();
    }
    if (response.next_page_token().empty()) return "";
    request.set_page_token(response.next_page_token());
  }
  return "";
}

int RunWatch(CommandEnv& env, const WatchOptions& options) {
  if (env.output().format() == OutputFormat::kCsv) {
    return env.UsageError(
        "watch: --output csv is not available: table prints one line per "
        "event, json one JSON object per line");
  }
  const absl::StatusOr<std::vector<v1::EventKind>> kinds =
      ParseEventKinds(options.kinds);
  if (!kinds.ok()) {
    return env.UsageError(absl::StrCat("--kinds: ", kinds.status().message()));
  }
  std::string state_file = options.state_file;
  if (state_file.empty()) {
    absl::StatusOr<std::string> found =
        DefaultStateFile(env.options().server, std::getenv("XDG_STATE_HOME"),
                         std::getenv("HOME"));
    if (!found.ok()) return env.UsageError(found.status().message());
    state_file = *std::move(found);
  }
  std::int64_t last_sequence = options.from_sequence;
  if (last_sequence < 0) {
    absl::StatusOr<std::int64_t> kept = LoadSequence(state_file);
    if (!kept.ok()) return env.UsageError(kept.status().message());
    last_sequence = *kept;
  }
  // Better to fail now than after the first event, which would then be shown
  // again by the next run.
  if (absl::Status saved = SaveSequence(state_file, last_sequence);
      !saved.ok()) {
    return env.UsageError(saved.message());
  }

  v1::SubscribeRequest request;
  for (v1::EventKind kind : *kinds) request.add_kinds(kind);
  for (std::int64_t client_id : options.client_ids) {
    request.add_client_ids(client_id);
  }
  const bool json = env.output().format() == OutputFormat::kJson;
  const absl::TimeZone zone = absl::LocalTimeZone();
  const MoneyStyle money_style = MoneyStyle::ForPeople(env.punctuation());
  // Until a heartbeat gives the server's interval, a stream gets --timeout to
  // deliver its first message (a heartbeat, as soon as it is in place).
  const Clock::duration first_message_wait =
      std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(env.options().timeout_seconds));
  Clock::duration silence_limit = first_message_wait;

  StreamGuard guard;
  const InterruptionListener listener(env.interruption(), guard);
  std::chrono::milliseconds reconnect_delay = kFirstReconnectDelay;
  std::int64_t shown = 0;
  bool said_waiting = false;
  while (true) {
    request.set_after_sequence(last_sequence);
    grpc::ClientContext context;
    // No deadline: the stream is meant to last.
    AddAuthorization(context, env.options().token);
    guard.Attach(&context, silence_limit);
    std::unique_ptr<grpc::ClientReaderInterface<v1::SubscribeResponse>> reader =
        env.notifications().Subscribe(&context, request);
    v1::SubscribeResponse response;
    bool heard = false;
    bool enough = false;
    absl::Status saved;
    while (!enough && saved.ok() && reader->Read(&response)) {
      heard = true;
      if (response.has_heartbeat()) {
        const v1::Heartbeat& heartbeat = response.heartbeat();
        const Clock::duration interval =
            std::chrono::seconds(heartbeat.interval().seconds()) +
            std::chrono::nanoseconds(heartbeat.interval().nanos());
        if (interval > Clock::duration::zero()) silence_limit = 3 * interval;
        guard.Heard(silence_limit);
        // The first heartbeat says the subscription is in place. Whoever
        // watches at a terminal learns that the command works and waits;
        // stdout keeps one line per event.
        if (!said_waiting && env.err_is_terminal()) {
          env.err() << UsageErrorLine(absl::StrCat(
                           "watch: subscribed to ", env.options().server,
                           " after sequence ", last_sequence,
                           "; waiting for events (Ctrl-C to stop)"))
                    << std::endl;
          said_waiting = true;
        }
        // Nothing to print, but the position moves on: resuming from it
        // skips what the filters left out.
        if (heartbeat.sequence() > last_sequence) {
          last_sequence = heartbeat.sequence();
          saved = SaveSequence(state_file, last_sequence);
        }
        continue;
      }
      guard.Heard(silence_limit);
      const v1::Event& event = response.event();
      // The contract makes this impossible; a replica behind the one that
      // served the previous stream must not make the CLI show an event twice.
      if (event.sequence() <= last_sequence) continue;
      env.out() << (json ? EventJsonLine(event)
                         : EventLine(event, zone, money_style,
                                     EntryText(env, event)));
      env.out().flush();
      last_sequence = event.sequence();
      saved = SaveSequence(state_file, last_sequence);
      enough = options.max_events > 0 && ++shown >= options.max_events;
    }
    if (enough || !saved.ok()) {
      context.TryCancel();
      while (reader->Read(&response)) {
      }
    }
    const grpc::Status status = reader->Finish();
    const bool silent = guard.Detach();
    if (!saved.ok()) {
      env.err() << UsageErrorLine(saved.message()) << '\n';
      return kExitServerError;
    }
    if (enough || guard.interrupted()) return 0;
    if (!silent && !Resumable(status)) return env.Fail(status);
    // A stream that delivered something was healthy: the trouble is new.
    if (heard) reconnect_delay = kFirstReconnectDelay;
    env.err() << UsageErrorLine(absl::StrCat(
                     "watch: ",
                     silent ? absl::StrCat("nothing heard for ",
                                           Seconds(silence_limit))
                            : EndOfStream(status),
                     "; subscribing again after sequence ", last_sequence,
                     " in ", Seconds(reconnect_delay)))
              << std::endl;
    if (!guard.Pause(reconnect_delay)) return 0;
    reconnect_delay = NextReconnectDelay(reconnect_delay);
    // A new connection sends its first heartbeat at once.
    silence_limit = std::min(silence_limit, first_message_wait);
  }
}

}  // namespace

void AddWatchCommand(CLI::App& app, CommandAction& action) {
  CLI::App* command = app.add_subcommand(
      "watch",
      "Print events as they happen, one line each (--output json: one JSON "
      "object per line), until Ctrl-C; the next run resumes after the last "
      "event shown");
  auto options = std::make_shared<WatchOptions>();
  command->add_option("--kinds", options->kinds,
                      absl::StrCat("Only these kinds, comma-separated: ",
                                   absl::StrJoin(EventKindFlagNames(), ", ")));
  command
      ->add_option("--client", options->client_ids,
                   "Only this client's events (repeatable)")
      ->check(RecordId());
  command
      ->add_option("--from-sequence", options->from_sequence,
                   "Resume after this sequence instead of the remembered one "
                   "(0: every event kept)")
      ->check(CLI::NonNegativeNumber);
  command->add_option(
      "--state-file", options->state_file,
      "Where to remember the last sequence (default: one file per server in "
      "$XDG_STATE_HOME/relance/watch, or ~/.local/state/relance/watch); give "
      "each watch with its own filters its own file");
  command
      ->add_option("--max-events", options->max_events,
                   "Stop after this many events (for scripts)")
      ->check(CLI::PositiveNumber);
  command->callback([&action, options] {
    action = [options](CommandEnv& env) { return RunWatch(env, *options); };
  });
}

}  // namespace relance::cli
