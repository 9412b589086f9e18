-- The claims ledger (PostgreSQL): what was paid or waived of the extras claimed on an invoice
-- beyond its principal. Columns as in the SQLite schema (see its comments).

CREATE TABLE claim_entries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id TEXT,
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  settlement_id BIGINT REFERENCES settlements (id),
  component TEXT NOT NULL CHECK (component IN ('interest', 'indemnity', 'fee')),
  kind TEXT NOT NULL CHECK (kind IN ('paid', 'waived')),
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  entry_date TEXT NOT NULL,
  reference TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  create_time_us BIGINT NOT NULL
);

CREATE INDEX claim_entries_by_invoice ON claim_entries (invoice_id, id);
CREATE INDEX claim_entries_by_request ON claim_entries (request_id) WHERE request_id IS NOT NULL;
