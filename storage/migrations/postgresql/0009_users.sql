-- Who may call the server (PostgreSQL): users with a role, and the tokens that stand for them.
-- Columns as in the SQLite schema (see its comments).

CREATE TABLE users (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  role TEXT NOT NULL
    CHECK (role IN ('admin', 'back_office', 'sales_rep', 'service', 'auditor')),
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  create_time_us BIGINT NOT NULL
);

CREATE TABLE tokens (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users (id),
  label TEXT NOT NULL DEFAULT '',
  secret_sha256 TEXT NOT NULL UNIQUE CHECK (length(secret_sha256) = 64),
  create_time_us BIGINT NOT NULL,
  expire_time_us BIGINT,
  revoke_time_us BIGINT
);

CREATE INDEX tokens_by_user ON tokens (user_id, id);

-- A sales rep's lists are scoped to the clients it owns.
CREATE INDEX clients_by_owner ON clients (owner);
