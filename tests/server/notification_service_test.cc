// NotificationService.Subscribe over a real channel, on SQLite and
// PostgreSQL: replay then live without gaps or duplicates, resuming, filters,
// a sales rep's scope, slow subscribers cut off, shutdown, heartbeats, and two
// servers on one database.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/notification.grpc.pb.h"
#include "storage/interfaces/interactions.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/bearer_channel.h"

namespace relance {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// Long enough for any wait in these tests to mean "never".
constexpr absl::Duration kPatience = absl::Seconds(20);

// The server's notification options in these tests: the hub never polls, so
// that every event reaches the streams because the database signalled it (the
// server's own commits, or another server's through LISTEN/NOTIFY).
EnvironmentOptions SignalOnly() {
  EnvironmentOptions options;
  options.notifications.poll_interval = absl::Hours(1);
  return options;
}

// One Subscribe stream read by its own thread, so that the test waits for
// what it expects with a deadline instead of blocking on Read.
class Subscriber {
 public:
  Subscriber(
      const std::shared_ptr<grpc::Channel>& channel,
      const v1::SubscribeRequest& request,
      const std::vector<std::pair<std::string, std::string>>& metadata = {})
      : stub_(v1::NotificationService::NewStub(channel)) {
    for (const auto& [key, value] : metadata) context_.AddMetadata(key, value);
    reader_ = stub_->Subscribe(&context_, request);
    thread_ = std::thread([this] { ReadAll(); });
  }
  ~Subscriber() {
    context_.TryCancel();
    thread_.join();
  }

  // Waits until `count` events have arrived; false on timeout.
  bool WaitForEvents(std::size_t count, absl::Duration timeout = kPatience) {
    absl::MutexLock lock(&mutex_);
    auto arrived = [this, count]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
      return events_.size() >= count || status_.has_value();
    };
    return mutex_.AwaitWithTimeout(absl::Condition(&arrived), timeout) &&
           events_.size() >= count;
  }

  // Waits until `count` heartbeats have arrived; false on timeout.
  bool WaitForHeartbeats(std::size_t count,
                         absl::Duration timeout = kPatience) {
    absl::MutexLock lock(&mutex_);
    auto arrived = [this, count]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
      return heartbeats_.size() >= count || status_.has_value();
    };
    return mutex_.AwaitWithTimeout(absl::Condition(&arrived), timeout) &&
           heartbeats_.size() >= count;
  }

  // The status the stream ended with, or nullopt if it is still open after
  // `timeout`.
  std::optional<grpc::Status> WaitForEnd(absl::Duration timeout = kPatience) {
    absl::MutexLock lock(&mutex_);
    auto ended = [this]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
      return status_.has_value();
    };
    mutex_.AwaitWithTimeout(absl::Condition(&ended), timeout);
    return status_;
  }

  std::vector<v1::SubscribeResponse> messages() {
    absl::MutexLock lock(&mutex_);
    return messages_;
  }
  std::vector<v1::Event> events() {
    absl::MutexLock lock(&mutex_);
    return events_;
  }
  std::vector<std::int64_t> sequences() {
    std::vector<std::int64_t> sequences;
    for (const v1::Event& event : events()) {
      sequences.push_back(event.sequence());
    }
    return sequences;
  }
  std::vector<v1::Heartbeat> heartbeats() {
    absl::MutexLock lock(&mutex_);
    return heartbeats_;
  }

 private:
  void ReadAll() {
    v1::SubscribeResponse response;
    while (reader_->Read(&response)) {
      absl::MutexLock lock(&mutex_);
      messages_.push_back(response);
      if (response.has_event()) events_.push_back(response.event());
      if (response.has_heartbeat()) heartbeats_.push_back(response.heartbeat());
    }
    grpc::Status status = reader_->Finish();
    absl::MutexLock lock(&mutex_);
    status_ = std::move(status);
  }

  std::unique_ptr<v1::NotificationService::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> reader_;
  std::thread thread_;
  absl::Mutex mutex_;
  std::vector<v1::SubscribeResponse> messages_ ABSL_GUARDED_BY(mutex_);
  std::vector<v1::Event> events_ ABSL_GUARDED_BY(mutex_);
  std::vector<v1::Heartbeat> heartbeats_ ABSL_GUARDED_BY(mutex_);
  std::optional<grpc::Status> status_ ABSL_GUARDED_BY(mutex_);
};

v1::SubscribeRequest After(std::int64_t sequence) {
  v1::SubscribeRequest request;
  request.set_after_sequence(sequence);
  return request;
}

