-- Local hours of report zones whose offset is not whole hours (docs/metrics.md, "Rollups"): UTC hours
-- cannot be cut into the hours of India, Nepal or Newfoundland, so such a zone also keeps 'h' cells of
-- its own (zone = its id), filled and kept exactly like its day cells.
alter table report_zone add column hours boolean not null default false;

-- Whether a zone's offset now is not a whole number of hours.
create function report_zone_fractional(zone varchar) returns boolean stable language sql as $$
    select extract(epoch from (now() at time zone zone) - (now() at time zone 'UTC'))::integer % 3600 <> 0
$$;

-- As in V22, plus the local hours of the zones that keep them: UTC 'h' cells (not while filling one
-- zone, fill not null), and each report zone's 'd' cells and, when it keeps hours, its 'h' cells.
create or replace function report_cells_sql(source text, sign integer, grains text, fill smallint) returns text immutable language sql as $$
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
        cross join lateral (select 'h'::char(1), 0::smallint, date_trunc('hour', f.at, 'UTC') where %5$L::smallint is null
                            union all
                            select g.grain, z.id, date_trunc(case g.grain when 'd' then 'day' else 'hour' end, f.at, z.zone)
                            from report_zone z
                            join (values ('d'::char(1)), ('h')) g(grain) on g.grain = 'd' or z.hours
                            where g.grain = any(%4$L::char[])
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

create or replace function report_zone_fill(z smallint, down_to timestamptz) returns timestamptz language plpgsql as $$
declare
    until timestamptz;
begin
    perform pg_advisory_xact_lock(hashtext('report_rollup'));
    select filled_from into until from report_zone where id = z;
    if until is null or until <= down_to then
        return until;
    end if;
    execute report_cells_sql(format('(select * from report_fact where at >= %L and at < %L)', down_to, until), 1, '{h,d}', z);
    if not exists (select 1 from report_fact where at < down_to) then
        down_to := '-infinity';
    end if;
    update report_zone set filled_from = down_to where id = z;
    return down_to;
end $$;

create or replace function report_zone_ask(wanted varchar, zone_limit integer) returns smallint language plpgsql as $$
declare
    found smallint;
begin
    perform pg_advisory_xact_lock(hashtext('report_zone'));
    select id into found from report_zone where zone = wanted;
    if found is null and (select count(*) from report_zone) < zone_limit then
        insert into report_zone (id, zone, filled_from, hours)
        select coalesce(max(id), 0) + 1, wanted, 'infinity', report_zone_fractional(wanted) from report_zone returning id into found;
    end if;
    return found;
end $$;

-- The zones kept so far that need hours get them, from the facts.
do $$
declare
    z record;
begin
    perform pg_advisory_xact_lock(hashtext('report_rollup'));
    for z in select id, filled_from from report_zone where report_zone_fractional(zone) loop
        update report_zone set hours = true where id = z.id;
        execute report_cells_sql(format('(select * from report_fact where at >= %L)', z.filled_from), 1, '{h}', z.id);
    end loop;
end $$;
