// AdminService.Backup over a real channel: a SQLite copy taken while writes go
// on, and PostgreSQL's refusal.

#include "server/api/admin_service.h"

#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/admin.grpc.pb.h"
#include "storage/interfaces/records.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/subprocess.h"

namespace relance {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

storage::ClientRecord Client(int number) {
  storage::ClientRecord client;
  client.reference = absl::StrCat("C-", number);
  client.name = absl::StrCat("Boulangerie Dupré & Fils numéro ", number,
                             ", 12 avenue de la République, Lyon");
  client.email = absl::StrCat("compta-", number, "@dupre.example");
  client.language = "fr";
  client.time_zone = "Europe/Paris";
  return client;
}

// Runs `sql`, one integer back, on the SQLite file at `path`; -1 on failure.
long long QuerySqlite(const std::string& path, const std::string& sql,
                      std::string* text = nullptr) {
  sqlite3* db = nullptr;
  long long value = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) ==
      SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(statement) == SQLITE_ROW) {
      value = sqlite3_column_int64(statement, 0);
      if (text != nullptr) {
        const unsigned char* column = sqlite3_column_text(statement, 0);
        *text = column == nullptr ? "" : reinterpret_cast<const char*>(column);
      }
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return value;
}

class AdminServiceTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    stub_ = v1::AdminService::NewStub(channel());
  }

  // Calls Backup and writes what it streams to `path`; counts the chunks.
  grpc::Status Backup(const std::string& path, int* chunks,
                      long long* announced) {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<v1::BackupResponse>> reader =
        stub_->Backup(&context, v1::BackupRequest());
    std::ofstream out(path, std::ios::binary);
    v1::BackupResponse chunk;
    *chunks = 0;
    while (reader->Read(&chunk)) {
      if (*chunks == 0) *announced = chunk.total_bytes();
      EXPECT_TRUE(*chunks == 0 || chunk.total_bytes() == 0)
          << "the size comes in the first chunk only";
      EXPECT_LE(chunk.data().size(),
                static_cast<size_t>(api::AdminService::kBackupChunkBytes));
      out << chunk.data();
      ++*chunks;
    }
    return reader->Finish();
  }

  std::unique_ptr<v1::AdminService::Stub> stub_;
};
RELANCE_INSTANTIATE_SERVER_TEST(AdminServiceTest);

TEST_P(AdminServiceTest,
       SqliteBackupTakenWhileWritesGoOnHoldsEveryRowCommittedBefore) {
  if (GetParam() != storage::Dialect::kSqlite) {
    GTEST_SKIP() << "PostgreSQL is backed up with pg_dump";
  }
  // Enough rows for the copy to take several chunks.
  constexpr int kBefore = 6000;
  storage::Database& database = *server().env().database();
  for (int i = 0; i < kBefore; ++i) {
    ASSERT_TRUE(database.clients().Create(Client(i), "", absl::Now()).ok());
  }
  std::atomic<bool> stop{false};
  std::atomic<int> written_during{0};
  std::thread writer([&] {
    for (int i = kBefore; !stop.load(); ++i) {
      if (database.clients().Create(Client(i), "", absl::Now()).ok()) {
        ++written_during;
      }
    }
  });
  // The scratch file goes to the temporary directory, which must be left
  // empty.
  const std::string scratch = testing::MakeTempDir();
  ::setenv("TMPDIR", scratch.c_str(), 1);
  const std::string copy = testing::MakeTempDir() + "/copy.db";
  int chunks = 0;
  long long announced = 0;
  const grpc::Status status = Backup(copy, &chunks, &announced);
  stop = true;
  writer.join();
  ::unsetenv("TMPDIR");
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_GT(chunks, 1);
  EXPECT_EQ(announced,
            static_cast<long long>(std::filesystem::file_size(copy)));
  EXPECT_GT(written_during.load(), 0) << "writes went on during the backup";
  std::string integrity;
  QuerySqlite(copy, "PRAGMA integrity_check", &integrity);
  EXPECT_EQ(integrity, "ok");
  const long long copied = QuerySqlite(copy, "SELECT COUNT(*) FROM clients");
  EXPECT_GE(copied, kBefore);
  EXPECT_LE(copied, kBefore + written_during.load());
  // A consistent snapshot: the rows it has are the first ones, without gaps.
  EXPECT_EQ(QuerySqlite(copy, "SELECT MAX(id) - MIN(id) + 1 FROM clients"),
            copied);
  EXPECT_THAT(std::filesystem::is_empty(scratch), true)
      << "the server's scratch copy is removed";
}

TEST_P(AdminServiceTest, PostgresqlBackupIsFailedPreconditionNamingPgDump) {
  if (GetParam() != storage::Dialect::kPostgresql) {
    GTEST_SKIP() << "SQLite is backed up by relanced";
  }
  int chunks = 0;
  long long announced = 0;
  const std::string copy = testing::MakeTempDir() + "/copy.db";
  const grpc::Status status = Backup(copy, &chunks, &announced);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("pg_dump"));
  EXPECT_EQ(chunks, 0);
}

}  // namespace
}  // namespace relance
