-- The claims ledger (SQLite): what was paid or waived of the extras claimed on an invoice beyond
-- its principal. The amounts claimed are worked out, not stored: interest from the invoice, its
-- settlements and the rate table; the indemnity from the debtor's kind; fees from the reminders
-- sent. A payment beyond the principal is one settlement (the principal part, if any) and one
-- row here per extra it paid, written in one transaction.
--
-- component: 'interest', 'indemnity' (always EUR) or 'fee'. kind: 'paid' or 'waived' (a
-- "remise gracieuse": reason says why, actor who granted it). settlement_id: the payment whose
-- excess paid it, when that payment also paid principal. request_id: the request that recorded
-- it, shared by the rows of one payment or waiver (not unique). entry_date: YYYY-MM-DD.

CREATE TABLE claim_entries (
  id INTEGER PRIMARY KEY,
  request_id TEXT,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  settlement_id INTEGER REFERENCES settlements (id),
  component TEXT NOT NULL CHECK (component IN ('interest', 'indemnity', 'fee')),
  kind TEXT NOT NULL CHECK (kind IN ('paid', 'waived')),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  entry_date TEXT NOT NULL CHECK (date(entry_date) IS entry_date),
  reference TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  create_time_us INTEGER NOT NULL
) STRICT;

CREATE INDEX claim_entries_by_invoice ON claim_entries (invoice_id, id);
CREATE INDEX claim_entries_by_request ON claim_entries (request_id) WHERE request_id IS NOT NULL;
