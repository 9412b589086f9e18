#ifndef RELANCE_STORAGE_STATUS_MACROS_H_
#define RELANCE_STORAGE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Abseil 20220623 has no status macros. Storage-private names, so that this
// header never collides with the server's own macros; include it from .cc files
// only.

#define RELANCE_STORAGE_RETURN_IF_ERROR(expr)                         \
  do {                                                                \
    if (absl::Status storage_status = (expr); !storage_status.ok()) { \
      return storage_status;                                          \
    }                                                                 \
  } while (false)

#define RELANCE_STORAGE_ASSIGN_OR_RETURN(lhs, expr) \
  RELANCE_STORAGE_ASSIGN_OR_RETURN_IMPL(            \
      RELANCE_STORAGE_CONCAT(storage_status_or_, __LINE__), lhs, expr)
#define RELANCE_STORAGE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                          \
  if (!tmp.ok()) return std::move(tmp).status();              \
  lhs = *std::move(tmp)
#define RELANCE_STORAGE_CONCAT(a, b) RELANCE_STORAGE_CONCAT_IMPL(a, b)
#define RELANCE_STORAGE_CONCAT_IMPL(a, b) a##b

#endif  // RELANCE_STORAGE_STATUS_MACROS_H_
