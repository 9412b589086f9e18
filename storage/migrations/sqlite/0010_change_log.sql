-- The change log (SQLite): who changed the master data, the configuration, the users and the
-- tokens, and when. Rows are appended in the transaction of the change they record, never updated
-- or deleted.
--
-- actor: the user name of the caller the server authenticated, or 'relanced' for a change the
-- server made itself (the first admin).
-- action: what was done, as '<entity>.<verb>' ('client.create', 'policy.assign'...).
-- subject: what it was done to, in words a person reads ('client C-042', 'token 12 of alice').

CREATE TABLE changes (
  id INTEGER PRIMARY KEY,
  occurred_time_us INTEGER NOT NULL,
  actor TEXT NOT NULL CHECK (actor <> ''),
  action TEXT NOT NULL CHECK (action <> ''),
  subject TEXT NOT NULL DEFAULT ''
) STRICT;

-- An actor's changes, in the order they were made.
CREATE INDEX changes_by_actor ON changes (actor, id);
