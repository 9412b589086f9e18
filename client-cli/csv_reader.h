#ifndef RELANCE_CLIENT_CLI_CSV_READER_H_
#define RELANCE_CLIENT_CLI_CSV_READER_H_

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace relance::cli {

struct CsvRecord {
  // Physical line of the file on which the record starts (1-based); a quoted
  // field may carry line breaks, so records and lines differ.
  std::int64_t line = 0;
  std::vector<std::string> fields;
  // Set when the record is malformed (an unterminated quote, text after a
  // closing quote); the fields then hold the best reading of it.
  std::string error;
};

// Streams RFC 4180 records one at a time, so that a large file is never held in
// memory: quoted fields with embedded commas, doubled quotes and line breaks;
// CRLF, LF or CR line ends; a UTF-8 byte order mark; blank lines are skipped.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(*in.rdbuf()) {}

  // Reads the next record into `record`; false at the end of the input.
  bool Next(CsvRecord& record);

 private:
  // Consumes one line end ("\r\n", "\n" or "\r") if one is next.
  bool ConsumeLineEnd();
  void ReadQuoted(std::string& field, CsvRecord& record);

  std::streambuf& in_;
  std::int64_t line_ = 1;
  bool at_start_ = true;
};

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_CSV_READER_H_
