-- The interaction log (SQLite): an append-only timeline of what happened with each debtor. Rows
-- are inserted, never updated or deleted; a correction is a new row whose corrects_id points at
-- the row it corrects.
--
-- kind: 'message_sent' for a reminder that went out on a channel (email, letter, registered
-- letter, SMS); later kinds add calls, notes, disputes and so on.
-- actor: who did it: a user name, or the dispatcher's worker name for automatic sends.
-- For a message: message_id is the email's Message-ID (stable across retries of a reminder),
-- recipients the addresses, phone number or postal lines joined by newlines,
-- subject/body_text/body_html exactly what was sent, document the attached or printed file
-- (base64; document_type is its media type), and content_json the structured content the
-- document was rendered from (to print the day's letters again as one file).
-- invoice_id is set when the entry concerns one invoice; interaction_reminders links an entry to
-- every reminder (and so every invoice) it carried out.

CREATE TABLE interactions (
  id INTEGER PRIMARY KEY,
  client_id INTEGER NOT NULL REFERENCES clients (id),
  invoice_id INTEGER REFERENCES invoices (id),
  kind TEXT NOT NULL CHECK (kind <> ''),
  channel TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  occurred_time_us INTEGER NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL DEFAULT '',
  recipients TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  document_type TEXT NOT NULL DEFAULT '',
  document TEXT NOT NULL DEFAULT '',
  content_json TEXT NOT NULL DEFAULT '',
  corrects_id INTEGER REFERENCES interactions (id),
  create_time_us INTEGER NOT NULL
) STRICT;

CREATE INDEX interactions_by_client ON interactions (client_id, id);
CREATE INDEX interactions_by_channel_time ON interactions (channel, occurred_time_us)
  WHERE channel <> '';

CREATE TABLE interaction_reminders (
  interaction_id INTEGER NOT NULL REFERENCES interactions (id),
  reminder_id INTEGER NOT NULL REFERENCES reminders (id),
  invoice_id INTEGER NOT NULL REFERENCES invoices (id),
  PRIMARY KEY (interaction_id, reminder_id)
) STRICT;

CREATE INDEX interaction_reminders_by_reminder ON interaction_reminders (reminder_id);
CREATE INDEX interaction_reminders_by_invoice ON interaction_reminders (invoice_id);

-- Nothing in the log changes once written.
CREATE TRIGGER interactions_append_only_update BEFORE UPDATE ON interactions
BEGIN
  SELECT RAISE(ABORT, 'interactions are append-only');
END;
CREATE TRIGGER interactions_append_only_delete BEFORE DELETE ON interactions
BEGIN
  SELECT RAISE(ABORT, 'interactions are append-only');
END;
