-- Report zones and the agent level over every team (docs/metrics.md, "Rollups").
--
-- Day cells are kept for a small set of report zones rather than the account's alone: the account's
-- zone, plus the zones viewers asked for (registered by the reports, filled from the facts in the
-- background, newest first). A zone's day cells hold exactly the facts stamped at or after its
-- filled_from ('-infinity' once complete); the triggers keep those, the filler adds older ones a
-- chunk at a time, both under the rollups' advisory lock, so the invariant holds at every commit.
create table report_zone (
    id          smallint     primary key,
    zone        varchar(64)  not null unique,
    filled_from timestamptz  not null
);
insert into report_zone (id, zone, filled_from) select 1, zone, '-infinity' from report_rollup_zone;

-- 'h' cells have zone 0 (UTC hours); 'd' cells the report_zone they cut days in.
alter table report_rollup add column zone smallint not null default 0;
drop index report_rollup_cell;
create unique index report_rollup_cell on report_rollup (grain, zone, level, start, metric, team_id, device_id, topic_id, label)
    nulls not distinct;

-- The statement that adds the facts of a relation or subquery (sign 1) or takes them away (sign -1), for
-- the given grains: 'h' cells, and 'd' cells of every report zone whose filled part the fact is in (fill
-- null), or of the one zone being filled (fill: its id; source holds the facts to add).
-- Levels: 't' a team's facts of every agent; 'a' one agent's within one team (scoped supervisors);
-- 'g' one agent's over every team (team_id null; unscoped readers; day cells only: an agent's hour
-- holds about as many facts as cells, so it would double the hour rows for nothing); 'p' one
-- topic's; 'l' one label's. Cells are written in key order after one transaction lock, so two
-- writers wait for each other instead of deadlocking.
create function report_cells_sql(source text, sign integer, grains text, fill smallint) returns text immutable language sql as $$
    select format($q$
        insert into report_rollup as r (grain, zone, level, start, metric, team_id, device_id, topic_id, label, facts, measured,
                                        measured_business, sum_ms, sum_business_ms, met, missed, hist_ms, hist_business_ms)
        select c.grain, c.zone, l.level, c.start, f.metric, l.team_id, l.device_id, l.topic_id, l.label,
               %2$s * count(*), %2$s * count(f.ms) filter (where f.answered), %2$s * count(f.business_ms) filter (where f.answered),
               %2$s * coalesce(sum(f.ms) filter (where f.answered), 0), %2$s * coalesce(sum(f.business_ms) filter (where f.answered), 0),
               %2$s * count(*) filter (where f.met), %2$s * count(*) filter (where not f.met),
               %3$s(report_hist(array_agg(report_bin(f.ms)) filter (where f.answered))),
               %3$s(report_hist(array_agg(report_bin(f.business_ms)) filter (where f.answered)))
        from %1$s f
        cross join lateral (select 'h'::char(1), 0::smallint, date_trunc('hour', f.at, 'UTC') where 'h' = any(%4$L::text[])
                            union all
                            select 'd', z.id, date_trunc('day', f.at, z.zone) from report_zone z
                            where 'd' = any(%4$L::text[])
                              and case when %5$L::smallint is null then f.at >= z.filled_from else z.id = %5$L::smallint end
                           ) c(grain, zone, start)
        cross join lateral (select 't' as level, f.team_id, null::varchar as device_id, null::varchar as topic_id, null::varchar as label
                            union all select 'a', f.team_id, f.device_id, null, null
                            union all select 'g', null, f.device_id, null, null where c.grain = 'd'
                            union all select 'p', f.team_id, null, f.topic_id, null
                            union all select 'l', f.team_id, null, null, x
                            from unnest(case when cardinality(f.labels) = 0 then array[null]::varchar[] else f.labels::varchar[] end) x) l
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9
        order by 1, 2, 3, 4, 5, 6, 7, 8, 9
        on conflict (grain, zone, level, start, metric, team_id, device_id, topic_id, label) do update set
            facts = r.facts + excluded.facts, measured = r.measured + excluded.measured,
            measured_business = r.measured_business + excluded.measured_business, sum_ms = r.sum_ms + excluded.sum_ms,
            sum_business_ms = r.sum_business_ms + excluded.sum_business_ms, met = r.met + excluded.met, missed = r.missed + excluded.missed,
            hist_ms = report_hist_merge(r.hist_ms, excluded.hist_ms),
            hist_business_ms = report_hist_merge(r.hist_business_ms, excluded.hist_business_ms)$q$,
        source, sign, case when sign < 0 then 'report_hist_negate' else '' end, grains, fill)
