-- Report rollups (docs/metrics.md, "Rollups"): report_fact summed per cell, kept by triggers in the
-- same statement that inserts or deletes the facts, so every way a fact is written keeps them exact.
-- Reports read these cells instead of the facts: counts and sums are exact, percentiles come from a
-- histogram of fixed bins (report_bin) within the documented bound.

-- The bin of a value (ms, or the 1-5 rating of csat): exact below 64, then 5 % wide geometric bins
-- starting at 64. io.switchboard.reports.Histogram holds the inverse (each bin's representative);
-- ReportsApiTest checks that the two agree.
create function report_bin(v bigint) returns integer immutable strict parallel safe language sql as $$
    select case when v < 64 then greatest(v, 0)::integer
                else 64 + floor(ln(v::double precision / 64) / ln(1.05::double precision))::integer end
$$;

-- Topic and labels are report dimensions: each fact keeps the ones its conversation has when it is
-- written, like its team. The facts written before take the conversation's current ones.
alter table report_fact add column topic_id varchar(22), add column labels varchar(32)[] not null default '{}';
update report_fact f set topic_id = c.topic_id, labels = c.labels from conversation c where c.id = f.conversation_id;

-- Sparse histograms: {bin, count, bin, count, ...} in ascending bin order, bins with a count only.
create function report_hist(bins integer[]) returns integer[] immutable parallel safe language sql as $$
    select coalesce(array_agg(x order by bin, part), '{}')
    from (select bin, count(*)::integer as n from unnest(bins) bin where bin is not null group by bin) s,
         lateral (values (1, s.bin), (2, s.n)) v(part, x)
$$;

create function report_hist_merge(a integer[], b integer[]) returns integer[] immutable parallel safe language sql as $$
    select coalesce(array_agg(x order by bin, part), '{}')
    from (select bin, sum(n)::integer as n
          from (select a[i] as bin, a[i + 1] as n from generate_subscripts(a, 1) i where i % 2 = 1
                union all
                select b[i], b[i + 1] from generate_subscripts(b, 1) i where i % 2 = 1) pairs
          group by bin having sum(n) <> 0) s,
         lateral (values (1, s.bin), (2, s.n)) v(part, x)
$$;

create function report_hist_negate(a integer[]) returns integer[] immutable parallel safe language sql as $$
    select coalesce(array_agg(case when i % 2 = 1 then a[i] else -a[i] end order by i), '{}') from generate_subscripts(a, 1) i
$$;

-- One row per cell: grain 'h' = one UTC hour; 'd' = one local day in the zone of report_rollup_zone
-- (the account's). Every level keeps the team, so a scoped supervisor's reports count their teams only.
-- Level 't' sums a team's facts over every agent; 'a' is one agent's (device_id; null for the facts of
-- no agent, such as started cycles); 'p' one topic's (topic_id; null: none); 'l' one label's (label;
-- null: no label) — a fact with two labels is in both label cells, so label cells are never summed
-- across labels.
create table report_rollup (
    grain             char(1)      not null,
    level             char(1)      not null,
    start             timestamptz  not null,
    metric            varchar(16)  not null,
    team_id           varchar(22),
    device_id         varchar(22),
    topic_id          varchar(22),
    label             varchar(32),
    facts             bigint       not null,
    -- the facts measured (answered, with a value) in wall and business time, their sums and histograms
    measured          bigint       not null,
    measured_business bigint       not null,
    sum_ms            bigint       not null,
    sum_business_ms   bigint       not null,
    met               bigint       not null,
    missed            bigint       not null,
    hist_ms           integer[]    not null,
    hist_business_ms  integer[]    not null
);
create unique index report_rollup_cell on report_rollup (grain, level, start, metric, team_id, device_id, topic_id, label) nulls not distinct;

-- The zone of the 'd' cells: the default supervision settings' timeZone (UTC until one is set).
create table report_rollup_zone (
    only_row boolean      primary key default true check (only_row),
    zone     varchar(64)  not null
);
insert into report_rollup_zone (zone)
select coalesce((select settings ->> 'timeZone' from supervision_settings where scope = 'default'), 'UTC');

-- The statement that adds the facts of a relation (sign 1) or takes them away (sign -1), for the given grains.
-- Cells are written in key order, and writers take one transaction lock first: two nodes writing facts
-- of the same cells wait for each other instead of deadlocking.
create function report_rollup_sql(source text, sign integer, grains text) returns text immutable language sql as $$
    select format($q$
        insert into report_rollup as r (grain, level, start, metric, team_id, device_id, topic_id, label, facts, measured, measured_business,
                                        sum_ms, sum_business_ms, met, missed, hist_ms, hist_business_ms)
        select c.grain, l.level, c.start, f.metric, f.team_id, l.device_id, l.topic_id, l.label,
               %2$s * count(*), %2$s * count(f.ms) filter (where f.answered), %2$s * count(f.business_ms) filter (where f.answered),
               %2$s * coalesce(sum(f.ms) filter (where f.answered), 0), %2$s * coalesce(sum(f.business_ms) filter (where f.answered), 0),
               %2$s * count(*) filter (where f.met), %2$s * count(*) filter (where not f.met),
               %3$s(report_hist(array_agg(report_bin(f.ms)) filter (where f.answered))),
               %3$s(report_hist(array_agg(report_bin(f.business_ms)) filter (where f.answered)))
        from %1$I f
        cross join lateral (values ('h', date_trunc('hour', f.at, 'UTC')),
                                   ('d', date_trunc('day', f.at, (select zone from report_rollup_zone)))) c(grain, start)
        cross join lateral (select 't' as level, null::varchar as device_id, null::varchar as topic_id, null::varchar as label
                            union all select 'a', f.device_id, null, null
                            union all select 'p', null, f.topic_id, null
                            union all select 'l', null, null, x
                            from unnest(case when cardinality(f.labels) = 0 then array[null]::varchar[] else f.labels::varchar[] end) x) l
        where c.grain = any(%4$L::text[])
        group by 1, 2, 3, 4, 5, 6, 7, 8
        order by 1, 2, 3, 4, 5, 6, 7, 8
        on conflict (grain, level, start, metric, team_id, device_id, topic_id, label) do update set
            facts = r.facts + excluded.facts, measured = r.measured + excluded.measured,
            measured_business = r.measured_business + excluded.measured_business, sum_ms = r.sum_ms + excluded.sum_ms,
            sum_business_ms = r.sum_business_ms + excluded.sum_business_ms, met = r.met + excluded.met, missed = r.missed + excluded.missed,
            hist_ms = report_hist_merge(r.hist_ms, excluded.hist_ms),
            hist_business_ms = report_hist_merge(r.hist_business_ms, excluded.hist_business_ms)$q$,
        source, sign, case when sign < 0 then 'report_hist_negate' else '' end, grains)
$$;

-- Transition tables are visible to the trigger function's own statements only, so each trigger runs
-- the statement itself.
create function report_rollup_insert() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtext('report_rollup'));
    execute report_rollup_sql('new_facts', 1, '{h,d}');
    return null;
end $$;

create function report_rollup_delete() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtext('report_rollup'));
    execute report_rollup_sql('old_facts', -1, '{h,d}');
    delete from report_rollup where facts = 0;
    return null;
