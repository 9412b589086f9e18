// relance_notification_bench: many live NotificationService.Subscribe streams
// on one relanced, through its public gRPC API.
//
//   relance_notification_bench --relanced build/server/relanced \
//       --db sqlite:/tmp/notify.db
//   relance_notification_bench --server 127.0.0.1:50051 --server_pid 1234
//
// Opens --subscribers streams (gRPC callback API: no thread per stream) over
// --channels connections, waits for every stream's first heartbeat, then
// measures:
//   memory      the server's resident memory (VmRSS) before and after the
//               streams opened, per idle stream;
//   broadcast   --broadcasts notes added one at a time, each awaited on every
//               stream: latency from AddNote sent to the event's arrival,
//               p50 / p99 / max over all streams and notes;
//   burst       --burst notes from --writers concurrent writers: notes
//               written per second, events delivered per second across all
//               streams.
// Every stream must receive every note's event exactly once; the bench
// reports and fails on any loss or duplicate. Prints a small table (one JSON
// object with --json).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/notification.grpc.pb.h"
#include "tests/bench/bench_target.h"
#include "tests/bench/load.h"
#include "tests/testing/bearer_channel.h"

ABSL_FLAG(int, subscribers, 10000, "Concurrent Subscribe streams.");
ABSL_FLAG(int, channels, 100, "gRPC connections the streams are spread over.");
ABSL_FLAG(int, broadcasts, 20, "Notes added one at a time for latency.");
ABSL_FLAG(int, burst, 200, "Notes added at once for throughput.");
ABSL_FLAG(int, writers, 4, "Concurrent writers of the burst.");
ABSL_FLAG(double, wait, 120,
          "Seconds to wait for the streams to open, and for each delivery "
          "round, before giving up.");
ABSL_FLAG(bool, json, false, "Print one JSON object instead of a table.");

namespace relance::bench {
namespace {

using Clock = std::chrono::steady_clock;
using ::relance::v1::NotificationService;

constexpr absl::Duration kCallDeadline = absl::Seconds(30);

void SetDeadline(grpc::ClientContext& context) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
}

// Counts that the main thread waits on, bumped from gRPC's threads.
class Progress {
 public:
  void Add(std::int64_t n = 1) {
    {
      std::lock_guard lock(mutex_);
      count_ += n;
    }
    changed_.notify_all();
  }
  // Waits until the count reaches `target`; false on timeout.
  bool WaitFor(std::int64_t target, Clock::duration timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return count_ >= target; });
  }
  std::int64_t count() {
    std::lock_guard lock(mutex_);
    return count_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::int64_t count_ = 0;
};

// One stream. gRPC serialises a reactor's callbacks, so `arrivals` needs no
// lock while the stream runs; the main thread reads it only after the
// deliveries it waits for were counted (under Progress's mutex) or after
// OnDone.
class Subscriber final : public grpc::ClientReadReactor<v1::SubscribeResponse> {
 public:
  struct Arrival {
    std::int64_t entry_id;
    std::int64_t sequence;
    Clock::time_point time;
  };

  Subscriber(Progress& ready, Progress& delivered, Progress& ended)
      : ready_(ready), delivered_(delivered), ended_(ended) {}

  void Start(NotificationService::Stub& stub,
             const v1::SubscribeRequest& request) {
    request_ = request;
    stub.async()->Subscribe(&context_, &request_, this);
    StartRead(&response_);
    StartCall();
  }

