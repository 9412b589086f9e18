-- The collections workflow (SQLite): disputes, promises to pay, payment plans, follow-up tasks,
-- and the outbox of events. Nothing wrote to the placeholder disputes and promises tables of
-- 0002, so they are made again with everything the workflow records.
--
-- Conventions as in 0001: money in minor units with its currency, dates 'YYYY-MM-DD' ('' for
-- none), instants in microseconds since the epoch (UTC), actor the user name who did it.

DROP INDEX disputes_by_invoice;
DROP TABLE disputes;
DROP INDEX promises_by_invoice;
DROP TABLE promises;

-- A dispute ("litige") on one invoice holds that invoice's dunning, and only that invoice's, until
-- it is resolved or its deadline has passed. At most one is open per invoice.
CREATE TABLE disputes (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  client_id INTEGER NOT NULL REFERENCES clients (id),
  state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
  reason TEXT NOT NULL CHECK (reason <> ''),
  -- Who handles it (a user name).
  owner TEXT NOT NULL DEFAULT '',
  -- Dunning resumes the day after, even if the dispute is still open; '' for none.
  deadline TEXT NOT NULL DEFAULT '' CHECK (deadline = '' OR date(deadline) IS deadline),
  -- Set once the sweep has recorded that the deadline passed with the dispute still open.
  deadline_passed INTEGER NOT NULL DEFAULT 0 CHECK (deadline_passed IN (0, 1)),
  outcome TEXT NOT NULL DEFAULT ''
      CHECK (outcome IN ('', 'credit_note_issued', 'invoice_corrected', 'claim_rejected')),
  resolution TEXT NOT NULL DEFAULT '',
  opened_by TEXT NOT NULL,
  resolved_by TEXT NOT NULL DEFAULT '',
  open_time_us INTEGER NOT NULL,
  resolve_time_us INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL CHECK (version >= 1),
  CHECK ((state = 'open') = (outcome = ''))
) STRICT;
CREATE INDEX disputes_by_invoice ON disputes (invoice_id, state);
CREATE INDEX disputes_by_client ON disputes (client_id, id);
CREATE UNIQUE INDEX disputes_one_open_per_invoice ON disputes (invoice_id) WHERE state = 'open';
CREATE INDEX disputes_by_deadline ON disputes (deadline) WHERE state = 'open' AND deadline <> ''
    AND deadline_passed = 0;

-- A promise to pay `amount_minor` by `promised_date`. Dunning of the invoice waits until
-- `until_date` (the promised date plus the grace days). Payments count towards the promise from
-- its making: it is kept once the invoice's paid and credited sums have grown by the amount
-- since `paid_at_start_minor`, broken if that has not happened by `until_date`.
CREATE TABLE promises (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  client_id INTEGER NOT NULL REFERENCES clients (id),
  state TEXT NOT NULL CHECK (state IN ('open', 'kept', 'broken')),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  promised_date TEXT NOT NULL CHECK (date(promised_date) IS promised_date),
  grace_days INTEGER NOT NULL DEFAULT 0 CHECK (grace_days >= 0),
  until_date TEXT NOT NULL CHECK (date(until_date) IS until_date),
  paid_at_start_minor INTEGER NOT NULL CHECK (paid_at_start_minor >= 0),
  made_by TEXT NOT NULL,
  create_time_us INTEGER NOT NULL,
  close_time_us INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL CHECK (version >= 1)
) STRICT;
CREATE INDEX promises_by_invoice ON promises (invoice_id, state);
CREATE INDEX promises_by_client ON promises (client_id, id);
CREATE INDEX promises_open_by_until ON promises (until_date) WHERE state = 'open';

