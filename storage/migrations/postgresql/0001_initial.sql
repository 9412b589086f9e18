-- Clients, invoices and their settlements (PostgreSQL).
--
-- Conventions, shared with the SQLite schema:
-- * money is a BIGINT count of minor units next to its ISO 4217 currency code;
-- * calendar dates are 'YYYY-MM-DD' text in the "C" collation, whose order is date order
--   (a linguistic collation may skip the hyphens and costs more to compare);
-- * instants are BIGINT microseconds since the Unix epoch, UTC (*_time_us);
-- * enums are short lowercase text;
-- * request_id is the idempotency key of the call that created the row, NULL when there was
--   none (UNIQUE lets any number of rows have NULL);
-- * version counts the writes to a row; it is the API's etag.

CREATE TABLE clients (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id TEXT UNIQUE,
  reference TEXT NOT NULL UNIQUE CHECK (reference <> ''),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('b2b', 'b2c')),
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  legal_id TEXT NOT NULL DEFAULT '',
  vat_number TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL CHECK (version >= 1),
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL
);

CREATE TABLE invoices (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id TEXT UNIQUE,
  number TEXT NOT NULL UNIQUE CHECK (number <> ''),
  client_id BIGINT NOT NULL REFERENCES clients (id),
  issue_date TEXT COLLATE "C" NOT NULL
      CHECK (issue_date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  due_date TEXT COLLATE "C" NOT NULL
      CHECK (due_date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  total_minor BIGINT NOT NULL CHECK (total_minor >= 0),
  -- Sums of the invoice's settlements, maintained in the transaction that adds each one.
  paid_minor BIGINT NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
  credited_minor BIGINT NOT NULL DEFAULT 0 CHECK (credited_minor >= 0),
  status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
  version BIGINT NOT NULL CHECK (version >= 1),
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  -- Written as a difference so that it cannot overflow: both operands are non-negative.
  CONSTRAINT invoices_settled_within_total CHECK (paid_minor <= total_minor - credited_minor)
);

-- The list filters: by client (keyset paging in id order), by status and due date (overdue),
-- by due date range. The client index also serves the foreign key.
CREATE INDEX invoices_by_client ON invoices (client_id, id);
CREATE INDEX invoices_by_status_due_date ON invoices (status, due_date);
CREATE INDEX invoices_by_due_date ON invoices (due_date);

-- Payments and credit notes; append-only.
CREATE TABLE settlements (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id TEXT UNIQUE,
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  kind TEXT NOT NULL CHECK (kind IN ('payment', 'credit_note')),
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  settle_date TEXT COLLATE "C" NOT NULL
      CHECK (settle_date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  reference TEXT NOT NULL DEFAULT '',
  create_time_us BIGINT NOT NULL
);

CREATE INDEX settlements_by_invoice ON settlements (invoice_id, id);