  void Cancel() { context_.TryCancel(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // OnDone follows.
    const Clock::time_point now = Clock::now();
    if (response_.has_heartbeat()) {
      if (!heard_) {
        heard_ = true;
        ready_.Add();
      }
    } else {
      arrivals_.push_back(
          {response_.event().entry_id(), response_.event().sequence(), now});
      delivered_.Add();
    }
    StartRead(&response_);
  }

  void OnDone(const grpc::Status& status) override {
    {
      std::lock_guard lock(mutex_);
      status_ = status;
      done_ = true;
    }
    ended_.Add();
  }

  const std::vector<Arrival>& arrivals() const { return arrivals_; }
  // The stream's end, if it ended.
  std::optional<grpc::Status> status() {
    std::lock_guard lock(mutex_);
    if (!done_) return std::nullopt;
    return status_;
  }

 private:
  Progress& ready_;
  Progress& delivered_;
  Progress& ended_;
  grpc::ClientContext context_;
  v1::SubscribeRequest request_;
  v1::SubscribeResponse response_;
  bool heard_ = false;
  std::vector<Arrival> arrivals_;
  std::mutex mutex_;
  bool done_ = false;
  grpc::Status status_;
};

// The resident memory of process `pid` in bytes, from /proc/PID/status.
absl::StatusOr<std::int64_t> ResidentBytes(int pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) != 0) continue;
    std::vector<std::string> parts =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    std::int64_t kilobytes = 0;
    if (parts.size() >= 2 && absl::SimpleAtoi(parts[1], &kilobytes)) {
      return kilobytes * 1024;
    }
  }
  return absl::NotFoundError(absl::StrCat("no VmRSS for process ", pid));
}

// As many open files as the hard limit allows: each connection is one.
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 &&
      limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::shared_ptr<grpc::Channel> Connect(const std::string& address,
                                       const std::string& token, int index) {
  grpc::ChannelArguments arguments;
  // Its own connection: no subchannel shared with the other channels, and a
  // distinct argument so that gRPC does not consider the channels equal.
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  arguments.SetInt("relance.bench.channel", index);
  return testing::BearerChannel(address, token,
                                grpc::InsecureChannelCredentials(), arguments);
}

absl::Status Failed(absl::string_view what, const grpc::Status& status) {
  return absl::UnavailableError(
      absl::StrCat(what, ": ", DescribeStatus(status)));
}

absl::StatusOr<std::int64_t> CreateClient(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& run_id) {
  auto stub = v1::ClientService::NewStub(channel);
  v1::CreateClientRequest request;
  request.set_request_id(absl::StrCat("notification-bench-", run_id));
  v1::Client& client = *request.mutable_client();
  client.set_reference(absl::StrCat("NB-", run_id));
  client.set_name("Notification bench");
  client.set_kind(v1::CLIENT_KIND_B2B);
  client.set_email("bench@example.com");
  v1::CreateClientResponse response;
  grpc::ClientContext context;
  SetDeadline(context);
  const grpc::Status status = stub->CreateClient(&context, request, &response);
  if (!status.ok()) return Failed("CreateClient", status);
  return response.client().id();
}

// The position every new stream starts from: the first heartbeat's sequence,
// so that no stream replays the history.
absl::StatusOr<std::int64_t> CurrentSequence(NotificationService::Stub& stub) {
  grpc::ClientContext context;
  SetDeadline(context);
  v1::SubscribeRequest request;
  request.add_kinds(v1::EVENT_KIND_CLIENT_UNBLOCKED);  // Nothing to replay.
  auto reader = stub.Subscribe(&context, request);
  v1::SubscribeResponse response;
  while (reader->Read(&response)) {
    if (response.has_heartbeat()) {
      context.TryCancel();
      while (reader->Read(&response)) {
      }
      reader->Finish();
      return response.heartbeat().sequence();
    }
  }
  return Failed("Subscribe", reader->Finish());
}

// Adds one note; returns its timeline entry id.
absl::StatusOr<std::int64_t> AddNote(v1::InteractionService::Stub& stub,
                                     std::int64_t client_id,
                                     const std::string& request_id) {
  v1::AddNoteRequest request;
  request.set_request_id(request_id);
  request.set_client_id(client_id);
  request.set_text("Notification bench");
  v1::AddNoteResponse response;
  grpc::ClientContext context;
  SetDeadline(context);
  const grpc::Status status = stub.AddNote(&context, request, &response);
  if (!status.ok()) return Failed("AddNote", status);
  return response.entry().id();
}