-- A payment plan ("échéancier"): what the invoice owed when it was agreed, split into dated
-- instalments. While a plan is active the invoice's ladder waits; each instalment is dunned on
-- its own dates instead. Payments count towards the instalments in order, from
-- `paid_at_start_minor` on. At most one plan is active per invoice.
CREATE TABLE payment_plans (
  id INTEGER PRIMARY KEY,
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  client_id INTEGER NOT NULL REFERENCES clients (id),
  state TEXT NOT NULL CHECK (state IN ('active', 'completed', 'broken', 'cancelled')),
  total_minor INTEGER NOT NULL CHECK (total_minor > 0),
  currency TEXT NOT NULL CHECK (currency GLOB '[A-Z][A-Z][A-Z]'),
  paid_at_start_minor INTEGER NOT NULL CHECK (paid_at_start_minor >= 0),
  -- An instalment not covered this many days after its due date is missed.
  grace_days INTEGER NOT NULL CHECK (grace_days >= 0),
  -- A missed instalment still not covered this many days after its due date breaks the plan:
  -- the ladder resumes on what is left.
  break_after_days INTEGER NOT NULL CHECK (break_after_days >= grace_days),
  created_by TEXT NOT NULL,
  create_time_us INTEGER NOT NULL,
  close_time_us INTEGER NOT NULL DEFAULT 0,
  version INTEGER NOT NULL CHECK (version >= 1)
) STRICT;
CREATE INDEX payment_plans_by_client ON payment_plans (client_id, id);
CREATE UNIQUE INDEX payment_plans_one_active_per_invoice ON payment_plans (invoice_id)
    WHERE state = 'active';

CREATE TABLE plan_instalments (
  plan_id INTEGER NOT NULL REFERENCES payment_plans (id),
  -- 1-based.
  number INTEGER NOT NULL CHECK (number >= 1),
  due_date TEXT NOT NULL CHECK (date(due_date) IS due_date),
  amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
  state TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'missed')),
  PRIMARY KEY (plan_id, number)
) STRICT;
CREATE INDEX plan_instalments_pending_by_due ON plan_instalments (due_date)
    WHERE state = 'pending';

-- Reminders the workflow makes besides the ladder's steps: another call after no answer, a task
-- to fix a wrong number, the dunning of a missed instalment. The engine's planner leaves them to
-- the workflow sweep, which makes them due when their time comes.
ALTER TABLE reminders ADD COLUMN origin TEXT NOT NULL DEFAULT 'ladder'
    CHECK (origin IN ('ladder', 'call_retry', 'contact_fix', 'instalment'));
ALTER TABLE reminders ADD COLUMN plan_id INTEGER REFERENCES payment_plans (id);
ALTER TABLE reminders ADD COLUMN instalment_number INTEGER NOT NULL DEFAULT 0;
CREATE INDEX reminders_workflow_scheduled ON reminders (scheduled_us, id)
    WHERE origin <> 'ladder' AND state = 'scheduled';
CREATE INDEX reminders_by_plan ON reminders (plan_id) WHERE plan_id IS NOT NULL;

-- What the timeline needs beyond messages. request_id makes an entry created by a call
-- idempotent; dispute_id, promise_id and plan_id point at what the entry concerns; outcome is a
-- call's outcome or a dispute's resolution; amount and day are the entry's money and date (a
-- promise's amount and date, a payment, an instalment, the end of a block).
ALTER TABLE interactions ADD COLUMN request_id TEXT;
ALTER TABLE interactions ADD COLUMN dispute_id INTEGER REFERENCES disputes (id);
ALTER TABLE interactions ADD COLUMN promise_id INTEGER REFERENCES promises (id);
ALTER TABLE interactions ADD COLUMN plan_id INTEGER REFERENCES payment_plans (id);
ALTER TABLE interactions ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE interactions ADD COLUMN amount_minor INTEGER NOT NULL DEFAULT 0;
ALTER TABLE interactions ADD COLUMN currency TEXT NOT NULL DEFAULT '';
ALTER TABLE interactions ADD COLUMN day TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX interactions_by_request ON interactions (request_id)
    WHERE request_id IS NOT NULL;
CREATE INDEX interactions_by_invoice ON interactions (invoice_id, id) WHERE invoice_id IS NOT NULL;

-- The outbox: one event per state change worth telling, written in the transaction that makes
-- the change, numbered in commit order (SQLite has one writer at a time). Subscribers replay from
-- the sequence they last saw.
CREATE TABLE events (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind <> ''),
  client_id INTEGER NOT NULL REFERENCES clients (id),
  invoice_id INTEGER REFERENCES invoices (id),
  interaction_id INTEGER REFERENCES interactions (id),
  reminder_id INTEGER REFERENCES reminders (id),
  occurred_time_us INTEGER NOT NULL,
  -- The event's facts as JSON, for subscribers that do not read the timeline.
  payload TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX events_by_client ON events (client_id, sequence);
CREATE INDEX events_by_interaction ON events (interaction_id) WHERE interaction_id IS NOT NULL;
