// relance watch against a stand-in NotificationService on an in-process
// channel: what it asks for, what it prints, and that however the stream ends
// it subscribes again after the last sequence it saw, showing each event once
// and keeping that sequence in its state file. The real server is exercised
// in tests/e2e/watch_e2e_test.cc.

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client-cli/interruption.h"
#include "client-cli/watch_state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/notification.grpc.pb.h"
#include "tests/unit/cli_against_fake.h"

namespace relance::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

using Outcome = CliOutcome;

v1::SubscribeResponse Heartbeat(std::int64_t sequence,
                                std::chrono::milliseconds interval) {
  v1::SubscribeResponse response;
  v1::Heartbeat& heartbeat = *response.mutable_heartbeat();
  heartbeat.set_sequence(sequence);
  heartbeat.mutable_interval()->set_seconds(interval.count() / 1000);
  heartbeat.mutable_interval()->set_nanos(
      static_cast<std::int32_t>(interval.count() % 1000 * 1000000));
  return response;
}

v1::SubscribeResponse Note(std::int64_t sequence) {
  v1::SubscribeResponse response;
  v1::Event& event = *response.mutable_event();
  event.set_sequence(sequence);
  event.set_kind(v1::EVENT_KIND_NOTE);
  event.mutable_occurred_time()->set_seconds(1795424400 + sequence);
  event.set_client_id(3);
  event.set_client_name("ACME SA");
  event.set_actor("jdupont");
  event.set_summary(absl::StrCat("Note ", sequence));
  return response;
}

// What one Subscribe call does: send `messages`, then end with `end`, or,
// when `hold_open`, wait for the client to go away.
struct Script {
  std::vector<v1::SubscribeResponse> messages;
  grpc::Status end = grpc::Status::OK;
  bool hold_open = false;
};

// Plays one script per Subscribe call, in order, and records the requests.
// Calls past the scripts hold the stream open.
struct Notifications final : v1::NotificationService::Service {
  grpc::Status Subscribe(
      grpc::ServerContext* context, const v1::SubscribeRequest* request,
      grpc::ServerWriter<v1::SubscribeResponse>* writer) override {
    Script script{.hold_open = true};
    {
      std::lock_guard lock(mutex);
      requests.push_back(*request);
      const auto& metadata = context->client_metadata();
      const auto found = metadata.find("authorization");
      authorizations.emplace_back(
          found == metadata.end()
              ? "(none)"
              : std::string(found->second.data(), found->second.size()));
      if (played < scripts.size()) script = scripts[played++];
    }
    for (const v1::SubscribeResponse& message : script.messages) {
      if (!writer->Write(message)) return grpc::Status::CANCELLED;
    }
    if (!script.hold_open) return script.end;
    // The sync API has no "client gone" wake-up: look now and then.
    while (!context->IsCancelled()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return grpc::Status::CANCELLED;
  }

  std::mutex mutex;
  std::vector<Script> scripts;
  std::size_t played = 0;
  std::vector<v1::SubscribeRequest> requests;
  std::vector<std::string> authorizations;
};

class WatchCommandTest : public ::testing::Test {
 protected:
  WatchCommandTest() {
    grpc::ServerBuilder builder;
    builder.RegisterService(&notifications_);
    server_ = builder.BuildAndStart();
    char pattern[] = "/tmp/relance_watch_test_XXXXXX";
    directory_ = mkdtemp(pattern);
    state_file_ = directory_ + "/watch.seq";
  }
  ~WatchCommandTest() override {
    server_->Shutdown();
    std::system(absl::StrCat("rm -rf '", directory_, "'").c_str());
  }

  Outcome Run(const std::vector<std::string>& args,
              Interruption* interruption = nullptr) {
    return RunCliAgainst(*server_, args, interruption);
  }

  std::vector<std::int64_t> SequencesAskedAfter() {
    std::lock_guard lock(notifications_.mutex);
    std::vector<std::int64_t> sequences;
    for (const v1::SubscribeRequest& request : notifications_.requests) {
      sequences.push_back(request.after_sequence());
    }
    return sequences;
  }

