import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import { createServiceLevelsStore, settingsOf, draftOf, type SupervisionSettings, type TeamSettings } from '../../src/settings/serviceLevels';

setLanguage('en');

const DEFAULTS: SupervisionSettings = {
  timeZone: 'UTC',
  businessHours: null,
  sla: { firstResponseSeconds: null, nextResponseSeconds: null, resolutionSeconds: null },
  serviceLevelSeconds: 60,
  shortAbandonSeconds: 10,
  alerts: { waitWarningSeconds: 60, waitCriticalSeconds: 300, slaWarningPercent: 80 },
};

/** The supervision settings API in memory: the default, teams' own settings, and a refusal when asked. */
function fakeServer() {
  const state = {
    defaults: structuredClone(DEFAULTS),
    teams: new Map<string, SupervisionSettings>(),
    calls: [] as string[],
    bodies: [] as unknown[],
    refuse: null as ApiError | null,
  };
  const team = (id: string): TeamSettings => ({ teamId: id, own: state.teams.has(id), settings: structuredClone(state.teams.get(id) ?? state.defaults) });
  const http = {
    async get<T>(path: string): Promise<T> {
      state.calls.push(`GET ${path}`);
      if (path === '/api/supervision/settings/default') return structuredClone(state.defaults) as T;
      return team(path.split('/').pop()!) as T;
    },
    async put<T>(path: string, body: unknown): Promise<T> {
      state.calls.push(`PUT ${path}`);
      state.bodies.push(structuredClone(body));
      if (state.refuse) throw state.refuse;
      if (path === '/api/supervision/settings/default') {
        state.defaults = body as SupervisionSettings;
        return structuredClone(state.defaults) as T;
      }
      const id = path.split('/').pop()!;
      state.teams.set(id, body as SupervisionSettings);
      return team(id) as T;
    },
    async delete<T>(path: string): Promise<T> {
      state.calls.push(`DELETE ${path}`);
      const id = path.split('/').pop()!;
      state.teams.delete(id);
      return team(id) as T;
    },
  };
  return { state, http };
}

function open() {
  const server = fakeServer();
  const store = createServiceLevelsStore({ http: server.http, isLoggedOut: () => false });
  return { server, store };
}

