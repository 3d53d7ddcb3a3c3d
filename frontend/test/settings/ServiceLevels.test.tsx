// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import type { Team } from '../../src/lib/routingTypes';
import { ServiceLevelsSection } from '../../src/settings/ServiceLevels';
import { SettingsPage } from '../../src/settings/SettingsPage';
import { createSettingsStore } from '../../src/settings/store';
import { createServiceLevelsStore, type SupervisionSettings } from '../../src/settings/serviceLevels';

setLanguage('en');
afterEach(cleanup);

const SETTINGS: SupervisionSettings = {
  timeZone: 'Europe/Lisbon',
  businessHours: { monday: [{ from: '09:00', to: '17:00' }], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [], holidays: [] },
  sla: { firstResponseSeconds: 600, nextResponseSeconds: null, resolutionSeconds: null },
  serviceLevelSeconds: 60,
  shortAbandonSeconds: 10,
  alerts: { waitWarningSeconds: 60, waitCriticalSeconds: 300, slaWarningPercent: 80 },
};
const teams = [{ id: 't1', name: 'Sales' }] as Team[];

function setup(admin: boolean, refuse?: ApiError) {
  const calls: string[] = [];
  const http = {
    async get<T>(path: string): Promise<T> {
      calls.push(`GET ${path}`);
      return (path.endsWith('/default') ? structuredClone(SETTINGS) : { teamId: 't1', own: true, settings: structuredClone(SETTINGS) }) as T;
    },
    async put<T>(path: string, body: unknown): Promise<T> {
      calls.push(`PUT ${path}`);
      if (refuse) throw refuse;
      return body as T;
    },
    async delete<T>(path: string): Promise<T> {
      calls.push(`DELETE ${path}`);
      return { teamId: 't1', own: false, settings: structuredClone(SETTINGS) } as T;
    },
  };
  const store = createServiceLevelsStore({ http, isLoggedOut: () => false });
  render(<ServiceLevelsSection store={store} teams={teams} admin={admin} />);
  return { store, calls };
}

describe('ServiceLevelsSection', () => {
  it('shows loading, then the form with the day periods, and adds a period focused for typing', async () => {
    const { store } = setup(true);
    const loading = store.load();
    expect(await screen.findByText('Loading service levels…')).toBeTruthy();
    await loading;
    const monday = await screen.findByTestId('sla-day-monday');
    expect((within(monday).getByTestId('sla-from') as HTMLInputElement).value).toBe('09:00');
    expect(within(screen.getByTestId('sla-day-tuesday')).getByText('closed', { exact: false })).toBeTruthy();
    expect((screen.getByTestId('sla-first') as HTMLInputElement).value).toBe('10');
    expect(screen.getByTestId('sla-holidays-empty')).toBeTruthy();

    fireEvent.click(screen.getByTestId('sla-add-tuesday'));
    await waitFor(() => expect(document.activeElement).toBe(within(screen.getByTestId('sla-day-tuesday')).getByTestId('sla-from')));
  });

  it('shows the server refusal next to the form and on the refused field', async () => {
    const { store } = setup(true, new ApiError(400, 'validation_failed', 'Some fields are missing or invalid.', { fields: { 'businessHours.monday': 'periods must not overlap' } }));
    await store.load();
    await screen.findByTestId('sla-save');
    fireEvent.submit(document.getElementById('sla-form')!);
    expect((await screen.findByTestId('sla-error')).textContent).toContain('Some fields are missing or invalid.');
    expect(within(screen.getByTestId('sla-day-monday')).getByText('periods must not overlap')).toBeTruthy();
    expect(within(screen.getByTestId('sla-day-monday')).getByTestId('sla-from').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the threshold and the short-abandon limit, hides the limit when short abandons count, and marks a bad threshold', async () => {
    const { store, calls } = setup(true);
    await store.load();
    const threshold = (await screen.findByTestId('sla-level')) as HTMLInputElement;
    expect(threshold.value).toBe('60');
    expect(screen.getByLabelText(/Answered within/)).toBe(threshold);
    expect((screen.getByTestId('sla-exclude-short') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('sla-short-abandon') as HTMLInputElement).value).toBe('10');

    fireEvent.click(screen.getByTestId('sla-exclude-short'));
    await waitFor(() => expect(screen.queryByTestId('sla-short-abandon')).toBeNull());
    expect(screen.getByTestId('sla-includes-short').textContent).toBe('Every unanswered conversation counts as offered, however short.');

    fireEvent.input(threshold, { target: { value: '0' } });
    fireEvent.submit(document.getElementById('sla-form')!);
    await waitFor(() => expect(threshold.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(threshold.getAttribute('aria-describedby')!.split(' ').find((id) => id.endsWith('-error'))!)!.textContent)
      .toBe('Enter a whole number of seconds from 1 to 86400.');
    await waitFor(() => expect(document.activeElement).toBe(threshold));
    expect(calls.filter((call) => call.startsWith('PUT'))).toEqual([]);
  });

  it('lets an admin put a team back on the default', async () => {
    const { store, calls } = setup(true);
    fireEvent.change(screen.getByTestId('sla-scope'), { target: { value: 't1' } });
    await waitFor(() => expect(store.scope.value).toBe('t1'));
    expect((await screen.findByTestId('sla-own')).textContent).toBe('This team has its own service levels.');
    fireEvent.click(screen.getByTestId('sla-use-default'));
    await waitFor(() => expect(screen.getByTestId('sla-status').textContent).toBe('The team now uses the default service levels.'));
    expect(calls).toContain('DELETE /api/supervision/settings/teams/t1');
    expect(screen.queryByTestId('sla-use-default')).toBeNull();
  });

  it('is read-only for other roles: no save, no add, fields not editable', async () => {
    const { store } = setup(false);
    await store.load();
    await screen.findByTestId('sla-day-monday');
    expect(screen.getByTestId('sla-readonly')).toBeTruthy();
    expect(screen.queryByTestId('sla-save')).toBeNull();
    expect(screen.queryByTestId('sla-add-monday')).toBeNull();
    expect((screen.getByTestId('sla-first') as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByTestId('sla-limited') as HTMLInputElement).disabled).toBe(true);
    expect((screen.getByTestId('sla-level') as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByTestId('sla-exclude-short') as HTMLInputElement).disabled).toBe(true);
  });

  it('is on the settings page for owners, admins and supervisors, not for agents', async () => {
    for (const [role, shown] of [['owner', true], ['supervisor', true], ['agent', false]] as const) {
      const http = {
        async get<T>(path: string): Promise<T> {
          return (path === '/api/devices' ? { myRole: role, displayName: 'Acme', businessNumber: '+4915112345678' } : path.startsWith('/api/supervision') ? structuredClone(SETTINGS) : []) as T;
        },
        put: async <T,>() => undefined as T,
        post: async <T,>() => undefined as T,
        delete: async <T,>() => undefined as T,
      };
      const settings = createSettingsStore({ http, isLoggedOut: () => false });
      const serviceLevels = createServiceLevelsStore({ http, isLoggedOut: () => false });
      render(<SettingsPage store={settings} serviceLevels={serviceLevels} />);
      await settings.start();
      await waitFor(() => expect(screen.getByText(/you are/)).toBeTruthy());
      expect(screen.queryByRole('heading', { name: 'Service levels' }) !== null).toBe(shown);
      cleanup();
    }
  });
});
