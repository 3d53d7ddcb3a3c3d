import { signal } from '@preact/signals';
import type { DrillItem, DrillPage, Granularity, GroupBy, Report, ReportSeries, StatKey, CountKey } from './types';
import { DRILL_METRIC } from './types';
import { translator } from '../i18n';

const tr = translator('reports');

/** The label filter's value for the facts without labels (§15.8). */
export const NO_LABEL = '-';

/** The channel of this provider's own customers; any other channel is a peer provider's domain (§15.8). */
export const DIRECT = 'direct';

/** A peer provider's domain as the server takes it for `channel` (ReportRequest): lowercase labels joined by dots. */
const DOMAIN = /^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}$/;

/** Rows per page of the per-cycle CSV: the most the server sends at once. */
export const CYCLE_PAGE = 1000;

export interface ReportsHttp {
  get<T>(path: string, options?: { accept?: string }): Promise<T>;
}

/** A name for each team and agent in the caller's scope, read from the board (§15.3). */
export interface Names {
  teams: { id: string; name: string }[];
  agents: { id: string; name: string }[];
  topics: { id: string; name: string }[];
  /** The peer providers' domains, as far as this viewer may read them (owners and admins: §16). */
  peers: string[];
}

export interface Filters {
  from: string;
  to: string;
  granularity: Granularity;
  groupBy: GroupBy;
  team: string;
  agent: string;
  topic: string;
  /** One label, as typed; '' for any. */
  label: string;
  /** '' for every channel, {@link DIRECT}, or a peer provider's domain. */
  channel: string;
  /** 'account': the account's zone (the server's default); 'viewer': this browser's. */
  zone: 'account' | 'viewer';
  clock: 'wall' | 'business';
}

/** What was clicked: one number of one series in one bucket (or the whole range). */
export interface Drill {
  key: StatKey | CountKey;
  label: string;
  start: string;
  end: string;
  teamId: string | null;
  deviceId: string | null;
  topicId: string | null;
  /** The label of the series clicked (`label` above is what the panel says). */
  seriesLabel: string | null;
  /** The channel of the series clicked. */
  channel: string | null;
  items: DrillItem[];
  nextOffset: number | null;
  loading: boolean;
  error: string | null;
}

export interface ReportsDeps {
  http: ReportsHttp;
  viewerZone: string;
  today: () => Date;
  errorText: (error: unknown) => string;
  /** Hands a CSV to the browser as a download. */
  download: (name: string, csv: string) => void;
}

function isoDate(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The last seven days, today included, per day, per team, in the account's zone. */
export function defaultFilters(today: Date): Filters {
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6);
  return { from: isoDate(from), to: isoDate(today), granularity: 'day', groupBy: 'team', team: '', agent: '', topic: '', label: '', channel: '', zone: 'account', clock: 'wall' };
}

/** The query string every report call shares (§15.8). */
export function reportQuery(filters: Filters, viewerZone: string): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to, granularity: filters.granularity, groupBy: filters.groupBy, clock: filters.clock });
  if (filters.team) params.set('team', filters.team);
  if (filters.agent) params.set('agent', filters.agent);
  if (filters.topic) params.set('topic', filters.topic);
  if (filters.label.trim()) params.set('label', filters.label.trim());
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.zone === 'viewer') params.set('timeZone', viewerZone);
  return params.toString();
}

/** Whether the report is cut to one team, agent, topic, label or channel (not just a range, zone or clock). */
export function hasNarrowingFilters(filters: Filters): boolean {
  return filters.team !== '' || filters.agent !== '' || filters.topic !== '' || filters.label.trim() !== '' || filters.channel !== '';
}

/** Every bucket start of the report, in order: the charts' shared x axis (series list only the buckets they have). */
export function bucketAxis(report: Report): string[] {
  const all = new Set<string>();
  for (const series of report.series) for (const bucket of series.buckets) all.add(bucket.local);
  return [...all].sort();
}

/** One series' values on the shared axis; null where it had no facts (a gap, not a zero, for durations). */
export function seriesValues(series: ReportSeries, axis: string[], pick: (numbers: ReportSeries['total']) => number | null): (number | null)[] {
  const byLocal = new Map(series.buckets.map((bucket) => [bucket.local, bucket.numbers]));
  return axis.map((local) => {
    const numbers = byLocal.get(local);
    return numbers ? pick(numbers) : null;
  });
}

export type ReportsStore = ReturnType<typeof createReportsStore>;

