import { describe, expect, it, vi } from 'vitest';
import { bucketAxis, createReportsStore, CYCLE_PAGE, defaultFilters, DIRECT, NO_LABEL, reportQuery, seriesValues } from '../../src/reports/store';
import { formatMs } from '../../src/reports/ReportsPage';
import type { Report, ReportNumbers, Stat } from '../../src/reports/types';
import { ApiError } from '../../src/lib/api';

const stat = (count: number, mean: number | null = null): Stat => ({ count, mean, median: mean, p90: mean, met: 0, missed: 0, slaPercent: null });
const numbers = (volume: number, frt: number | null = null): ReportNumbers => ({
  volume,
  assigned: volume,
  waitTime: stat(0),
  firstResponse: stat(frt === null ? 0 : 1, frt),
  nextResponse: stat(0),
  resolution: stat(0),
  handle: stat(0),
  abandoned: 0,
  shortAbandoned: 0,
  csat: stat(0),
});

const report: Report = {
  timeZone: 'Europe/Lisbon',
  from: '2026-12-01',
  to: '2026-12-03',
  granularity: 'day',
  groupBy: 'team',
  clock: 'wall',
  start: '2026-12-01T00:00:00Z',
  end: '2026-12-04T00:00:00Z',
  total: numbers(5),
  series: [
    { teamId: 't1', deviceId: null, topicId: null, label: null, channel: null, total: numbers(3), buckets: [{ local: '2026-12-01T00:00', start: '2026-12-01T00:00:00Z', end: '2026-12-02T00:00:00Z', numbers: numbers(3, 60_000) }] },
    { teamId: null, deviceId: null, topicId: null, label: null, channel: null, total: numbers(2), buckets: [{ local: '2026-12-03T00:00', start: '2026-12-03T00:00:00Z', end: '2026-12-04T00:00:00Z', numbers: numbers(2) }] },
  ],
};

function setup(get: (path: string) => Promise<unknown>) {
  const http = { get: vi.fn(get) as <T>(path: string) => Promise<T> };
  const download = vi.fn();
  const store = createReportsStore({ http, viewerZone: 'Asia/Tokyo', today: () => new Date(2026, 11, 5), errorText: (e) => (e as Error).message, download });
  return { store, http: http.get as unknown as ReturnType<typeof vi.fn>, download };
}

