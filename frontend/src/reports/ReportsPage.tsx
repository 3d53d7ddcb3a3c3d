import { useMemo, useState } from 'preact/hooks';
import { EmptyState, ErrorBanner } from '../components/Banner';
import { FilterBar, FilterDate, FilterSelect, FilterText } from '../components/FilterBar';
import { formatDateTime, translator } from '../i18n';
import { Chart, type ChartLine } from './Chart';
import { bucketAxis, DIRECT, hasNarrowingFilters, seriesValues, type Filters, type ReportsStore } from './store';
import type { CountKey, ReportNumbers, ReportSeries, Stat, StatKey } from './types';

const tr = translator('reports');

/** A duration in ms as h:mm:ss (or m:ss), the same in every language. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

const STATS: StatKey[] = ['waitTime', 'firstResponse', 'nextResponse', 'resolution', 'handle', 'csat'];
const SLA: StatKey[] = ['firstResponse', 'nextResponse', 'resolution'];

/** The channel select's entry that asks for a provider's domain instead. */
const OTHER_CHANNEL = '*other';

/** The reports: pickers, charts, a table per series, every number a button to the conversations behind it, CSV exports. */
export function ReportsPage({ store }: { store: ReportsStore }) {
  const report = store.report.value;
  const filters = store.filters.value;
  // A supervisor may not list the peers: they type the provider's domain, kept here until it is applied.
  const [typingChannel, setTypingChannel] = useState(false);
  const [domain, setDomain] = useState('');
  return (
    <div class="reports" data-testid="reports">
      <div class="board-top">
        <div>
          <h1>{tr('title')}</h1>
          <p class="muted small">{tr('subtitle')}</p>
        </div>
        <nav class="row" aria-label={tr('nav')}>
          <a href="/board" class="button-link">{tr('board')}</a>
          <a href="/audit" class="button-link">{tr('audit')}</a>
        </nav>
      </div>
      <FilterBar className="report-filters" label={tr('filters')}>
        <FilterDate label={tr('from')} value={filters.from} testId="report-from" onChange={(from) => void store.change({ from })} />
        <FilterDate label={tr('to')} value={filters.to} testId="report-to" onChange={(to) => void store.change({ to })} />
        <FilterSelect label={tr('granularity')} value={filters.granularity} testId="report-granularity"
          onChange={(granularity) => void store.change({ granularity: granularity as Filters['granularity'] })}
          options={[{ value: 'hour', label: tr('hour') }, { value: 'day', label: tr('day') }, { value: 'week', label: tr('week') }]} />
        <FilterSelect label={tr('groupBy')} value={filters.groupBy} testId="report-group"
          onChange={(groupBy) => void store.change({ groupBy: groupBy as Filters['groupBy'] })}
          options={(['none', 'team', 'agent', 'topic', 'label', 'channel'] as const).map((by) => ({ value: by, label: tr(`group.${by}`) }))} />
        <FilterSelect label={tr('team')} value={filters.team} testId="report-team" onChange={(team) => void store.change({ team })}
          options={[{ value: '', label: tr('allTeams') }, ...store.names.value.teams.map((team) => ({ value: team.id, label: team.name }))]} />
        <FilterSelect label={tr('agent')} value={filters.agent} testId="report-agent" onChange={(agent) => void store.change({ agent })}
          options={[{ value: '', label: tr('allAgents') }, ...store.names.value.agents.map((agent) => ({ value: agent.id, label: agent.name }))]} />
        <FilterSelect label={tr('topic')} value={filters.topic} testId="report-topic" onChange={(topic) => void store.change({ topic })}
          options={[{ value: '', label: tr('allTopics') }, ...store.names.value.topics.map((topic) => ({ value: topic.id, label: topic.name }))]} />
        <FilterText label={tr('label')} value={filters.label} testId="report-label" placeholder={tr('anyLabel')} onChange={(label) => void store.change({ label })} />
        <FilterSelect label={tr('channel')} value={typingChannel ? OTHER_CHANNEL : filters.channel} testId="report-channel"
          onChange={(channel) => {
            setTypingChannel(channel === OTHER_CHANNEL);
            if (channel === OTHER_CHANNEL) requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="report-channel-domain"]')?.focus());
            else void store.change({ channel });
          }}
          options={[
            { value: '', label: tr('allChannels') },
            { value: DIRECT, label: tr('channel.direct') },
            ...store.channels().map((domain) => ({ value: domain, label: domain })),
            { value: OTHER_CHANNEL, label: tr('channel.other') },
          ]} />
        {typingChannel ? (
          <FilterText label={tr('channel.domain')} value={domain} testId="report-channel-domain" placeholder="chat.example.org"
            onChange={async (typed) => {
              setDomain(typed);
              if (typed.trim() !== '' && (await store.chooseChannel(typed))) {
                setTypingChannel(false);
                setDomain('');
              }
            }} />
        ) : null}
        <FilterSelect label={tr('zone')} value={filters.zone} testId="report-zone" onChange={(zone) => void store.change({ zone: zone as Filters['zone'] })}
          options={[{ value: 'account', label: tr('zone.account') }, { value: 'viewer', label: tr('zone.viewer') }]} />
        <FilterSelect label={tr('clock')} value={filters.clock} testId="report-clock" onChange={(clock) => void store.change({ clock: clock as Filters['clock'] })}
          options={[{ value: 'wall', label: tr('clock.wall') }, { value: 'business', label: tr('clock.business') }]} />
      </FilterBar>
      <div class="row report-exports">
        <button type="button" data-testid="export-daily" disabled={store.exporting.value !== null} onClick={() => void store.exportCsv('daily')}>
          {tr('export.daily')}
        </button>
        <button type="button" data-testid="export-cycles" disabled={store.exporting.value !== null} onClick={() => void store.exportCsv('cycles')}>
          {tr('export.cycles')}
        </button>
        {report ? <span class="muted small" data-testid="report-zone-used">{tr('zoneUsed', { zone: report.timeZone })}</span> : null}
      </div>
      <ErrorBanner id="reports-error" testId="reports-error" message={store.error.value} />
      {store.loading.value && !report ? <p class="muted">{tr('loading')}</p> : null}
      {report ? report.series.length === 0 ? <Empty store={store} /> : <Loaded store={store} /> : null}
      <DrillPanel store={store} />
    </div>
  );
}

