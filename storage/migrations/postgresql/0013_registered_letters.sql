-- Registered letters after printing (PostgreSQL): the posting number on the slip and the
-- acknowledgement of receipt, one row per letter sent. Columns as in the SQLite schema (see its
-- comments).

CREATE TABLE registered_letters (
  interaction_id BIGINT PRIMARY KEY REFERENCES interactions (id),
  client_id BIGINT NOT NULL REFERENCES clients (id),
  posting_number TEXT NOT NULL CHECK (posting_number <> ''),
  posted_on TEXT NOT NULL,
  acknowledgement TEXT NOT NULL DEFAULT 'pending'
    CHECK (acknowledgement IN ('pending', 'received', 'returned')),
  presented_on TEXT NOT NULL DEFAULT '',
  notice_deadline TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  update_time_us BIGINT NOT NULL
);

CREATE INDEX registered_letters_by_client ON registered_letters (client_id, interaction_id);
