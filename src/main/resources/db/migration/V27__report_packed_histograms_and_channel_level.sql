-- Packed histograms and a channel level (docs/metrics.md, "Rollups"; docs/performance.md, fifth session).

-- A histogram is one big-endian 4-byte word per bin with a count, ascending: the bin in the top 10 bits
-- (bins stop at 873, the bin of the largest bigint), the count in the low 22. A count above 4,194,303 takes
-- several words of the same bin; readers add them up. Reports read tens of thousands of cells at a time:
-- as bytes they cost the database and the driver about what the cells without histograms do, where the
-- integer arrays cost about as much again, and they take half the space.
create function report_hist_encode(bins integer[], counts bigint[]) returns bytea immutable parallel safe language sql as $$
    select coalesce(string_agg(int4send((p.bin << 22) | least(p.n - part * 4194303, 4194303)::integer), ''::bytea order by p.bin, part),
                    ''::bytea)
    from unnest(bins, counts) p(bin, n), generate_series(0, (p.n - 1) / 4194303) part
    where p.n > 0
$$;

create function report_hist_words(h bytea) returns setof integer immutable parallel safe language sql as $$
    select (get_byte(h, i) << 24) | (get_byte(h, i + 1) << 16) | (get_byte(h, i + 2) << 8) | get_byte(h, i + 3)
    from generate_series(0, length(h) - 4, 4) i
$$;

drop function report_hist(integer[]);
create function report_hist(bins integer[]) returns bytea immutable parallel safe language sql as $$
    select report_hist_encode(array_agg(bin order by bin), array_agg(n order by bin))
    from (select bin, count(*) as n from unnest(bins) bin where bin is not null group by bin) s
$$;

-- a + sign × b, bin by bin (sign -1: the facts of b taken away).
create function report_hist_merge(a bytea, b bytea, sign integer) returns bytea immutable parallel safe language sql as $$
    select report_hist_encode(array_agg(bin order by bin), array_agg(n order by bin))
    from (select bin, sum(n)::bigint as n
          from (select (w >> 22) & 1023 as bin, (w & 4194303)::bigint as n from report_hist_words(a) w
                union all
                select (w >> 22) & 1023, sign * (w & 4194303)::bigint from report_hist_words(b) w) words
          group by bin having sum(n) > 0) s
$$;

create function report_hist_from_pairs(h integer[]) returns bytea immutable language sql as $$
    select report_hist_encode(array(select h[i] from generate_subscripts(h, 1) i where i % 2 = 1 order by i),
                              array(select h[i + 1]::bigint from generate_subscripts(h, 1) i where i % 2 = 1 order by i))
$$;

-- A fact's channel (docs/metrics.md, "Reports"): the peer provider whose room its conversation is, else direct. Kept on
-- the row when it is written, like its team, topic and labels — set here, so no writer can forget it. A room exists
-- before its conversation (the consent names it), so a fact never predates its room.
alter table report_fact add column channel varchar(253) not null default 'direct';
update report_fact f set channel = c.peer_domain from federation_consent c where c.room_id = f.conversation_id;

create function report_fact_channel() returns trigger language plpgsql as $$
begin
    new.channel := coalesce((select peer_domain from federation_consent where room_id = new.conversation_id), 'direct');
    return new;
end $$;

create trigger report_fact_channel before insert on report_fact for each row execute function report_fact_channel();

-- Level 'c': one channel's facts within one team.
alter table report_rollup add column channel varchar(253);
drop index report_rollup_cell;
alter table report_rollup alter column hist_ms type bytea using report_hist_from_pairs(hist_ms),
                          alter column hist_business_ms type bytea using report_hist_from_pairs(hist_business_ms);
create unique index report_rollup_cell on report_rollup (grain, zone, level, start, metric, team_id, device_id, topic_id, label, channel)
    nulls not distinct;
