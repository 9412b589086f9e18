-- The interaction log (PostgreSQL): an append-only timeline of what happened with each debtor.
-- Rows are inserted, never updated or deleted; a correction is a new row whose corrects_id points
-- at the row it corrects. Columns as in the SQLite schema (see its comments).

CREATE TABLE interactions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  client_id BIGINT NOT NULL REFERENCES clients (id),
  invoice_id BIGINT REFERENCES invoices (id),
  kind TEXT NOT NULL CHECK (kind <> ''),
  channel TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  occurred_time_us BIGINT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL DEFAULT '',
  recipients TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  document_type TEXT NOT NULL DEFAULT '',
  document TEXT NOT NULL DEFAULT '',
  content_json TEXT NOT NULL DEFAULT '',
  corrects_id BIGINT REFERENCES interactions (id),
  create_time_us BIGINT NOT NULL
);

CREATE INDEX interactions_by_client ON interactions (client_id, id);
CREATE INDEX interactions_by_channel_time ON interactions (channel, occurred_time_us)
  WHERE channel <> '';

CREATE TABLE interaction_reminders (
  interaction_id BIGINT NOT NULL REFERENCES interactions (id),
  reminder_id BIGINT NOT NULL REFERENCES reminders (id),
  invoice_id BIGINT NOT NULL REFERENCES invoices (id),
  PRIMARY KEY (interaction_id, reminder_id)
);

CREATE INDEX interaction_reminders_by_reminder ON interaction_reminders (reminder_id);
CREATE INDEX interaction_reminders_by_invoice ON interaction_reminders (invoice_id);

-- Nothing in the log changes once written.
CREATE FUNCTION interactions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'interactions are append-only';
END;
$$;
CREATE TRIGGER interactions_append_only BEFORE UPDATE OR DELETE ON interactions
  FOR EACH ROW EXECUTE FUNCTION interactions_refuse_change();