  Notifications notifications_;
  std::unique_ptr<grpc::Server> server_;
  std::string directory_;
  std::string state_file_;
};

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST_F(WatchCommandTest, ResumesAfterTheLastSequenceShowingEachEventOnce) {
  const grpc::Status shutting_down(grpc::StatusCode::UNAVAILABLE,
                                   "server shutting down; resume after 7");
  const grpc::Status too_slow(grpc::StatusCode::ABORTED,
                              "subscriber fell behind; resume after 8");
  notifications_.scripts = {
      {{Heartbeat(5, std::chrono::seconds(15)), Note(6), Note(7)},
       shutting_down},
      // A replica a little behind the first one repeats 7.
      {{Heartbeat(6, std::chrono::seconds(15)), Note(7), Note(8)}, too_slow},
      {{Heartbeat(10, std::chrono::seconds(15)), Note(11)}, {}, true}};
  const Outcome watched =
      Run({"--token", "rl_mroux", "watch", "--max-events", "4", "--state-file",
           state_file_, "--output", "json"});
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  const std::vector<std::string> lines = Lines(watched.out);
  ASSERT_THAT(lines, SizeIs(4)) << watched.out;
  const std::int64_t expected[] = {6, 7, 8, 11};
  for (int i = 0; i < 4; ++i) {
    EXPECT_THAT(lines[i],
                HasSubstr(absl::StrCat("\"sequence\":\"", expected[i], "\"")));
  }
  EXPECT_THAT(SequencesAskedAfter(), ElementsAre(0, 7, 8));
  EXPECT_EQ(LoadSequence(state_file_).value(), 11);
  EXPECT_THAT(
      notifications_.authorizations,
      ElementsAre("Bearer rl_mroux", "Bearer rl_mroux", "Bearer rl_mroux"));
  // Each reconnection is announced on stderr, with what ended the stream.
  const std::vector<std::string> notices = Lines(watched.err);
  ASSERT_THAT(notices, SizeIs(2)) << watched.err;
  EXPECT_THAT(notices[0], HasSubstr("connection lost (server shutting down"));
  EXPECT_THAT(notices[0], HasSubstr("subscribing again after sequence 7"));
  EXPECT_THAT(notices[1], HasSubstr("cut the stream off"));
  EXPECT_THAT(notices[1], HasSubstr("after sequence 8 in 0.2 s"));
}

TEST_F(WatchCommandTest, ResumesAStreamTheServerCancelled) {
  // What a stopping relanced does to the calls it still has.
  notifications_.scripts = {
      {{Note(1)}, grpc::Status(grpc::StatusCode::CANCELLED, "")},
      {{Note(2)}, {}, true}};
  const Outcome watched =
      Run({"watch", "--max-events", "2", "--state-file", state_file_});
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(Lines(watched.out), SizeIs(2));
  EXPECT_THAT(SequencesAskedAfter(), ElementsAre(0, 1));
  EXPECT_THAT(watched.err, HasSubstr("the stream was cancelled"));
}

TEST_F(WatchCommandTest, AsksForTheKindsAndClientsAndPrintsReadableLines) {
  notifications_.scripts = {
      {{Heartbeat(0, std::chrono::seconds(15)), Note(1)}, {}, true}};
  const Outcome watched =
      Run({"watch", "--kinds", "note,payment-received", "--kinds",
           "task-assigned", "--client", "3", "--client", "5", "--max-events",
           "1", "--state-file", state_file_});
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(watched.out, HasSubstr("  #1  jdupont  Note 1\n"));
  EXPECT_THAT(Lines(watched.out), SizeIs(1));
  ASSERT_THAT(notifications_.requests, SizeIs(1));
  const v1::SubscribeRequest& request = notifications_.requests[0];
  EXPECT_THAT(request.kinds(),
              ElementsAre(v1::EVENT_KIND_NOTE, v1::EVENT_KIND_PAYMENT_RECEIVED,
                          v1::EVENT_KIND_TASK_ASSIGNED));
  EXPECT_THAT(request.client_ids(), ElementsAre(3, 5));
  EXPECT_THAT(watched.err, IsEmpty());
}

TEST_F(WatchCommandTest, StartsAfterTheRememberedSequenceUnlessToldOtherwise) {
  ASSERT_TRUE(SaveSequence(state_file_, 41).ok());
  notifications_.scripts = {{{Note(42)}, {}, true}, {{Note(1)}, {}, true}};
  ASSERT_EQ(Run({"watch", "--max-events", "1", "--state-file", state_file_})
                .exit_code,
            0);
  EXPECT_EQ(LoadSequence(state_file_).value(), 42);
  ASSERT_EQ(Run({"watch", "--max-events", "1", "--from-sequence", "0",
                 "--state-file", state_file_})
                .exit_code,
            0);
  EXPECT_THAT(SequencesAskedAfter(), ElementsAre(41, 0));
  EXPECT_EQ(LoadSequence(state_file_).value(), 1);
}

TEST_F(WatchCommandTest, HeartbeatsPrintNothingButMoveTheSequence) {
  // The stream falls silent after a heartbeat announcing a 100 ms interval:
  // after three intervals watch gives up on it and resumes from the
  // heartbeat's sequence.
  notifications_.scripts = {
      {{Heartbeat(5, std::chrono::milliseconds(100))}, {}, true},
      {{Heartbeat(9, std::chrono::seconds(15)), Note(12)}, {}, true}};
  const auto start = std::chrono::steady_clock::now();
  // The heartbeat's interval, not --timeout, sets how long a silence lasts.
  const Outcome watched = Run({"--timeout", "60", "watch", "--max-events", "1",
                               "--state-file", state_file_});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
  ASSERT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(Lines(watched.out), SizeIs(1));
  EXPECT_THAT(watched.out, HasSubstr("#12"));
  EXPECT_THAT(SequencesAskedAfter(), ElementsAre(0, 5));
  EXPECT_THAT(watched.err, HasSubstr("nothing heard for 0.3 s; subscribing "
                                     "again after sequence 5"));
}

TEST_F(WatchCommandTest, InterruptionEndsItCleanlyWithTheStateSaved) {
  notifications_.scripts = {
      {{Heartbeat(2, std::chrono::seconds(15)), Note(3)}, {}, true}};
  Interruption interruption;
  std::thread user([&] {
    // Ctrl-C once the event is shown (and so remembered).
    while (LoadSequence(state_file_).value_or(0) < 3) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    EXPECT_TRUE(interruption.Request());
  });
  const Outcome watched =
      Run({"watch", "--state-file", state_file_}, &interruption);
  user.join();
  EXPECT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(Lines(watched.out), SizeIs(1));
  EXPECT_EQ(LoadSequence(state_file_).value(), 3);
  EXPECT_THAT(watched.err, IsEmpty());
  // The command ends the process itself: a second request while it does (a
  // second Ctrl-C, or `timeout` signalling the process and then its group)
  // must not kill it with status 130 after it stopped cleanly.
  EXPECT_TRUE(interruption.Request());
}

TEST(InterruptionTest, WithNoCommandListeningTheSignalEndsTheProcess) {
  Interruption interruption;
  EXPECT_FALSE(interruption.Request());
  int heard = 0;
  interruption.SetListener([&heard] { ++heard; });
  EXPECT_TRUE(interruption.Request());
  interruption.ClearListener();
  EXPECT_EQ(heard, 1);
}

TEST_F(WatchCommandTest, OtherErrorsEndItWithTheUsualErrorLine) {
  notifications_.scripts = {
      {{}, grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "no role")}};
  const Outcome watched = Run({"watch", "--state-file", state_file_});
  EXPECT_EQ(watched.exit_code, 1);
  EXPECT_EQ(watched.err, "relance: permission denied: no role\n");
  EXPECT_THAT(notifications_.requests, SizeIs(1));
}

TEST_F(WatchCommandTest, RefusesWhatItCannotDoBeforeSubscribing) {
  const Outcome bad_kind =
      Run({"watch", "--kinds", "note,payment", "--state-file", state_file_});
  EXPECT_EQ(bad_kind.exit_code, 2);
  EXPECT_THAT(bad_kind.err, HasSubstr("--kinds: 'payment' is not one of"));
  const Outcome csv =
      Run({"--output", "csv", "watch", "--state-file", state_file_});
  EXPECT_EQ(csv.exit_code, 2);
  std::ofstream(state_file_) << "garbage\n";
  const Outcome corrupt = Run({"watch", "--state-file", state_file_});
  EXPECT_EQ(corrupt.exit_code, 2);
  EXPECT_THAT(corrupt.err, HasSubstr("does not hold a sequence number"));
  EXPECT_THAT(notifications_.requests, IsEmpty());
}

}  // namespace
}  // namespace relance::cli
