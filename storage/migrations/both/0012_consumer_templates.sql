-- Templates for consumers (b2c), French and English, for every seeded step.
--
-- A template's language may carry the private-use subtag "-x-b2c" (BCP 47): "fr-x-b2c" is the
-- French template of a step for debtors who are consumers. A consumer's message uses it when it
-- exists, else the kind-less template ("fr"); a business's tries "fr-x-b2b", then "fr". The admin
-- edits them like any other (relance template set --key formal_notice --language fr-x-b2c ...).
--
-- What a consumer receives differs from the business ladder: no Code de commerce article
-- (L441-10, D441-5), no 40 EUR recovery indemnity and no recovery fee (art. L111-8 Code des
-- procedures civiles d'execution); interest at the statutory rate, only from the formal notice
-- (art. 1231-6 Code civil: {{interest_from}}); the greeting names the person ({{salutation}}:
-- "Bonjour Marie Durand," / "Dear Marie Durand,").
--
-- The business templates keep their wording, except that a fee beyond the indemnity is presented
-- as what the law allows: an additional indemnity, on justification (art. L441-10 Code de
-- commerce). Templates the admin has edited are left as they are.

INSERT INTO templates (template_key, language, subject, body_text, body_html, body_letter, body_sms,
                       version, update_time_us) VALUES
(
  'collection',
  'en-x-b2c',
  'Hand-over to collection: {{client.name}} ({{client.reference}}) – {{amount_claimed}}',
  'Collection hand-over note – case {{reference}} of {{today}}

Debtor: {{client.name}} (client reference {{client.reference}})
{{#client.address_lines}}
{{.}}
{{/client.address_lines}}
Phone: {{client.phone}} – email: {{client.email}}
{{#has_owner}}
Account owner: {{owner.name}} ({{owner.phone}}, {{owner.email}})
{{/has_owner}}

Claims handed over:
{{#invoices}}
- Invoice {{number}} of {{issue_date}}, due {{due_date}}: amount {{total}}, paid {{paid}}, outstanding {{due}} ({{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue)
{{/invoices}}
Principal outstanding: {{due}}
{{#has_interest}}
Statutory interest since {{interest_from}} (Art. 1231-6 French Civil Code): {{interest}}
{{/has_interest}}
Total claim: {{amount_claimed}}

History: the written reminders and the call brought no payment{{#has_deadline}}, and the formal notice''s deadline expired on {{deadline}}{{/has_deadline}}. Every exchange is in the client''s log.

To do in collection:
- check that no dispute is open and no promise is pending;
- gather the invoices, purchase orders or delivery notes, and the formal notice with its acknowledgement of receipt;
- choose what follows: collection agency, order for payment (injonction de payer) or court summons;
- watch the limitation period (5 years between traders).
',
  '',
  '',
  '',
  1,
  0
),
(
  'collection',
  'fr-x-b2c',
  'Transmission au recouvrement : {{client.name}} ({{client.reference}}) – {{amount_claimed}}',
  'Note de transmission au recouvrement – dossier {{reference}} du {{today}}

Débiteur : {{client.name}} (réf. client {{client.reference}})
{{#client.address_lines}}
{{.}}
{{/client.address_lines}}
Téléphone : {{client.phone}} – e-mail : {{client.email}}
{{#has_owner}}
Commercial en charge : {{owner.name}} ({{owner.phone}}, {{owner.email}})
{{/has_owner}}

Créances transmises :
{{#invoices}}
- Facture n° {{number}} du {{issue_date}}, échue le {{due_date}} : montant {{total}}, réglé {{paid}}, reste dû {{due}} ({{days_late}} jour{{^one_day_late}}s{{/one_day_late}} de retard)
{{/invoices}}
Principal restant dû : {{due}}
{{#has_interest}}
Intérêts au taux légal depuis le {{interest_from}} (art. 1231-6 C. civ.) : {{interest}}
{{/has_interest}}
Total de la créance : {{amount_claimed}}

Historique : les relances écrites et l’appel sont restés sans règlement{{#has_deadline}}, et le délai de la mise en demeure a expiré le {{deadline}}{{/has_deadline}}. Le détail des échanges est dans le journal du client.

À faire par le service recouvrement :
- vérifier l’absence de litige ouvert et de promesse en cours ;
- rassembler factures, bons de commande ou de livraison, et la mise en demeure avec son accusé de réception ;
- choisir la suite : agence de recouvrement, injonction de payer ou assignation ;
- surveiller la prescription (5 ans entre commerçants).
',
  '',
  '',
  '',
  1,
  0
),
(
  'courtesy',
  'en-x-b2c',
  'Friendly reminder: {{#several_invoices}}invoices due soon{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}} due on {{due_date}}{{/invoices}}{{/several_invoices}} – {{creditor.name}}',
  '{{salutation}}

Just a quick note to let you know that {{#several_invoices}}the invoices listed below are{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}} is{{/several_invoices}} coming up for payment soon. This is simply a reminder to help you plan ahead.

{{#invoices}}
- Invoice {{number}} of {{issue_date}}, due {{due_date}}: amount {{total}}, paid {{paid}}, outstanding {{due}}{{#late}} ({{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue){{/late}}
{{/invoices}}
Total outstanding: {{due}}

If payment is already scheduled, please disregard this message.

You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.

{{#has_payment_link}}
You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}

{{/has_payment_link}}
If another means of payment would suit you better, or if anything on the invoice needs a second look, just let us know: we will gladly find a solution together.

{{#has_owner}}
Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.

{{/has_owner}}
Thank you for your business.

{{creditor.name}}
Accounts receivable
{{creditor.phone}} – {{creditor.email}}
',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<p style="margin:0 0 12px;">Dear {{client.name}},</p>
<p style="margin:0 0 12px;">Just a quick note to let you know that {{#several_invoices}}the invoices listed below are{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}} is{{/several_invoices}} coming up for payment soon. This is simply a reminder to help you plan ahead.</p>
<table style="border-collapse:collapse;width:100%;font-size:14px;margin:16px 0;">
<thead><tr><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Invoice</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Date</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Due date</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Amount</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Paid</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Outstanding</th></tr></thead>
<tbody>
{{#invoices}}
<tr><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{number}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{issue_date}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{due_date}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{total}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{paid}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{due}}</td></tr>
{{/invoices}}
</tbody>
<tfoot>
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Outstanding</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{due}}</td></tr>
</tfoot>
</table>
<p style="margin:0 0 12px;">If payment is already scheduled, please disregard this message.</p>
<p style="margin:0 0 12px;">You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.</p>
{{#has_payment_link}}
<p style="margin:0 0 12px;">You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}</p>
{{/has_payment_link}}
<p style="margin:0 0 12px;">If another means of payment would suit you better, or if anything on the invoice needs a second look, just let us know: we will gladly find a solution together.</p>
{{#has_owner}}
<p style="margin:0 0 12px;">Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.</p>
{{/has_owner}}
{{^has_owner}}
<p style="margin:0 0 12px;">Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.</p>
{{/has_owner}}
<p style="margin:0 0 12px;">Thank you for your business.</p>
<p style="margin:16px 0 0;">{{creditor.name}}<br>Accounts receivable<br>{{creditor.phone}} – {{creditor.email}}</p>
<p style="margin:16px 0 0;font-size:12px;color:#777;">{{creditor.name}} – SIREN {{creditor.siren}} – IBAN {{creditor.iban}} – BIC {{creditor.bic}}<br>Reference {{reference}}</p>
</div>
</body>
</html>
',
  '{{salutation}}

Just a quick note to let you know that {{#several_invoices}}the invoices listed below are{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}} is{{/several_invoices}} coming up for payment soon. This is simply a reminder to help you plan ahead.

{{invoice_table}}

If payment is already scheduled, please disregard this message.

You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.

{{#has_payment_link}}
You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}

{{/has_payment_link}}
If another means of payment would suit you better, or if anything on the invoice needs a second look, just let us know: we will gladly find a solution together.

{{#has_owner}}
Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.

{{/has_owner}}
Thank you for your business.

{{creditor.name}}
',
  '{{creditor.name}}: a friendly reminder that {{#several_invoices}}{{invoice_count}} invoices are{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}} is{{/several_invoices}} due soon ({{due}}). {{#has_payment_link}}Pay online: {{creditor.payment_link}} {{/has_payment_link}}Thank you!',
  1,
  0
),
(
  'courtesy',
  'fr-x-b2c',
  'Rappel amical : {{#several_invoices}}vos factures arrivent à échéance{{/several_invoices}}{{^several_invoices}}facture {{#invoices}}{{number}} à régler le {{due_date}}{{/invoices}}{{/several_invoices}} – {{creditor.name}}',
  '{{salutation}}

Nous nous permettons de vous signaler que {{#several_invoices}}vos factures listées ci-dessous arrivent{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}} arrive{{/several_invoices}} prochainement à échéance. Ce message est un simple rappel, pour vous aider à planifier le règlement.

{{#invoices}}
- Facture n° {{number}} du {{issue_date}}, échéance le {{due_date}} : montant {{total}}, déjà réglé {{paid}}, reste dû {{due}}{{#late}} ({{days_late}} jour{{^one_day_late}}s{{/one_day_late}} de retard){{/late}}
{{/invoices}}
Reste dû au total : {{due}}

Si le paiement est déjà programmé, merci de ne pas tenir compte de ce message.

Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.

{{#has_payment_link}}
Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}

{{/has_payment_link}}
Si un autre moyen de paiement vous convient mieux, ou si un point de la facture vous semble à revoir, dites-le-nous : nous trouverons volontiers une solution ensemble.

{{#has_owner}}
Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.

{{/has_owner}}
Nous vous remercions de votre confiance et vous prions d’agréer l’expression de nos salutations distinguées.

{{creditor.name}}
Service comptabilité clients
{{creditor.phone}} – {{creditor.email}}
',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<p style="margin:0 0 12px;">{{salutation}}</p>
<p style="margin:0 0 12px;">Nous nous permettons de vous signaler que {{#several_invoices}}vos factures listées ci-dessous arrivent{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}} arrive{{/several_invoices}} prochainement à échéance. Ce message est un simple rappel, pour vous aider à planifier le règlement.</p>
<table style="border-collapse:collapse;width:100%;font-size:14px;margin:16px 0;">
<thead><tr><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Facture</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Date</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Échéance</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Montant TTC</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Déjà réglé</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Reste dû</th></tr></thead>
<tbody>
{{#invoices}}
<tr><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{number}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{issue_date}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{due_date}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{total}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{paid}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{due}}</td></tr>
{{/invoices}}
</tbody>
<tfoot>
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Reste dû</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{due}}</td></tr>
</tfoot>
</table>
<p style="margin:0 0 12px;">Si le paiement est déjà programmé, merci de ne pas tenir compte de ce message.</p>
<p style="margin:0 0 12px;">Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.</p>
{{#has_payment_link}}
<p style="margin:0 0 12px;">Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}</p>
{{/has_payment_link}}
<p style="margin:0 0 12px;">Si un autre moyen de paiement vous convient mieux, ou si un point de la facture vous semble à revoir, dites-le-nous : nous trouverons volontiers une solution ensemble.</p>
{{#has_owner}}
<p style="margin:0 0 12px;">Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.</p>
{{/has_owner}}
{{^has_owner}}
<p style="margin:0 0 12px;">Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.</p>
{{/has_owner}}
<p style="margin:0 0 12px;">Nous vous remercions de votre confiance et vous prions d’agréer l’expression de nos salutations distinguées.</p>
<p style="margin:16px 0 0;">{{creditor.name}}<br>Service comptabilité clients<br>{{creditor.phone}} – {{creditor.email}}</p>
<p style="margin:16px 0 0;font-size:12px;color:#777;">{{creditor.name}} – SIREN {{creditor.siren}} – IBAN {{creditor.iban}} – BIC {{creditor.bic}}<br>Référence {{reference}}</p>
</div>
</body>
</html>
',
  '{{salutation}}

Nous nous permettons de vous signaler que {{#several_invoices}}vos factures listées ci-dessous arrivent{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}} arrive{{/several_invoices}} prochainement à échéance. Ce message est un simple rappel, pour vous aider à planifier le règlement.

{{invoice_table}}

Si le paiement est déjà programmé, merci de ne pas tenir compte de ce message.

Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.

{{#has_payment_link}}
Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}

{{/has_payment_link}}
Si un autre moyen de paiement vous convient mieux, ou si un point de la facture vous semble à revoir, dites-le-nous : nous trouverons volontiers une solution ensemble.

{{#has_owner}}
Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.

{{/has_owner}}
Nous vous remercions de votre confiance et vous prions d’agréer l’expression de nos salutations distinguées.

{{creditor.name}}
',
  '{{creditor.name}} : petit rappel, {{#several_invoices}}{{invoice_count}} factures arrivent{{/several_invoices}}{{^several_invoices}}la facture {{#invoices}}{{number}}{{/invoices}} arrive{{/several_invoices}} à échéance ({{due}}). {{#has_payment_link}}Paiement en ligne : {{creditor.payment_link}} {{/has_payment_link}}Merci !',
  1,
  0
),
(
  'first_reminder',
  'en-x-b2c',
  '{{#several_invoices}}Invoices{{/several_invoices}}{{^several_invoices}}Invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} awaiting payment – {{creditor.name}}',
  '{{salutation}}

According to our records, we have not yet received payment for {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}}, which {{#several_invoices}}are{{/several_invoices}}{{^several_invoices}}is{{/several_invoices}} now past due. It may simply have been overlooked.

{{#invoices}}
- Invoice {{number}} of {{issue_date}}, due {{due_date}}: amount {{total}}, paid {{paid}}, outstanding {{due}}{{#late}} ({{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue){{/late}}
{{/invoices}}
Total outstanding: {{due}}

We would be grateful if you could arrange payment of {{due}} at your earliest convenience. If your payment has crossed with this message, please disregard it.

You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.

{{#has_payment_link}}
You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}

{{/has_payment_link}}
If you are facing any difficulty, we can agree on payment in instalments or another means of payment: just get in touch. And if you have a question about the invoice, we will look into it promptly.

{{#has_owner}}
Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.

{{/has_owner}}
Kind regards,

{{creditor.name}}
Accounts receivable
{{creditor.phone}} – {{creditor.email}}
',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<p style="margin:0 0 12px;">Dear {{client.name}},</p>
<p style="margin:0 0 12px;">According to our records, we have not yet received payment for {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}}, which {{#several_invoices}}are{{/several_invoices}}{{^several_invoices}}is{{/several_invoices}} now past due. It may simply have been overlooked.</p>
<table style="border-collapse:collapse;width:100%;font-size:14px;margin:16px 0;">
<thead><tr><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Invoice</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Date</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Due date</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Amount</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Paid</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Outstanding</th></tr></thead>
<tbody>
{{#invoices}}
<tr><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{number}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{issue_date}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{due_date}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{total}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{paid}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{due}}</td></tr>
{{/invoices}}
</tbody>
<tfoot>
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Outstanding</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{due}}</td></tr>
</tfoot>
</table>
<p style="margin:0 0 12px;">We would be grateful if you could arrange payment of {{due}} at your earliest convenience. If your payment has crossed with this message, please disregard it.</p>
<p style="margin:0 0 12px;">You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.</p>
{{#has_payment_link}}
<p style="margin:0 0 12px;">You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}</p>
{{/has_payment_link}}
<p style="margin:0 0 12px;">If you are facing any difficulty, we can agree on payment in instalments or another means of payment: just get in touch. And if you have a question about the invoice, we will look into it promptly.</p>
{{#has_owner}}
<p style="margin:0 0 12px;">Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.</p>
{{/has_owner}}
{{^has_owner}}
<p style="margin:0 0 12px;">Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.</p>
{{/has_owner}}
<p style="margin:0 0 12px;">Kind regards,</p>
<p style="margin:16px 0 0;">{{creditor.name}}<br>Accounts receivable<br>{{creditor.phone}} – {{creditor.email}}</p>
<p style="margin:16px 0 0;font-size:12px;color:#777;">{{creditor.name}} – SIREN {{creditor.siren}} – IBAN {{creditor.iban}} – BIC {{creditor.bic}}<br>Reference {{reference}}</p>
</div>
</body>
</html>
',
  '{{salutation}}

According to our records, we have not yet received payment for {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}}, which {{#several_invoices}}are{{/several_invoices}}{{^several_invoices}}is{{/several_invoices}} now past due. It may simply have been overlooked.

{{invoice_table}}

We would be grateful if you could arrange payment of {{due}} at your earliest convenience. If your payment has crossed with this message, please disregard it.

You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.

{{#has_payment_link}}
You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}

{{/has_payment_link}}
If you are facing any difficulty, we can agree on payment in instalments or another means of payment: just get in touch. And if you have a question about the invoice, we will look into it promptly.

{{#has_owner}}
Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.

{{/has_owner}}
Kind regards,

{{creditor.name}}
',
  '{{creditor.name}}: our records show {{#several_invoices}}{{invoice_count}} invoices{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} still unpaid ({{due}}). {{#has_payment_link}}Pay: {{creditor.payment_link}} {{/has_payment_link}}Questions? {{#has_owner}}{{owner.phone}}{{/has_owner}}{{^has_owner}}{{creditor.phone}}{{/has_owner}}',
  1,
  0
),
(
  'first_reminder',
  'fr-x-b2c',
  '{{#several_invoices}}Factures{{/several_invoices}}{{^several_invoices}}Facture {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} en attente de règlement – {{creditor.name}}',
  '{{salutation}}

Sauf erreur ou omission de notre part, nous n’avons pas encore reçu le règlement de {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}}, arrivée{{#several_invoices}}s{{/several_invoices}} à échéance. Il s’agit peut-être d’un simple oubli.

{{#invoices}}
- Facture n° {{number}} du {{issue_date}}, échéance le {{due_date}} : montant {{total}}, déjà réglé {{paid}}, reste dû {{due}}{{#late}} ({{days_late}} jour{{^one_day_late}}s{{/one_day_late}} de retard){{/late}}
{{/invoices}}
Reste dû au total : {{due}}

Nous vous remercions de bien vouloir procéder au règlement de {{due}} dans les meilleurs délais. Si votre paiement a croisé ce message, merci de ne pas en tenir compte.

Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.

{{#has_payment_link}}
Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}

{{/has_payment_link}}
Si vous rencontrez une difficulté, un paiement en plusieurs fois ou un autre moyen de paiement sont possibles : contactez-nous pour en convenir. Et si la facture soulève une question, nous l’examinerons rapidement.

{{#has_owner}}
Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.

{{/has_owner}}
Nous vous prions d’agréer l’expression de nos salutations distinguées.

{{creditor.name}}
Service comptabilité clients
{{creditor.phone}} – {{creditor.email}}
',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<p style="margin:0 0 12px;">{{salutation}}</p>
<p style="margin:0 0 12px;">Sauf erreur ou omission de notre part, nous n’avons pas encore reçu le règlement de {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}}, arrivée{{#several_invoices}}s{{/several_invoices}} à échéance. Il s’agit peut-être d’un simple oubli.</p>
<table style="border-collapse:collapse;width:100%;font-size:14px;margin:16px 0;">
<thead><tr><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Facture</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Date</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Échéance</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Montant TTC</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Déjà réglé</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Reste dû</th></tr></thead>
<tbody>
{{#invoices}}
<tr><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{number}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{issue_date}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{due_date}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{total}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{paid}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{due}}</td></tr>
{{/invoices}}
</tbody>
<tfoot>
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Reste dû</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{due}}</td></tr>
</tfoot>
</table>
<p style="margin:0 0 12px;">Nous vous remercions de bien vouloir procéder au règlement de {{due}} dans les meilleurs délais. Si votre paiement a croisé ce message, merci de ne pas en tenir compte.</p>
<p style="margin:0 0 12px;">Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.</p>
{{#has_payment_link}}
<p style="margin:0 0 12px;">Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}</p>
{{/has_payment_link}}
<p style="margin:0 0 12px;">Si vous rencontrez une difficulté, un paiement en plusieurs fois ou un autre moyen de paiement sont possibles : contactez-nous pour en convenir. Et si la facture soulève une question, nous l’examinerons rapidement.</p>
{{#has_owner}}
<p style="margin:0 0 12px;">Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.</p>
{{/has_owner}}
{{^has_owner}}
<p style="margin:0 0 12px;">Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.</p>
{{/has_owner}}
<p style="margin:0 0 12px;">Nous vous prions d’agréer l’expression de nos salutations distinguées.</p>
<p style="margin:16px 0 0;">{{creditor.name}}<br>Service comptabilité clients<br>{{creditor.phone}} – {{creditor.email}}</p>
<p style="margin:16px 0 0;font-size:12px;color:#777;">{{creditor.name}} – SIREN {{creditor.siren}} – IBAN {{creditor.iban}} – BIC {{creditor.bic}}<br>Référence {{reference}}</p>
</div>
</body>
</html>
',
  '{{salutation}}

Sauf erreur ou omission de notre part, nous n’avons pas encore reçu le règlement de {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}}, arrivée{{#several_invoices}}s{{/several_invoices}} à échéance. Il s’agit peut-être d’un simple oubli.

{{invoice_table}}

Nous vous remercions de bien vouloir procéder au règlement de {{due}} dans les meilleurs délais. Si votre paiement a croisé ce message, merci de ne pas en tenir compte.

Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.

{{#has_payment_link}}
Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}

{{/has_payment_link}}
Si vous rencontrez une difficulté, un paiement en plusieurs fois ou un autre moyen de paiement sont possibles : contactez-nous pour en convenir. Et si la facture soulève une question, nous l’examinerons rapidement.

{{#has_owner}}
Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.

{{/has_owner}}
Nous vous prions d’agréer l’expression de nos salutations distinguées.

{{creditor.name}}
',
  '{{creditor.name}} : sauf erreur, {{#several_invoices}}{{invoice_count}} factures restent{{/several_invoices}}{{^several_invoices}}la facture {{#invoices}}{{number}}{{/invoices}} reste{{/several_invoices}} impayée{{#several_invoices}}s{{/several_invoices}} ({{due}}). {{#has_payment_link}}Paiement : {{creditor.payment_link}} {{/has_payment_link}}Une question ? {{#has_owner}}{{owner.phone}}{{/has_owner}}{{^has_owner}}{{creditor.phone}}{{/has_owner}}',
  1,
  0
),
(
  'formal_notice',
  'en-x-b2c',
  'Formal notice to pay – {{amount_claimed}}',
  'FORMAL NOTICE TO PAY

{{salutation}}

Despite our successive reminders, which have gone unanswered, {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} {{#several_invoices}}remain{{/several_invoices}}{{^several_invoices}}remains{{/several_invoices}} unpaid{{^several_invoices}}{{#late}}, now {{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue{{/late}}{{/several_invoices}}. The amounts due are as follows:

{{#invoices}}
- Invoice {{number}} of {{issue_date}}, due {{due_date}}: amount {{total}}, paid {{paid}}, outstanding {{due}}{{#late}} ({{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue){{/late}}
{{/invoices}}
Principal outstanding: {{due}}
{{#has_interest}}
Statutory interest: {{interest}}
{{/has_interest}}
Total claimed: {{amount_claimed}}

We hereby give you formal notice to pay the sum of {{amount_claimed}} {{#has_deadline}}by {{deadline}} at the latest{{/has_deadline}}{{^has_deadline}}within eight days of receipt of this letter{{/has_deadline}}.

This formal notice is served under Article 1344 of the French Civil Code. From its date, the sum due bears interest at the statutory rate until payment in full (Article 1231-6 of the same code).

Failing payment within this period, we will start court proceedings to recover the debt without further notice, in particular an order for payment procedure (injonction de payer, Articles 1405 et seq. of the French Code of Civil Procedure), and the resulting costs may be charged to you.

You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.

{{#has_payment_link}}
You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}

{{/has_payment_link}}
If you dispute all or part of these amounts, please tell us in writing, with supporting documents, before this period expires.

Yours sincerely,

{{creditor.name}}
Accounts receivable
{{creditor.phone}} – {{creditor.email}}
',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<h1 style="font-size:20px;margin:0 0 16px;">FORMAL NOTICE TO PAY</h1>
<p style="margin:0 0 12px;">{{salutation}}</p>
<p style="margin:0 0 12px;">Despite our successive reminders, which have gone unanswered, {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} {{#several_invoices}}remain{{/several_invoices}}{{^several_invoices}}remains{{/several_invoices}} unpaid{{^several_invoices}}{{#late}}, now {{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue{{/late}}{{/several_invoices}}. The amounts due are as follows:</p>
<table style="border-collapse:collapse;width:100%;font-size:14px;margin:16px 0;">
<thead><tr><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Invoice</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Date</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Due date</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Amount</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Paid</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Outstanding</th></tr></thead>
<tbody>
{{#invoices}}
<tr><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{number}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{issue_date}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{due_date}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{total}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{paid}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{due}}</td></tr>
{{/invoices}}
</tbody>
<tfoot>
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Outstanding</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{due}}</td></tr>
{{#has_interest}}
<tr><td colspan="5" style="text-align:right;padding:6px 8px;">Statutory interest</td><td style="text-align:right;padding:6px 8px;">{{interest}}</td></tr>
{{/has_interest}}
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Total claimed</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{amount_claimed}}</td></tr>
</tfoot>
</table>
<p style="margin:0 0 12px;">We hereby give you formal notice to pay the sum of {{amount_claimed}} {{#has_deadline}}by {{deadline}} at the latest{{/has_deadline}}{{^has_deadline}}within eight days of receipt of this letter{{/has_deadline}}.</p>
<p style="margin:0 0 12px;">This formal notice is served under Article 1344 of the French Civil Code. From its date, the sum due bears interest at the statutory rate until payment in full (Article 1231-6 of the same code).</p>
<p style="margin:0 0 12px;">Failing payment within this period, we will start court proceedings to recover the debt without further notice, in particular an order for payment procedure (injonction de payer, Articles 1405 et seq. of the French Code of Civil Procedure), and the resulting costs may be charged to you.</p>
<p style="margin:0 0 12px;">You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.</p>
{{#has_payment_link}}
<p style="margin:0 0 12px;">You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}</p>
{{/has_payment_link}}
<p style="margin:0 0 12px;">If you dispute all or part of these amounts, please tell us in writing, with supporting documents, before this period expires.</p>
<p style="margin:0 0 12px;">Yours sincerely,</p>
<p style="margin:16px 0 0;">{{creditor.name}}<br>Accounts receivable<br>{{creditor.phone}} – {{creditor.email}}</p>
<p style="margin:16px 0 0;font-size:12px;color:#777;">{{creditor.name}} – SIREN {{creditor.siren}} – IBAN {{creditor.iban}} – BIC {{creditor.bic}}<br>Reference {{reference}}</p>
</div>
</body>
</html>
',
  'FORMAL NOTICE TO PAY

{{salutation}}

Despite our successive reminders, which have gone unanswered, {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} {{#several_invoices}}remain{{/several_invoices}}{{^several_invoices}}remains{{/several_invoices}} unpaid{{^several_invoices}}{{#late}}, now {{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue{{/late}}{{/several_invoices}}. The amounts due are as follows:

{{invoice_table}}

We hereby give you formal notice to pay the sum of {{amount_claimed}} {{#has_deadline}}by {{deadline}} at the latest{{/has_deadline}}{{^has_deadline}}within eight days of receipt of this letter{{/has_deadline}}.

This formal notice is served under Article 1344 of the French Civil Code. From its date, the sum due bears interest at the statutory rate until payment in full (Article 1231-6 of the same code).

Failing payment within this period, we will start court proceedings to recover the debt without further notice, in particular an order for payment procedure (injonction de payer, Articles 1405 et seq. of the French Code of Civil Procedure), and the resulting costs may be charged to you.

You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.

{{#has_payment_link}}
You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}

{{/has_payment_link}}
If you dispute all or part of these amounts, please tell us in writing, with supporting documents, before this period expires.

Yours sincerely,

{{creditor.name}}
',
  '{{creditor.name}}: formal notice to pay {{amount_claimed}}{{#has_deadline}} by {{deadline}}{{/has_deadline}}. A registered letter is on its way. Failing payment, court proceedings will follow.',
  1,
  0
),
(
  'formal_notice',
  'fr-x-b2c',
  'Mise en demeure de payer – {{amount_claimed}}',
  'MISE EN DEMEURE DE PAYER

{{salutation}}

Malgré nos relances successives, restées sans effet, {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} demeure{{#several_invoices}}nt{{/several_invoices}} impayée{{#several_invoices}}s{{/several_invoices}}{{^several_invoices}}{{#late}}, avec un retard de {{days_late}} jour{{^one_day_late}}s{{/one_day_late}}{{/late}}{{/several_invoices}}. Le détail des sommes dues s’établit comme suit :

{{#invoices}}
- Facture n° {{number}} du {{issue_date}}, échéance le {{due_date}} : montant {{total}}, déjà réglé {{paid}}, reste dû {{due}}{{#late}} ({{days_late}} jour{{^one_day_late}}s{{/one_day_late}} de retard){{/late}}
{{/invoices}}
Principal restant dû : {{due}}
{{#has_interest}}
Intérêts au taux légal : {{interest}}
{{/has_interest}}
Total réclamé : {{amount_claimed}}

Par la présente, nous vous mettons en demeure de régler la somme de {{amount_claimed}} {{#has_deadline}}dans un délai expirant le {{deadline}}{{/has_deadline}}{{^has_deadline}}dans un délai de huit jours à compter de la réception de la présente{{/has_deadline}}.

Cette mise en demeure vous est adressée en application de l’article 1344 du Code civil. À compter de sa date, la somme due produit des intérêts au taux légal jusqu’à complet paiement (article 1231-6 du Code civil).

À défaut de règlement dans ce délai, nous pourrons saisir la juridiction compétente, notamment par voie d’injonction de payer (articles 1405 et suivants du Code de procédure civile).

Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.

{{#has_payment_link}}
Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}

{{/has_payment_link}}
Si vous contestez tout ou partie de ces sommes, nous vous invitons à nous en faire part par écrit, avec vos justificatifs, avant l’expiration de ce délai.

Veuillez agréer l’expression de nos salutations distinguées.

{{creditor.name}}
Service comptabilité clients
{{creditor.phone}} – {{creditor.email}}
',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<h1 style="font-size:20px;margin:0 0 16px;">MISE EN DEMEURE DE PAYER</h1>
<p style="margin:0 0 12px;">{{salutation}}</p>
<p style="margin:0 0 12px;">Malgré nos relances successives, restées sans effet, {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} demeure{{#several_invoices}}nt{{/several_invoices}} impayée{{#several_invoices}}s{{/several_invoices}}{{^several_invoices}}{{#late}}, avec un retard de {{days_late}} jour{{^one_day_late}}s{{/one_day_late}}{{/late}}{{/several_invoices}}. Le détail des sommes dues s’établit comme suit :</p>
<table style="border-collapse:collapse;width:100%;font-size:14px;margin:16px 0;">
<thead><tr><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Facture</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Date</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Échéance</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Montant TTC</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Déjà réglé</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Reste dû</th></tr></thead>
<tbody>
{{#invoices}}
<tr><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{number}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{issue_date}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{due_date}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{total}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{paid}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{due}}</td></tr>
{{/invoices}}
</tbody>
<tfoot>
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Reste dû</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{due}}</td></tr>
{{#has_interest}}
<tr><td colspan="5" style="text-align:right;padding:6px 8px;">Intérêts au taux légal</td><td style="text-align:right;padding:6px 8px;">{{interest}}</td></tr>
{{/has_interest}}
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Total réclamé</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{amount_claimed}}</td></tr>
</tfoot>
</table>
<p style="margin:0 0 12px;">Par la présente, nous vous mettons en demeure de régler la somme de {{amount_claimed}} {{#has_deadline}}dans un délai expirant le {{deadline}}{{/has_deadline}}{{^has_deadline}}dans un délai de huit jours à compter de la réception de la présente{{/has_deadline}}.</p>
<p style="margin:0 0 12px;">Cette mise en demeure vous est adressée en application de l’article 1344 du Code civil. À compter de sa date, la somme due produit des intérêts au taux légal jusqu’à complet paiement (article 1231-6 du Code civil).</p>
<p style="margin:0 0 12px;">À défaut de règlement dans ce délai, nous pourrons saisir la juridiction compétente, notamment par voie d’injonction de payer (articles 1405 et suivants du Code de procédure civile).</p>
<p style="margin:0 0 12px;">Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.</p>
{{#has_payment_link}}
<p style="margin:0 0 12px;">Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}</p>
{{/has_payment_link}}
<p style="margin:0 0 12px;">Si vous contestez tout ou partie de ces sommes, nous vous invitons à nous en faire part par écrit, avec vos justificatifs, avant l’expiration de ce délai.</p>
<p style="margin:0 0 12px;">Veuillez agréer l’expression de nos salutations distinguées.</p>
<p style="margin:16px 0 0;">{{creditor.name}}<br>Service comptabilité clients<br>{{creditor.phone}} – {{creditor.email}}</p>
<p style="margin:16px 0 0;font-size:12px;color:#777;">{{creditor.name}} – SIREN {{creditor.siren}} – IBAN {{creditor.iban}} – BIC {{creditor.bic}}<br>Référence {{reference}}</p>
</div>
</body>
</html>
',
  'MISE EN DEMEURE DE PAYER

{{salutation}}

Malgré nos relances successives, restées sans effet, {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} demeure{{#several_invoices}}nt{{/several_invoices}} impayée{{#several_invoices}}s{{/several_invoices}}{{^several_invoices}}{{#late}}, avec un retard de {{days_late}} jour{{^one_day_late}}s{{/one_day_late}}{{/late}}{{/several_invoices}}. Le détail des sommes dues s’établit comme suit :

{{invoice_table}}

Par la présente, nous vous mettons en demeure de régler la somme de {{amount_claimed}} {{#has_deadline}}dans un délai expirant le {{deadline}}{{/has_deadline}}{{^has_deadline}}dans un délai de huit jours à compter de la réception de la présente{{/has_deadline}}.

Cette mise en demeure vous est adressée en application de l’article 1344 du Code civil. À compter de sa date, la somme due produit des intérêts au taux légal jusqu’à complet paiement (article 1231-6 du Code civil).

À défaut de règlement dans ce délai, nous pourrons saisir la juridiction compétente, notamment par voie d’injonction de payer (articles 1405 et suivants du Code de procédure civile).

Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.

{{#has_payment_link}}
Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}

{{/has_payment_link}}
Si vous contestez tout ou partie de ces sommes, nous vous invitons à nous en faire part par écrit, avec vos justificatifs, avant l’expiration de ce délai.

Veuillez agréer l’expression de nos salutations distinguées.

{{creditor.name}}
',
  '{{creditor.name}} : mise en demeure de régler {{amount_claimed}}{{#has_deadline}} avant le {{deadline}}{{/has_deadline}}. Un courrier recommandé vous est adressé. À défaut, une procédure judiciaire sera engagée.',
  1,
  0
),
(
  'instalment_reminder',
  'en-x-b2c',
  'Payment plan {{plan.reference}}: instalment {{instalment.number}} due {{instalment.due_date}} not received – {{creditor.name}}',
  '{{salutation}}

Under payment plan {{plan.reference}}, agreed with you for invoice{{#invoices}} {{number}}{{/invoices}}, instalment {{instalment.number}} of {{instalment.amount}}, due on {{instalment.due_date}}, has not reached us yet; {{instalment.due}} of it remains to be paid.

This may be a simple oversight. Please make this payment as soon as possible so that the plan can go on as agreed:

{{#plan.instalments}}
- Instalment {{number}} due {{due_date}}: {{amount}}{{#settled}} (paid){{/settled}}{{#missed}} (overdue, {{due}} left){{/missed}}
{{/plan.instalments}}

{{#has_payment_link}}You can pay online: {{creditor.payment_link}}
{{/has_payment_link}}{{#creditor.iban}}Bank transfer: IBAN {{creditor.iban}}{{#creditor.bic}}, BIC {{creditor.bic}}{{/creditor.bic}}, reference {{reference}}.
{{/creditor.iban}}
If something prevents you from keeping to this plan, please contact us now{{#has_owner}} ({{owner.name}}{{#owner.phone}}, {{owner.phone}}{{/owner.phone}}){{/has_owner}}: we will look for a solution together. Without payment or news from you, the plan may be ended and the whole balance will fall due again.

Kind regards,
{{creditor.name}}',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<p style="margin:0 0 12px;">{{salutation}}</p>
<p style="margin:0 0 12px;">Under payment plan {{plan.reference}}, agreed with you for invoice{{#invoices}} {{number}}{{/invoices}}, instalment {{instalment.number}} of {{instalment.amount}}, due on {{instalment.due_date}}, has not reached us yet; {{instalment.due}} of it remains to be paid.</p>
<p style="margin:0 0 12px;">This may be a simple oversight. Please make this payment as soon as possible so that the plan can go on as agreed:</p>
<ul>
{{#plan.instalments}}
<li>Instalment {{number}} due {{due_date}}: {{amount}}{{#settled}} (paid){{/settled}}{{#missed}} (overdue, {{due}} left){{/missed}}</li>
{{/plan.instalments}}
</ul>
{{#has_payment_link}}<p style="margin:0 0 12px;"><a href="{{creditor.payment_link}}">Pay online</a></p>
{{/has_payment_link}}<p style="margin:0 0 12px;">If something prevents you from keeping to this plan, please contact us now{{#has_owner}} ({{owner.name}}{{#owner.phone}}, {{owner.phone}}{{/owner.phone}}){{/has_owner}}: we will look for a solution together. Without payment or news from you, the plan may be ended and the whole balance will fall due again.</p>
<p style="margin:0 0 12px;">Kind regards,<br>{{creditor.name}}</p>
</div>
</body>
</html>',
  '',
  '{{creditor.name}}: instalment {{instalment.number}} of your payment plan ({{instalment.due}}, due {{instalment.due_date}}) not received. Please pay or call us.',
  1,
  0
),
(
  'instalment_reminder',
  'fr-x-b2c',
  'Échéancier {{plan.reference}} : échéance n° {{instalment.number}} du {{instalment.due_date}} non reçue – {{creditor.name}}',
  '{{salutation}}

Dans le cadre de l''échéancier {{plan.reference}} convenu ensemble pour la facture{{#invoices}} n° {{number}}{{/invoices}}, l''échéance n° {{instalment.number}} de {{instalment.amount}}, prévue le {{instalment.due_date}}, ne nous est pas parvenue à ce jour ; il en reste {{instalment.due}} à régler.

Il s''agit peut-être d''un simple oubli. Nous vous remercions de procéder à ce règlement dès que possible, afin que l''échéancier se poursuive comme prévu :

{{#plan.instalments}}
- Échéance n° {{number}} du {{due_date}} : {{amount}}{{#settled}} (réglée){{/settled}}{{#missed}} (en retard, reste {{due}}){{/missed}}
{{/plan.instalments}}

{{#has_payment_link}}Vous pouvez régler en ligne : {{creditor.payment_link}}
{{/has_payment_link}}{{#creditor.iban}}Virement : IBAN {{creditor.iban}}{{#creditor.bic}}, BIC {{creditor.bic}}{{/creditor.bic}}, référence {{reference}}.
{{/creditor.iban}}
Si une difficulté vous empêche de tenir cet échéancier, contactez-nous sans attendre{{#has_owner}} ({{owner.name}}{{#owner.phone}}, {{owner.phone}}{{/owner.phone}}){{/has_owner}} : nous chercherons ensemble une solution. Sans règlement ni nouvelles de votre part, l''échéancier pourra être rompu et la totalité du solde redeviendra exigible.

Cordialement,
{{creditor.name}}',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<p style="margin:0 0 12px;">{{salutation}}</p>
<p style="margin:0 0 12px;">Dans le cadre de l''échéancier {{plan.reference}} convenu ensemble pour la facture{{#invoices}} n° {{number}}{{/invoices}}, l''échéance n° {{instalment.number}} de {{instalment.amount}}, prévue le {{instalment.due_date}}, ne nous est pas parvenue à ce jour ; il en reste {{instalment.due}} à régler.</p>
<p style="margin:0 0 12px;">Il s''agit peut-être d''un simple oubli. Nous vous remercions de procéder à ce règlement dès que possible, afin que l''échéancier se poursuive comme prévu :</p>
<ul>
{{#plan.instalments}}
<li>Échéance n° {{number}} du {{due_date}} : {{amount}}{{#settled}} (réglée){{/settled}}{{#missed}} (en retard, reste {{due}}){{/missed}}</li>
{{/plan.instalments}}
</ul>
{{#has_payment_link}}<p style="margin:0 0 12px;"><a href="{{creditor.payment_link}}">Régler en ligne</a></p>
{{/has_payment_link}}<p style="margin:0 0 12px;">Si une difficulté vous empêche de tenir cet échéancier, contactez-nous sans attendre{{#has_owner}} ({{owner.name}}{{#owner.phone}}, {{owner.phone}}{{/owner.phone}}){{/has_owner}} : nous chercherons ensemble une solution. Sans règlement ni nouvelles de votre part, l''échéancier pourra être rompu et la totalité du solde redeviendra exigible.</p>
<p style="margin:0 0 12px;">Cordialement,<br>{{creditor.name}}</p>
</div>
</body>
</html>',
  '',
  '{{creditor.name}} : échéance n° {{instalment.number}} de votre échéancier ({{instalment.due}}, prévue le {{instalment.due_date}}) non reçue. Merci de régulariser ou de nous appeler.',
  1,
  0
),
(
  'phone_call',
  'en-x-b2c',
  'Reminder call: {{client.name}} ({{client.reference}}) – {{due}} due',
  'Call script – {{client.name}} ({{client.reference}})
Call {{client.phone}}{{#client.email}} – email: {{client.email}}{{/client.email}}
Reminder {{reference}} of {{today}}

1. Introduce yourself
"Hello, this is {{#has_owner}}{{owner.name}}{{/has_owner}}{{^has_owner}}the accounts team{{/has_owner}} from {{creditor.name}}. I''m calling about a payment that is still open: do you have a moment?"

2. Go through the invoices (number, date, amount: leave no room for confusion)
{{#invoices}}
- Invoice {{number}} of {{issue_date}}, due {{due_date}}: {{due}} outstanding{{#late}} ({{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue){{/late}}
{{/invoices}}
Total outstanding: {{due}}.
{{#has_interest}}
Statutory interest to date: {{interest}} (mention it if the client questions the urgency).
{{/has_interest}}
The written reminders have gone unanswered.

3. Questions to ask
- Did you receive {{#several_invoices}}these invoices{{/several_invoices}}{{^several_invoices}}this invoice{{/several_invoices}}? Who handles payment on your side?
- Is there any disagreement about the invoice or the work delivered? What is it?
- On what date will payment be made, and how?
- Any cash-flow difficulty? Would paying in instalments help?

4. Offer
- Payment by bank transfer (IBAN {{creditor.iban}}, BIC {{creditor.bic}}){{#has_payment_link}} or online: {{creditor.payment_link}}{{/has_payment_link}}.
- A payment plan if the client asks: note the number of instalments offered.
- Get a firm date and amount: "So I''m noting a payment of … on …".

5. Outcome to log in Relance after the call
- Promise to pay: amount and date.
- Dispute: the reason, and who handles it.
- Payment plan requested: amount and number of instalments.
- Already paid: payment date and reference.
- No answer or voicemail: call again later.
Without an agreement, the next step is the formal notice.
',
  '',
  '',
  '',
  1,
  0
),
(
  'phone_call',
  'fr-x-b2c',
  'Appel de relance : {{client.name}} ({{client.reference}}) – {{due}} dû',
  'Script d’appel – {{client.name}} ({{client.reference}})
À appeler au {{client.phone}}{{#client.email}} – e-mail : {{client.email}}{{/client.email}}
Relance {{reference}} du {{today}}

1. Se présenter
« Bonjour, ici {{#has_owner}}{{owner.name}}{{/has_owner}}{{^has_owner}}le service comptabilité{{/has_owner}}, pour {{creditor.name}}. Je vous appelle au sujet d’un règlement en attente : avez-vous un instant ? »

2. Rappeler les factures (numéro, date, montant : pas de malentendu possible)
{{#invoices}}
- Facture n° {{number}} du {{issue_date}}, échue le {{due_date}} : reste dû {{due}}{{#late}} ({{days_late}} jour{{^one_day_late}}s{{/one_day_late}} de retard){{/late}}
{{/invoices}}
Total restant dû : {{due}}.
{{#has_interest}}
Intérêts au taux légal à ce jour : {{interest}} (à mentionner si le client conteste l’urgence).
{{/has_interest}}
Les relances écrites sont restées sans réponse.

3. Questions à poser
- Avez-vous bien reçu {{#several_invoices}}ces factures{{/several_invoices}}{{^several_invoices}}cette facture{{/several_invoices}} ? Qui s’occupe du règlement chez vous ?
- Y a-t-il un désaccord sur la facture ou sur la prestation ? Lequel ?
- À quelle date le règlement sera-t-il fait, et par quel moyen ?
- Une difficulté de trésorerie ? Un paiement en plusieurs fois vous aiderait-il ?

4. Proposer
- Le paiement par virement (IBAN {{creditor.iban}}, BIC {{creditor.bic}}){{#has_payment_link}} ou en ligne : {{creditor.payment_link}}{{/has_payment_link}}.
- Un échéancier si le client le demande : noter le nombre d’échéances proposé.
- Obtenir une date précise et un montant : « Je note donc un règlement de … le … ».

5. Issue à consigner dans Relance après l’appel
- Promesse de paiement : montant et date.
- Litige : motif, et qui le traite.
- Échéancier demandé : montant et nombre d’échéances.
- Déjà payé : date et référence du paiement.
- Pas de réponse ou message laissé : rappeler plus tard.
Sans accord, l’étape suivante est la mise en demeure.
',
  '',
  '',
  '',
  1,
  0
),
(
  'second_reminder',
  'en-x-b2c',
  'Second reminder: {{amount_claimed}} outstanding – {{creditor.name}}',
  '{{salutation}}

Despite our previous reminder, {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} {{#several_invoices}}remain{{/several_invoices}}{{^several_invoices}}remains{{/several_invoices}} unpaid{{^several_invoices}}{{#late}}, now {{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue{{/late}}{{/several_invoices}}.

{{#invoices}}
- Invoice {{number}} of {{issue_date}}, due {{due_date}}: amount {{total}}, paid {{paid}}, outstanding {{due}}{{#late}} ({{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue){{/late}}
{{/invoices}}
Principal outstanding: {{due}}
{{#has_interest}}
Statutory interest: {{interest}}
{{/has_interest}}
Total claimed: {{amount_claimed}}

{{#has_interest}}
Interest at the statutory rate has run on the sum due since {{interest_from}}, from our formal notice (Article 1231-6 of the French Civil Code); it stands at {{interest}} today.

{{/has_interest}}
We ask you to pay {{amount_claimed}} without further delay. You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.

{{#has_payment_link}}
You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}

{{/has_payment_link}}
If a disagreement or a cash-flow difficulty explains the delay, please contact us as soon as you receive this letter so that we can agree on a solution, such as a payment plan. Without payment or a reply, we will have to start recovery proceedings.

{{#has_owner}}
Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.

{{/has_owner}}
Yours sincerely,

{{creditor.name}}
Accounts receivable
{{creditor.phone}} – {{creditor.email}}
',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<p style="margin:0 0 12px;">{{salutation}}</p>
<p style="margin:0 0 12px;">Despite our previous reminder, {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} {{#several_invoices}}remain{{/several_invoices}}{{^several_invoices}}remains{{/several_invoices}} unpaid{{^several_invoices}}{{#late}}, now {{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue{{/late}}{{/several_invoices}}.</p>
<table style="border-collapse:collapse;width:100%;font-size:14px;margin:16px 0;">
<thead><tr><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Invoice</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Date</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Due date</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Amount</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Paid</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Outstanding</th></tr></thead>
<tbody>
{{#invoices}}
<tr><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{number}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{issue_date}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{due_date}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{total}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{paid}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{due}}</td></tr>
{{/invoices}}
</tbody>
<tfoot>
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Outstanding</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{due}}</td></tr>
{{#has_interest}}
<tr><td colspan="5" style="text-align:right;padding:6px 8px;">Statutory interest</td><td style="text-align:right;padding:6px 8px;">{{interest}}</td></tr>
{{/has_interest}}
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Total claimed</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{amount_claimed}}</td></tr>
</tfoot>
</table>
{{#has_interest}}
<p style="margin:0 0 12px;">Interest at the statutory rate has run on the sum due since {{interest_from}}, from our formal notice (Article 1231-6 of the French Civil Code); it stands at {{interest}} today.</p>
{{/has_interest}}
<p style="margin:0 0 12px;">We ask you to pay {{amount_claimed}} without further delay. You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.</p>
{{#has_payment_link}}
<p style="margin:0 0 12px;">You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}</p>
{{/has_payment_link}}
<p style="margin:0 0 12px;">If a disagreement or a cash-flow difficulty explains the delay, please contact us as soon as you receive this letter so that we can agree on a solution, such as a payment plan. Without payment or a reply, we will have to start recovery proceedings.</p>
{{#has_owner}}
<p style="margin:0 0 12px;">Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.</p>
{{/has_owner}}
{{^has_owner}}
<p style="margin:0 0 12px;">Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.</p>
{{/has_owner}}
<p style="margin:0 0 12px;">Yours sincerely,</p>
<p style="margin:16px 0 0;">{{creditor.name}}<br>Accounts receivable<br>{{creditor.phone}} – {{creditor.email}}</p>
<p style="margin:16px 0 0;font-size:12px;color:#777;">{{creditor.name}} – SIREN {{creditor.siren}} – IBAN {{creditor.iban}} – BIC {{creditor.bic}}<br>Reference {{reference}}</p>
</div>
</body>
</html>
',
  '{{salutation}}

Despite our previous reminder, {{#several_invoices}}the invoices listed below{{/several_invoices}}{{^several_invoices}}invoice {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} {{#several_invoices}}remain{{/several_invoices}}{{^several_invoices}}remains{{/several_invoices}} unpaid{{^several_invoices}}{{#late}}, now {{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue{{/late}}{{/several_invoices}}.

{{invoice_table}}

{{#has_interest}}
Interest at the statutory rate has run on the sum due since {{interest_from}}, from our formal notice (Article 1231-6 of the French Civil Code); it stands at {{interest}} today.

{{/has_interest}}
We ask you to pay {{amount_claimed}} without further delay. You can pay by bank transfer to IBAN {{creditor.iban}} (BIC {{creditor.bic}}), quoting {{#several_invoices}}the invoice numbers{{/several_invoices}}{{^several_invoices}}the invoice number{{/several_invoices}} as the reference.

{{#has_payment_link}}
You can also pay online, by card or bank transfer, in a few moments: {{creditor.payment_link}}

{{/has_payment_link}}
If a disagreement or a cash-flow difficulty explains the delay, please contact us as soon as you receive this letter so that we can agree on a solution, such as a payment plan. Without payment or a reply, we will have to start recovery proceedings.

{{#has_owner}}
Your contact, {{owner.name}}, is available on {{owner.phone}} or at {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Our accounts team is available on {{creditor.phone}} or at {{creditor.email}}.

{{/has_owner}}
Yours sincerely,

{{creditor.name}}
',
  '{{creditor.name}}: second reminder. {{amount_claimed}} is outstanding{{^several_invoices}}{{#late}} ({{days_late}} day{{^one_day_late}}s{{/one_day_late}} overdue){{/late}}{{/several_invoices}}. Please pay now{{#has_payment_link}}: {{creditor.payment_link}}{{/has_payment_link}} or call us on {{#has_owner}}{{owner.phone}}{{/has_owner}}{{^has_owner}}{{creditor.phone}}{{/has_owner}}.',
  1,
  0
),
(
  'second_reminder',
  'fr-x-b2c',
  'Deuxième relance : {{amount_claimed}} restant dû – {{creditor.name}}',
  '{{salutation}}

Malgré notre précédent rappel, {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} demeure{{#several_invoices}}nt{{/several_invoices}} impayée{{#several_invoices}}s{{/several_invoices}} à ce jour{{^several_invoices}}{{#late}}, avec un retard de {{days_late}} jour{{^one_day_late}}s{{/one_day_late}}{{/late}}{{/several_invoices}}.

{{#invoices}}
- Facture n° {{number}} du {{issue_date}}, échéance le {{due_date}} : montant {{total}}, déjà réglé {{paid}}, reste dû {{due}}{{#late}} ({{days_late}} jour{{^one_day_late}}s{{/one_day_late}} de retard){{/late}}
{{/invoices}}
Principal restant dû : {{due}}
{{#has_interest}}
Intérêts au taux légal : {{interest}}
{{/has_interest}}
Total réclamé : {{amount_claimed}}

{{#has_interest}}
Des intérêts au taux légal courent sur la somme due depuis le {{interest_from}}, à compter de notre mise en demeure (article 1231-6 du Code civil) ; ils s’élèvent à ce jour à {{interest}}.

{{/has_interest}}
Nous vous demandons de régler la somme de {{amount_claimed}} sans délai. Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.

{{#has_payment_link}}
Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}

{{/has_payment_link}}
Si un désaccord ou une difficulté de trésorerie explique ce retard, contactez-nous dès réception de ce courrier afin que nous puissions convenir d’une solution, par exemple un échéancier. À défaut de règlement ou de réponse, nous serons contraints d’engager la procédure de recouvrement.

{{#has_owner}}
Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.

{{/has_owner}}
Nous vous prions d’agréer l’expression de nos salutations distinguées.

{{creditor.name}}
Service comptabilité clients
{{creditor.phone}} – {{creditor.email}}
',
  '<!DOCTYPE html>
<html lang="{{language}}">
<head><meta charset="utf-8"><title>{{creditor.name}}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;">
<p style="margin:0 0 12px;">{{salutation}}</p>
<p style="margin:0 0 12px;">Malgré notre précédent rappel, {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} demeure{{#several_invoices}}nt{{/several_invoices}} impayée{{#several_invoices}}s{{/several_invoices}} à ce jour{{^several_invoices}}{{#late}}, avec un retard de {{days_late}} jour{{^one_day_late}}s{{/one_day_late}}{{/late}}{{/several_invoices}}.</p>
<table style="border-collapse:collapse;width:100%;font-size:14px;margin:16px 0;">
<thead><tr><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Facture</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Date</th><th style="text-align:left;padding:6px 8px;border-bottom:2px solid #444;">Échéance</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Montant TTC</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Déjà réglé</th><th style="text-align:right;padding:6px 8px;border-bottom:2px solid #444;">Reste dû</th></tr></thead>
<tbody>
{{#invoices}}
<tr><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{number}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{issue_date}}</td><td style="padding:6px 8px;border-bottom:1px solid #ddd;">{{due_date}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{total}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{paid}}</td><td style="text-align:right;padding:6px 8px;border-bottom:1px solid #ddd;">{{due}}</td></tr>
{{/invoices}}
</tbody>
<tfoot>
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Reste dû</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{due}}</td></tr>
{{#has_interest}}
<tr><td colspan="5" style="text-align:right;padding:6px 8px;">Intérêts au taux légal</td><td style="text-align:right;padding:6px 8px;">{{interest}}</td></tr>
{{/has_interest}}
<tr><td colspan="5" style="text-align:right;padding:6px 8px;font-weight:bold;">Total réclamé</td><td style="text-align:right;padding:6px 8px;font-weight:bold;">{{amount_claimed}}</td></tr>
</tfoot>
</table>
{{#has_interest}}
<p style="margin:0 0 12px;">Des intérêts au taux légal courent sur la somme due depuis le {{interest_from}}, à compter de notre mise en demeure (article 1231-6 du Code civil) ; ils s’élèvent à ce jour à {{interest}}.</p>
{{/has_interest}}
<p style="margin:0 0 12px;">Nous vous demandons de régler la somme de {{amount_claimed}} sans délai. Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.</p>
{{#has_payment_link}}
<p style="margin:0 0 12px;">Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}</p>
{{/has_payment_link}}
<p style="margin:0 0 12px;">Si un désaccord ou une difficulté de trésorerie explique ce retard, contactez-nous dès réception de ce courrier afin que nous puissions convenir d’une solution, par exemple un échéancier. À défaut de règlement ou de réponse, nous serons contraints d’engager la procédure de recouvrement.</p>
{{#has_owner}}
<p style="margin:0 0 12px;">Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.</p>
{{/has_owner}}
{{^has_owner}}
<p style="margin:0 0 12px;">Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.</p>
{{/has_owner}}
<p style="margin:0 0 12px;">Nous vous prions d’agréer l’expression de nos salutations distinguées.</p>
<p style="margin:16px 0 0;">{{creditor.name}}<br>Service comptabilité clients<br>{{creditor.phone}} – {{creditor.email}}</p>
<p style="margin:16px 0 0;font-size:12px;color:#777;">{{creditor.name}} – SIREN {{creditor.siren}} – IBAN {{creditor.iban}} – BIC {{creditor.bic}}<br>Référence {{reference}}</p>
</div>
</body>
</html>
',
  '{{salutation}}

Malgré notre précédent rappel, {{#several_invoices}}vos factures listées ci-dessous{{/several_invoices}}{{^several_invoices}}la facture n° {{#invoices}}{{number}}{{/invoices}}{{/several_invoices}} demeure{{#several_invoices}}nt{{/several_invoices}} impayée{{#several_invoices}}s{{/several_invoices}} à ce jour{{^several_invoices}}{{#late}}, avec un retard de {{days_late}} jour{{^one_day_late}}s{{/one_day_late}}{{/late}}{{/several_invoices}}.

{{invoice_table}}

{{#has_interest}}
Des intérêts au taux légal courent sur la somme due depuis le {{interest_from}}, à compter de notre mise en demeure (article 1231-6 du Code civil) ; ils s’élèvent à ce jour à {{interest}}.

{{/has_interest}}
Nous vous demandons de régler la somme de {{amount_claimed}} sans délai. Vous pouvez régler par virement sur notre compte IBAN {{creditor.iban}} (BIC {{creditor.bic}}) en indiquant {{#several_invoices}}les numéros de facture{{/several_invoices}}{{^several_invoices}}le numéro de facture{{/several_invoices}} en référence.

{{#has_payment_link}}
Vous pouvez aussi payer en ligne, par carte ou par virement, en quelques instants : {{creditor.payment_link}}

{{/has_payment_link}}
Si un désaccord ou une difficulté de trésorerie explique ce retard, contactez-nous dès réception de ce courrier afin que nous puissions convenir d’une solution, par exemple un échéancier. À défaut de règlement ou de réponse, nous serons contraints d’engager la procédure de recouvrement.

{{#has_owner}}
Votre interlocuteur, {{owner.name}}, reste à votre disposition au {{owner.phone}} ou à {{owner.email}}.

{{/has_owner}}
{{^has_owner}}
Notre service comptabilité reste à votre disposition au {{creditor.phone}} ou à {{creditor.email}}.

{{/has_owner}}
Nous vous prions d’agréer l’expression de nos salutations distinguées.

{{creditor.name}}
',
  '{{creditor.name}} : 2e relance. {{amount_claimed}} reste dû{{^several_invoices}}{{#late}} ({{days_late}} j de retard){{/late}}{{/several_invoices}}. Merci de régler sans délai{{#has_payment_link}} : {{creditor.payment_link}}{{/has_payment_link}} ou de nous appeler au {{#has_owner}}{{owner.phone}}{{/has_owner}}{{^has_owner}}{{creditor.phone}}{{/has_owner}}.',
  1,
  0
);

UPDATE templates SET body_text = replace(body_text, 'Des frais de relance de {{fee}} s’ajoutent conformément à nos conditions générales de vente.', 'Une indemnité complémentaire de {{fee}} s’y ajoute, au titre des frais de recouvrement exposés au-delà de l’indemnité forfaitaire, sur justification (article L441-10 du Code de commerce).') WHERE language = 'fr' AND version = 1 AND template_key IN ('second_reminder', 'formal_notice');

UPDATE templates SET body_text = replace(body_text, 'A reminder fee of {{fee}} is added in accordance with our terms and conditions of sale.', 'An additional indemnity of {{fee}} is added for the recovery costs incurred beyond the fixed indemnity, on justification (Article L441-10 of the French Commercial Code).') WHERE language = 'en' AND version = 1 AND template_key IN ('second_reminder', 'formal_notice');

UPDATE templates SET body_html = replace(body_html, 'Des frais de relance de {{fee}} s’ajoutent conformément à nos conditions générales de vente.', 'Une indemnité complémentaire de {{fee}} s’y ajoute, au titre des frais de recouvrement exposés au-delà de l’indemnité forfaitaire, sur justification (article L441-10 du Code de commerce).') WHERE language = 'fr' AND version = 1 AND template_key IN ('second_reminder', 'formal_notice');

UPDATE templates SET body_html = replace(body_html, 'A reminder fee of {{fee}} is added in accordance with our terms and conditions of sale.', 'An additional indemnity of {{fee}} is added for the recovery costs incurred beyond the fixed indemnity, on justification (Article L441-10 of the French Commercial Code).') WHERE language = 'en' AND version = 1 AND template_key IN ('second_reminder', 'formal_notice');

UPDATE templates SET body_letter = replace(body_letter, 'Des frais de relance de {{fee}} s’ajoutent conformément à nos conditions générales de vente.', 'Une indemnité complémentaire de {{fee}} s’y ajoute, au titre des frais de recouvrement exposés au-delà de l’indemnité forfaitaire, sur justification (article L441-10 du Code de commerce).') WHERE language = 'fr' AND version = 1 AND template_key IN ('second_reminder', 'formal_notice');

UPDATE templates SET body_letter = replace(body_letter, 'A reminder fee of {{fee}} is added in accordance with our terms and conditions of sale.', 'An additional indemnity of {{fee}} is added for the recovery costs incurred beyond the fixed indemnity, on justification (Article L441-10 of the French Commercial Code).') WHERE language = 'en' AND version = 1 AND template_key IN ('second_reminder', 'formal_notice');

UPDATE templates SET body_text = replace(body_text, 'Frais de relance', 'Indemnité complémentaire (frais justifiés)') WHERE language = 'fr' AND version = 1;

UPDATE templates SET body_text = replace(body_text, 'Reminder fees', 'Additional recovery costs (justified)') WHERE language = 'en' AND version = 1;

UPDATE templates SET body_text = replace(body_text, 'Reminder fee', 'Additional recovery costs (justified)') WHERE language = 'en' AND version = 1;

UPDATE templates SET body_html = replace(body_html, 'Frais de relance', 'Indemnité complémentaire (frais justifiés)') WHERE language = 'fr' AND version = 1;

UPDATE templates SET body_html = replace(body_html, 'Reminder fees', 'Additional recovery costs (justified)') WHERE language = 'en' AND version = 1;

UPDATE templates SET body_html = replace(body_html, 'Reminder fee', 'Additional recovery costs (justified)') WHERE language = 'en' AND version = 1;

UPDATE templates SET body_letter = replace(body_letter, 'Frais de relance', 'Indemnité complémentaire (frais justifiés)') WHERE language = 'fr' AND version = 1;

UPDATE templates SET body_letter = replace(body_letter, 'Reminder fees', 'Additional recovery costs (justified)') WHERE language = 'en' AND version = 1;

UPDATE templates SET body_letter = replace(body_letter, 'Reminder fee', 'Additional recovery costs (justified)') WHERE language = 'en' AND version = 1;
