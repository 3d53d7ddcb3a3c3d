-- When the status last changed: a customer message stored before a conversation was resolved,
-- snoozed or set pending (a late retry of it, say) must not undo that change.
alter table conversation add column status_changed_at timestamptz;
update conversation set status_changed_at = updated_at where status <> 'open';
