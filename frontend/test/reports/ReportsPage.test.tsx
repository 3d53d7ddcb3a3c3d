// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ReportsPage } from '../../src/reports/ReportsPage';
import { createReportsStore } from '../../src/reports/store';
import type { Report, ReportNumbers, Stat } from '../../src/reports/types';

setLanguage('en');
afterEach(cleanup);
// uPlot draws on a canvas, which happy-dom does not have; the charts are the browser test's (ReportsBrowserTest).
vi.mock('../../src/reports/Chart', () => ({ Chart: ({ testId }: { testId: string }) => <div data-testid={testId} /> }));

const stat = (count: number): Stat => ({ count, mean: count ? 1000 : null, median: count ? 1000 : null, p90: count ? 1000 : null, met: 0, missed: 0, slaPercent: null });
const numbers = (volume: number): ReportNumbers => ({
  volume, assigned: 0, waitTime: stat(0), firstResponse: stat(0), nextResponse: stat(0), resolution: stat(0), handle: stat(0), abandoned: 0, shortAbandoned: 0, csat: stat(0),
});
const bucket = { local: '2026-12-01T00:00', start: '2026-12-01T00:00:00Z', end: '2026-12-02T00:00:00Z', numbers: numbers(2) };
const byChannel: Report = {
  timeZone: 'UTC', from: '2026-11-29', to: '2026-12-05', granularity: 'day', groupBy: 'channel', clock: 'wall',
  start: '2026-11-29T00:00:00Z', end: '2026-12-06T00:00:00Z', total: numbers(5),
  series: [
    { teamId: null, deviceId: null, topicId: null, label: null, channel: 'a.test', total: numbers(3), buckets: [{ ...bucket, numbers: numbers(3) }] },
    { teamId: null, deviceId: null, topicId: null, label: null, channel: 'direct', total: numbers(2), buckets: [bucket] },
  ],
};

describe('ReportsPage', () => {
  it('names channel series, offers the channels seen, and drills into a channel series with its channel', async () => {
    const get = vi.fn(async (path: string) => (path.startsWith('/api/reports/conversations') ? { items: [], nextOffset: null } : byChannel));
    const store = createReportsStore({ http: { get: get as <T>(path: string) => Promise<T> }, viewerZone: 'UTC', today: () => new Date(2026, 11, 5), errorText: String, download: vi.fn() });
    render(<ReportsPage store={store} />);
    await store.change({ groupBy: 'channel' });

    expect(await screen.findByRole('heading', { name: 'Direct (own customers)' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'a.test' })).toBeTruthy();
    const channel = screen.getByTestId('report-channel') as HTMLSelectElement;
    expect([...channel.options].map((option) => option.textContent)).toEqual(['All channels', 'Direct (own customers)', 'a.test', 'Another provider…']);

    fireEvent.change(channel, { target: { value: 'a.test' } });
    await waitFor(() => expect(get.mock.calls.at(-1)![0]).toContain('channel=a.test'));

    const totals = screen.getByRole('heading', { name: 'Totals over the range' }).closest('section')!;
    fireEvent.click(within(totals.querySelector('tbody tr:nth-child(2)') as HTMLElement).getByTestId('n-volume'));
    await waitFor(() => expect(get.mock.calls.at(-1)![0]).toContain('/api/reports/conversations'));
    expect(new URL(`http://x${get.mock.calls.at(-1)![0]}`).searchParams.get('channel')).toBe('direct');
  });
});

describe('ReportsPage when nothing is found', () => {
  const empty: Report = { ...byChannel, groupBy: 'team', total: numbers(0), series: [] };

  it('says nothing happened when nothing narrows the report', async () => {
    const store = createReportsStore({ http: { get: (async () => empty) as <T>(path: string) => Promise<T> }, viewerZone: 'UTC', today: () => new Date(2026, 11, 5), errorText: String, download: vi.fn() });
    render(<ReportsPage store={store} />);
    await store.load();
    expect((await screen.findByTestId('reports-empty')).textContent).toContain('Nothing happened in this range');
    expect(screen.queryByTestId('reports-clear-filters')).toBeNull();
  });

  it('blames the filters when a channel or team narrows it, and clears them from one button', async () => {
    const get = vi.fn(async (path: string) => (path.includes('channel=') ? empty : byChannel));
    const store = createReportsStore({ http: { get: get as <T>(path: string) => Promise<T> }, viewerZone: 'UTC', today: () => new Date(2026, 11, 5), errorText: String, download: vi.fn() });
    render(<ReportsPage store={store} />);
    await store.change({ channel: 'z.test', team: 't1' });
    expect((await screen.findByTestId('reports-empty')).textContent).toContain('matches the chosen team, agent, topic, label or channel');

    fireEvent.click(screen.getByTestId('reports-clear-filters'));
    await waitFor(() => expect(screen.queryByTestId('reports-empty')).toBeNull());
    const last = new URL(`http://x${get.mock.calls.at(-1)![0]}`).searchParams;
    expect(last.has('channel')).toBe(false);
    expect(last.has('team')).toBe(false);
    expect(store.filters.value.groupBy).toBe('team');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('report-team')));
  });
});

describe('ReportsPage channel typed by the viewer', () => {
  it('lets a viewer who may not list the peers type a provider, refusing what cannot be a domain', async () => {
    const get = vi.fn(async (_path: string) => byChannel);
    const store = createReportsStore({ http: { get: get as <T>(path: string) => Promise<T> }, viewerZone: 'UTC', today: () => new Date(2026, 11, 5), errorText: String, download: vi.fn() });
    render(<ReportsPage store={store} />);
    await store.load();
    expect(screen.queryByTestId('report-channel-domain')).toBeNull();

    fireEvent.change(screen.getByTestId('report-channel'), { target: { value: '*other' } });
    const field = (await screen.findByTestId('report-channel-domain')) as HTMLInputElement;
    await waitFor(() => expect(document.activeElement).toBe(field));
    const calls = get.mock.calls.length;
    fireEvent.change(field, { target: { value: 'not a domain!' } });
    expect(await screen.findByText('Type a provider’s domain, such as chat.example.org.')).toBeTruthy();
    expect(get.mock.calls.length).toBe(calls);

    fireEvent.change(field, { target: { value: ' Chat.Example.ORG ' } });
    await waitFor(() => expect(screen.queryByTestId('report-channel-domain')).toBeNull());
    expect(String(get.mock.calls.at(-1)![0])).toContain('channel=chat.example.org');
    expect((screen.getByTestId('report-channel') as HTMLSelectElement).value).toBe('chat.example.org');
    expect(screen.queryByText('Type a provider’s domain, such as chat.example.org.')).toBeNull();
  });
});
