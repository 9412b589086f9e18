-- Message templates of the dunning channels, one per template key and language (PostgreSQL).
--
-- template_key is the template_key of policy steps; language a BCP 47 tag ("fr", "fr-BE").
-- The bodies are mustache sources: subject (email subject, letter "Objet"), body_text (email
-- plain text; for phone steps the call script), body_html (email HTML), body_letter (letter
-- body: paragraphs separated by blank lines, a line holding only {{invoice_table}} where the
-- table of invoices goes) and body_sms. An empty body is a part no channel uses. The variables
-- are documented in README.md ("Message templates"). The admin edits them (relance template
-- set); version is the API's etag.
--
-- Seeded below: French and English templates for the six steps of the default ladder, in the
-- tone ladder of French practice: a friendly heads-up before the due date, a courteous first
-- reminder, a firmer second one with the legal penalties, the sales rep's call script, the
-- formal notice ("mise en demeure") and the back office's hand-over note.

CREATE TABLE templates (
  template_key TEXT COLLATE "C" NOT NULL CHECK (length(template_key) BETWEEN 1 AND 64),
  language TEXT COLLATE "C" NOT NULL CHECK (length(language) BETWEEN 1 AND 35),
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  body_letter TEXT NOT NULL,
  body_sms TEXT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1),
  update_time_us BIGINT NOT NULL,
  PRIMARY KEY (template_key, language)
);

