-- How far the business's messages in a third-party room were queued for the user's provider (docs/interop.md §4.6,
-- §4.8). The notifications are queued after the message writer's commit, by whichever comes first: the node that wrote
-- the message, or a sweep that finds a room whose business messages are past this mark (after a crash in between).
-- The room's row is locked while its notifications are queued, so each message is queued once.
alter table federation_consent add column notified_seq bigint not null default 0;
update federation_consent c set notified_seq = coalesce((select max(m.seq) from message m where m.conversation_id = c.room_id), 0);
