// relance_dunning_bench: measures the dunning engine itself, in process (no
// gRPC), on a book of open invoices of which 1% comes due on a given day.
//
//   relance_dunning_bench --db sqlite:/var/tmp/dunning.db --fresh
//   relance_dunning_bench --invoices 100000 --json
//       --db postgresql://postgres@127.0.0.1:5432/bench
//
// Steps, each timed:
//   import    --invoices open invoices over --clients clients through
//             InvoiceRepository::ImportBatch, 5 000 rows a batch. Due dates are
//             spread so that the courtesy reminder of the default policy (due
//             date - 3 days, on a business day) of exactly --due invoices (1%
//             of the book by default) falls on each of --invoices / --due
//             consecutive business days from --first_day.
//   planning  one run as of a day well before the first of those days: every
//             invoice is new, and the engine plans its courtesy reminder.
//   run       one run as of the first of those days: --due invoices come due
//             (the courtesy reminder made due, the next step planned).
//   preview   a dry run for the next of those days.
// The database must hold no invoices of ours beforehand (--fresh deletes a
// SQLite file first). Exits 1 when a step fails or did not do exactly the work
// the book implies: a benchmark that measured the wrong thing is worse than
// none.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/domain/business_calendar.h"
#include "server/domain/dunning_engine.h"
#include "server/domain/policies.h"
#include "server/domain/workflow_rules.h"
#include "storage/base/clock.h"
#include "storage/database.h"
#include "storage/interfaces/records.h"

ABSL_FLAG(std::string, db, "",
          "Database URL: sqlite:PATH or postgresql://user@host:port/dbname.");
ABSL_FLAG(int64_t, invoices, 1000000,
          "Open invoices in the book; a positive multiple of 100.");
ABSL_FLAG(int64_t, clients, 10000, "Clients the invoices are spread over.");
ABSL_FLAG(int64_t, due, 0,
          "Invoices that come due on each business day, hence in the measured "
          "run; must divide --invoices, at least twice. 0: 1% of the book.");
ABSL_FLAG(int, batch, 500, "The engine's batch size (invoices a transaction).");
ABSL_FLAG(std::string, first_day, "2026-03-03",
          "The first of the business days on which --due invoices come due "
          "(moved to the next business day if it is not one); the "
          "measured run is as of that day.");
ABSL_FLAG(bool, fresh, false,
          "Delete the SQLite database file (and its journal files) first.");
ABSL_FLAG(std::string, label, "",
          "Names the setup in the output; defaults to the database kind.");
ABSL_FLAG(bool, json, false,
          "Print one JSON object per step instead of a table.");

namespace relance::bench {
namespace {

constexpr int kImportBatchRows = 5000;
// The default policy's courtesy step comes this many days before the due date.
constexpr int kCourtesyOffsetDays = 3;
constexpr char kTimeZone[] = "Europe/Paris";

// Time stands still between runs: the engine's "now" (creation and update
// times) is fixed, moved to the morning of each run's day, since a run is
// never of a day still to come.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(absl::Time now) : now_(now) {}
  absl::Time Now() override { return now_; }
  void MoveTo(absl::CivilDay day) {
    now_ =
        absl::FromCivil(absl::CivilSecond(day) + 8 * 3600, absl::UTCTimeZone());
  }

 private:
  absl::Time now_;
};

// JSON string literal for the few strings we print (labels, messages).
std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The business days on which invoices come due, and which do on each.
struct Book {
  int64_t invoices = 0;
  int64_t clients = 0;
  // invoices / due_per_day consecutive business days.
  std::vector<absl::CivilDay> days;
  int64_t due_per_day = 0;

  // Invoice i comes due on days[i % days]; a client's invoices come in blocks
  // of that many, so each client has invoices due on every one of the days.
  int64_t DayCount() const { return invoices / due_per_day; }
  absl::CivilDay SlotDay(int64_t i) const { return days[i % DayCount()]; }
  int64_t Client(int64_t i) const { return (i / DayCount()) % clients; }
  int64_t PerDay() const { return due_per_day; }
};

// One timed step.
struct Measurement {
  std::string step;
  absl::Duration elapsed;
  // What the rate counts: rows imported, invoices planned, reminders made due.
  int64_t count = 0;
  std::string unit;
  // Engine steps only.
  std::optional<int64_t> examined;
  std::optional<int64_t> due;
  std::optional<int64_t> scheduled;
  std::string note;

  double PerSecond() const {
    const double seconds = absl::ToDoubleSeconds(elapsed);
    return seconds > 0 ? static_cast<double>(count) / seconds : 0;
  }
};

class Printer {
 public:
  Printer(std::string label, const Book& book, bool json)
      : label_(std::move(label)),
        invoices_(book.invoices),
        clients_(book.clients),
        due_per_day_(book.due_per_day),
        json_(json) {}

