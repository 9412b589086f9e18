#include "tests/bench/spawned_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace relance::bench {
namespace {

absl::Status ErrnoStatus(const std::string& what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

// A port that the kernel considers free right now. Another process may take it
// before relanced binds it; the start-up then fails with a clear message rather
// than benchmarking the wrong server.
absl::StatusOr<int> PickFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return ErrnoStatus("socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  // The POSIX socket API takes sockaddr*; there is no cast-free way to call it.
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    absl::Status status = ErrnoStatus("bind");
    close(fd);
    return status;
  }
  close(fd);
  return ntohs(address.sin_port);
}

std::string DescribeExit(int wait_status) {
  if (WIFEXITED(wait_status)) {
    return absl::StrCat("exited with status ", WEXITSTATUS(wait_status));
  }
  if (WIFSIGNALED(wait_status)) {
    return absl::StrCat("was killed by signal ", WTERMSIG(wait_status));
  }
  return "stopped";
}

}  // namespace

absl::StatusOr<std::unique_ptr<SpawnedServer>> SpawnedServer::Start(
    const std::string& binary, const std::string& db_url,
    const std::vector<std::string>& extra_args, const std::string& log_path,
    absl::Duration startup_timeout) {
  absl::StatusOr<int> port = PickFreePort();
  if (!port.ok()) return port.status();
  const std::string address = absl::StrCat("127.0.0.1:", *port);

  // Everything the child needs is prepared before fork: between fork and exec
  // only async-signal-safe calls are allowed.
  std::vector<std::string> args = {binary, "--listen", address, "--db", db_url};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  int log_fd = -1;
  if (!log_path.empty()) {
    log_fd =
        open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) return ErrnoStatus(absl::StrCat("open ", log_path));
  }
  const pid_t parent = getpid();

  const pid_t pid = fork();
  if (pid < 0) return ErrnoStatus("fork");
  if (pid == 0) {
    if (log_fd >= 0) {
      dup2(log_fd, STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
    }
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (getppid() != parent)
      _exit(1);  // The parent died before prctl took effect.
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  if (log_fd >= 0) close(log_fd);

  // From here the destructor owns the child, whatever happens.
  std::unique_ptr<SpawnedServer> server(new SpawnedServer(pid, address));
  if (absl::Status status = server->WaitUntilServing(startup_timeout, log_path);
      !status.ok()) {
    return status;
  }
  return server;
}

absl::Status SpawnedServer::WaitUntilServing(absl::Duration timeout,
                                             const std::string& log_path) {
  const std::string where =
      log_path.empty() ? std::string("its output above") : log_path;
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address_, grpc::InsecureChannelCredentials()));
  const absl::Time give_up = absl::Now() + timeout;
  while (true) {
    int wait_status = 0;
    if (waitpid(pid_, &wait_status, WNOHANG) == pid_) {
      pid_ = -1;  // Reaped: nothing left for the destructor to stop.
      return absl::UnavailableError(
          absl::StrCat("relanced ", DescribeExit(wait_status),
                       " during start-up; see ", where));
    }
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
    // An empty service name asks about the whole server.
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = stub->Check(&context, request, &response);
    if (status.ok() &&
        response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return absl::OkStatus();
    }
    if (absl::Now() > give_up) {
      return absl::DeadlineExceededError(absl::StrCat(
          "relanced on ", address_, " is not serving after ",
          absl::FormatDuration(timeout),
          " (last health check: ", status.error_message(), "); see ", where));
    }
    absl::SleepFor(absl::Milliseconds(100));
  }
}

SpawnedServer::~SpawnedServer() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  int wait_status = 0;
  while (waitpid(pid_, &wait_status, WNOHANG) == 0) {
    if (absl::Now() > give_up) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &wait_status, 0);
      return;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
}

}  // namespace relance::bench
