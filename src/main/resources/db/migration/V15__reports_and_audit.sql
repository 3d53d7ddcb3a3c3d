-- Reports (docs/metrics.md, "Reports"): one row per number a report counts or measures, written in the
-- same transaction as the cycle fact it comes from, stamped with the instant its clock stopped. A
-- report is one indexed range scan of this table; it never reads conversations or cycles.
create table report_fact (
    id              bigserial    primary key,
    -- started | wait | first_response | next_response | resolution | handle | abandoned | short_abandon
    metric          varchar(16)  not null,
    at              timestamptz  not null,
    team_id         varchar(22),
    -- who stopped the clock: first assignee (wait), responder, resolver (resolution, handle); null for started
    device_id       varchar(22),
    cycle_id        bigint       not null references conversation_cycle (id) on delete cascade,
    conversation_id varchar(22)  not null,
    ms              bigint,
    business_ms     bigint,
    met             boolean,
    -- false for a response clock still running at the resolve past its target: an SLA miss, not a response time
    answered        boolean      not null default true
);
create index report_fact_at on report_fact (at, metric);
create index report_fact_team on report_fact (team_id, at);
create index report_fact_device on report_fact (device_id, at);
create index report_fact_cycle on report_fact (cycle_id);
-- A cycle has each of these numbers once; next responses are many.
create unique index report_fact_once on report_fact (cycle_id, metric) where metric <> 'next_response';

-- The facts of the cycles written before this table existed.
insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered)
select 'started', started_at, team_id, null, id, conversation_id, null, null, null, true from conversation_cycle;
insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered)
select 'wait', first_assigned_at, team_id, first_assignee_device_id, id, conversation_id, wait_ms, wait_business_ms, null, true
from conversation_cycle where first_assigned_at is not null and wait_ms is not null;
insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered)
select case r.kind when 'first' then 'first_response' else 'next_response' end, coalesce(r.answered_at, c.resolved_at, r.asked_at),
       c.team_id, r.device_id, c.id, c.conversation_id, r.response_ms, r.response_business_ms, r.met, r.answered_at is not null
from response_fact r join conversation_cycle c on c.id = r.cycle_id;
insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered)
select 'resolution', resolved_at, team_id, resolved_by_device_id, id, conversation_id, resolution_ms, resolution_business_ms,
       resolution_met, true
from conversation_cycle where resolved_at is not null;
insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered)
select 'handle', resolved_at, team_id, resolved_by_device_id, id, conversation_id, handle_ms, handle_business_ms, null, true
from conversation_cycle where resolved_at is not null;
insert into report_fact (metric, at, team_id, device_id, cycle_id, conversation_id, ms, business_ms, met, answered)
select case when short_abandon then 'short_abandon' else 'abandoned' end, resolved_at, team_id, resolved_by_device_id, id,
       conversation_id, null, null, null, true
from conversation_cycle where resolved_at is not null and abandoned;

-- The audit trail is append-only: no row is ever changed or deleted.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail is append-only';
end $$;
create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_append_only();