describe('reports store', () => {
  it('asks for the last seven days per day per team in the account zone, and the viewer zone only when switched', () => {
    const filters = defaultFilters(new Date(2026, 11, 5));
    expect(filters.from).toBe('2026-11-29');
    expect(filters.to).toBe('2026-12-05');
    expect(reportQuery(filters, 'Asia/Tokyo')).not.toContain('timeZone');
    expect(reportQuery({ ...filters, zone: 'viewer' }, 'Asia/Tokyo')).toContain('timeZone=Asia%2FTokyo');
  });

  it('puts every series on one axis, with gaps where a series had no facts', () => {
    const axis = bucketAxis(report);
    expect(axis).toEqual(['2026-12-01T00:00', '2026-12-03T00:00']);
    expect(seriesValues(report.series[0], axis, (n) => n.firstResponse.median)).toEqual([60_000, null]);
    expect(seriesValues(report.series[1], axis, (n) => n.volume)).toEqual([null, 2]);
  });

  it('drills into the bucket that was clicked, naming the team or the conversations without one', async () => {
    const { store, http } = setup(async (path) => (path.startsWith('/api/reports/conversations') ? { items: [], nextOffset: null } : report));
    await store.load();
    const bucket = report.series[1].buckets[0];
    await store.open({ key: 'volume', label: 'x', start: bucket.start, end: bucket.end, teamId: null, deviceId: null, topicId: null, seriesLabel: null, channel: null });
    const url = new URL(`http://x${http.mock.calls.at(-1)![0]}`);
    expect(url.pathname).toBe('/api/reports/conversations');
    expect(url.searchParams.get('metric')).toBe('volume');
    expect(url.searchParams.get('team')).toBe('none');
    expect(url.searchParams.get('start')).toBe(bucket.start);
    await store.open({ key: 'firstResponse', label: 'y', start: bucket.start, end: bucket.end, teamId: 't1', deviceId: null, topicId: null, seriesLabel: null, channel: null });
    const second = new URL(`http://x${http.mock.calls.at(-1)![0]}`);
    expect(second.searchParams.get('metric')).toBe('first_response');
    expect(second.searchParams.get('team')).toBe('t1');
  });

  it('shows the refusal when the report cannot be read, and downloads the CSV it is given', async () => {
    const { store, download } = setup(async (path) => {
      if (path.includes('.csv')) return 'date,team_id\r\n';
      throw new ApiError(403, 'team_out_of_scope', 'You supervise other teams.');
    });
    await store.load();
    expect(store.error.value).toBe('You supervise other teams.');
    expect(store.report.value).toBeNull();
    await store.exportCsv('daily');
    expect(download).toHaveBeenCalledWith('switchboard-daily-2026-11-29-2026-12-05.csv', 'date,team_id\r\n');
  });

  it('drills into a topic or label series with its topic or label, and into the series without one with none or -', async () => {
    const { store, http } = setup(async (path) => (path.startsWith('/api/reports/conversations') ? { items: [], nextOffset: null } : report));
    await store.change({ groupBy: 'label' });
    const bucket = report.series[0].buckets[0];
    await store.open({ key: 'volume', label: 'x', start: bucket.start, end: bucket.end, teamId: null, deviceId: null, topicId: null, seriesLabel: 'vip', channel: null });
    expect(new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams.get('label')).toBe('vip');
    await store.open({ key: 'volume', label: 'x', start: bucket.start, end: bucket.end, teamId: null, deviceId: null, topicId: null, seriesLabel: null, channel: null });
    expect(new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams.get('label')).toBe(NO_LABEL);
    await store.change({ groupBy: 'topic', label: ' refund ' });
    expect(new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams.get('label')).toBe('refund');
    await store.open({ key: 'volume', label: 'x', start: bucket.start, end: bucket.end, teamId: null, deviceId: null, topicId: null, seriesLabel: null, channel: null });
    const drill = new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams;
    expect(drill.get('topic')).toBe('none');
    expect(drill.get('label')).toBe('refund');
  });

  it('puts the per-cycle CSV together from its pages, each asked after the last row of the one before', async () => {
    const header = 'conversation_id,cycle_id,team_id,started_at,wait_ms';
    const row = (i: number) => `c${i},${i},t1,2026-12-01T10:00:0${i % 10}Z,${i}`;
    const page = (from: number, count: number) => [header, ...Array.from({ length: count }, (_, i) => row(from + i))].join('\r\n') + '\r\n';
    const { store, http, download } = setup(async (path) => {
      if (!path.includes('cycles.csv')) return report;
      return path.includes('afterCycle') ? page(CYCLE_PAGE, 2) : page(0, CYCLE_PAGE);
    });
    await store.exportCsv('cycles');
    const second = new URL(`http://x${http.mock.calls.at(-1)![0]}`);
    expect(second.searchParams.get('afterCycle')).toBe(String(CYCLE_PAGE - 1));
    expect(second.searchParams.get('afterStart')).toBe(`2026-12-01T10:00:0${(CYCLE_PAGE - 1) % 10}Z`);
    expect(second.searchParams.get('limit')).toBe(String(CYCLE_PAGE));
    const csv = download.mock.calls[0][1] as string;
    expect(csv.split('\r\n').filter((line) => line === header)).toHaveLength(1);
    expect(csv.split('\r\n').filter((line) => line !== '')).toHaveLength(1 + CYCLE_PAGE + 2);
    expect(csv.endsWith(`${row(CYCLE_PAGE + 1)}\r\n`)).toBe(true);
  });

  it('asks every report, drill-down and export for the chosen channel, and none when every channel is wanted', async () => {
    const { store, http } = setup(async (path) => (path.startsWith('/api/reports/conversations') ? { items: [], nextOffset: null } : path.includes('.csv') ? 'x\r\n' : report));
    await store.change({ channel: 'a.test' });
    expect(new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams.get('channel')).toBe('a.test');
    const bucket = report.series[0].buckets[0];
    await store.open({ key: 'volume', label: 'x', start: bucket.start, end: bucket.end, teamId: 't1', deviceId: null, topicId: null, seriesLabel: null, channel: null });
    expect(new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams.get('channel')).toBe('a.test');
    await store.exportCsv('daily');
    expect(new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams.get('channel')).toBe('a.test');
    await store.change({ channel: '' });
    expect(new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams.has('channel')).toBe(false);
    expect(reportQuery({ ...defaultFilters(new Date(2026, 11, 5)), channel: DIRECT }, 'UTC')).toContain('channel=direct');
  });

  it('drills into a channel series with its channel, and offers the peers it knows, has seen and was given', async () => {
    const byChannel: Report = {
      ...report,
      groupBy: 'channel',
      series: [
        { ...report.series[0], teamId: null, channel: 'b.test' },
        { ...report.series[1], channel: DIRECT },
      ],
    };
    const { store, http } = setup(async (path) => (path.startsWith('/api/reports/conversations') ? { items: [], nextOffset: null } : byChannel));
    store.names.value = { ...store.names.value, peers: ['c.test'] };
    expect(store.channels()).toEqual(['c.test']);
    await store.change({ groupBy: 'channel' });
    expect(store.channels()).toEqual(['b.test', 'c.test']);
    const bucket = byChannel.series[1].buckets[0];
    await store.open({ key: 'volume', label: 'x', start: bucket.start, end: bucket.end, teamId: null, deviceId: null, topicId: null, seriesLabel: null, channel: DIRECT });
    const drill = new URL(`http://x${http.mock.calls.at(-1)![0]}`).searchParams;
    expect(drill.get('channel')).toBe('direct');
    expect(drill.get('team')).toBeNull();
    await store.change({ groupBy: 'team', channel: 'z.test' });
    expect(store.channels()).toEqual(['b.test', 'c.test', 'z.test']);
  });

  it('writes durations the same way in every language', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(59_400)).toBe('0:59');
    expect(formatMs(3_725_000)).toBe('1:02:05');
  });
});
