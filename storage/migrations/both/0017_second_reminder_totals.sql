-- The second reminder's subject and SMS said "reste dû" / "outstanding" of the total claimed,
-- which includes interest, the indemnity and fees: "reste dû" is the principal ({{due}}),
-- "total réclamé" the principal with the extras ({{amount_claimed}}). Seed templates not edited
-- since (version 1) are corrected; an edited one is left as its author wrote it.

UPDATE templates
SET subject = replace(subject, 'Deuxième relance : {{amount_claimed}} restant dû',
                      'Deuxième relance : total réclamé {{amount_claimed}}'),
    body_sms = replace(body_sms, '2e relance. {{amount_claimed}} reste dû',
                       '2e relance. Total réclamé {{amount_claimed}}')
WHERE template_key = 'second_reminder' AND language IN ('fr', 'fr-x-b2c') AND version = 1;

UPDATE templates
SET subject = replace(subject, 'Second reminder: {{amount_claimed}} outstanding',
                      'Second reminder: total claimed {{amount_claimed}}'),
    body_sms = replace(body_sms, 'second reminder. {{amount_claimed}} is outstanding',
                       'second reminder. Total claimed {{amount_claimed}}')
WHERE template_key = 'second_reminder' AND language IN ('en', 'en-x-b2c') AND version = 1;
