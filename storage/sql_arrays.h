#ifndef RELANCE_STORAGE_SQL_ARRAYS_H_
#define RELANCE_STORAGE_SQL_ARRAYS_H_

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

// PostgreSQL array literals, for statements that take a whole batch of values
// as one parameter per column: CAST(:values AS text[]) with unnest().
namespace relance::storage {

// Collects values into a PostgreSQL array literal, e.g. {"F-1","say \"hi\""},
// {1,NULL,2}.
class ArrayLiteral {
 public:
  void Add(absl::string_view text) {
    // Every element is quoted, so that none reads as NULL or splits at a comma
    // or brace; inside quotes only '"' and '\' need a backslash.
    Separate();
    text_.push_back('"');
    for (char c : text) {
      if (c == '"' || c == '\\') text_.push_back('\\');
      text_.push_back(c);
    }
    text_.push_back('"');
  }
  void Add(long long number) {
    Separate();
    absl::StrAppend(&text_, number);
  }
  void AddNull() {
    Separate();
    text_.append("NULL");
  }
  // The literal; call once.
  std::string Finish() {
    if (text_.empty()) return "{}";
    text_.push_back('}');
    return std::move(text_);
  }

 private:
  void Separate() { text_.push_back(text_.empty() ? '{' : ','); }

  std::string text_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_SQL_ARRAYS_H_
