-- Who may call the server (SQLite): users with a role, and the tokens that stand for them.
--
-- users.name is what clients.owner names for a sales rep. A disabled user stays in the table (its
-- name is still in the clients it owns and in the timeline) but none of its tokens is accepted.
-- tokens.secret_sha256 is the lower-case hex SHA-256 of the secret, which is never stored;
-- expire_time_us and revoke_time_us are NULL while the token has no expiry / is not revoked.

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  role TEXT NOT NULL
    CHECK (role IN ('admin', 'back_office', 'sales_rep', 'service', 'auditor')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  create_time_us INTEGER NOT NULL
) STRICT;

CREATE TABLE tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  label TEXT NOT NULL DEFAULT '',
  secret_sha256 TEXT NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
  create_time_us INTEGER NOT NULL,
  expire_time_us INTEGER,
  revoke_time_us INTEGER
) STRICT;

CREATE INDEX tokens_by_user ON tokens (user_id, id);

-- A sales rep's lists are scoped to the clients it owns.
CREATE INDEX clients_by_owner ON clients (owner);
