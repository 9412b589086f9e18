#ifndef RELANCE_CLIENT_CLI_WATCH_TEXT_H_
#define RELANCE_CLIENT_CLI_WATCH_TEXT_H_

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client-cli/money.h"
#include "relance/v1/notification.pb.h"

// What `relance watch` reads from the command line and writes, apart from the
// stream itself: the kinds it asks for, one line per event, where it keeps the
// last sequence, and how long it waits before subscribing again.
namespace relance::cli {

// The kinds named by --kinds, each value a name of EventKindFlagNames() or a
// comma-separated list of them, in order and without repeats.
// INVALID_ARGUMENT naming the first word that is not a kind.
absl::StatusOr<std::vector<v1::EventKind>> ParseEventKinds(
    const std::vector<std::string>& values);

// One event for people, ending with a newline: "2026-11-23 10:00:05  #42
// jdupont  payment received for ACME SA, F-2026-001  1 240,50 EUR  to do:
// ...", the time in `zone`, then whatever of the actor, the server's summary
// (or, without one, the kind, the client and the invoice), the amount and the
// action is set; `text`, what people wrote (a note's text, a call's notes), in
// quotes after the summary when given. One line whatever the fields hold:
// line breaks in them become " / ", and a long text is cut at
// kEventTextLimit characters with "...".
std::string EventLine(const v1::Event& event, const absl::TimeZone& zone,
                      const MoneyStyle& money_style,
                      absl::string_view text = "");
inline constexpr std::size_t kEventTextLimit = 200;

// Whether events of `kind` come from a timeline entry that holds what people
// wrote (a note, a letter or email received, a call's notes, a dispute's
// reason, comment or resolution), which EventLine can show.
bool EventHasText(v1::EventKind kind);

// One event as a single line of JSON (the proto3 mapping, every field
// printed, as the CLI's other JSON output), ending with a newline.
std::string EventJsonLine(const v1::Event& event);

// Where watch keeps the last sequence it saw from `server` when --state-file
// says nothing: one file per server address in $XDG_STATE_HOME/relance/watch,
// or ~/.local/state/relance/watch when XDG_STATE_HOME is unset or empty
// (`xdg_state_home` and `home` are those variables, null when unset).
// FAILED_PRECONDITION when neither variable is set.
absl::StatusOr<std::string> DefaultStateFile(absl::string_view server,
                                             const char* xdg_state_home,
                                             const char* home);

// The pause before subscribing again after a lost stream: the first is
// kFirstReconnectDelay, each next one twice the previous, at most
// kMaxReconnectDelay.
inline constexpr std::chrono::milliseconds kFirstReconnectDelay{200};
inline constexpr std::chrono::milliseconds kMaxReconnectDelay{5000};
std::chrono::milliseconds NextReconnectDelay(std::chrono::milliseconds delay);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_WATCH_TEXT_H_