/** Nothing to show: with filters narrowing the report, say so and offer to drop them. */
function Empty({ store }: { store: ReportsStore }) {
  if (!hasNarrowingFilters(store.filters.value)) return <EmptyState testId="reports-empty" text={tr('empty')} />;
  return (
    <div class="empty" data-testid="reports-empty">
      <p>{tr('emptyFiltered')}</p>
      <button
        type="button"
        data-testid="reports-clear-filters"
        onClick={async () => {
          await store.change({ team: '', agent: '', topic: '', label: '', channel: '' });
          // The button is gone with the empty report: keep the keyboard in the filters rather than on the page's start.
          document.querySelector<HTMLElement>('[data-testid="report-team"]')?.focus();
        }}
      >
        {tr('clearFilters')}
      </button>
    </div>
  );
}

const WITHOUT: Record<string, string> = { team: 'noTeam', agent: 'noAgent', topic: 'noTopic', label: 'noLabel' };

function seriesName(store: ReportsStore, series: ReportSeries): string {
  if (series.teamId !== null) return store.teamName(series.teamId) ?? '';
  if (series.deviceId !== null) return store.agentName(series.deviceId) ?? '';
  if (series.topicId !== null) return store.topicName(series.topicId) ?? '';
  if (series.label !== null) return series.label;
  if (series.channel !== null) return channelName(series.channel);
  const without = WITHOUT[store.report.value?.groupBy ?? ''];
  return tr(without ?? 'everything');
}

export function channelName(channel: string): string {
  return channel === DIRECT ? tr('channel.direct') : channel;
}

