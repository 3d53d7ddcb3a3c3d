-- Supervision (docs/metrics.md): business hours, SLA targets and alert thresholds per team, and the
-- facts the metrics are computed from, written after routing's and messaging's changes committed.

-- One row for the defaults ('default': conversations without a team, teams without their own row)
-- and one per team that has its own settings. The body is the validated SupervisionSettings record.
create table supervision_settings (
    scope      varchar(22)  primary key,
    settings   jsonb        not null,
    updated_at timestamptz  not null,
    updated_by varchar(22)  not null
);

-- One row per cycle: from a customer asking to the conversation being resolved. Durations are
-- milliseconds, each stored twice: wall clock and within the team's business hours.
create table conversation_cycle (
    id                         bigserial    primary key,
    conversation_id            varchar(22)  not null references conversation (id),
    cycle                      integer      not null,
    team_id                    varchar(22),
    started_at                 timestamptz  not null,
    first_customer_at          timestamptz,
    first_assigned_at          timestamptz,
    first_assignee_device_id   varchar(22),
    first_response_at          timestamptz,
    first_responder_device_id  varchar(22),
    -- the first customer message not yet answered, and the pauses since it
    awaiting_since             timestamptz,
    awaiting_paused_ms         bigint       not null default 0,
    awaiting_paused_business_ms bigint      not null default 0,
    -- pending or snoozed since, and the pauses so far
    paused_at                  timestamptz,
    paused_ms                  bigint       not null default 0,
    paused_business_ms         bigint       not null default 0,
    current_assignee_device_id varchar(22),
    current_assigned_at        timestamptz,
    handle_ms                  bigint       not null default 0,
    handle_business_ms         bigint       not null default 0,
    wait_ms                    bigint,
    wait_business_ms           bigint,
    first_response_ms          bigint,
    first_response_business_ms bigint,
    first_response_target_s    integer,
    first_response_met         boolean,
    resolved_at                timestamptz,
    resolved_by_device_id      varchar(22),
    resolution_ms              bigint,
    resolution_business_ms     bigint,
    resolution_target_s        integer,
    resolution_met             boolean,
    abandoned                  boolean,
    short_abandon              boolean,
    -- whether the SLA and service level of this cycle are measured in business time
    business_time              boolean      not null default false,
    unique (conversation_id, cycle)
);
-- At most one running cycle per conversation.
create unique index conversation_cycle_running on conversation_cycle (conversation_id) where resolved_at is null;
create index conversation_cycle_started on conversation_cycle (started_at);

-- Every answered stretch: the first unanswered customer message → the next business message. A stretch
-- still unanswered when the cycle was resolved past its target is kept as a miss (answered_at null).
create table response_fact (
    id                  bigserial    primary key,
    cycle_id            bigint       not null references conversation_cycle (id),
    conversation_id     varchar(22)  not null,
    kind                varchar(8)   not null check (kind in ('first', 'next')),
    device_id           varchar(22),
    asked_at            timestamptz  not null,
    answered_at         timestamptz,
    response_ms         bigint       not null,
    response_business_ms bigint      not null,
    target_s            integer,
    met                 boolean
);
create index response_fact_answered on response_fact (answered_at);
create index response_fact_cycle on response_fact (cycle_id);
