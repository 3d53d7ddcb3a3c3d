import { describe, expect, it, vi } from 'vitest';
import { auditQuery, createAuditStore, PAGE, type AuditEntry } from '../../src/audit/store';

const entry = (id: number): AuditEntry => ({ id, at: '2026-12-01T10:00:00Z', action: 'role.changed', actorDeviceId: 'd1', subjectDeviceId: 'd2', details: {} });

describe('audit store', () => {
  it('filters by every device of a person, a kind and whole local days', () => {
    const people = new Map([['d1', 'Ana'], ['d2', 'Bruno'], ['d3', 'Ana']]);
    const devicesOf = (person: string) => [...people].filter(([, name]) => name === person).map(([id]) => id);
    const params = auditQuery({ person: 'Ana', kind: 'take-over', from: '2026-12-01', to: '2026-12-01' }, devicesOf);
    expect(params.getAll('device')).toEqual(['d1', 'd3']);
    expect(params.get('action')).toBe('take-over');
    expect(Date.parse(params.get('to')!) - Date.parse(params.get('from')!)).toBe(24 * 3600 * 1000);
  });

  it('pages back from the oldest entry shown and stops when a page is short', async () => {
    const get = vi.fn(async (path: string) => (path.includes('before=') ? [entry(1)] : Array.from({ length: PAGE }, (_, i) => entry(PAGE + 1 - i))));
    const store = createAuditStore({ http: { get: get as never }, errorText: String, download: vi.fn() });
    await store.load();
    expect(store.more.value).toBe(true);
    await store.older();
    expect(get.mock.calls.at(-1)![0]).toContain('before=2');
    expect(store.entries.value).toHaveLength(PAGE + 1);
    expect(store.more.value).toBe(false);
  });

  it('reloads after an export, which the trail records', async () => {
    const get = vi.fn(async (path: string) => (path.startsWith('/api/audit/export.csv') ? 'id,at\r\n' : [entry(1)]));
    const download = vi.fn();
    const store = createAuditStore({ http: { get: get as never }, errorText: String, download });
    await store.exportCsv();
    expect(download).toHaveBeenCalledWith('switchboard-audit.csv', 'id,at\r\n');
    expect(get.mock.calls.at(-1)![0]).toMatch(/^\/api\/audit\?/);
  });
});
