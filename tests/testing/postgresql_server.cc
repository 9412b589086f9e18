#include "tests/testing/postgresql_server.h"

#include <glob.h>
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "tests/testing/subprocess.h"

namespace relance::testing {
namespace {

// The newest PostgreSQL's programs, e.g. /usr/lib/postgresql/15/bin.
std::string PostgresqlBin() {
  glob_t found;
  std::string bin;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &found) == 0 &&
      found.gl_pathc > 0) {
    bin = std::filesystem::path(found.gl_pathv[found.gl_pathc - 1])
              .parent_path()
              .string();
  }
  globfree(&found);
  return bin;
}

}  // namespace

std::unique_ptr<PostgresqlServer> PostgresqlServer::Start(std::string* why) {
  const std::string bin = PostgresqlBin();
  if (bin.empty()) {
    *why = "no PostgreSQL server installed (/usr/lib/postgresql/*/bin)";
    return nullptr;
  }
  const passwd* postgres = getpwnam("postgres");
  if (geteuid() == 0 && postgres == nullptr) {
    *why = "running as root without a `postgres` user to run PostgreSQL";
    return nullptr;
  }
  std::string directory = "/tmp/relance-pg-XXXXXX";
  if (mkdtemp(directory.data()) == nullptr) {
    *why = "mkdtemp failed";
    return nullptr;
  }
  if (geteuid() == 0 &&
      chown(directory.c_str(), postgres->pw_uid, postgres->pw_gid) != 0) {
    *why = absl::StrCat("cannot give ", directory, " to postgres");
    return nullptr;
  }
  std::unique_ptr<PostgresqlServer> server(
      new PostgresqlServer(bin, directory, FreePort()));
  // fsync off: these servers are restarted, never crashed with the machine.
  if (server->Run("initdb", absl::StrCat("-D ", directory,
                                         "/data -U postgres -A trust -N")) !=
      0) {
    *why = absl::StrCat("initdb failed; see ", directory, "/initdb.log");
    return nullptr;
  }
  if (!server->StartAgain()) {
    *why = absl::StrCat("PostgreSQL did not start; see ", directory,
                        "/server.log");
    return nullptr;
  }
  return server;
}

PostgresqlServer::~PostgresqlServer() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string PostgresqlServer::url() const {
  return absl::StrCat("postgresql://postgres@127.0.0.1:", port_, "/postgres");
}

int PostgresqlServer::Run(const std::string& program,
                          const std::string& arguments) const {
  const std::string command = absl::StrCat(
      geteuid() == 0 ? "runuser -u postgres -- " : "", bin_, "/", program, " ",
      arguments, " >>", directory_, "/", program, ".log 2>&1");
  return std::system(command.c_str());
}

bool PostgresqlServer::StartAgain() {
  return Run("pg_ctl",
             absl::StrCat("-D ", directory_, "/data -l ", directory_,
                          "/server.log -w -t 60 -o \"-p ", port_, " -k ",
                          directory_,
                          " -c listen_addresses=127.0.0.1 -c fsync=off\" "
                          "start")) == 0;
}

bool PostgresqlServer::Stop() {
  return Run("pg_ctl", absl::StrCat("-D ", directory_,
                                    "/data -w -t 60 -m fast stop")) == 0;
}

bool PostgresqlServer::Restart() {
  return Run("pg_ctl",
             absl::StrCat("-D ", directory_, "/data -w -t 60 -m fast -o \"-p ",
                          port_, " -k ", directory_,
                          " -c listen_addresses=127.0.0.1 -c fsync=off\" "
                          "restart")) == 0;
}

}  // namespace relance::testing