function Loaded({ store }: { store: ReportsStore }) {
  const report = store.report.value!;
  const axis = useMemo(() => bucketAxis(report), [report]);
  const xs = useMemo(() => {
    const starts = new Map<string, string>();
    for (const series of report.series) for (const bucket of series.buckets) starts.set(bucket.local, bucket.start);
    return axis.map((local) => Date.parse(starts.get(local)!) / 1000);
  }, [report, axis]);
  const volume: ChartLine[] = useMemo(
    () => report.series.map((series) => ({ label: seriesName(store, series), values: seriesValues(series, axis, (n) => (report.groupBy === 'agent' && series.deviceId !== null ? n.assigned : n.volume)) })),
    [report, axis],
  );
  const response: ChartLine[] = useMemo(
    () =>
      report.series.flatMap((series) => [
        { label: `${seriesName(store, series)} · ${tr('median')}`, values: seriesValues(series, axis, (n) => (n.firstResponse.median === null ? null : n.firstResponse.median / 1000)) },
        { label: `${seriesName(store, series)} · ${tr('p90')}`, values: seriesValues(series, axis, (n) => (n.firstResponse.p90 === null ? null : n.firstResponse.p90 / 1000)) },
      ]),
    [report, axis],
  );
  return (
    <>
      <div class="report-charts">
        <Chart title={tr('chart.volume')} xs={xs} lines={volume} format={(v) => String(v)} testId="chart-volume" />
        <Chart title={tr('chart.firstResponse')} xs={xs} lines={response} format={(v) => formatMs(v * 1000)} testId="chart-frt" />
      </div>
      <section class="card">
        <h2>{tr('totals')}</h2>
        <NumbersTable store={store} rows={[...report.series.map((series) => ({ series, label: seriesName(store, series), numbers: series.total, start: report.start, end: report.end })), ...(report.series.length > 1 ? [{ series: null, label: tr('overall'), numbers: report.total, start: report.start, end: report.end }] : [])]} />
      </section>
      {report.series.map((series) => (
        <section class="card" key={`${series.teamId}-${series.deviceId}-${series.topicId}-${series.label}-${series.channel}`}>
          <h2>{seriesName(store, series)}</h2>
          <NumbersTable store={store} rows={series.buckets.map((bucket) => ({ series, label: bucketLabel(bucket.local, report.granularity), numbers: bucket.numbers, start: bucket.start, end: bucket.end }))} />
        </section>
      ))}
    </>
  );
}

function bucketLabel(local: string, granularity: string): string {
  return granularity === 'hour' ? local.replace('T', ' ').slice(0, 16) : local.slice(0, 10);
}

interface Row {
  series: ReportSeries | null;
  label: string;
  numbers: ReportNumbers;
  start: string;
  end: string;
}