describe('service levels store', () => {
  it('loads the default into a draft of minutes and seconds', async () => {
    const { server, store } = open();
    server.state.defaults.sla.firstResponseSeconds = 1800;
    server.state.defaults.businessHours = { monday: [{ from: '09:00', to: '17:00' }], tuesday: null, wednesday: null, thursday: null, friday: null, saturday: null, sunday: null, holidays: ['2026-12-25'] };
    await store.load();
    const draft = store.draft.value!;
    expect(draft.timeZone).toBe('UTC');
    expect(draft.limitedHours).toBe(true);
    expect(draft.days.monday.map(({ from, to }) => [from, to])).toEqual([['09:00', '17:00']]);
    expect(draft.days.tuesday).toEqual([]);
    expect(draft.holidays.map((row) => row.date)).toEqual(['2026-12-25']);
    expect(draft.firstResponseMinutes).toBe('30');
    expect(draft.nextResponseMinutes).toBe('');
    expect(draft.waitCriticalSeconds).toBe('300');
    expect(store.loading.value).toBe(false);
  });

  it('edits periods and holidays and saves them in the server shape, keeping the fields it does not edit', async () => {
    const { server, store } = open();
    server.state.defaults.serviceLevelSeconds = 45;
    await store.load();
    store.edit({ timeZone: 'Europe/Lisbon', limitedHours: true, firstResponseMinutes: '15', resolutionMinutes: '1440', waitWarningSeconds: '90' });
    const first = store.addPeriod('monday')!;
    store.editPeriod('monday', first, { from: '08:30', to: '12:00' });
    const second = store.addPeriod('monday')!;
    store.editPeriod('monday', second, { from: '13:00', to: '17:30' });
    const dropped = store.addPeriod('friday')!;
    store.removePeriod('friday', dropped);
    store.editHoliday(store.addHoliday(), '2026-12-24');
    const gone = store.addHoliday();
    store.removeHoliday(gone);
    expect(store.dirty.value).toBe(true);

    expect(await store.save()).toBe(true);

    expect(server.state.calls).toContain('PUT /api/supervision/settings/default');
    expect(server.state.bodies[0]).toEqual({
      timeZone: 'Europe/Lisbon',
      businessHours: {
        monday: [{ from: '08:30', to: '12:00' }, { from: '13:00', to: '17:30' }],
        tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [],
        holidays: ['2026-12-24'],
      },
      sla: { firstResponseSeconds: 900, nextResponseSeconds: null, resolutionSeconds: 86_400 },
      serviceLevelSeconds: 45,
      shortAbandonSeconds: 10,
      alerts: { waitWarningSeconds: 90, waitCriticalSeconds: 300, slaWarningPercent: 80 },
    });
    expect(store.dirty.value).toBe(false);
    expect(store.saved.value).toBe('Default service levels saved.');
  });

  it('shows the server refusal and its field errors next to the form, keeping the draft', async () => {
    const { server, store } = open();
    await store.load();
    server.state.refuse = new ApiError(400, 'validation_failed', 'Some fields are missing or invalid.', {
      fields: { 'alerts.waitWarningSeconds': 'must not be after waitCriticalSeconds', 'businessHours.monday': 'periods must not overlap', timeZone: 'must be an IANA time zone such as Europe/Lisbon' },
    });
    store.edit({ waitWarningSeconds: '900' });

    expect(await store.save()).toBe(false);

    expect(store.error.value).toContain('Some fields are missing or invalid.');
    expect(store.fieldErrors.value).toEqual({
      waitWarningSeconds: 'must not be after waitCriticalSeconds',
      monday: 'periods must not overlap',
      timeZone: 'must be an IANA time zone such as Europe/Lisbon',
    });
    expect(store.draft.value!.waitWarningSeconds).toBe('900');
    expect(store.dirty.value).toBe(true);
    expect(store.saved.value).toBeNull();
  });

  it('refuses to send what is not a time, a date or a number', async () => {
    const { server, store } = open();
    await store.load();
    store.edit({ limitedHours: true, firstResponseMinutes: 'soon', slaWarningPercent: '' });
    store.editPeriod('tuesday', store.addPeriod('tuesday')!, { to: '5pm' });
    store.addHoliday();

    expect(await store.save()).toBe(false);

    expect(server.state.calls.filter((call) => call.startsWith('PUT'))).toEqual([]);
    expect(Object.keys(store.fieldErrors.value).sort()).toEqual(['firstResponseSeconds', 'holidays', 'slaWarningPercent', 'tuesday']);
    expect(store.error.value).toBe('Some fields need fixing before saving.');
  });

  it('saves a team of its own and puts it back on the default with a DELETE', async () => {
    const { server, store } = open();
    await store.load('t1');
    expect(store.own.value).toBe(false);
    store.edit({ nextResponseMinutes: '10' });
    expect(await store.save()).toBe(true);
    expect(server.state.calls).toContain('PUT /api/supervision/settings/teams/t1');
    expect(store.own.value).toBe(true);
    expect(store.saved.value).toBe('Team service levels saved.');

    expect(await store.useDefault()).toBe(true);

    expect(server.state.calls.at(-1)).toBe('DELETE /api/supervision/settings/teams/t1');
    expect(store.own.value).toBe(false);
    expect(store.draft.value!.nextResponseMinutes).toBe('');
    expect(store.saved.value).toBe('The team now uses the default service levels.');
  });

  it('says when the settings could not be read', async () => {
    const { server, store } = open();
    server.http.get = async () => {
      throw new ApiError(500, 'internal', 'boom');
    };
    await store.load();
    expect(store.draft.value).toBeNull();
    expect(store.error.value).toBe('Could not load the service levels: boom');
  });

  it('tells a supervisor of some teams to choose one when the default is out of their scope', async () => {
    const { server, store } = open();
    server.http.get = async () => {
      throw new ApiError(403, 'team_out_of_scope', 'You supervise other teams.');
    };
    await store.load();
    expect(store.error.value).toBe('You supervise only some teams: choose one of them above.');
  });

  it('open around the clock sends no business hours', () => {
    const draft = draftOf(DEFAULTS);
    draft.days.monday.push({ key: 'x', from: '09:00', to: '10:00' });
    const result = settingsOf({ ...draft, limitedHours: false });
    expect(result.ok && result.body.businessHours).toBeNull();
  });

  it('edits the service-level threshold and sends short abandons off as 0 and on again as the kept limit', async () => {
    const { server, store } = open();
    server.state.defaults.shortAbandonSeconds = 25;
    await store.load();
    expect(store.draft.value!.serviceLevelSeconds).toBe('60');
    expect(store.draft.value!.excludeShortAbandons).toBe(true);
    expect(store.draft.value!.shortAbandonSeconds).toBe('25');

    store.edit({ serviceLevelSeconds: '120', excludeShortAbandons: false });
    expect(await store.save()).toBe(true);
    expect(server.state.bodies[0]).toMatchObject({ serviceLevelSeconds: 120, shortAbandonSeconds: 0 });
    expect(store.draft.value!.excludeShortAbandons).toBe(false);
    expect(store.draft.value!.shortAbandonSeconds).toBe('10');

    store.edit({ excludeShortAbandons: true, shortAbandonSeconds: '30' });
    expect(await store.save()).toBe(true);
    expect(server.state.bodies[1]).toMatchObject({ serviceLevelSeconds: 120, shortAbandonSeconds: 30 });
  });

  it('refuses a threshold or short-abandon limit outside the server bounds, naming them', async () => {
    const { server, store } = open();
    await store.load();
    store.edit({ serviceLevelSeconds: '86401', shortAbandonSeconds: '2.5' });

    expect(await store.save()).toBe(false);

    expect(server.state.calls.filter((call) => call.startsWith('PUT'))).toEqual([]);
    expect(store.fieldErrors.value).toEqual({
      serviceLevelSeconds: 'Enter a whole number of seconds from 1 to 86400.',
      shortAbandonSeconds: 'Enter a whole number of seconds from 1 to 3600.',
    });
  });

  it('a short-abandon limit that is not a number does not matter while short abandons are not excluded', async () => {
    const { server, store } = open();
    await store.load();
    store.edit({ excludeShortAbandons: false, shortAbandonSeconds: '' });
    expect(await store.save()).toBe(true);
    expect(server.state.bodies[0]).toMatchObject({ shortAbandonSeconds: 0 });
  });

  it('puts the server field errors of the threshold and the limit next to their fields', async () => {
    const { server, store } = open();
    await store.load();
    server.state.refuse = new ApiError(400, 'validation_failed', 'Some fields are missing or invalid.', {
      fields: { 'putDefault.body.serviceLevelSeconds': 'must be less than or equal to 86400', shortAbandonSeconds: 'must be greater than or equal to 0' },
    });
    expect(await store.save()).toBe(false);
    expect(store.fieldErrors.value).toEqual({
      serviceLevelSeconds: 'must be less than or equal to 86400',
      shortAbandonSeconds: 'must be greater than or equal to 0',
    });
  });
});
