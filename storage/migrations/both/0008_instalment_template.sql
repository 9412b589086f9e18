-- The template of a missed instalment's reminder (see 0007: a payment plan's instalments are
-- dunned on their own dates), French and English. Beyond the variables of every template, it
-- has `plan` (reference, total, instalment_count, instalments: number, due_date, amount, paid,
-- due, settled, missed) and `instalment` (the missed one, same fields).

INSERT INTO templates (template_key, language, subject, body_text, body_html, body_letter, body_sms,
                       version, update_time_us) VALUES
(
  'instalment_reminder',
  'fr',
  'Échéancier {{plan.reference}} : échéance n° {{instalment.number}} du {{instalment.due_date}} non reçue – {{creditor.name}}',
  'Madame, Monsieur,

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
<p style="margin:0 0 12px;">Madame, Monsieur,</p>
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
  1, 0
),
(
  'instalment_reminder',
  'en',
  'Payment plan {{plan.reference}}: instalment {{instalment.number}} due {{instalment.due_date}} not received – {{creditor.name}}',
  'Dear Sir or Madam,

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
<p style="margin:0 0 12px;">Dear Sir or Madam,</p>
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
  1, 0
);