export function createReportsStore(deps: ReportsDeps) {
  const filters = signal<Filters>(defaultFilters(deps.today()));
  const report = signal<Report | null>(null);
  const loading = signal(false);
  const error = signal<string | null>(null);
  const names = signal<Names>({ teams: [], agents: [], topics: [], peers: [] });
  /** Peer domains seen in reports grouped by channel: a supervisor who may not list the peers still finds them. */
  const seenChannels = signal<string[]>([]);
  const drill = signal<Drill | null>(null);
  const exporting = signal<'daily' | 'cycles' | null>(null);
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const next = await deps.http.get<Report>(`/api/reports?${reportQuery(filters.value, deps.viewerZone)}`);
      if (mine === generation) {
        report.value = next;
        const seen = next.series.map((series) => series.channel).filter((channel): channel is string => channel !== null && channel !== DIRECT);
        if (seen.some((channel) => !seenChannels.value.includes(channel))) seenChannels.value = [...new Set([...seenChannels.value, ...seen])];
      }
    } catch (e) {
      if (mine === generation) {
        report.value = null;
        error.value = deps.errorText(e);
      }
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  /**
   * Filters by a provider's domain typed by the viewer (a supervisor may not list the peers); false, with the
   * reason shown, when it cannot be a domain.
   */
  async function chooseChannel(text: string): Promise<boolean> {
    const domain = text.trim().toLowerCase();
    if (domain.length > 253 || !DOMAIN.test(domain)) {
      error.value = tr('error.channel');
      return false;
    }
    await change({ channel: domain });
    return true;
  }

  function change(patch: Partial<Filters>): Promise<void> {
    filters.value = { ...filters.value, ...patch };
    drill.value = null;
    return load();
  }

  async function fetchDrill(current: Drill, offset: number): Promise<DrillPage> {
    const params = new URLSearchParams(reportQuery(filters.value, deps.viewerZone));
    params.set('metric', DRILL_METRIC[current.key]);
    params.set('start', current.start);
    params.set('end', current.end);
    params.set('limit', '100');
    params.set('offset', String(offset));
    if (current.teamId !== null) params.set('team', current.teamId);
    else if (filters.value.groupBy === 'team' && !filters.value.team) params.set('team', 'none');
    if (current.deviceId !== null) params.set('agent', current.deviceId);
    if (current.topicId !== null) params.set('topic', current.topicId);
    else if (filters.value.groupBy === 'topic' && !filters.value.topic) params.set('topic', 'none');
    if (current.seriesLabel !== null) params.set('label', current.seriesLabel);
    else if (filters.value.groupBy === 'label' && !filters.value.label.trim()) params.set('label', NO_LABEL);
    if (current.channel !== null) params.set('channel', current.channel);
    return deps.http.get<DrillPage>(`/api/reports/conversations?${params}`);
  }

  /** Lists the facts behind one number. */
  async function open(target: Omit<Drill, 'items' | 'nextOffset' | 'loading' | 'error'>): Promise<void> {
    const current: Drill = { ...target, items: [], nextOffset: null, loading: true, error: null };
    drill.value = current;
    try {
      const page = await fetchDrill(current, 0);
      if (drill.value?.label === current.label && drill.value.start === current.start) drill.value = { ...current, items: page.items, nextOffset: page.nextOffset, loading: false };
    } catch (e) {
      drill.value = { ...current, loading: false, error: deps.errorText(e) };
    }
  }

  async function more(): Promise<void> {
    const current = drill.value;
    if (!current || current.nextOffset === null) return;
    drill.value = { ...current, loading: true };
    try {
      const page = await fetchDrill(current, current.nextOffset);
      drill.value = { ...current, items: [...current.items, ...page.items], nextOffset: page.nextOffset, loading: false };
    } catch (e) {
      drill.value = { ...current, loading: false, error: deps.errorText(e) };
    }
  }

  async function csvText(path: string): Promise<string> {
    const csv = await deps.http.get<string>(path, { accept: 'text/csv' });
    return typeof csv === 'string' ? csv : '';
  }

  /** The per-cycle CSV comes in pages (§15.8), each continuing after the last row of the one before: one file of them all. */
  async function cyclePages(path: string): Promise<string> {
    let csv = '';
    let after = '';
    for (;;) {
      const lines = (await csvText(`${path}&limit=${CYCLE_PAGE}${after}`)).split('\r\n').filter((line) => line !== '');
      const rows = lines.slice(1);
      csv += (csv === '' ? lines : rows).map((line) => `${line}\r\n`).join('');
      if (rows.length < CYCLE_PAGE) return csv;
      const last = rows[rows.length - 1].split(',');
      after = `&afterCycle=${last[1]}&afterStart=${encodeURIComponent(last[3])}`;
    }
  }

  async function exportCsv(kind: 'daily' | 'cycles'): Promise<void> {
    exporting.value = kind;
    error.value = null;
    try {
      const path = `/api/reports/${kind}.csv?${reportQuery(filters.value, deps.viewerZone)}`;
      const csv = kind === 'daily' ? await csvText(path) : await cyclePages(path);
      deps.download(`switchboard-${kind}-${filters.value.from}-${filters.value.to}.csv`, csv);
    } catch (e) {
      error.value = deps.errorText(e);
    } finally {
      exporting.value = null;
    }
  }

  function teamName(id: string | null): string | null {
    return id === null ? null : names.value.teams.find((team) => team.id === id)?.name ?? id;
  }

  function topicName(id: string | null): string | null {
    return id === null ? null : names.value.topics.find((topic) => topic.id === id)?.name ?? id;
  }

  /** The peer domains a channel can be chosen from: the known peers, those seen in reports, and the one chosen. */
  function channels(): string[] {
    const chosen = filters.value.channel && filters.value.channel !== DIRECT ? [filters.value.channel] : [];
    return [...new Set([...names.value.peers, ...seenChannels.value, ...chosen])].sort();
  }

  function agentName(id: string | null): string | null {
    return id === null ? null : names.value.agents.find((agent) => agent.id === id)?.name ?? id;
  }

  return { filters, report, loading, error, names, drill, exporting, load, change, chooseChannel, open, more, exportCsv, teamName, agentName, topicName, channels, closeDrill: () => (drill.value = null) };
}
