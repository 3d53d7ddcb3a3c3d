-- Routing (docs/protocol.md §14): teams, the topics customers pick, agents' settings and presence,
-- each conversation's routing state and the history of who had it and why.

create table team (
    id                 varchar(22)  primary key,
    name               varchar(60)  not null unique,
    policy             varchar(16)  not null check (policy in ('manual', 'round_robin', 'least_loaded')),
    sticky             boolean      not null,
    sticky_for_seconds integer      not null check (sticky_for_seconds between 0 and 2592000),
    created_at         timestamptz  not null
);

create table topic (
    id       varchar(22)  primary key,
    label    varchar(40)  not null,
    team_id  varchar(22)  not null references team (id) on delete cascade,
    priority smallint     not null check (priority between 0 and 10),
    position smallint     not null
);

-- One row per business device that has been an agent; absent rows mean "defaults".
create table agent (
    device_id        varchar(22)  primary key references device (id),
    status           varchar(12)  not null check (status in ('available', 'away')),
    capacity         smallint     check (capacity between 1 and 50),
    last_assigned_at timestamptz,
    -- When the last live connection closed; null while connected (or never connected).
    offline_since    timestamptz,
    -- The grace period ran out and the agent's conversations went back to the queue.
    released         boolean      not null default false
);

create table team_member (
    team_id   varchar(22)  not null references team (id) on delete cascade,
    device_id varchar(22)  not null references device (id),
    primary key (team_id, device_id)
);
create index team_member_device on team_member (device_id);

-- Live app nodes (heartbeat on the database clock) and the event connections each holds.
create table app_node (
    id      varchar(12)  primary key,
    seen_at timestamptz  not null
);

create table agent_presence (
    device_id   varchar(22)  not null,
    node_id     varchar(12)  not null references app_node (id) on delete cascade,
    connections integer      not null check (connections > 0),
    primary key (device_id, node_id)
);

create table conversation (
    id                  varchar(22)  primary key references customer (id),
    status              varchar(12)  not null check (status in ('open', 'pending', 'snoozed', 'resolved')),
    team_id             varchar(22)  references team (id) on delete set null,
    topic_id            varchar(22)  references topic (id) on delete set null,
    priority            smallint     not null default 0 check (priority between 0 and 10),
    queued_at           timestamptz,
    assignee_device_id  varchar(22)  references device (id),
    assigned_at         timestamptz,
    offer_expires_at    timestamptz,
    reason_code         varchar(16),
    reason_text         varchar(200),
    skip_device_id      varchar(22),
    last_agent_id       varchar(22),
    last_agent_until    timestamptz,
    snoozed_until       timestamptz,
    labels              varchar(32)[] not null default '{}',
    updated_at          timestamptz  not null,
    check (assignee_device_id is null or status in ('open', 'pending')),
    check (status <> 'snoozed' or snoozed_until is not null)
);
create index conversation_queue on conversation (priority desc, queued_at, id)
    where status = 'open' and assignee_device_id is null and queued_at is not null;
create index conversation_assignee on conversation (assignee_device_id) where assignee_device_id is not null;
create index conversation_offer on conversation (offer_expires_at) where offer_expires_at is not null;
create index conversation_snooze on conversation (snoozed_until) where status = 'snoozed';

insert into conversation (id, status, updated_at)
select c.id, 'open', c.created_at from customer c;
update conversation c set queued_at = m.first_at
from (select conversation_id, min(stored_at) as first_at from message group by conversation_id) m
where m.conversation_id = c.id;

create table assignment (
    id              bigserial    primary key,
    conversation_id varchar(22)  not null references conversation (id),
    device_id       varchar(22)  not null references device (id),
    team_id         varchar(22),
    reason_code     varchar(16)  not null,
    reason_text     varchar(200) not null,
    by_device_id    varchar(22),
    queued_at       timestamptz,
    assigned_at     timestamptz  not null,
    ended_at        timestamptz,
    end_reason      varchar(16)
);
create index assignment_conversation on assignment (conversation_id, id);
create unique index assignment_current on assignment (conversation_id) where ended_at is null;
create index assignment_recent on assignment (assigned_at);

create table canned_reply (
    shortcut   varchar(32)   primary key,
    text       varchar(2000) not null,
    updated_at timestamptz   not null
);
