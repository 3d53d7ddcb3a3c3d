-- The business's first reply within an assignment (the FirstReply routing event; supervision's
-- first-response times read it), and the ways an assignment ends, as conversation.EndReason names them.
alter table assignment add column first_reply_at timestamptz;
alter table assignment add constraint assignment_end_reason_check
    check (end_reason in ('offer_timeout', 'grace_expired', 'reassigned', 'transferred', 'unassigned', 'resolved', 'snoozed'));
