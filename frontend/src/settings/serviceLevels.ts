import { signal } from '@preact/signals';
import { translator } from '../i18n';
import { ApiError, errorMessage } from '../lib/api';
import { describeServerError, serverFieldErrors } from '../lib/settingsLogic';

/**
 * The "Service levels" card's store: the supervision settings (protocol §15, docs/metrics.md) of the default
 * or of one team, edited as a draft of strings and sent whole. SLA targets are edited in minutes and stored
 * in seconds. Short abandons are excluded from the service level by a checkbox: off is sent as 0 seconds (a
 * cycle resolved at most 0 s after it started is none in practice), and on restores the last limit or 10 s.
 */
const tr = translator('serviceLevels');

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface Period {
  from: string;
  to: string;
}

export type Hours = Record<Weekday, Period[] | null> & { holidays: string[] | null };

export interface SupervisionSettings {
  timeZone: string;
  businessHours: Hours | null;
  sla: { firstResponseSeconds: number | null; nextResponseSeconds: number | null; resolutionSeconds: number | null };
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  alerts: { waitWarningSeconds: number; waitCriticalSeconds: number; slaWarningPercent: number };
}

export interface TeamSettings {
  teamId: string;
  own: boolean;
  settings: SupervisionSettings;
}

/** A row being edited; `key` keeps focus and Preact's keys stable while rows come and go. */
export interface PeriodRow extends Period {
  key: string;
}

export interface HolidayRow {
  key: string;
  date: string;
}

export interface SlaDraft {
  timeZone: string;
  /** False: open around the clock (no business hours, no holidays). */
  limitedHours: boolean;
  days: Record<Weekday, PeriodRow[]>;
  holidays: HolidayRow[];
  firstResponseMinutes: string;
  nextResponseMinutes: string;
  resolutionMinutes: string;
  waitWarningSeconds: string;
  waitCriticalSeconds: string;
  slaWarningPercent: string;
  /** Answered within this many seconds counts for the service level %. */
  serviceLevelSeconds: string;
  excludeShortAbandons: boolean;
  /** Only meaningful while `excludeShortAbandons`: kept when it is switched off and on again. */
  shortAbandonSeconds: string;
}

/** The fields an error can be shown next to; server field names map to these by their last segment. */
export type SlaField =
  | 'timeZone'
  | Weekday
  | 'holidays'
  | 'firstResponseSeconds'
  | 'nextResponseSeconds'
  | 'resolutionSeconds'
  | 'waitWarningSeconds'
  | 'waitCriticalSeconds'
  | 'slaWarningPercent'
  | 'serviceLevelSeconds'
  | 'shortAbandonSeconds';

const FIELDS: readonly string[] = ['timeZone', ...WEEKDAYS, 'holidays', 'firstResponseSeconds', 'nextResponseSeconds', 'resolutionSeconds', 'waitWarningSeconds', 'waitCriticalSeconds', 'slaWarningPercent', 'serviceLevelSeconds', 'shortAbandonSeconds'];

/** The server's bounds (SupervisionSettings): checked here too so the message can say them. */
export const MAX_SERVICE_LEVEL_SECONDS = 86_400;
export const MAX_SHORT_ABANDON_SECONDS = 3_600;
const DEFAULT_SHORT_ABANDON_SECONDS = 10;

export const MAX_PERIODS = 6;
export const DEFAULT_SCOPE = 'default';

let rowCounter = 0;
const nextKey = () => `r${++rowCounter}`;

function minutesText(seconds: number | null): string {
  return seconds === null ? '' : String(Math.round((seconds / 60) * 100) / 100);
}

export function draftOf(settings: SupervisionSettings): SlaDraft {
  const hours = settings.businessHours;
  const days = Object.fromEntries(WEEKDAYS.map((day) => [day, (hours?.[day] ?? []).map((period) => ({ key: nextKey(), ...period }))])) as Record<Weekday, PeriodRow[]>;
  return {
    timeZone: settings.timeZone,
    limitedHours: hours !== null,
    days,
    holidays: (hours?.holidays ?? []).map((date) => ({ key: nextKey(), date })),
    firstResponseMinutes: minutesText(settings.sla.firstResponseSeconds),
    nextResponseMinutes: minutesText(settings.sla.nextResponseSeconds),
    resolutionMinutes: minutesText(settings.sla.resolutionSeconds),
    waitWarningSeconds: String(settings.alerts.waitWarningSeconds),
    waitCriticalSeconds: String(settings.alerts.waitCriticalSeconds),
    slaWarningPercent: String(settings.alerts.slaWarningPercent),
    serviceLevelSeconds: String(settings.serviceLevelSeconds),
    excludeShortAbandons: settings.shortAbandonSeconds > 0,
    shortAbandonSeconds: String(settings.shortAbandonSeconds > 0 ? settings.shortAbandonSeconds : DEFAULT_SHORT_ABANDON_SECONDS),
  };
}

