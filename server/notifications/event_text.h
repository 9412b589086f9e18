#ifndef RELANCE_SERVER_NOTIFICATIONS_EVENT_TEXT_H_
#define RELANCE_SERVER_NOTIFICATIONS_EVENT_TEXT_H_

#include <string>

#include "storage/interfaces/events.h"

namespace relance::notifications {

// How an event reads on a phone.
struct EventText {
  // One line saying what happened: "Reminder relance-2 due by email for
  // invoice F-1 (1200.00 EUR)".
  std::string summary;
  // What someone has to do about it ("call ACME about invoice F-1"); empty
  // when nobody has.
  std::string action;
};

// The text of `event`, from its kind, facts and joined names.
EventText DescribeEvent(const storage::EventRecord& event);

}  // namespace relance::notifications

#endif  // RELANCE_SERVER_NOTIFICATIONS_EVENT_TEXT_H_