drop function report_hist_from_pairs(integer[]);
drop function report_hist_merge(integer[], integer[]);
drop function report_hist_negate(integer[]);

-- As in V23, with packed histograms, the channel level, and only the given levels (levels: '{t,a,g,p,l,c}' for all).
create function report_cells_sql(source text, sign integer, grains text, fill smallint, levels text) returns text immutable language sql as $$
    select format($q$
        insert into report_rollup as r (grain, zone, level, start, metric, team_id, device_id, topic_id, label, channel, facts, measured,
                                        measured_business, sum_ms, sum_business_ms, met, missed, hist_ms, hist_business_ms)
        select c.grain, c.zone, l.level, c.start, f.metric, l.team_id, l.device_id, l.topic_id, l.label, l.channel,
               %2$s * count(*), %2$s * count(f.ms) filter (where f.answered), %2$s * count(f.business_ms) filter (where f.answered),
               %2$s * coalesce(sum(f.ms) filter (where f.answered), 0), %2$s * coalesce(sum(f.business_ms) filter (where f.answered), 0),
               %2$s * count(*) filter (where f.met), %2$s * count(*) filter (where not f.met),
               report_hist(array_agg(report_bin(f.ms)) filter (where f.answered)),
               report_hist(array_agg(report_bin(f.business_ms)) filter (where f.answered))
        from %1$s f
        cross join lateral (select 'h'::char(1), 0::smallint, date_trunc('hour', f.at, 'UTC') where %4$L::smallint is null
                            union all
                            select g.grain, z.id, date_trunc(case g.grain when 'd' then 'day' else 'hour' end, f.at, z.zone)
                            from report_zone z
                            join (values ('d'::char(1)), ('h')) g(grain) on g.grain = 'd' or z.hours
                            where g.grain = any(%3$L::char[])
                              and case when %4$L::smallint is null then f.at >= z.filled_from else z.id = %4$L::smallint end
                           ) c(grain, zone, start)
        cross join lateral (select 't' as level, f.team_id, null::varchar as device_id, null::varchar as topic_id, null::varchar as label,
                                   null::varchar as channel
                            union all select 'a', f.team_id, f.device_id, null, null, null
                            union all select 'g', null, f.device_id, null, null, null where c.grain = 'd'
                            union all select 'p', f.team_id, null, f.topic_id, null, null
                            union all select 'c', f.team_id, null, null, null, f.channel
                            union all select 'l', f.team_id, null, null, x, null
                            from unnest(case when cardinality(f.labels) = 0 then array[null]::varchar[] else f.labels::varchar[] end) x) l
        where l.level = any(%5$L::char[])
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        on conflict (grain, zone, level, start, metric, team_id, device_id, topic_id, label, channel) do update set
            facts = r.facts + excluded.facts, measured = r.measured + excluded.measured,
            measured_business = r.measured_business + excluded.measured_business, sum_ms = r.sum_ms + excluded.sum_ms,
            sum_business_ms = r.sum_business_ms + excluded.sum_business_ms, met = r.met + excluded.met, missed = r.missed + excluded.missed,
            hist_ms = report_hist_merge(r.hist_ms, excluded.hist_ms, %2$s),
            hist_business_ms = report_hist_merge(r.hist_business_ms, excluded.hist_business_ms, %2$s)$q$,
        source, sign, grains, fill, levels)
$$;

-- Every caller since V22 (the triggers, the zone filler) writes every level.
create or replace function report_cells_sql(source text, sign integer, grains text, fill smallint) returns text immutable language sql as $$
    select report_cells_sql(source, sign, grains, fill, '{t,a,g,p,l,c}')
$$;

-- The channel cells of the facts so far: UTC hours, and each report zone's days (and hours) as far as it is filled.
do $$
begin
    perform pg_advisory_xact_lock(hashtext('report_rollup'));
    execute report_cells_sql('report_fact', 1, '{h,d}', null, '{c}');
end $$;