function NumbersTable({ store, rows }: { store: ReportsStore; rows: Row[] }) {
  return (
    <div class="table-scroll">
      <table class="report-table">
        <thead>
          <tr>
            <th rowSpan={2}></th>
            <th rowSpan={2}>{tr('volume')}</th>
            <th rowSpan={2}>{tr('assigned')}</th>
            {STATS.map((key) => (
              <th key={key} colSpan={SLA.includes(key) ? 4 : 3}>{tr(`metric.${key}`)}</th>
            ))}
            <th rowSpan={2}>{tr('abandoned')}</th>
          </tr>
          <tr>
            {STATS.flatMap((key) => [
              <th key={`${key}-mean`}>{tr('mean')}</th>,
              <th key={`${key}-median`}>{tr('median')}</th>,
              <th key={`${key}-p90`}>{tr('p90')}</th>,
              ...(SLA.includes(key) ? [<th key={`${key}-sla`}>{tr('sla')}</th>] : []),
            ])}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td><Count store={store} row={row} keyName="volume" value={row.numbers.volume} /></td>
              <td><Count store={store} row={row} keyName="assigned" value={row.numbers.assigned} /></td>
              {STATS.flatMap((key) => statCells(store, row, key, row.numbers[key]))}
              <td><Count store={store} row={row} keyName="abandoned" value={row.numbers.abandoned} /> <span class="muted small" title={tr('shortAbandoned')}>(+{row.numbers.shortAbandoned})</span></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function statCells(store: ReportsStore, row: Row, key: StatKey, stat: Stat) {
  const open = () => openDrill(store, row, key);
  const cell = (name: string, value: string) => (
    <td key={`${key}-${name}`}>
      {stat.count > 0 || (name === 'sla' && stat.slaPercent !== null) ? (
        <button type="button" class="link-button number" data-testid={`n-${key}-${name}`} title={tr('drill.hint', { n: stat.count })} onClick={open}>
          {value}
        </button>
      ) : (
        '—'
      )}
    </td>
  );
  // CSAT is a rating from 1 to 5; every other stat is a duration.
  const show = key === 'csat' ? (value: number | null) => (value === null ? '—' : value.toFixed(1)) : formatMs;
  return [
    cell('mean', show(stat.mean)),
    cell('median', show(stat.median)),
    cell('p90', show(stat.p90)),
    ...(SLA.includes(key) ? [cell('sla', stat.slaPercent === null ? '—' : `${Math.round(stat.slaPercent)} %`)] : []),
  ];
}

function Count({ store, row, keyName, value }: { store: ReportsStore; row: Row; keyName: CountKey; value: number }) {
  if (value === 0) return <span class="muted">0</span>;
  return (
    <button type="button" class="link-button number" data-testid={`n-${keyName}`} onClick={() => openDrill(store, row, keyName)}>
      {value}
    </button>
  );
}

function openDrill(store: ReportsStore, row: Row, key: StatKey | CountKey) {
  void store.open({
    key,
    label: `${row.label} · ${tr(key === 'volume' || key === 'assigned' || key === 'abandoned' || key === 'shortAbandoned' ? key : `metric.${key}`)}`,
    start: row.start,
    end: row.end,
    teamId: row.series?.teamId ?? null,
    deviceId: row.series?.deviceId ?? null,
    topicId: row.series?.topicId ?? null,
    seriesLabel: row.series?.label ?? null,
    channel: row.series?.channel ?? null,
  });
}

function DrillPanel({ store }: { store: ReportsStore }) {
  const drill = store.drill.value;
  if (!drill) return null;
  return (
    <section class="card drill" data-testid="drill" aria-live="polite">
      <div class="row">
        <h2>{drill.label}</h2>
        <button type="button" onClick={() => store.closeDrill()}>{tr('drill.close')}</button>
      </div>
      <p class="muted small">{tr('drill.explain')}</p>
      <ErrorBanner id="drill-error" testId="drill-error" message={drill.error} />
      {drill.items.length === 0 && !drill.loading && !drill.error ? <EmptyState text={tr('drill.empty')} /> : null}
      {drill.items.length > 0 ? (
        <table class="report-table">
          <thead>
            <tr>
              <th>{tr('drill.conversation')}</th>
              <th>{tr('drill.at')}</th>
              <th>{tr('team')}</th>
              <th>{tr('agent')}</th>
              <th>{tr('drill.wall')}</th>
              <th>{tr('drill.business')}</th>
              <th>{tr('sla')}</th>
            </tr>
          </thead>
          <tbody>
            {drill.items.map((item) => (
              <tr key={`${item.cycleId}-${item.metric}-${item.at}`} data-testid="drill-row">
                <td>
                  <a href={`/inbox#c=${encodeURIComponent(item.conversationId)}`}>{item.conversationId}</a> <span class="muted small">#{item.cycleId}</span>
                </td>
                <td>{formatDateTime(Date.parse(item.at))}</td>
                <td>{store.teamName(item.teamId) ?? '—'}</td>
                <td>{store.agentName(item.deviceId) ?? '—'}</td>
                <td>{item.metric === 'csat' ? `${item.ms} / 5` : item.answered ? formatMs(item.ms) : tr('drill.unanswered')}</td>
                <td>{item.metric === 'csat' ? '—' : item.answered ? formatMs(item.businessMs) : '—'}</td>
                <td>{item.met === null ? '—' : item.met ? tr('drill.met') : tr('drill.missed')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {drill.loading ? <p class="muted">{tr('loading')}</p> : null}
      {drill.nextOffset !== null && !drill.loading ? (
        <button type="button" onClick={() => void store.more()}>{tr('drill.more')}</button>
      ) : null}
    </section>
  );
}