const TIME = /^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/**
 * The request body, or the errors a user can fix before sending. Only the shape is checked here (numbers,
 * HH:MM, dates); ranges, overlaps and the time zone are the server's rules and come back as its field errors.
 */
export function settingsOf(draft: SlaDraft): { ok: true; body: SupervisionSettings } | { ok: false; errors: Partial<Record<SlaField, string>> } {
  const errors: Partial<Record<SlaField, string>> = {};
  const target = (text: string, field: SlaField): number | null => {
    if (text.trim() === '') return null;
    const minutes = Number(text);
    if (!Number.isFinite(minutes) || minutes <= 0) {
      errors[field] = tr('error.minutes');
      return null;
    }
    return Math.round(minutes * 60);
  };
  const whole = (text: string, field: SlaField): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < 1) errors[field] = tr('error.whole');
    return value;
  };
  const seconds = (text: string, field: SlaField, max: number): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < 1 || value > max) errors[field] = tr('error.seconds', { max });
    return value;
  };
  if (draft.timeZone.trim() === '') errors.timeZone = tr('error.timeZone');
  let businessHours: Hours | null = null;
  if (draft.limitedHours) {
    const hours = { holidays: draft.holidays.map((row) => row.date.trim()) } as Hours;
    for (const day of WEEKDAYS) {
      const rows = draft.days[day];
      if (rows.some((row) => !TIME.test(row.from.trim()) || !TIME.test(row.to.trim()))) errors[day] = tr('error.time');
      hours[day] = rows.map((row) => ({ from: row.from.trim(), to: row.to.trim() }));
    }
    if (hours.holidays!.some((date) => !DATE.test(date))) errors.holidays = tr('error.date');
    businessHours = hours;
  }
  const body: SupervisionSettings = {
    timeZone: draft.timeZone.trim(),
    businessHours,
    sla: {
      firstResponseSeconds: target(draft.firstResponseMinutes, 'firstResponseSeconds'),
      nextResponseSeconds: target(draft.nextResponseMinutes, 'nextResponseSeconds'),
      resolutionSeconds: target(draft.resolutionMinutes, 'resolutionSeconds'),
    },
    serviceLevelSeconds: seconds(draft.serviceLevelSeconds, 'serviceLevelSeconds', MAX_SERVICE_LEVEL_SECONDS),
    shortAbandonSeconds: draft.excludeShortAbandons ? seconds(draft.shortAbandonSeconds, 'shortAbandonSeconds', MAX_SHORT_ABANDON_SECONDS) : 0,
    alerts: {
      waitWarningSeconds: whole(draft.waitWarningSeconds, 'waitWarningSeconds'),
      waitCriticalSeconds: whole(draft.waitCriticalSeconds, 'waitCriticalSeconds'),
      slaWarningPercent: whole(draft.slaWarningPercent, 'slaWarningPercent'),
    },
  };
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, body };
}

/** The server's field errors ("alerts.waitWarningSeconds", "businessHours.monday", a bare leaf) by form field. */
export function fieldErrorsOf(failure: unknown): Partial<Record<SlaField, string>> {
  const out: Partial<Record<SlaField, string>> = {};
  for (const [name, message] of Object.entries(serverFieldErrors(failure))) {
    const leaf = name.split('.').pop()!.replace(/\[\d*\]$/, '');
    if (FIELDS.includes(leaf)) out[leaf as SlaField] = message;
  }
  return out;
}

/** Every IANA zone the browser knows, with the current one kept even if it does not; null when it cannot list them. */
export function timeZones(current: string): string[] | null {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  if (typeof supported !== 'function') return null;
  const zones = new Set(supported('timeZone'));
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort();
}

export interface ServiceLevelsDeps {
  http: {
    get<T>(path: string): Promise<T>;
    put<T>(path: string, body: unknown): Promise<T>;
    delete<T>(path: string): Promise<T>;
  };
  isLoggedOut(): boolean;
}

