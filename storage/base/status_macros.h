#ifndef RELANCE_STORAGE_BASE_STATUS_MACROS_H_
#define RELANCE_STORAGE_BASE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Abseil 20220623 has no status macros; these are the usual two, shared by
// storage and every layer of the server.

// The status is named after the expansion's counter, so that a RETURN_IF_ERROR
// inside a lambda passed to another does not shadow the outer one's.
#define RELANCE_RETURN_IF_ERROR(expr) \
  RELANCE_RETURN_IF_ERROR_IMPL(       \
      RELANCE_STATUS_CONCAT(relance_status_, __COUNTER__), expr)
#define RELANCE_RETURN_IF_ERROR_IMPL(status, expr)    \
  do {                                                \
    if (absl::Status status = (expr); !status.ok()) { \
      return status;                                  \
    }                                                 \
  } while (false)

#define RELANCE_ASSIGN_OR_RETURN(lhs, expr) \
  RELANCE_ASSIGN_OR_RETURN_IMPL(            \
      RELANCE_STATUS_CONCAT(relance_status_or_, __LINE__), lhs, expr)
#define RELANCE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = *std::move(tmp)
#define RELANCE_STATUS_CONCAT(a, b) RELANCE_STATUS_CONCAT_IMPL(a, b)
#define RELANCE_STATUS_CONCAT_IMPL(a, b) a##b

#endif  // RELANCE_STORAGE_BASE_STATUS_MACROS_H_
