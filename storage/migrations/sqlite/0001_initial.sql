-- Clients, invoices and their settlements (SQLite).
--
-- Conventions, shared with the PostgreSQL schema:
-- * money is an INTEGER count of minor units next to its ISO 4217 currency code;
-- * calendar dates are 'YYYY-MM-DD' text, whose text order is date order;
-- * instants are INTEGER microseconds since the Unix epoch, UTC (*_time_us);
-- * enums are short lowercase text;
-- * request_id is the idempotency key of the call that created the row, NULL when there was
--   none (UNIQUE lets any number of rows have NULL);
-- * version counts the writes to a row; it is the API's etag.
-- STRICT makes SQLite reject a value of the wrong type instead of storing it.

CREATE TABLE clients (
  id INTEGER PRIMARY KEY,
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
  version INTEGER NOT NULL CHECK (version >= 1),
  create_time_us INTEGER NOT NULL,
  update_time_us INTEGER NOT NULL
) STRICT;

CREATE TABLE invoices (
  id INTEGER PRIMARY KEY,
  request_id TEXT UNIQUE,
  number TEXT NOT NULL UNIQUE CHECK (number <> ''),
  client_id INTEGER NOT NULL REFERENCES clients (id),
  -- date() returns NULL for text that is not a valid date, hence IS rather than =.
  issue_date TEXT NOT NULL CHECK (date(issue_date) IS issue_date),
  due_date TEXT NOT NULL CHECK (date(due_date) IS due_date),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
  -- Sums of the invoice's settlements, maintained in the transaction that adds each one.
  paid_minor INTEGER NOT NULL DEFAULT 0 CHECK (paid_minor >= 0),
  credited_minor INTEGER NOT NULL DEFAULT 0 CHECK (credited_minor >= 0),
  status TEXT NOT NULL CHECK (status IN ('open', 'paid', 'cancelled')),
  version INTEGER NOT NULL CHECK (version >= 1),
  create_time_us INTEGER NOT NULL,
  update_time_us INTEGER NOT NULL,
  -- Written as a difference so that it cannot overflow: both operands are non-negative.
  CONSTRAINT invoices_settled_within_total CHECK (paid_minor <= total_minor - credited_minor)
) STRICT;

-- The list filters: by client (keyset paging in id order), by status and due date (overdue),
-- by due date range.
CREATE INDEX invoices_by_client ON invoices (client_id, id);
CREATE INDEX invoices_by_status_due_date ON invoices (status, due_date);
CREATE INDEX invoices_by_due_date ON invoices (due_date);

-- Payments and credit notes; append-only.
CREATE TABLE settlements (
  id INTEGER PRIMARY KEY,
  request_id TEXT UNIQUE,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  kind TEXT NOT NULL CHECK (kind IN ('payment', 'credit_note')),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  settle_date TEXT NOT NULL CHECK (date(settle_date) IS settle_date),
  reference TEXT NOT NULL DEFAULT '',
  create_time_us INTEGER NOT NULL
) STRICT;

CREATE INDEX settlements_by_invoice ON settlements (invoice_id, id);