export function createServiceLevelsStore(deps: ServiceLevelsDeps) {
  /** `default` or a team id. */
  const scope = signal<string>(DEFAULT_SCOPE);
  const loading = signal(false);
  const loaded = signal<SupervisionSettings | null>(null);
  /** For a team: whether it has its own settings (else the default applies). */
  const own = signal(false);
  const draft = signal<SlaDraft | null>(null);
  const dirty = signal(false);
  const error = signal<string | null>(null);
  const fieldErrors = signal<Partial<Record<SlaField, string>>>({});
  const saved = signal<string | null>(null);
  const saving = signal(false);

  const path = (target: string) => (target === DEFAULT_SCOPE ? '/api/supervision/settings/default' : `/api/supervision/settings/teams/${encodeURIComponent(target)}`);

  function show(settings: SupervisionSettings, hasOwn: boolean): void {
    loaded.value = settings;
    own.value = hasOwn;
    draft.value = draftOf(settings);
    dirty.value = false;
    fieldErrors.value = {};
  }

  function edit(change: (current: SlaDraft) => SlaDraft): void {
    if (!draft.value) return;
    draft.value = change(draft.value);
    dirty.value = true;
    saved.value = null;
  }

  function editDay(day: Weekday, rows: (current: PeriodRow[]) => PeriodRow[]): void {
    edit((current) => ({ ...current, days: { ...current.days, [day]: rows(current.days[day]) } }));
  }

  const store = {
    scope,
    loading,
    loaded,
    own,
    draft,
    dirty,
    error,
    fieldErrors,
    saved,
    saving,

    /** Reads the settings of `target` (the default or a team); unsaved edits of the previous choice are dropped. */
    async load(target: string = scope.value): Promise<void> {
      scope.value = target;
      loading.value = true;
      error.value = null;
      saved.value = null;
      draft.value = null;
      try {
        if (target === DEFAULT_SCOPE) {
          show(await deps.http.get<SupervisionSettings>(path(target)), true);
        } else {
          const team = await deps.http.get<TeamSettings>(path(target));
          show(team.settings, team.own);
        }
      } catch (failure) {
        if (deps.isLoggedOut() || scope.value !== target) return;
        // A supervisor of some teams may read only theirs; the default covers chats without a team.
        error.value = failure instanceof ApiError && failure.code === 'team_out_of_scope' ? tr('outOfScope') : tr('loadFailed', { error: errorMessage(failure) });
      } finally {
        if (scope.value === target) loading.value = false;
      }
    },

    edit(changes: Partial<Omit<SlaDraft, 'days' | 'holidays'>>): void {
      edit((current) => ({ ...current, ...changes }));
    },

    /** Adds a period to a day (09:00–17:00 as a start); returns its key to focus, or null when the day is full. */
    addPeriod(day: Weekday): string | null {
      if (!draft.value || draft.value.days[day].length >= MAX_PERIODS) return null;
      const key = nextKey();
      editDay(day, (rows) => [...rows, { key, from: '09:00', to: '17:00' }]);
      return key;
    },

    editPeriod(day: Weekday, key: string, changes: Partial<Period>): void {
      editDay(day, (rows) => rows.map((row) => (row.key === key ? { ...row, ...changes } : row)));
    },

    removePeriod(day: Weekday, key: string): void {
      editDay(day, (rows) => rows.filter((row) => row.key !== key));
    },

    addHoliday(): string {
      const key = nextKey();
      edit((current) => ({ ...current, holidays: [...current.holidays, { key, date: '' }] }));
      return key;
    },

    editHoliday(key: string, date: string): void {
      edit((current) => ({ ...current, holidays: current.holidays.map((row) => (row.key === key ? { ...row, date } : row)) }));
    },

    removeHoliday(key: string): void {
      edit((current) => ({ ...current, holidays: current.holidays.filter((row) => row.key !== key) }));
    },

    /** Sends the draft; on a refusal the server's message and its field errors are shown next to the form. */
    async save(): Promise<boolean> {
      if (!draft.value || !loaded.value) return false;
      error.value = null;
      saved.value = null;
      const result = settingsOf(draft.value);
      if (!result.ok) {
        fieldErrors.value = result.errors;
        error.value = tr('error.fix');
        return false;
      }
      const target = scope.value;
      saving.value = true;
      try {
        if (target === DEFAULT_SCOPE) show(await deps.http.put<SupervisionSettings>(path(target), result.body), true);
        else {
          const team = await deps.http.put<TeamSettings>(path(target), result.body);
          show(team.settings, team.own);
        }
      } catch (failure) {
        fieldErrors.value = fieldErrorsOf(failure);
        error.value = describeServerError(failure);
        return false;
      } finally {
        saving.value = false;
      }
      saved.value = target === DEFAULT_SCOPE ? tr('savedDefault') : tr('savedTeam');
      return true;
    },

    /** A team goes back to the default settings: its own are deleted. */
    async useDefault(): Promise<boolean> {
      const target = scope.value;
      if (target === DEFAULT_SCOPE) return false;
      error.value = null;
      saved.value = null;
      saving.value = true;
      try {
        const team = await deps.http.delete<TeamSettings>(path(target));
        show(team.settings, team.own);
      } catch (failure) {
        error.value = describeServerError(failure);
        return false;
      } finally {
        saving.value = false;
      }
      saved.value = tr('reset');
      return true;
    },
  };
  return store;
}

export type ServiceLevelsStore = ReturnType<typeof createServiceLevelsStore>;
