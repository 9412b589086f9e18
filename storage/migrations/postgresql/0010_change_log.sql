-- The change log (PostgreSQL): who changed the master data, the configuration, the users and the
-- tokens, and when. Rows are appended in the transaction of the change they record, never updated
-- or deleted. Columns as in the SQLite schema (see its comments).

CREATE TABLE changes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_time_us BIGINT NOT NULL,
  actor TEXT NOT NULL CHECK (actor <> ''),
  action TEXT NOT NULL CHECK (action <> ''),
  subject TEXT NOT NULL DEFAULT ''
);

-- An actor's changes, in the order they were made.
CREATE INDEX changes_by_actor ON changes (actor, id);