  void Header() const {
    if (json_) return;
    std::printf(
        "dunning engine on %s: %lld invoices over %lld clients, %lld due a "
        "day\n",
        label_.c_str(), static_cast<long long>(invoices_),
        static_cast<long long>(clients_), static_cast<long long>(due_per_day_));
    std::printf("%-9s %10s %10s %9s %10s %12s\n", "step", "examined", "due",
                "time (s)", "count", "rate");
    std::fflush(stdout);
  }

  void Print(const Measurement& m) const {
    if (json_) {
      std::string line = absl::StrFormat(
          "{\"bench\":\"dunning\",\"label\":%s,\"invoices\":%d,"
          "\"clients\":%d,\"due_per_day\":%d,\"step\":%s,\"seconds\":%.3f,"
          "\"count\":%d,"
          "\"unit\":%s,\"per_second\":%.1f",
          JsonString(label_), invoices_, clients_, due_per_day_,
          JsonString(m.step), absl::ToDoubleSeconds(m.elapsed), m.count,
          JsonString(m.unit), m.PerSecond());
      if (m.examined) absl::StrAppend(&line, ",\"examined\":", *m.examined);
      if (m.due) absl::StrAppend(&line, ",\"due\":", *m.due);
      if (m.scheduled) absl::StrAppend(&line, ",\"scheduled\":", *m.scheduled);
      if (!m.note.empty()) {
        absl::StrAppend(&line, ",\"note\":", JsonString(m.note));
      }
      std::printf("%s}\n", line.c_str());
    } else {
      auto optional = [](const std::optional<int64_t>& value) {
        return value.has_value() ? absl::StrCat(*value) : std::string("-");
      };
      std::printf("%-9s %10s %10s %9.2f %10lld %12.0f %s%s%s\n", m.step.c_str(),
                  optional(m.examined).c_str(), optional(m.due).c_str(),
                  absl::ToDoubleSeconds(m.elapsed),
                  static_cast<long long>(m.count), m.PerSecond(),
                  m.unit.c_str(), m.note.empty() ? "" : "  ", m.note.c_str());
    }
    std::fflush(stdout);
  }

 private:
  const std::string label_;
  const int64_t invoices_;
  const int64_t clients_;
  const int64_t due_per_day_;
  const bool json_;
};

storage::ImportRow MakeRow(const Book& book, int64_t i) {
  storage::ImportRow row;
  const int64_t client = book.Client(i);
  row.client.reference = absl::StrFormat("DUN-C%06d", client);
  row.client.name = absl::StrFormat("Client de test %d", client);
  row.client.kind =
      client % 4 == 0 ? storage::ClientKind::kB2C : storage::ClientKind::kB2B;
  row.client.language = "fr";
  row.client.time_zone = kTimeZone;
  // The courtesy step's day is due - 3, itself a business day: its slot is
  // exactly that day.
  const absl::CivilDay due = book.SlotDay(i) + kCourtesyOffsetDays;
  row.invoice.number = absl::StrFormat("DUN-%08d", i);
  row.invoice.issue_date = due - 30;
  row.invoice.due_date = due;
  row.invoice.currency = "EUR";
  row.invoice.total_minor = 10000 + (i * 7919) % 990000;
  row.invoice.status = storage::InvoiceStatus::kOpen;
  return row;
}

// Counts of a run's actions by kind.
struct ActionCounts {
  int64_t schedule = 0;
  int64_t due = 0;
  int64_t other = 0;
};

ActionCounts Count(const DunningEngine::Result& result) {
  ActionCounts counts;
  for (const DunningAction& action : result.actions) {
    switch (action.kind) {
      case DunningAction::Kind::kSchedule:
        ++counts.schedule;
        break;
      case DunningAction::Kind::kDue:
        ++counts.due;
        break;
      default:
        ++counts.other;
        break;
    }
  }
  return counts;
}

absl::Status Fail(absl::string_view step, absl::string_view message) {
  return absl::FailedPreconditionError(absl::StrCat(step, ": ", message));
}

// Deletes the SQLite file of `url` and its journal files.
absl::Status DeleteSqliteDatabase(absl::string_view url) {
  if (!absl::ConsumePrefix(&url, "sqlite:")) {
    return absl::InvalidArgumentError(
        "--fresh deletes a SQLite file; for PostgreSQL, give a new database");
  }
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::error_code error;
    std::filesystem::remove(absl::StrCat(url, suffix), error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("cannot delete ", url, suffix, ": ", error.message()));
    }
  }
  return absl::OkStatus();
}

