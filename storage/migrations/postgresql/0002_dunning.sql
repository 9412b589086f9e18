-- Dunning: policies and their steps, the reminders the engine plans, what puts dunning on hold,
-- and the client and invoice columns the engine reads (PostgreSQL; same conventions as 0001).

-- What the engine needs to know about a debtor. Empty text means "not set" for the owner and the
-- block; policy_id NULL means the client follows the default policy.
ALTER TABLE clients ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN payment_method TEXT NOT NULL DEFAULT 'transfer'
    CHECK (payment_method IN ('transfer', 'direct_debit', 'card', 'cheque'));
ALTER TABLE clients ADD COLUMN dunning_blocked_until TEXT COLLATE "C" NOT NULL DEFAULT ''
      CHECK (dunning_blocked_until = '' OR
             dunning_blocked_until ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$');
ALTER TABLE clients ADD COLUMN dunning_block_reason TEXT NOT NULL DEFAULT '';
-- Hundredths of a percent a year; NULL when the contract says nothing.
ALTER TABLE clients ADD COLUMN contract_interest_rate_bp INTEGER
    CHECK (contract_interest_rate_bp >= 0);

-- When the engine must look at the invoice again, in microseconds since the epoch: the time of
-- its next planned reminder, 0 for "at the next run" (new or changed invoices), NULL when there
-- is nothing left to do. A run reads only the rows whose time has come, through the partial index.
ALTER TABLE invoices ADD COLUMN next_action_us BIGINT DEFAULT 0;
CREATE INDEX invoices_by_next_action ON invoices (next_action_us, id)
    WHERE next_action_us IS NOT NULL;

CREATE TABLE policies (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  request_id TEXT UNIQUE,
  name TEXT NOT NULL UNIQUE CHECK (name <> ''),
  description TEXT NOT NULL DEFAULT '',
  grouping_mode TEXT NOT NULL CHECK (grouping_mode IN ('per_invoice', 'per_client')),
  -- The daily send window, minutes after local midnight, [start, end).
  send_window_start_min INTEGER NOT NULL CHECK (send_window_start_min BETWEEN 0 AND 1439),
  send_window_end_min INTEGER NOT NULL
      CHECK (send_window_end_min BETWEEN 1 AND 1440 AND send_window_end_min > send_window_start_min),
  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
  version INTEGER NOT NULL CHECK (version >= 1),
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL
);

-- The client's own policy; NULL when it follows the default.
ALTER TABLE clients ADD COLUMN policy_id BIGINT REFERENCES policies (id);

-- At most one default policy.
CREATE UNIQUE INDEX policies_one_default ON policies (is_default) WHERE is_default = 1;

-- A policy's ladder; replaced as a whole when the policy is updated.
CREATE TABLE policy_steps (
  policy_id BIGINT NOT NULL REFERENCES policies (id),
  position INTEGER NOT NULL CHECK (position >= 0),
  step_key TEXT NOT NULL CHECK (step_key <> ''),
  offset_days INTEGER NOT NULL,
  min_gap_days INTEGER NOT NULL CHECK (min_gap_days >= 0),
  -- Comma-separated channel names in the order given.
  channels TEXT NOT NULL,
  template_key TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('automatic', 'owner', 'back_office')),
  -- Either a fixed fee in one currency or a percentage of the invoice total, or neither.
  fee_fixed_minor BIGINT CHECK (fee_fixed_minor > 0),
  fee_currency TEXT CHECK (fee_currency ~ '^[A-Z]{3}$'),
  fee_percent_bp INTEGER CHECK (fee_percent_bp > 0),
  formal_notice INTEGER NOT NULL CHECK (formal_notice IN (0, 1)),
  notice_deadline_days INTEGER NOT NULL CHECK (notice_deadline_days >= 0),
  hand_over INTEGER NOT NULL CHECK (hand_over IN (0, 1)),
  PRIMARY KEY (policy_id, position),
  UNIQUE (policy_id, step_key),
  CHECK ((fee_fixed_minor IS NULL) = (fee_currency IS NULL)),
  CHECK (fee_fixed_minor IS NULL OR fee_percent_bp IS NULL)
);

-- The minimum still due for a step to apply, per currency.
CREATE TABLE policy_step_minimums (
  policy_id BIGINT NOT NULL,
  position INTEGER NOT NULL,
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  min_outstanding_minor BIGINT NOT NULL CHECK (min_outstanding_minor >= 0),
  PRIMARY KEY (policy_id, position, currency),
  FOREIGN KEY (policy_id, position) REFERENCES policy_steps (policy_id, position)
);