class NotificationServiceTest : public testing::ServerTestBase {
 protected:
  EnvironmentOptions environment_options() override { return SignalOnly(); }

  // A client owned by `owner`.
  std::int64_t CreateClient(const std::string& reference,
                            const std::string& owner) {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name(reference + " SARL");
    request.mutable_client()->set_owner(owner);
    request.mutable_client()->set_email("compta@example.com");
    v1::CreateClientResponse response;
    const grpc::Status status =
        v1::ClientService::NewStub(channel())->CreateClient(&context, request,
                                                            &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  // Adds a timeline entry through `via` (this server's channel by default),
  // and returns the sequence of the event it raised.
  std::int64_t AddNote(std::int64_t client_id, const std::string& text,
                       v1::EntryKind kind = v1::ENTRY_KIND_NOTE,
                       std::shared_ptr<grpc::Channel> via = nullptr) {
    grpc::ClientContext context;
    v1::AddNoteRequest request;
    request.set_request_id(absl::StrCat("note-", ++notes_));
    request.set_client_id(client_id);
    request.set_kind(kind);
    request.set_text(text);
    v1::AddNoteResponse response;
    const grpc::Status status =
        v1::InteractionService::NewStub(via != nullptr ? via : channel())
            ->AddNote(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_GT(response.entry().event_sequence(), 0);
    return response.entry().event_sequence();
  }

  // Another server on this test's database.
  std::unique_ptr<testing::InProcessServer> StartServer(
      EnvironmentOptions options) {
    absl::StatusOr<std::unique_ptr<testing::InProcessServer>> server =
        testing::InProcessServer::Start(test_database().url(),
                                        std::move(options));
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }

 private:
  int notes_ = 0;
};

TEST_P(NotificationServiceTest, ReplaysThenFollowsWithoutGapOrDuplicate) {
  const std::int64_t client = CreateClient("C-1", "alice");
  std::vector<std::int64_t> written;
  for (int i = 0; i < 5; ++i) {
    written.push_back(AddNote(client, absl::StrCat("before ", i)));
  }
  Subscriber subscriber(channel(), After(0));
  // Writes racing with the replay, then after it.
  for (int i = 0; i < 5; ++i) {
    written.push_back(AddNote(client, absl::StrCat("during ", i)));
  }
  ASSERT_TRUE(subscriber.WaitForEvents(10));
  for (int i = 0; i < 5; ++i) {
    written.push_back(AddNote(client, absl::StrCat("after ", i)));
  }
  ASSERT_TRUE(subscriber.WaitForEvents(15));

  EXPECT_THAT(subscriber.sequences(), ElementsAreArray(written));
  const std::vector<v1::SubscribeResponse> messages = subscriber.messages();
  ASSERT_FALSE(messages.empty());
  EXPECT_TRUE(messages.front().has_heartbeat());
  EXPECT_EQ(messages.front().heartbeat().sequence(), 0);
  EXPECT_EQ(messages.front().heartbeat().interval().seconds(), 15);
  const v1::Event first = subscriber.events().front();
  EXPECT_EQ(first.kind(), v1::EVENT_KIND_NOTE);
  EXPECT_EQ(first.client_id(), client);
  EXPECT_EQ(first.client_name(), "C-1 SARL");
  EXPECT_EQ(first.client_owner(), "alice");
  EXPECT_GT(first.entry_id(), 0);
  EXPECT_THAT(first.summary(), HasSubstr("C-1 SARL"));
  // Nothing more than what was written.
  EXPECT_FALSE(subscriber.WaitForEvents(16, absl::Milliseconds(300)));
}

// A registered letter's posting and its acknowledgement of receipt reach
// subscribers as kinds of their own, each summed up on one line (what
// `relance watch` prints) with the number and the outcome.
TEST_P(NotificationServiceTest, LetterPostingsAndAcknowledgementsAreEvents) {
  const std::int64_t client = CreateClient("C-1", "alice");
  storage::InteractionRecord sent;
  sent.client_id = client;
  sent.kind = storage::InteractionKind::kMessageSent;
  sent.channel = storage::Channel::kRegisteredLetter;
  sent.actor = "host:1";
  sent.occurred_time = clock().Now();
  sent.summary = "formal_notice";
  absl::StatusOr<storage::InteractionRecord> letter =
      server().env().database()->interactions().Append(sent, clock().Now());
  ASSERT_TRUE(letter.ok()) << letter.status();

  v1::SubscribeRequest request = After(0);
  request.add_kinds(v1::EVENT_KIND_LETTER_POSTED);
  request.add_kinds(v1::EVENT_KIND_LETTER_ACKNOWLEDGED);
  Subscriber subscriber(channel(), request);
  std::unique_ptr<v1::LetterService::Stub> letters =
      v1::LetterService::NewStub(channel());
  {
    grpc::ClientContext context;
    v1::RecordLetterPostingRequest posting;
    posting.set_entry_id(letter->id);
    posting.set_posting_number("1A 123 456 7890 1");
    v1::RecordLetterPostingResponse response;
    const grpc::Status status =
        letters->RecordLetterPosting(&context, posting, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  {
    grpc::ClientContext context;
    v1::RecordLetterAcknowledgementRequest acknowledgement;
    acknowledgement.set_entry_id(letter->id);
    acknowledgement.set_acknowledgement(
        v1::ACKNOWLEDGEMENT_RETURNED_UNDELIVERED);
    v1::RecordLetterAcknowledgementResponse response;
    const grpc::Status status = letters->RecordLetterAcknowledgement(
        &context, acknowledgement, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_TRUE(subscriber.WaitForEvents(2));
  const std::vector<v1::Event> events = subscriber.events();
  EXPECT_EQ(events[0].kind(), v1::EVENT_KIND_LETTER_POSTED);
  EXPECT_EQ(events[0].client_id(), client);
  EXPECT_GT(events[0].entry_id(), letter->id);
  EXPECT_THAT(events[0].summary(),
              AllOf(StartsWith("Registered letter posted for C-1 SARL"),
                    HasSubstr(": number 1A 123 456 7890 1")));
  EXPECT_EQ(events[1].kind(), v1::EVENT_KIND_LETTER_ACKNOWLEDGED);
  EXPECT_THAT(events[1].summary(),
              AllOf(StartsWith("Registered letter acknowledged for C-1 SARL"),
                    HasSubstr("1A 123 456 7890 1 returned undelivered")));
  for (const v1::Event& event : events) {
    EXPECT_EQ(event.summary().find('\n'), std::string::npos);
    EXPECT_FALSE(event.actor().empty());
  }
  EXPECT_FALSE(subscriber.WaitForEvents(3, absl::Milliseconds(300)));
}

TEST_P(NotificationServiceTest, ResumesAfterAMiddleSequence) {
  const std::int64_t client = CreateClient("C-1", "alice");
  std::vector<std::int64_t> written;
  for (int i = 0; i < 6; ++i) written.push_back(AddNote(client, "note"));

  Subscriber subscriber(channel(), After(written[2]));
  ASSERT_TRUE(subscriber.WaitForEvents(3));
  EXPECT_THAT(subscriber.sequences(),
              ElementsAre(written[3], written[4], written[5]));
  EXPECT_EQ(subscriber.heartbeats().front().sequence(), written[2]);
  EXPECT_FALSE(subscriber.WaitForEvents(4, absl::Milliseconds(300)));
}

TEST_P(NotificationServiceTest, FiltersByKindAndClient) {
  const std::int64_t acme = CreateClient("C-ACME", "alice");
  const std::int64_t globex = CreateClient("C-GLOBEX", "alice");
  const std::int64_t acme_note = AddNote(acme, "note");
  const std::int64_t acme_email =
      AddNote(acme, "mail", v1::ENTRY_KIND_INBOUND_EMAIL);
  AddNote(globex, "note");
  const std::int64_t globex_email =
      AddNote(globex, "mail", v1::ENTRY_KIND_INBOUND_EMAIL);

  v1::SubscribeRequest emails;
  emails.add_kinds(v1::EVENT_KIND_INBOUND_EMAIL);
  Subscriber by_kind(channel(), emails);
  v1::SubscribeRequest of_acme;
  of_acme.add_client_ids(acme);
  Subscriber by_client(channel(), of_acme);

  ASSERT_TRUE(by_kind.WaitForEvents(2));
  ASSERT_TRUE(by_client.WaitForEvents(2));
  // Live events go through the same filters.
  const std::int64_t acme_email_2 =
      AddNote(acme, "mail", v1::ENTRY_KIND_INBOUND_EMAIL);
  AddNote(globex, "note");
  ASSERT_TRUE(by_kind.WaitForEvents(3));
  ASSERT_TRUE(by_client.WaitForEvents(3));
  EXPECT_FALSE(by_kind.WaitForEvents(4, absl::Milliseconds(300)));
  EXPECT_FALSE(by_client.WaitForEvents(4, absl::Milliseconds(1)));

  EXPECT_THAT(by_kind.sequences(),
              ElementsAre(acme_email, globex_email, acme_email_2));
  EXPECT_THAT(by_client.sequences(),
              ElementsAre(acme_note, acme_email, acme_email_2));
}

TEST_P(NotificationServiceTest, SalesRepSeesOnlyTheirOwnClients) {
  const std::int64_t alices = CreateClient("C-ALICE", "alice");
  const std::int64_t bobs = CreateClient("C-BOB", "bob");
  const std::int64_t before = AddNote(alices, "note");
  AddNote(bobs, "note");

  absl::StatusOr<std::string> token =
      server().TokenFor("alice", storage::UserRole::kSalesRep);
  ASSERT_TRUE(token.ok()) << token.status();
  const std::vector<std::pair<std::string, std::string>> alice = {
      {"authorization", "Bearer " + *token}};
  Subscriber everything(channel(), After(0), alice);
  v1::SubscribeRequest of_bob;
  of_bob.add_client_ids(bobs);
  Subscriber asking_for_bob(channel(), of_bob, alice);

  ASSERT_TRUE(everything.WaitForEvents(1));
  AddNote(bobs, "note");
  const std::int64_t after = AddNote(alices, "note");
  ASSERT_TRUE(everything.WaitForEvents(2));
  EXPECT_THAT(everything.sequences(), ElementsAre(before, after));
  EXPECT_FALSE(everything.WaitForEvents(3, absl::Milliseconds(300)));
  for (const v1::Event& event : everything.events()) {
    EXPECT_EQ(event.client_owner(), "alice");
  }
  EXPECT_THAT(asking_for_bob.events(), IsEmpty());
  // Its stream is open and up to date: its heartbeat came first.
  EXPECT_TRUE(asking_for_bob.WaitForHeartbeats(1));
}

TEST_P(NotificationServiceTest, CallerWithoutValidTokenIsRefused) {
  Subscriber anonymous(server().ChannelWithToken(""), After(0));
  Subscriber forger(channel(), After(0),
                    {{"authorization", "Bearer rl_not-a-token"}});
  for (Subscriber* subscriber : {&anonymous, &forger}) {
    std::optional<grpc::Status> status = subscriber->WaitForEnd();
    ASSERT_TRUE(status.has_value());
    EXPECT_EQ(status->error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(subscriber->events(), IsEmpty());
  }
}

TEST_P(NotificationServiceTest, InvalidRequestsNameTheField) {
  v1::SubscribeRequest negative = After(-1);
  Subscriber by_sequence(channel(), negative);
  v1::SubscribeRequest unknown_kind;
  unknown_kind.add_kinds(v1::EVENT_KIND_NOTE);
  unknown_kind.add_kinds(static_cast<v1::EventKind>(29));
  Subscriber by_kind(channel(), unknown_kind);

  std::optional<grpc::Status> status = by_sequence.WaitForEnd();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(*status),
              ElementsAre(HasSubstr("after_sequence")));
  status = by_kind.WaitForEnd();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(*status),
              ElementsAre(HasSubstr("kinds[1]")));
}

TEST_P(NotificationServiceTest, SlowSubscriberIsCutOffWithoutSlowingOthers) {
  EnvironmentOptions options = SignalOnly();
  options.notifications.queue_capacity = 4;
  options.notifications.poll_interval = absl::Milliseconds(2);
  // A few times what a 1 KiB flow-control window and a queue of 4 hold.
  constexpr int kEvents = 40;
  std::unique_ptr<testing::InProcessServer> server =
      StartServer(std::move(options));
  ASSERT_NE(server, nullptr);
  const std::int64_t client = CreateClient("C-1", "alice");

  // A client that does not read: once its small flow-control window is full
  // the server's queue fills, and the hub cuts it off. Without a deadline a
  // subscriber never cut off would hang the test.
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  arguments.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 1024);
  auto slow_channel = testing::BearerChannel(
      absl::StrCat("127.0.0.1:", server->port()), server->admin_token(),
      grpc::InsecureChannelCredentials(), arguments);
  auto stub = v1::NotificationService::NewStub(slow_channel);
  grpc::ClientContext slow_context;
  slow_context.set_deadline(absl::ToChronoTime(absl::Now() + kPatience));
  std::unique_ptr<grpc::ClientReader<v1::SubscribeResponse>> slow =
      stub->Subscribe(&slow_context, After(0));
  Subscriber fast(server->channel(), After(0));
  ASSERT_TRUE(fast.WaitForHeartbeats(1));

  // Written one at a time, each received before the next, so that the fast
  // subscriber's tiny queue never holds more than one event.
  std::vector<std::int64_t> written;
  for (int i = 0; i < kEvents; ++i) {
    written.push_back(
        AddNote(client, "note", v1::ENTRY_KIND_NOTE, server->channel()));
    ASSERT_TRUE(fast.WaitForEvents(written.size()));
  }
  EXPECT_THAT(fast.sequences(), ElementsAreArray(written));

  // The slow client reads what reached it, then learns where to resume.
  std::int64_t last = 0;
  v1::SubscribeResponse response;
  while (slow->Read(&response)) {
    if (response.has_event()) last = response.event().sequence();
  }
  const grpc::Status status = slow->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_message(),
              HasSubstr(absl::StrCat("resume after sequence ", last)));
  EXPECT_LT(last, written.back());

  // Resuming from there gets exactly the rest.
  Subscriber resumed(server->channel(), After(last));
  std::vector<std::int64_t> rest;
  for (std::int64_t sequence : written) {
    if (sequence > last) rest.push_back(sequence);
  }
  ASSERT_TRUE(resumed.WaitForEvents(rest.size()));
  EXPECT_THAT(resumed.sequences(), ElementsAreArray(rest));
}

TEST_P(NotificationServiceTest, ShutdownEndsStreamsWithUnavailable) {
  std::unique_ptr<testing::InProcessServer> server = StartServer(SignalOnly());
  ASSERT_NE(server, nullptr);
  const std::int64_t client = CreateClient("C-1", "alice");
  const std::int64_t sequence = AddNote(client, "note");
  Subscriber subscriber(server->channel(), After(0));
  ASSERT_TRUE(subscriber.WaitForEvents(1));

  server.reset();
  std::optional<grpc::Status> status = subscriber.WaitForEnd();
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(status->error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status->error_message(),
              HasSubstr(absl::StrCat("shutting down; resume after sequence ",
                                     sequence)));
}

TEST_P(NotificationServiceTest, QuietStreamGetsHeartbeats) {
  EnvironmentOptions options = SignalOnly();
  options.notifications.heartbeat_interval = absl::Milliseconds(100);
  std::unique_ptr<testing::InProcessServer> server =
      StartServer(std::move(options));
  ASSERT_NE(server, nullptr);
  const std::int64_t client = CreateClient("C-1", "alice");
  const std::int64_t sequence = AddNote(client, "note");
  v1::SubscribeRequest other_kinds;
  other_kinds.add_kinds(v1::EVENT_KIND_TASK_ASSIGNED);
  Subscriber subscriber(server->channel(), other_kinds);

  ASSERT_TRUE(subscriber.WaitForHeartbeats(3));
  const std::vector<v1::SubscribeResponse> messages = subscriber.messages();
  EXPECT_TRUE(messages.front().has_heartbeat());
  const std::vector<v1::Heartbeat> heartbeats = subscriber.heartbeats();
  EXPECT_EQ(heartbeats[0].sequence(), 0);
  // Later ones say that nothing up to the note is left for this filter.
  EXPECT_EQ(heartbeats[2].sequence(), sequence);
  EXPECT_EQ(heartbeats[2].interval().nanos(), 100'000'000);
  EXPECT_THAT(subscriber.events(), IsEmpty());
}

// Replicas share a PostgreSQL database.
using ReplicaNotificationTest = NotificationServiceTest;

TEST_P(ReplicaNotificationTest, StreamOnOneServerSeesEventsWrittenOnAnother) {
  std::unique_ptr<testing::InProcessServer> replica = StartServer(SignalOnly());
  ASSERT_NE(replica, nullptr);
  const std::int64_t client = CreateClient("C-1", "alice");
  Subscriber subscriber(replica->channel(), After(0));
  ASSERT_TRUE(subscriber.WaitForHeartbeats(1));

  const std::int64_t first = AddNote(client, "one");
  const std::int64_t second = AddNote(client, "two");
  ASSERT_TRUE(subscriber.WaitForEvents(2, kPatience));
  EXPECT_THAT(subscriber.sequences(), ElementsAre(first, second));
}

RELANCE_INSTANTIATE_SERVER_TEST(NotificationServiceTest);
INSTANTIATE_TEST_SUITE_P(Backends, ReplicaNotificationTest,
                         ::testing::Values(storage::Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance
