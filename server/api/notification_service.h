#ifndef RELANCE_SERVER_API_NOTIFICATION_SERVICE_H_
#define RELANCE_SERVER_API_NOTIFICATION_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "relance/v1/notification.grpc.pb.h"
#include "server/api/service_limits.h"
#include "server/environment.h"

namespace relance::api {

// Counts the open streams of each user, so that one user (a leaking script, a
// stolen token) cannot hold every stream the server can afford. Thread-safe.
class StreamSlots {
 public:
  explicit StreamSlots(int max_per_user) : max_per_user_(max_per_user) {}

  // Takes one of `user`'s slots; false when they already hold them all.
  bool TryAcquire(const std::string& user);
  // Gives back a slot TryAcquire took.
  void Release(const std::string& user);
  int max_per_user() const { return max_per_user_; }

 private:
  const int max_per_user_;
  absl::Mutex mutex_;
  // Only users holding a slot are present.
  absl::flat_hash_map<std::string, int> open_ ABSL_GUARDED_BY(mutex_);
};

// relance.v1.NotificationService, on gRPC's callback API: an idle stream is a
// queue in the hub and a reactor, not a thread.
class NotificationService final
    : public v1::NotificationService::CallbackService {
 public:
  // `env` must outlive the service. A user's stream beyond
  // `max_streams_per_user` open ones ends at once with RESOURCE_EXHAUSTED.
  explicit NotificationService(
      Environment* env, int max_streams_per_user = kDefaultMaxStreamsPerUser)
      : env_(env), slots_(max_streams_per_user) {}

  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* context,
      const v1::SubscribeRequest* request) override;

 private:
  Environment* env_;
  StreamSlots slots_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_NOTIFICATION_SERVICE_H_