-- One step of a policy applied to one invoice. The step's definition is copied in when the
-- reminder is planned, so that editing the policy never rewrites what was planned or sent.
CREATE TABLE reminders (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  client_id BIGINT NOT NULL REFERENCES clients (id),
  policy_id BIGINT NOT NULL REFERENCES policies (id),
  step_key TEXT NOT NULL,
  step_index INTEGER NOT NULL CHECK (step_index >= 0),
  channels TEXT NOT NULL,
  template_key TEXT NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('automatic', 'owner', 'back_office')),
  assignee TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('scheduled', 'due', 'sending', 'sent', 'done', 'skipped',
                                       'failed', 'cancelled')),
  reason TEXT NOT NULL DEFAULT '',
  scheduled_us BIGINT NOT NULL,
  -- The client-local day it was carried out; '' until then.
  action_date TEXT COLLATE "C" NOT NULL DEFAULT ''
      CHECK (action_date = '' OR
             action_date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  fee_minor BIGINT NOT NULL DEFAULT 0 CHECK (fee_minor >= 0),
  fee_currency TEXT NOT NULL DEFAULT '',
  formal_notice INTEGER NOT NULL CHECK (formal_notice IN (0, 1)),
  notice_deadline TEXT COLLATE "C" NOT NULL DEFAULT ''
      CHECK (notice_deadline = '' OR
             notice_deadline ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  hand_over INTEGER NOT NULL CHECK (hand_over IN (0, 1)),
  group_key TEXT NOT NULL DEFAULT '',
  -- The dispatcher holding a reminder in state 'sending', and until when.
  claim_owner TEXT NOT NULL DEFAULT '',
  claim_until_us BIGINT NOT NULL DEFAULT 0,
  version INTEGER NOT NULL CHECK (version >= 1),
  create_time_us BIGINT NOT NULL,
  update_time_us BIGINT NOT NULL,
  -- Exactly one reminder per invoice and step, however many runs and servers plan it.
  UNIQUE (invoice_id, policy_id, step_key)
);

CREATE INDEX reminders_by_state ON reminders (state, scheduled_us, id);
CREATE INDEX reminders_by_client ON reminders (client_id, id);
CREATE INDEX reminders_by_assignee ON reminders (assignee, state, id);

-- Disputes and promises to pay put an invoice's dunning on hold. The workflow that opens and
-- closes them (calls, comments, outcomes) builds on these tables.
CREATE TABLE disputes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
  reason TEXT NOT NULL DEFAULT '',
  -- Dunning resumes the day after, even if the dispute is still open; '' for none.
  deadline TEXT COLLATE "C" NOT NULL DEFAULT ''
      CHECK (deadline = '' OR deadline ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  create_time_us BIGINT NOT NULL
);
CREATE INDEX disputes_by_invoice ON disputes (invoice_id, state);

CREATE TABLE promises (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  state TEXT NOT NULL CHECK (state IN ('open', 'kept', 'broken')),
  amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
  currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  promised_date TEXT COLLATE "C" NOT NULL
      CHECK (promised_date ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'),
  -- Dunning waits until the promised date plus these days.
  grace_days INTEGER NOT NULL DEFAULT 0 CHECK (grace_days >= 0),
  create_time_us BIGINT NOT NULL
);
CREATE INDEX promises_by_invoice ON promises (invoice_id, state);

-- The French B2B ladder every client follows until another policy is made the default or
-- assigned to it.
INSERT INTO policies (name, description, grouping_mode, send_window_start_min,
                      send_window_end_min, is_default, version, create_time_us, update_time_us)
VALUES ('Relance B2B France',
        'Courtesy email before the due date, two emails, a call by the owner, a formal notice by '
        || 'registered letter with an 8-day deadline, then hand-over to collection.',
        'per_invoice', 540, 1080, 1, 1, 0, 0);
INSERT INTO policy_steps (policy_id, position, step_key, offset_days, min_gap_days, channels,
                          template_key, actor, formal_notice, notice_deadline_days, hand_over)
SELECT policies.id, steps.* FROM policies, (VALUES (0, 'courtesy', -3, 0, 'email', 'courtesy', 'automatic', 0, 0, 0),
       (1, 'first_reminder', 1, 2, 'email', 'first_reminder', 'automatic', 0, 0, 0),
       (2, 'second_reminder', 10, 5, 'email,letter', 'second_reminder', 'automatic', 0, 0, 0),
       (3, 'phone_call', 20, 5, 'phone', 'phone_call', 'owner', 0, 0, 0),
       (4, 'formal_notice', 30, 5, 'registered_letter', 'formal_notice', 'automatic', 1, 8, 0),
       (5, 'collection', 45, 9, '', 'collection', 'back_office', 0, 0, 1)) AS steps
WHERE policies.name = 'Relance B2B France';