end $$;

create trigger report_rollup_insert after insert on report_fact referencing new table as new_facts
    for each statement execute function report_rollup_insert();
create trigger report_rollup_delete after delete on report_fact referencing old table as old_facts
    for each statement execute function report_rollup_delete();

create function report_rollup_truncate() returns trigger language plpgsql as $$
begin
    delete from report_rollup;
    return null;
end $$;

create trigger report_rollup_truncate after truncate on report_fact for each statement execute function report_rollup_truncate();

-- The account's zone changed: the day cells are cut again from the facts, in the same transaction.
create function report_rollup_zone_changed() returns trigger language plpgsql as $$
declare
    wanted varchar(64) := case when tg_op = 'DELETE' then 'UTC' else coalesce(new.settings ->> 'timeZone', 'UTC') end;
begin
    if coalesce(new.scope, old.scope) = 'default' and wanted is distinct from (select zone from report_rollup_zone) then
        perform pg_advisory_xact_lock(hashtext('report_rollup'));
        update report_rollup_zone set zone = wanted;
        delete from report_rollup where grain = 'd';
        execute report_rollup_sql('report_fact', 1, '{d}');
    end if;
    return null;
end $$;

create trigger report_rollup_zone_changed after insert or update or delete on supervision_settings
    for each row execute function report_rollup_zone_changed();

-- Emptied (the tests do): back to UTC, the zone with no settings.
create function report_rollup_settings_truncated() returns trigger language plpgsql as $$
begin
    if (select zone from report_rollup_zone) <> 'UTC' then
        perform pg_advisory_xact_lock(hashtext('report_rollup'));
        update report_rollup_zone set zone = 'UTC';
        delete from report_rollup where grain = 'd';
        execute report_rollup_sql('report_fact', 1, '{d}');
    end if;
    return null;
end $$;

create trigger report_rollup_settings_truncated after truncate on supervision_settings
    for each statement execute function report_rollup_settings_truncated();

-- The facts written before the rollups existed.
do $$ begin execute report_rollup_sql('report_fact', 1, '{h,d}'); end $$;

-- A whisper's audit entry (docs/protocol.md §15.8: who, to whom, where, which message; never the
-- text) is written by the statement that stores the message. Messages are stored by the group-commit
-- writer in a transaction of its own that no later Java step can join, so an entry written after it
-- was lost by a crash between the two. The subject is the conversation's assignee at that moment.
create function message_whisper_audited() returns trigger language plpgsql as $$
begin
    insert into audit_event (occurred_at, action, actor_device_id, subject_device_id, details)
    select new.stored_at, 'whisper', new.sender_device_id, c.assignee_device_id,
           json_build_object('conversation', new.conversation_id, 'seq', new.seq)::text
    from conversation c where c.id = new.conversation_id;
    return null;
end $$;

create trigger message_whisper_audited after insert on message for each row when (new.kind = 'whisper')
    execute function message_whisper_audited();
