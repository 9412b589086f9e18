-- Limitation warnings: a run appends one timeline entry of kind 'limitation_warning' to an open
-- invoice a configurable number of days (relanced --limitation-warning-days, 90 by default)
-- before its limitation date, whose day column holds that date. Once per invoice and date: the
-- run reads what was warned of in the transaction that locks the invoice, and this index keeps
-- it so whatever replicas run.
CREATE UNIQUE INDEX interactions_limitation_warning_once ON interactions (invoice_id, day)
  WHERE kind = 'limitation_warning';

-- Open invoices the engine left without a next action (their ladder climbed, or held until
-- further notice) are looked at once more, so that the next run plans their warning day.
UPDATE invoices SET next_action_us = 0 WHERE status = 'open' AND next_action_us IS NULL;