// How many invoices a run as of the first day reads besides the due ones: the
// engine reads every invoice whose next action is before the end of the day
// in the westernmost zone (day + 1, 12:00 UTC), so the next business day's
// reminders are read too when they fall before that instant, and left as they
// are (see DunningEngine::Process).
int64_t ReadAhead(const Book& book, const BusinessCalendar& calendar,
                  const absl::TimeZone& zone, absl::CivilDay run_day,
                  absl::CivilDay next_day) {
  const absl::Time horizon =
      absl::FromCivil(absl::CivilSecond(run_day + 1), absl::UTCTimeZone()) +
      absl::Hours(12);
  return calendar.FirstSlotOnOrAfter(next_day, zone, SendWindow{}) <= horizon
             ? book.PerDay()
             : 0;
}

absl::Status Main() {
  const std::string url = absl::GetFlag(FLAGS_db);
  Book book;
  book.invoices = absl::GetFlag(FLAGS_invoices);
  book.clients = absl::GetFlag(FLAGS_clients);
  const int batch = absl::GetFlag(FLAGS_batch);
  if (url.empty()) return absl::InvalidArgumentError("--db is required");
  book.due_per_day = absl::GetFlag(FLAGS_due);
  if (book.due_per_day == 0) book.due_per_day = book.invoices / 100;
  if (book.due_per_day < 1 || book.invoices % book.due_per_day != 0 ||
      book.invoices / book.due_per_day < 2) {
    return absl::InvalidArgumentError(
        "--due (by default 1% of --invoices) must be at least 1 and divide "
        "--invoices at least twice");
  }
  if (book.clients < 1 || book.clients > book.invoices) {
    return absl::InvalidArgumentError(
        "--clients must be between 1 and --invoices");
  }
  if (batch < 1) return absl::InvalidArgumentError("--batch must be >= 1");
  absl::CivilDay first_day;
  if (!absl::ParseCivilTime(absl::GetFlag(FLAGS_first_day), &first_day)) {
    return absl::InvalidArgumentError("--first_day must be YYYY-MM-DD");
  }

  const BusinessCalendar calendar = BusinessCalendar::French();
  absl::StatusOr<absl::TimeZone> zone = LoadClientTimeZone(kTimeZone);
  if (!zone.ok()) return zone.status();
  for (absl::CivilDay day = calendar.NextBusinessDay(first_day);
       static_cast<int64_t>(book.days.size()) < book.DayCount();
       day = calendar.NextBusinessDay(day + 1)) {
    book.days.push_back(day);
  }
  // Well before the first slot: nothing has come, every invoice is new.
  const absl::CivilDay planning_day = book.days.front() - 30;
  FixedClock clock(absl::FromCivil(
      absl::CivilSecond(planning_day) + absl::ToInt64Seconds(absl::Hours(8)),
      absl::UTCTimeZone()));

  if (absl::GetFlag(FLAGS_fresh)) {
    if (absl::Status deleted = DeleteSqliteDatabase(url); !deleted.ok()) {
      return deleted;
    }
  }
  const CollectionsRules workflow_rules;
  absl::StatusOr<std::unique_ptr<storage::Database>> database =
      storage::OpenDatabase(url, {.workflow_rules = &workflow_rules});
  if (!database.ok()) return database.status();
  std::string label = absl::GetFlag(FLAGS_label);
  if (label.empty()) {
    label = (*database)->dialect() == storage::Dialect::kSqlite ? "sqlite"
                                                                : "postgresql";
  }
  Policies policies(&(*database)->policies(), &clock);
  DunningEngine engine(&policies, &(*database)->dunning(), &calendar, &clock,
                       /*dispatcher=*/nullptr, /*sweep=*/nullptr, batch);
  const Printer printer(label, book, absl::GetFlag(FLAGS_json));
  printer.Header();

  // 1. The book.
  {
    Measurement m{.step = "import", .unit = "rows/s"};
    std::vector<storage::ImportRow> rows;
    rows.reserve(kImportBatchRows);
    for (int64_t first = 0; first < book.invoices; first += kImportBatchRows) {
      rows.clear();
      for (int64_t i = first;
           i < std::min<int64_t>(book.invoices, first + kImportBatchRows);
           ++i) {
        rows.push_back(MakeRow(book, i));
      }
      const absl::Time start = absl::Now();
      absl::StatusOr<storage::ImportBatchResult> imported =
          (*database)->invoices().ImportBatch(rows, clock.Now());
      m.elapsed += absl::Now() - start;
      if (!imported.ok()) return imported.status();
      for (storage::ImportOutcome outcome : imported->outcomes) {
        if (outcome != storage::ImportOutcome::kCreated) {
          return Fail("import",
                      "an invoice of the book already exists: start from an "
                      "empty database (--fresh for SQLite)");
        }
      }
      m.count += static_cast<int64_t>(rows.size());
    }
    printer.Print(m);
  }

  // 2. The planning pass: the one-off cost of a new book.
  {
    const absl::Time start = absl::Now();
    clock.MoveTo(planning_day);
    absl::StatusOr<DunningEngine::Result> result = engine.Run(planning_day);
    const absl::Duration elapsed = absl::Now() - start;
    if (!result.ok()) return result.status();
    const ActionCounts counts = Count(*result);
    Measurement m{.step = "planning",
                  .elapsed = elapsed,
                  .count = result->invoices_examined,
                  .unit = "invoices/s",
                  .examined = result->invoices_examined,
                  .due = counts.due,
                  .scheduled = counts.schedule};
    printer.Print(m);
    if (result->invoices_examined != book.invoices ||
        counts.schedule != book.invoices || counts.due != 0 ||
        counts.other != 0) {
      return Fail("planning",
                  absl::StrFormat("expected %d invoices examined and as many "
                                  "reminders planned, nothing else; got %d "
                                  "examined, %d planned, %d due, %d other",
                                  book.invoices, result->invoices_examined,
                                  counts.schedule, counts.due, counts.other));
    }
  }

  // 3. The measured run: 1% of the book comes due.
  const int64_t read_ahead =
      ReadAhead(book, calendar, *zone, book.days[0], book.days[1]);
  {
    const absl::Time start = absl::Now();
    clock.MoveTo(book.days[0]);
    absl::StatusOr<DunningEngine::Result> result = engine.Run(book.days[0]);
    const absl::Duration elapsed = absl::Now() - start;
    if (!result.ok()) return result.status();
    const ActionCounts counts = Count(*result);
    Measurement m{
        .step = "run",
        .elapsed = elapsed,
        .count = counts.due,
        .unit = "reminders/s",
        .examined = result->invoices_examined,
        .due = counts.due,
        .scheduled = counts.schedule,
        .note = absl::StrCat("as of ", absl::FormatCivilTime(book.days[0]))};
    if (result->invoices_examined == book.PerDay() + read_ahead &&
        read_ahead > 0) {
      absl::StrAppend(&m.note, "; examined ", read_ahead,
                      " more: the next business day's, read and left as "
                      "they are");
    }
    printer.Print(m);
    // Exactly the due invoices, or those and the next business day's when
    // they fall before the run's horizon.
    const bool examined_ok =
        result->invoices_examined == book.PerDay() ||
        result->invoices_examined == book.PerDay() + read_ahead;
    if (!examined_ok || counts.due != book.PerDay() ||
        counts.schedule != book.PerDay() || counts.other != 0) {
      return Fail("run",
                  absl::StrFormat(
                      "expected %d invoices examined (%d with the next "
                      "business day's), %d reminders made due and %d next "
                      "steps planned, nothing else; got %d examined, %d due, "
                      "%d planned, %d other",
                      book.PerDay(), book.PerDay() + read_ahead, book.PerDay(),
                      book.PerDay(), result->invoices_examined, counts.due,
                      counts.schedule, counts.other));
    }
  }

  // 4. A preview of the next business day.
  {
    const absl::Time start = absl::Now();
    absl::StatusOr<DunningEngine::Result> result = engine.Preview(book.days[1]);
    const absl::Duration elapsed = absl::Now() - start;
    if (!result.ok()) return result.status();
    const ActionCounts counts = Count(*result);
    Measurement m{.step = "preview",
                  .elapsed = elapsed,
                  .count = counts.due,
                  .unit = "reminders/s",
                  .examined = result->invoices_examined,
                  .due = counts.due,
                  .scheduled = counts.schedule,
                  .note = absl::StrCat("dry run as of ",
                                       absl::FormatCivilTime(book.days[1]))};
    printer.Print(m);
    if (counts.due != book.PerDay() || counts.other != 0) {
      return Fail("preview",
                  absl::StrFormat("expected %d reminders due, nothing skipped "
                                  "or held; got %d due, %d other",
                                  book.PerDay(), counts.due, counts.other));
    }
  }
  return absl::OkStatus();
}

}  // namespace
}  // namespace relance::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Measures the dunning engine in process on a book of which 1% comes "
      "due. Usage: relance_dunning_bench --db URL [--invoices N] [--clients "
      "M] [--batch B] [--fresh] [--json] [--label L]");
  absl::ParseCommandLine(argc, argv);
  const absl::Status status = relance::bench::Main();
  if (!status.ok()) {
    std::fprintf(stderr, "relance_dunning_bench: %s\n",
                 std::string(status.message()).c_str());
    return 1;
  }
  return 0;
}
