-- What the debtor has seen, in real time: each ladder reminder keeps the severity rank of its step
-- (copied when planned, so that editing or replacing the policy never changes what was seen) and
-- the instant it was carried out (sent, or its task done). The engine never plans a step ranked
-- at or below what an invoice's debtor already received, and never sends two ladder messages about
-- one invoice closer than the step's minimum gap counted from that instant, whatever dates runs
-- were given.
--
-- step_rank: courtesy steps 1-9, ordinary reminders 10-99, formal notices 100-199, hand-overs 200 and
-- up (server/domain/escalation.h); 0 for the workflow's reminders.
-- carried_out_us: microseconds since the epoch, UTC; 0 until carried out.

ALTER TABLE reminders ADD COLUMN step_rank INTEGER NOT NULL DEFAULT 0 CHECK (step_rank >= 0);
ALTER TABLE reminders ADD COLUMN carried_out_us INTEGER NOT NULL DEFAULT 0 CHECK (carried_out_us >= 0);

-- Reminders planned before ranks existed: the rank of their step's nature. Ordinary reminders are
-- ranked by their position, which is what their ladder meant.
UPDATE reminders SET step_rank = CASE
    WHEN hand_over = 1 THEN 200
    WHEN formal_notice = 1 THEN 100
    WHEN EXISTS (SELECT 1 FROM policy_steps s WHERE s.policy_id = reminders.policy_id
                 AND s.step_key = reminders.step_key AND s.offset_days < 0) THEN 1
    ELSE 10 + step_index END
  WHERE origin = 'ladder';
-- Their last change is when they were sent or done.
UPDATE reminders SET carried_out_us = update_time_us WHERE state IN ('sent', 'done');
