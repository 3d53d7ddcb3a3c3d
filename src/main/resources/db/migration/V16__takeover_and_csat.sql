-- A supervisor took the conversation over from its agent (docs/protocol.md §14.5).
alter table assignment drop constraint assignment_end_reason_check;
alter table assignment add constraint assignment_end_reason_check
    check (end_reason in ('offer_timeout', 'grace_expired', 'reassigned', 'transferred', 'unassigned', 'resolved', 'snoozed',
                          'taken_over'));

-- A customer's satisfaction rating (docs/protocol.md §13.6): metadata, one per resolution. The comment is an
-- end-to-end encrypted message of kind "feedback" and never lands here.
create table csat_rating (
    conversation_id  varchar(22)  not null references conversation (id) on delete cascade,
    resolved_at      timestamptz  not null,
    rating           smallint     not null check (rating between 1 and 5),
    device_id        varchar(22)  not null,
    rated_at         timestamptz  not null,
    primary key (conversation_id, resolved_at)
);
create index csat_rating_rated_at on csat_rating (rated_at);
