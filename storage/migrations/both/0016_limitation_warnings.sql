-- 1. Limitation warnings: a run appends one timeline entry of kind 'limitation_warning' to an open
-- invoice a configurable number of days (relanced --limitation-warning-days, 90 by default)
-- before its limitation date, whose day column holds that date. Once per invoice and date: the
-- run reads what was warned of in the transaction that locks the invoice, and this index keeps
-- it so whatever replicas run.
CREATE UNIQUE INDEX interactions_limitation_warning_once ON interactions (invoice_id, day)
  WHERE kind = 'limitation_warning';

-- Open invoices the engine left without a next action (their ladder climbed, or held until
-- further notice) are looked at once more, so that the next run plans their warning day.
UPDATE invoices SET next_action_us = 0 WHERE status = 'open' AND next_action_us IS NULL;

-- 2. A formal notice whose deadline counts from the letter's first presentation
-- (letters.notice_deadline_from: first_presentation) has no date to print: it
-- says how many days it gives, the step's (deadline_days), where it said
-- "huit jours" / "eight days" whatever the step gave. Templates edited since
-- they were shipped keep their text.
UPDATE templates SET
  body_text = replace(body_text, '{{^has_deadline}}dans un délai de huit jours',
    '{{^has_deadline}}dans un délai de {{#has_deadline_days}}{{deadline_days}}{{/has_deadline_days}}{{^has_deadline_days}}huit{{/has_deadline_days}} jours'),
  body_html = replace(body_html, '{{^has_deadline}}dans un délai de huit jours',
    '{{^has_deadline}}dans un délai de {{#has_deadline_days}}{{deadline_days}}{{/has_deadline_days}}{{^has_deadline_days}}huit{{/has_deadline_days}} jours'),
  body_letter = replace(body_letter, '{{^has_deadline}}dans un délai de huit jours',
    '{{^has_deadline}}dans un délai de {{#has_deadline_days}}{{deadline_days}}{{/has_deadline_days}}{{^has_deadline_days}}huit{{/has_deadline_days}} jours'),
  version = version + 1
WHERE template_key = 'formal_notice' AND language IN ('fr', 'fr-x-b2c') AND
  (body_text LIKE '%dans un délai de huit jours%' OR body_html LIKE '%dans un délai de huit jours%'
   OR body_letter LIKE '%dans un délai de huit jours%');

UPDATE templates SET
  body_text = replace(body_text, '{{^has_deadline}}within eight days',
    '{{^has_deadline}}within {{#has_deadline_days}}{{deadline_days}}{{/has_deadline_days}}{{^has_deadline_days}}eight{{/has_deadline_days}} days'),
  body_html = replace(body_html, '{{^has_deadline}}within eight days',
    '{{^has_deadline}}within {{#has_deadline_days}}{{deadline_days}}{{/has_deadline_days}}{{^has_deadline_days}}eight{{/has_deadline_days}} days'),
  body_letter = replace(body_letter, '{{^has_deadline}}within eight days',
    '{{^has_deadline}}within {{#has_deadline_days}}{{deadline_days}}{{/has_deadline_days}}{{^has_deadline_days}}eight{{/has_deadline_days}} days'),
  version = version + 1
WHERE template_key = 'formal_notice' AND language IN ('en', 'en-x-b2c') AND
  (body_text LIKE '%within eight days%' OR body_html LIKE '%within eight days%'
   OR body_letter LIKE '%within eight days%');
