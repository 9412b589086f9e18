-- Where letters and copies of emails go (SQLite).
--
-- postal_address: the recipient block as it goes on an envelope, without the name line, its lines
-- joined by a newline ('' for none). cc_emails: the addresses copied on every email to the client,
-- joined by commas ('' for none). Lists are kept as text rather than child tables: they are read
-- and written only whole, with the client.
ALTER TABLE clients ADD COLUMN postal_address TEXT NOT NULL DEFAULT '';
ALTER TABLE clients ADD COLUMN cc_emails TEXT NOT NULL DEFAULT '';