$$;

create or replace function report_rollup_insert() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtext('report_rollup'));
    execute report_cells_sql('new_facts', 1, '{h,d}', null);
    return null;
end $$;

create or replace function report_rollup_delete() returns trigger language plpgsql as $$
begin
    perform pg_advisory_xact_lock(hashtext('report_rollup'));
    execute report_cells_sql('old_facts', -1, '{h,d}', null);
    delete from report_rollup where facts = 0;
    return null;
end $$;

drop function report_rollup_sql(text, integer, text);

-- Adds to zone z's day cells the facts stamped in [down_to, filled_from) and moves filled_from down
-- to down_to ('-infinity' when no older fact is left); returns the new filled_from.
create function report_zone_fill(z smallint, down_to timestamptz) returns timestamptz language plpgsql as $$
declare
    until timestamptz;
begin
    perform pg_advisory_xact_lock(hashtext('report_rollup'));
    select filled_from into until from report_zone where id = z;
    if until is null or until <= down_to then
        return until;
    end if;
    execute report_cells_sql(format('(select * from report_fact where at >= %L and at < %L)', down_to, until), 1, '{d}', z);
    if not exists (select 1 from report_fact where at < down_to) then
        down_to := '-infinity';
    end if;
    update report_zone set filled_from = down_to where id = z;
    return down_to;
end $$;

-- Registers a zone (nothing filled yet) unless it is one already or limit zones are; its id or null.
-- Registrations take a lock of their own (not the rollups'), so asking never waits for a fill.
create function report_zone_ask(wanted varchar, zone_limit integer) returns smallint language plpgsql as $$
declare
    found smallint;
begin
    perform pg_advisory_xact_lock(hashtext('report_zone'));
    select id into found from report_zone where zone = wanted;
    if found is null and (select count(*) from report_zone) < zone_limit then
        insert into report_zone (id, zone, filled_from)
        select coalesce(max(id), 0) + 1, wanted, 'infinity' from report_zone returning id into found;
    end if;
    return found;
end $$;

-- The account's zone is always a complete report zone: a new one is filled in the transaction of the
-- settings (seconds for a million facts; it is rare). The previous one stays as a viewer's zone.
create function report_zone_account(wanted varchar) returns void language plpgsql as $$
declare
    z smallint;
begin
    update report_rollup_zone set zone = wanted;
    z := report_zone_ask(wanted, 32767);
    perform report_zone_fill(z, '-infinity');
end $$;

create or replace function report_rollup_zone_changed() returns trigger language plpgsql as $$
declare
    wanted varchar(64) := case when tg_op = 'DELETE' then 'UTC' else coalesce(new.settings ->> 'timeZone', 'UTC') end;
begin
    if coalesce(new.scope, old.scope) = 'default' and wanted is distinct from (select zone from report_rollup_zone) then
        perform report_zone_account(wanted);
    end if;
    return null;
end $$;

create or replace function report_rollup_settings_truncated() returns trigger language plpgsql as $$
begin
    if (select zone from report_rollup_zone) <> 'UTC' then
        perform report_zone_account('UTC');
    end if;
    return null;
end $$;

-- Emptied (the tests do): no cells, and only the account's zone is kept, complete.
create or replace function report_rollup_truncate() returns trigger language plpgsql as $$
begin
    delete from report_rollup;
    delete from report_zone where zone <> (select zone from report_rollup_zone);
    update report_zone set filled_from = '-infinity';
    return null;
end $$;

-- The account zone's day cells again, now with the agent level over every team.
delete from report_rollup where grain = 'd';
do $$ begin execute report_cells_sql('report_fact', 1, '{d}', 1::smallint); end $$;
