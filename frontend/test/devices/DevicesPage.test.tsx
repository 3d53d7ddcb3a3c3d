// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DevicesPage } from '../../src/devices/DevicesPage';
import { createDevicesStore, type DevicesDeps } from '../../src/devices/store';
import { newIdentity } from '../../src/lib/identity';
import type { DevicesView, DeviceView } from '../../src/lib/types';
import type { Authenticator } from '../../src/lib/passkeys';
import { B64u, deviceSignature, listSubject, passkeyApprovalChallenge, signDeviceList, verifyDeviceList, type SignedDeviceList } from '../../src/protocol';
import { ACCOUNT, entryFor, fixedIdentities, ISSUED_AT, listOf, type FixedIdentities } from '../support/fixtures';

let ids: FixedIdentities;
let v1: SignedDeviceList;
const NOW_MS = (ISSUED_AT + 3600) * 1000;

beforeAll(async () => {
  ids = await fixedIdentities();
  v1 = await signDeviceList(
    listOf([entryFor(ids.primary.keys, 'owner', 'Ana Lima', 'Chrome'), entryFor(ids.companion1.keys, 'agent', 'Bruno Costa', 'Firefox')]),
    ids.primary.keys,
    { [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey) },
  );
});

function deviceView(id: string, role: string, primary: boolean, status: 'active' | 'logged-out' = 'active', removalReason: string | null = null): DeviceView {
  return { id, primary, role: role as DeviceView['role'], person: '', label: '', browser: 'Chrome', signingKey: '', agreementKey: '', linkedAt: new Date(NOW_MS - 86_400_000).toISOString(), lastActiveAt: new Date(NOW_MS - 60_000).toISOString(), status, removalReason };
}

/** The devices API as the server answers it, with one signed list that the primary can replace. */
function harness(me: 'primary' | 'companion1') {
  let list = v1;
  const puts: SignedDeviceList[] = [];
  let brunoStatus: 'active' | 'logged-out' = 'active';
  const view = (): DevicesView => ({
    businessNumber: ACCOUNT,
    displayName: 'Acme',
    myDeviceId: ids[me].keys.deviceId,
    iAmPrimary: me === 'primary',
    myRole: me === 'primary' ? 'owner' : (list.list.devices.find((d) => d.id === ids.companion1.keys.deviceId)!.role),
    devices: [deviceView(ids.primary.keys.deviceId, 'owner', true), deviceView(ids.companion1.keys.deviceId, 'agent', false, brunoStatus, brunoStatus === 'logged-out' ? 'self' : null)],
    deviceList: list,
  });
  const http = {
    get: vi.fn(async <T,>(path: string): Promise<T> => (path === '/api/devices' ? view() : path.startsWith('/api/audit') ? [] : []) as T),
    post: vi.fn(async <T,>(_path: string, _body?: unknown): Promise<T> => undefined as T),
    put: vi.fn(async <T,>(_path: string, body: unknown): Promise<T> => {
      const signed = body as SignedDeviceList;
      await verifyDeviceList(signed, { expectedAccount: ACCOUNT, pinnedPrimaryKey: ids.primary.keys.signingKey, lastAcceptedVersion: list.list.version, lastAcceptedList: list.list, now: NOW_MS / 1000 });
      puts.push(signed);
      list = signed;
      return signed as T;
    }),
    delete: vi.fn(async <T,>(): Promise<T> => {
      brunoStatus = 'logged-out';
      return undefined as T;
    }),
  };
  const clearIdentity = vi.fn(async () => undefined);
  const identity = newIdentity(ids[me].keys, { account: ACCOUNT, primarySigningKey: ids.primary.keys.signingKey, listVersion: 1, acceptedList: v1.list, person: me === 'primary' ? 'Ana Lima' : 'Bruno Costa', role: me === 'primary' ? 'owner' : 'agent', primary: me === 'primary' });
  const deps: DevicesDeps = {
    http: http as unknown as DevicesDeps['http'],
    identity,
    keys: ids[me].keys,
    updateIdentity: async (changes) => ({ ...identity, ...changes }),
    clearIdentity,
    isLoggedOut: () => false,
    nowMs: () => NOW_MS,
    sleep: async () => undefined,
  };
  return { deps, http, puts, clearIdentity };
}

afterEach(cleanup);

