-- History for a newly linked device: the messages stored before it was linked (within the window)
-- are re-wrapped for it by another device of the business. Wraps added that way are marked.
alter table device add column history_until_seq bigint not null default 0;
alter table message_wrap add column rewrapped boolean not null default false;
