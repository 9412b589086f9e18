#ifndef RELANCE_STORAGE_CONNECTION_POOL_H_
#define RELANCE_STORAGE_CONNECTION_POOL_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/database_options.h"
#include "storage/database_url.h"

namespace soci {
class connection_pool;
class session;
}  // namespace soci

namespace relance::storage {

// A fixed set of open connections to one database, each configured for how the
// repositories use it. Thread-safe. A caller waits at most the acquire timeout
// for a connection: the pool never blocks forever.
class ConnectionPool {
 public:
  // Exclusive use of one pooled connection until destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease();

    soci::session& session() const;
    // The connection failed in a way that may have left it unusable; it is
    // reopened before its next use.
    void MarkBroken();

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::size_t position)
        : pool_(pool), position_(position) {}
    void Release();

    ConnectionPool* pool_;
    std::size_t position_;
  };

  // Opens options.pool_size connections to `url`.
  // INVALID_ARGUMENT for a pool size below 1 or a negative or infinite timeout;
  // UNAVAILABLE if the database cannot be reached.
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Open(
      const DatabaseUrl& url, const DatabaseOptions& options);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // UNAVAILABLE if no connection was free within the acquire timeout, or if a
  // broken connection could not be reopened.
  absl::StatusOr<Lease> Acquire();

  Dialect dialect() const { return url_.dialect; }

 private:
  ConnectionPool(DatabaseUrl url, const DatabaseOptions& options);
  // Opens the connection at `position` and sets it up (SQLite pragmas, lock
  // timeouts).
  absl::Status Connect(std::size_t position);

  const DatabaseUrl url_;
  const DatabaseOptions options_;
  std::unique_ptr<soci::connection_pool> pool_;
  // Indexed by position. Only the holder of a position's lease reads or writes
  // its flag; the pool's own lock orders one holder after the next.
  std::vector<char> broken_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_CONNECTION_POOL_H_