double Milliseconds(Clock::duration duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

struct Figures {
  int subscribers = 0;
  int channels = 0;
  double open_seconds = 0;
  std::int64_t rss_before = -1;
  std::int64_t rss_after = -1;
  double p50_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  int broadcasts = 0;
  int burst = 0;
  double notes_per_second = 0;
  double deliveries_per_second = 0;
  std::int64_t missing = 0;
  std::int64_t duplicates = 0;
  std::int64_t streams_ended = 0;
  std::string first_end;
  std::int64_t write_errors = 0;
  std::string first_write_error;
};

void Print(const Figures& f, const std::string& label, bool json) {
  const double per_stream =
      f.rss_before >= 0 && f.rss_after >= 0
          ? static_cast<double>(f.rss_after - f.rss_before) / f.subscribers
          : -1;
  if (json) {
    std::printf(
        "{\"label\":\"%s\",\"subscribers\":%d,\"channels\":%d,"
        "\"open_seconds\":%.2f,\"rss_before_bytes\":%lld,"
        "\"rss_after_bytes\":%lld,\"bytes_per_idle_stream\":%.0f,"
        "\"broadcasts\":%d,\"latency_p50_ms\":%.2f,\"latency_p99_ms\":%.2f,"
        "\"latency_max_ms\":%.2f,\"burst\":%d,\"notes_per_second\":%.1f,"
        "\"deliveries_per_second\":%.0f,\"missing\":%lld,\"duplicates\":%lld,"
        "\"streams_ended\":%lld,\"write_errors\":%lld}\n",
        label.c_str(), f.subscribers, f.channels, f.open_seconds,
        static_cast<long long>(f.rss_before),
        static_cast<long long>(f.rss_after), per_stream, f.broadcasts, f.p50_ms,
        f.p99_ms, f.max_ms, f.burst, f.notes_per_second,
        f.deliveries_per_second, static_cast<long long>(f.missing),
        static_cast<long long>(f.duplicates),
        static_cast<long long>(f.streams_ended),
        static_cast<long long>(f.write_errors));
    return;
  }
  std::printf("notifications on %s: %d streams over %d connections\n",
              label.c_str(), f.subscribers, f.channels);
  std::printf("  %-34s %10.2f s\n", "all streams open (first heartbeat)",
              f.open_seconds);
  if (per_stream >= 0) {
    std::printf("  %-34s %10.1f MiB -> %.1f MiB\n", "server resident memory",
                f.rss_before / 1048576.0, f.rss_after / 1048576.0);
    std::printf("  %-34s %10.1f KiB\n", "memory per idle stream",
                per_stream / 1024);
  }
  std::printf("  %-34s %10.2f ms  (%d notes x %d streams)\n",
              "broadcast latency p50", f.p50_ms, f.broadcasts, f.subscribers);
  std::printf("  %-34s %10.2f ms\n", "broadcast latency p99", f.p99_ms);
  std::printf("  %-34s %10.2f ms\n", "broadcast latency max", f.max_ms);
  std::printf("  %-34s %10.1f /s  (%d notes)\n", "burst: notes written",
              f.notes_per_second, f.burst);
  std::printf("  %-34s %10.0f /s\n", "burst: events delivered",
              f.deliveries_per_second);
  std::printf("  %-34s %10lld missing, %lld duplicates, %lld streams ended%s\n",
              "exactly once", static_cast<long long>(f.missing),
              static_cast<long long>(f.duplicates),
              static_cast<long long>(f.streams_ended),
              f.first_end.empty() ? "" : (" (" + f.first_end + ")").c_str());
  if (f.write_errors > 0) {
    std::printf("  %-34s %10lld  (first: %s)\n", "burst: notes refused",
                static_cast<long long>(f.write_errors),
                f.first_write_error.c_str());
  }
}

absl::Status CheckFlags() {
  if (absl::Status status = CheckTargetFlags(); !status.ok()) return status;
  if (absl::GetFlag(FLAGS_subscribers) < 1 ||
      absl::GetFlag(FLAGS_channels) < 1 ||
      absl::GetFlag(FLAGS_broadcasts) < 1 || absl::GetFlag(FLAGS_burst) < 1 ||
      absl::GetFlag(FLAGS_writers) < 1 || absl::GetFlag(FLAGS_wait) <= 0) {
    return absl::InvalidArgumentError(
        "--subscribers, --channels, --broadcasts, --burst, --writers, --wait "
        "must be > 0");
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> Run() {
  if (absl::Status status = CheckFlags(); !status.ok()) return status;
  RaiseOpenFileLimit();

  absl::StatusOr<BenchTarget> target = StartTarget();
  if (!target.ok()) return target.status();
  const std::string& address = target->address;
  const std::string& label = target->label;
  const int server_pid = target->pid;

  const int subscribers = absl::GetFlag(FLAGS_subscribers);
  const int channel_count = absl::GetFlag(FLAGS_channels);
  const Clock::duration wait = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(absl::GetFlag(FLAGS_wait)));
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<NotificationService::Stub>> stubs;
  for (int i = 0; i < channel_count; ++i) {
    channels.push_back(Connect(address, target->token, i));
    stubs.push_back(NotificationService::NewStub(channels.back()));
  }
  auto writer_channel = Connect(address, target->token, channel_count);
  auto interactions = v1::InteractionService::NewStub(writer_channel);

  const std::string run_id =
      absl::StrFormat("%x", absl::ToUnixMillis(absl::Now()));
  const absl::StatusOr<std::int64_t> client_id =
      CreateClient(writer_channel, run_id);
  if (!client_id.ok()) return client_id.status();
  const absl::StatusOr<std::int64_t> start = CurrentSequence(*stubs[0]);
  if (!start.ok()) return start.status();

  Figures figures;
  figures.subscribers = subscribers;
  figures.channels = channel_count;
  if (server_pid > 0) {
    absl::StatusOr<std::int64_t> rss = ResidentBytes(server_pid);
    if (rss.ok()) figures.rss_before = *rss;
  }

  // Only notes of the bench's client: anything else the server does meanwhile
  // is not counted.
  v1::SubscribeRequest request;
  request.set_after_sequence(*start);
  request.add_kinds(v1::EVENT_KIND_NOTE);
  request.add_client_ids(*client_id);
  Progress ready;
  Progress delivered;
  Progress ended;
  std::vector<std::unique_ptr<Subscriber>> streams;
  streams.reserve(subscribers);
  const Clock::time_point open_start = Clock::now();
  for (int i = 0; i < subscribers; ++i) {
    streams.push_back(std::make_unique<Subscriber>(ready, delivered, ended));
    streams.back()->Start(*stubs[i % channel_count], request);
  }
  auto stop_streams = [&] {
    for (auto& stream : streams) stream->Cancel();
    ended.WaitFor(subscribers, std::chrono::seconds(30));
  };
  if (!ready.WaitFor(subscribers, wait)) {
    const std::int64_t heard = ready.count();
    stop_streams();
    return absl::DeadlineExceededError(absl::StrCat(
        "only ", heard, " of ", subscribers, " streams got a heartbeat"));
  }
  figures.open_seconds =
      std::chrono::duration<double>(Clock::now() - open_start).count();
  if (server_pid > 0) {
    // Let the allocator settle after the burst of stream set-ups.
    absl::SleepFor(absl::Seconds(1));
    absl::StatusOr<std::int64_t> rss = ResidentBytes(server_pid);
    if (rss.ok()) figures.rss_after = *rss;
  }

  // Broadcast latency: one note at a time, each awaited on every stream.
  const int broadcasts = absl::GetFlag(FLAGS_broadcasts);
  std::map<std::int64_t, Clock::time_point> sent_at;  // By entry id.
  std::int64_t expected = 0;
  for (int k = 0; k < broadcasts; ++k) {
    const Clock::time_point sent = Clock::now();
    absl::StatusOr<std::int64_t> entry =
        AddNote(*interactions, *client_id, absl::StrCat(run_id, "-b", k));
    if (!entry.ok()) {
      stop_streams();
      return entry.status();
    }
    sent_at[*entry] = sent;
    expected += subscribers;
    if (!delivered.WaitFor(expected, wait)) break;
  }

  // Throughput: a burst from several writers.
  const int burst = absl::GetFlag(FLAGS_burst);
  const int writer_count = absl::GetFlag(FLAGS_writers);
  std::mutex burst_mutex;
  std::vector<std::int64_t> burst_entries;
  std::atomic<int> next_note{0};
  const Clock::time_point burst_start = Clock::now();
  std::vector<std::thread> writers;
  for (int w = 0; w < writer_count; ++w) {
    writers.emplace_back([&] {
      for (int n = next_note++; n < burst; n = next_note++) {
        absl::StatusOr<std::int64_t> entry =
            AddNote(*interactions, *client_id, absl::StrCat(run_id, "-t", n));
        std::lock_guard lock(burst_mutex);
        if (!entry.ok()) {
          if (figures.write_errors++ == 0) {
            figures.first_write_error = entry.status().ToString();
          }
          continue;
        }
        burst_entries.push_back(*entry);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  const Clock::time_point burst_written = Clock::now();
  expected += static_cast<std::int64_t>(burst_entries.size()) * subscribers;
  delivered.WaitFor(expected, wait);
  figures.broadcasts = broadcasts;
  figures.burst = burst;
  figures.notes_per_second =
      burst_entries.size() /
      std::chrono::duration<double>(burst_written - burst_start).count();

  // Stop the streams before reading what they received: no callback runs
  // after OnDone.
  stop_streams();
  std::vector<double> latencies;
  latencies.reserve(static_cast<std::size_t>(broadcasts) * subscribers);
  Clock::time_point last_burst_arrival = burst_start;
  const std::set<std::int64_t> burst_set(burst_entries.begin(),
                                         burst_entries.end());
  for (const auto& stream : streams) {
    std::map<std::int64_t, int> seen;
    for (const Subscriber::Arrival& arrival : stream->arrivals()) {
      ++seen[arrival.entry_id];
      if (const auto sent = sent_at.find(arrival.entry_id);
          sent != sent_at.end()) {
        latencies.push_back(Milliseconds(arrival.time - sent->second));
      } else if (burst_set.count(arrival.entry_id) > 0) {
        last_burst_arrival = std::max(last_burst_arrival, arrival.time);
      }
    }
    auto check = [&](std::int64_t entry) {
      const auto found = seen.find(entry);
      if (found == seen.end()) {
        ++figures.missing;
      } else if (found->second > 1) {
        figures.duplicates += found->second - 1;
      }
    };
    for (const auto& [entry, sent] : sent_at) check(entry);
    for (std::int64_t entry : burst_entries) check(entry);
    const std::optional<grpc::Status> end = stream->status();
    if (end.has_value() && end->error_code() != grpc::StatusCode::CANCELLED) {
      ++figures.streams_ended;
      if (figures.first_end.empty()) figures.first_end = DescribeStatus(*end);
    }
  }
  std::sort(latencies.begin(), latencies.end());
  if (!latencies.empty()) {
    figures.p50_ms = latencies[latencies.size() / 2];
    figures.p99_ms =
        latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
    figures.max_ms = latencies.back();
  }
  figures.deliveries_per_second =
      static_cast<double>(burst_entries.size()) * subscribers /
      std::chrono::duration<double>(last_burst_arrival - burst_start).count();
  Print(figures, label, absl::GetFlag(FLAGS_json));
  return figures.missing == 0 && figures.duplicates == 0 &&
         figures.streams_ended == 0 && figures.write_errors == 0;
}

}  // namespace
}  // namespace relance::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Many live notification streams on one relanced.\n"
      "  relance_notification_bench --relanced PATH --db URL [--subscribers "
      "N] [--json]\n"
      "  relance_notification_bench --server HOST:PORT [--server_pid PID]");
  absl::ParseCommandLine(argc, argv);
  const absl::StatusOr<bool> as_expected = relance::bench::Run();
  if (!as_expected.ok()) {
    std::fprintf(stderr, "relance_notification_bench: %s\n",
                 as_expected.status().ToString().c_str());
    return 2;
  }
  return *as_expected ? 0 : 1;
}