describe('devices page', () => {
  it('lets the owner change a companion’s role with a newly signed list, without re-linking', async () => {
    const h = harness('primary');
    const store = createDevicesStore(h.deps);
    render(<DevicesPage store={store} logOutSelf={async () => undefined} />);
    await act(() => store.refresh());
    const bruno = screen.getAllByTestId('device-row').find((row) => row.dataset.deviceId === ids.companion1.keys.deviceId)!;
    expect(within(bruno).getByTestId('role-badge').textContent).toBe('Agent');
    expect(screen.getAllByTestId('role-change')).toHaveLength(1); // the primary's own row has none

    fireEvent.change(within(bruno).getByTestId('role-change'), { target: { value: 'supervisor' } });
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('Bruno Costa is now Supervisor.'));
    expect(h.puts).toHaveLength(1);
    expect(h.puts[0]!.list.version).toBe(v1.list.version + 1);
    expect(h.puts[0]!.list.devices.find((d) => d.id === ids.companion1.keys.deviceId)!.role).toBe('supervisor');
    await waitFor(() => expect(within(screen.getAllByTestId('device-row')[1]!).getByTestId('role-badge').textContent).toBe('Supervisor'));
  });

  it('lets a companion log itself out, and shows why a device is gone', async () => {
    const h = harness('companion1');
    const store = createDevicesStore(h.deps);
    const logOutSelf = vi.fn(async () => {
      await store.logOutSelf();
    });
    render(<DevicesPage store={store} logOutSelf={logOutSelf} />);
    await act(() => store.refresh());
    expect(screen.queryByTestId('role-change')).toBeNull();
    expect(screen.queryByTestId('logout-button')).toBeNull();

    fireEvent.click(screen.getByTestId('self-logout'));
    fireEvent.click(await screen.findByTestId('confirm-ok'));
    await waitFor(() => expect(logOutSelf).toHaveBeenCalled());
    expect(h.http.delete).toHaveBeenCalledWith('/api/devices/me');
    await waitFor(() => expect(h.clearIdentity).toHaveBeenCalled());

    await act(() => store.refresh());
    expect(screen.getByTestId('removal-reason').textContent).toBe('Logged itself out.');
  });
});

describe('devices page with the owner\'s passkey', () => {
  /** The harness's server, plus the passkey endpoints: one passkey registered, challenges as protocol §7.1 says. */
  function withPasskey(get: Authenticator['get']) {
    const h = harness('primary');
    const approved: string[] = [];
    const get0 = h.http.get.getMockImplementation()!;
    h.http.get.mockImplementation(async <T,>(path: string): Promise<T> =>
      (path === '/api/passkeys' ? { required: true, passkeys: [{ id: 'cred-1', name: 'Laptop', createdAt: new Date(NOW_MS).toISOString(), lastUsedAt: null }] } : await get0(path)) as T,
    );
    h.http.post.mockImplementation(async <T,>(path: string, body?: any): Promise<T> => {
      if (path === '/api/passkeys/challenges') {
        const challenge = B64u.encode(await passkeyApprovalChallenge(ACCOUNT, body.change, body.subject, 'bm9uY2U'));
        approved.push(body.subject);
        return { challenge, nonce: 'bm9uY2U', rpId: 'localhost', allowCredentials: ['cred-1'], expiresAt: 0 } as T;
      }
      return undefined as T;
    });
    const authenticator: Authenticator = { available: () => true, create: vi.fn(), get };
    h.deps.authenticator = authenticator;
    return { h, approved, authenticator };
  }

  it('asks the passkey before it sends a role change, for exactly that list', async () => {
    const { h, approved } = withPasskey(vi.fn(async () => ({ id: 'cred-1', clientDataJSON: new Uint8Array([1]), authenticatorData: new Uint8Array([2]), signature: new Uint8Array([3]) })));
    const store = createDevicesStore(h.deps);
    render(<DevicesPage store={store} logOutSelf={async () => undefined} />);
    await act(() => store.refresh());
    expect(screen.getAllByTestId('passkey-row')).toHaveLength(1);

    const bruno = screen.getAllByTestId('device-row').find((row) => row.dataset.deviceId === ids.companion1.keys.deviceId)!;
    fireEvent.change(within(bruno).getByTestId('role-change'), { target: { value: 'admin' } });
    await waitFor(() => expect(h.puts).toHaveLength(1));
    expect(approved).toEqual([await listSubject(h.puts[0]!.list)]);
    expect(h.http.post).toHaveBeenCalledWith('/api/passkeys/assertions', expect.objectContaining({ credentialId: 'cred-1' }));
  });

  it('sends nothing and says so when the owner closes the passkey prompt', async () => {
    const { h } = withPasskey(vi.fn(async () => Promise.reject(new DOMException('closed', 'NotAllowedError'))));
    const store = createDevicesStore(h.deps);
    render(<DevicesPage store={store} logOutSelf={async () => undefined} />);
    await act(() => store.refresh());
    const bruno = screen.getAllByTestId('device-row').find((row) => row.dataset.deviceId === ids.companion1.keys.deviceId)!;
    fireEvent.change(within(bruno).getByTestId('role-change'), { target: { value: 'admin' } });
    await waitFor(() => expect(document.getElementById('load-error')!.textContent).toContain('The passkey was not used, so nothing changed.'));
    expect(h.puts).toHaveLength(0);
    expect(screen.getByTestId('passkeys').dataset.state).toBe('idle');
  });
});
