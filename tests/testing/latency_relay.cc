#include "tests/testing/latency_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace relance::testing {
namespace {

sockaddr_in Loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  return address;
}

// Writes all of `data`; false once the peer is gone.
bool WriteAll(int socket, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t written = ::send(socket, data, size, MSG_NOSIGNAL);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    size -= static_cast<size_t>(written);
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<LatencyRelay>> LatencyRelay::Start(
    int target_port, std::chrono::milliseconds delay) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) {
    return absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
  }
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof(address);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(listener, 16) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) !=
          0) {
    const std::string error = std::strerror(errno);
    ::close(listener);
    return absl::InternalError(absl::StrCat("relay socket: ", error));
  }
  return std::unique_ptr<LatencyRelay>(
      new LatencyRelay(listener, ntohs(address.sin_port), target_port, delay));
}

LatencyRelay::LatencyRelay(int listener, int port, int target_port,
                           std::chrono::milliseconds delay)
    : listener_(listener),
      port_(port),
      target_port_(target_port),
      delay_(delay),
      acceptor_([this] { AcceptLoop(); }) {}

LatencyRelay::~LatencyRelay() {
  // shutdown() wakes the threads blocked in accept() and recv().
  ::shutdown(listener_, SHUT_RDWR);
  acceptor_.join();
  std::vector<std::thread> pumps;
  {
    absl::MutexLock lock(&mutex_);
    for (int socket : sockets_) ::shutdown(socket, SHUT_RDWR);
    pumps = std::move(pumps_);
  }
  for (std::thread& pump : pumps) pump.join();
  absl::MutexLock lock(&mutex_);
  for (int socket : sockets_) ::close(socket);
  ::close(listener_);
}

void LatencyRelay::AcceptLoop() {
  while (true) {
    const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      return;  // The listener was shut down.
    }
    const int target = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const sockaddr_in address = Loopback(target_port_);
    absl::MutexLock lock(&mutex_);
    sockets_.push_back(client);
    if (target < 0) {
      ::shutdown(client, SHUT_RDWR);
      continue;
    }
    sockets_.push_back(target);
    if (::connect(target, reinterpret_cast<const sockaddr*>(&address),
                  sizeof(address)) != 0) {
      ::shutdown(client, SHUT_RDWR);
      continue;
    }
    pumps_.emplace_back(Pump, client, target, std::chrono::milliseconds(0));
    pumps_.emplace_back(Pump, target, client, delay_);
  }
}

void LatencyRelay::Pump(int from, int to, std::chrono::milliseconds delay) {
  char buffer[16 * 1024];
  while (true) {
    const ssize_t received = ::recv(from, buffer, sizeof(buffer), 0);
    if (received < 0 && errno == EINTR) continue;
    if (received <= 0) break;
    std::this_thread::sleep_for(delay);
    if (!WriteAll(to, buffer, static_cast<size_t>(received))) break;
  }
  ::shutdown(to, SHUT_WR);
}

}  // namespace relance::testing
