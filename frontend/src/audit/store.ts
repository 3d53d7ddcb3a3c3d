import { signal } from '@preact/signals';

/** One entry of the trail (docs/protocol.md §15.8). */
export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  actorDeviceId: string | null;
  subjectDeviceId: string | null;
  details: Record<string, unknown>;
}

/** The actions the page offers as kinds; the server knows them all (AuditAction). */
export const AUDIT_KINDS: readonly string[] = [
  'link.approved',
  'link.completed',
  'link.refused',
  'device.removed',
  'device.auto-logout',
  'device-list.signed',
  'role.changed',
  'conversation.assigned',
  'conversation.transferred',
  'take-over',
  'whisper',
  'supervision-settings.changed',
  'third-party-settings.changed',
  'third-party.abuse-reported',
  'report.exported',
  'audit.exported',
  'passkey.added',
  'passkey.removed',
  'account.setup',
];

export interface AuditFilters {
  /** A person's name: their devices, as actor or subject. */
  person: string;
  kind: string;
  /** Local dates, both included; empty: open. */
  from: string;
  to: string;
}

export interface AuditDeps {
  http: { get<T>(path: string, options?: { accept?: string }): Promise<T> };
  errorText: (error: unknown) => string;
  download: (name: string, csv: string) => void;
}

export const PAGE = 100;

/** The query of the filters: devices of the person, the kind, and the local days as instants. */
export function auditQuery(filters: AuditFilters, devicesOf: (person: string) => string[]): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.person) for (const id of devicesOf(filters.person)) params.append('device', id);
  if (filters.kind) params.set('action', filters.kind);
  if (filters.from) params.set('from', new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    params.set('to', end.toISOString());
  }
  return params;
}

export type AuditStore = ReturnType<typeof createAuditStore>;

export function createAuditStore(deps: AuditDeps) {
  const filters = signal<AuditFilters>({ person: '', kind: '', from: '', to: '' });
  const entries = signal<AuditEntry[]>([]);
  const more = signal(false);
  const loading = signal(false);
  const error = signal<string | null>(null);
  /** Device id → person, for names and the person filter. */
  const people = signal<Map<string, string>>(new Map());

  const devicesOf = (person: string) => [...people.value].filter(([, name]) => name === person).map(([id]) => id);

  async function fetchPage(before: number | null): Promise<AuditEntry[]> {
    const params = auditQuery(filters.value, devicesOf);
    params.set('limit', String(PAGE));
    if (before !== null) params.set('before', String(before));
    return deps.http.get<AuditEntry[]>(`/api/audit?${params}`);
  }

  async function load(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(null);
      entries.value = page;
      more.value = page.length === PAGE;
    } catch (e) {
      error.value = deps.errorText(e);
    } finally {
      loading.value = false;
    }
  }

  async function older(): Promise<void> {
    const last = entries.value[entries.value.length - 1];
    if (!last) return;
    loading.value = true;
    try {
      const page = await fetchPage(last.id);
      entries.value = [...entries.value, ...page];
      more.value = page.length === PAGE;
    } catch (e) {
      error.value = deps.errorText(e);
    } finally {
      loading.value = false;
    }
  }

  function change(patch: Partial<AuditFilters>): Promise<void> {
    filters.value = { ...filters.value, ...patch };
    return load();
  }

  async function exportCsv(): Promise<void> {
    error.value = null;
    try {
      const csv = await deps.http.get<string>(`/api/audit/export.csv?${auditQuery(filters.value, devicesOf)}`, { accept: 'text/csv' });
      deps.download('switchboard-audit.csv', typeof csv === 'string' ? csv : '');
      await load(); // the export is in the trail now
    } catch (e) {
      error.value = deps.errorText(e);
    }
  }

  function name(deviceId: string | null): string {
    if (deviceId === null) return '—';
    return people.value.get(deviceId) ?? deviceId;
  }

  return { filters, entries, more, loading, error, people, load, older, change, exportCsv, name };
}
