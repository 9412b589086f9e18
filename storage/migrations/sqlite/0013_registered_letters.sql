-- Registered letters after printing (SQLite): the posting number on the slip and the
-- acknowledgement of receipt, one row per letter sent (its interactions row). Each change also
-- appends a timeline entry (kinds 'letter_posted' and 'letter_acknowledged') in the same
-- transaction.
--
-- acknowledgement: 'pending' until the card comes back, then 'received' (signed for) or
-- 'returned' (returned undelivered). presented_on: the day of first presentation, when known
-- ('' otherwise). notice_deadline: a formal notice's deadline counted from that day, when the
-- server counts it so ('' otherwise). Dates are YYYY-MM-DD.

CREATE TABLE registered_letters (
  interaction_id INTEGER PRIMARY KEY REFERENCES interactions (id),
  client_id INTEGER NOT NULL REFERENCES clients (id),
  posting_number TEXT NOT NULL CHECK (posting_number <> ''),
  posted_on TEXT NOT NULL,
  acknowledgement TEXT NOT NULL DEFAULT 'pending'
    CHECK (acknowledgement IN ('pending', 'received', 'returned')),
  presented_on TEXT NOT NULL DEFAULT '',
  notice_deadline TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  update_time_us INTEGER NOT NULL
) STRICT;

CREATE INDEX registered_letters_by_client ON registered_letters (client_id, interaction_id);
