import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../src/lib/api';
import { ListSigner, MAX_ATTEMPTS, type ListSigningContext, type ListSigningHttp } from '../../src/lib/listSigning';
import { B64u, deviceSignature, signDeviceList, verifyDeviceList, verifyLinkProof, type SignedDeviceList } from '../../src/protocol';
import { ACCOUNT, entryFor, fixedBytes, fixedIdentities, ISSUED_AT, listOf, type FixedIdentities } from '../support/fixtures';

const NOW = ISSUED_AT + 3600;
let ids: FixedIdentities;
let v1: SignedDeviceList;

beforeAll(async () => {
  ids = await fixedIdentities();
  v1 = await signDeviceList(
    listOf([entryFor(ids.primary.keys, 'owner', 'Ana Lima', 'Chrome'), entryFor(ids.companion1.keys, 'agent', 'Bruno Sá', 'Firefox')]),
    ids.primary.keys,
    { [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey) },
  );
});

/** A server that keeps one list and refuses what the test tells it to, the way DeviceDirectory does. */
function fakeServer(start: SignedDeviceList) {
  const state = { stored: start, refusals: [] as string[], puts: [] as SignedDeviceList[], posts: [] as Array<{ path: string; body: any }> };
  const refuse = () => {
    const code = state.refusals.shift();
    if (code) throw new ApiError(409, code, 'refused');
  };
  const http = {
    put: vi.fn(async <T,>(_path: string, body: unknown): Promise<T> => {
      const signed = body as SignedDeviceList;
      state.puts.push(signed);
      refuse();
      if (signed.list.version !== state.stored.list.version + 1) throw new ApiError(409, 'device_list_stale', 'stale');
      state.stored = signed;
      return signed as T;
    }),
    post: vi.fn(async <T,>(path: string, body?: unknown): Promise<T> => {
      state.posts.push({ path, body });
      refuse();
      const list = (body as { deviceList: SignedDeviceList }).deviceList;
      if (list.list.version !== state.stored.list.version + 1) throw new ApiError(409, 'device_list_stale', 'stale');
      return undefined as T;
    }),
  };
  return { state, http };
}

function signerFor(server: ReturnType<typeof fakeServer>, overrides: Partial<ListSigningContext> = {}) {
  let current: SignedDeviceList | null = server.state.stored;
  const reload = vi.fn(async () => {
    current = server.state.stored;
  });
  const accepted = vi.fn(async () => undefined);
  const signer = new ListSigner({
    keys: ids.primary.keys,
    http: server.http as unknown as ListSigningHttp,
    current: () => current,
    reload,
    isActive: () => true,
    accepted,
    now: () => NOW,
    ...overrides,
  });
  return { signer, reload, accepted };
}

const verifyAgainst = (previous: SignedDeviceList, signed: SignedDeviceList) =>
  verifyDeviceList(signed, {
    expectedAccount: ACCOUNT,
    pinnedPrimaryKey: ids.primary.keys.signingKey,
    lastAcceptedVersion: previous.list.version,
    lastAcceptedList: previous.list,
    now: NOW,
  });

describe('ListSigner', () => {
  it('logs a device out with a list the companions can verify, and reports it accepted', async () => {
    const server = fakeServer(v1);
    const { signer, accepted } = signerFor(server);
    const signed = await signer.logOut([ids.companion1.keys.deviceId]);
    expect(signed!.list.version).toBe(v1.list.version + 1);
    expect(signed!.list.devices.map((d) => d.id)).toEqual([ids.primary.keys.deviceId]);
    await expect(verifyAgainst(v1, signed!)).resolves.toBeTruthy();
    expect(accepted).toHaveBeenCalledWith(signed);
  });

  it('reloads and signs again from the fresh list when the server answers device_list_mismatch', async () => {
    const server = fakeServer(v1);
    const { signer, reload } = signerFor(server);
    // Another change lands on the server between our read and our write, and the server calls ours a mismatch.
    const moved = await signDeviceList({ ...v1.list, version: v1.list.version + 1, issuedAt: NOW }, ids.primary.keys, v1.deviceSignatures);
    server.state.stored = moved;
    server.state.refusals.push('device_list_mismatch');

    const signed = await signer.changeRole(ids.companion1.keys.deviceId, 'admin');

    expect(reload).toHaveBeenCalledOnce();
    expect(server.http.put).toHaveBeenCalledTimes(2);
    expect(signed!.list.version).toBe(moved.list.version + 1);
    expect(server.state.stored).toBe(signed);
  });

  it('approves a link request again after device_list_mismatch or device_list_stale, with a proof over the new version', async () => {
    const server = fakeServer(v1);
    const { signer, reload } = signerFor(server);
    server.state.refusals.push('device_list_mismatch', 'device_list_stale');
    const linkKey = await fixedBytes('link-key');
    const request = {
      ref: 'ref-1',
      deviceId: ids.companion2.keys.deviceId,
      person: 'Carla Dias',
      label: 'Safari',
      signingKey: entryFor(ids.companion2.keys, 'agent', 'x', 'y').signingKey,
      agreementKey: entryFor(ids.companion2.keys, 'agent', 'x', 'y').agreementKey,
    };

    await signer.approve(request, 'supervisor', linkKey);

    expect(reload).toHaveBeenCalledTimes(2);
    expect(server.state.posts).toHaveLength(3);
    const last = server.state.posts.at(-1)!;
    expect(last.path).toBe('/api/link/requests/ref-1/approve');
    expect(last.body.role).toBe('supervisor');
    expect(last.body.deviceList.list.devices.find((d: { id: string }) => d.id === request.deviceId).role).toBe('supervisor');
    await expect(
      verifyLinkProof(linkKey, {
        ref: 'ref-1',
        account: ACCOUNT,
        deviceId: request.deviceId,
        signingKey: request.signingKey,
        agreementKey: request.agreementKey,
        primarySigningKey: last.body.deviceList.list.devices.find((d: { primary: boolean }) => d.primary).signingKey,
        listVersion: last.body.deviceList.list.version,
      }, last.body.linkProof),
    ).resolves.toBe(true);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and does not retry other refusals`, async () => {
    const server = fakeServer(v1);
    const { signer } = signerFor(server);
    server.state.refusals.push(...Array(MAX_ATTEMPTS).fill('device_list_mismatch'));
    await expect(signer.logOut([ids.companion1.keys.deviceId])).rejects.toMatchObject({ code: 'device_list_mismatch' });
    expect(server.http.put).toHaveBeenCalledTimes(MAX_ATTEMPTS);

    const other = fakeServer(v1);
    const { signer: second, reload } = signerFor(other);
    other.state.refusals.push('device_list_invalid');
    await expect(second.logOut([ids.companion1.keys.deviceId])).rejects.toMatchObject({ code: 'device_list_invalid' });
    expect(other.http.put).toHaveBeenCalledOnce();
    expect(reload).not.toHaveBeenCalled();
  });

  it('changes a role without touching the companion signature, and does nothing when the role is already that', async () => {
    const server = fakeServer(v1);
    const { signer } = signerFor(server);
    expect(await signer.changeRole(ids.companion1.keys.deviceId, 'agent')).toBeNull();
    expect(server.http.put).not.toHaveBeenCalled();

    const signed = await signer.changeRole(ids.companion1.keys.deviceId, 'admin');
    const entry = signed!.list.devices.find((d) => d.id === ids.companion1.keys.deviceId)!;
    expect(entry.role).toBe('admin');
    expect(signed!.deviceSignatures).toEqual(v1.deviceSignatures);
    await expect(verifyAgainst(v1, signed!)).resolves.toBeTruthy();
    await expect(signer.changeRole(ids.primary.keys.deviceId, 'admin')).rejects.toThrow(/owner/);
  });

  it('runs changes one at a time, each on the list the previous one left', async () => {
    const server = fakeServer(v1);
    let current: SignedDeviceList = v1;
    const { signer } = signerFor(server, {
      current: () => current,
      accepted: async (signed) => {
        current = signed;
      },
    });
    const [first, second] = await Promise.all([
      signer.changeRole(ids.companion1.keys.deviceId, 'admin'),
      signer.changeRole(ids.companion1.keys.deviceId, 'supervisor'),
    ]);
    expect(first!.list.version).toBe(v1.list.version + 1);
    expect(second!.list.version).toBe(v1.list.version + 2);
    expect(server.http.put).toHaveBeenCalledTimes(2);
  });

  describe('with the owner\'s passkey (protocol §7.1)', () => {
    it('approves a logout of an active device and a role change with the exact list it then sends', async () => {
      const server = fakeServer(v1);
      const approveChange = vi.fn(async () => undefined);
      const { signer } = signerFor(server, { approveChange });
      const promoted = await signer.changeRole(ids.companion1.keys.deviceId, 'admin');
      expect(approveChange).toHaveBeenLastCalledWith('list', promoted!.list);

      const server2 = fakeServer(v1);
      const approve2 = vi.fn(async () => undefined);
      const signed = await signerFor(server2, { approveChange: approve2 }).signer.logOut([ids.companion1.keys.deviceId]);
      expect(approve2).toHaveBeenCalledWith('list', signed!.list);
    });

    it('asks nothing to drop a device that is logged out already or to renew', async () => {
      const server = fakeServer(v1);
      const approveChange = vi.fn(async () => undefined);
      const { signer } = signerFor(server, { approveChange, isActive: (id) => id !== ids.companion1.keys.deviceId });
      await signer.logOut([ids.companion1.keys.deviceId]);
      const renewing = fakeServer(v1);
      await signerFor(renewing, { approveChange }).signer.publish((current) => ({
        list: { ...current.list, version: current.list.version + 1 },
        deviceSignatures: current.deviceSignatures,
      }));
      expect(approveChange).not.toHaveBeenCalled();
      expect(server.http.put).toHaveBeenCalledTimes(1);
      expect(renewing.http.put).toHaveBeenCalledTimes(1);
    });

    it('approves a link with the list it posts, and sends nothing when the passkey is not used', async () => {
      const server = fakeServer(v1);
      const approveChange = vi.fn(async () => undefined);
      const request = {
        ref: 'ref-1',
        deviceId: ids.companion2.keys.deviceId,
        person: 'Carla',
        label: 'Safari',
        signingKey: B64u.encode(ids.companion2.keys.signingKey),
        agreementKey: B64u.encode(ids.companion2.keys.agreementKey),
      };
      await signerFor(server, { approveChange }).signer.approve(request, 'agent', await fixedBytes('link-key'));
      expect(approveChange).toHaveBeenCalledWith('link', server.state.posts[0].body.deviceList.list);

      const refusing = fakeServer(v1);
      const cancelled = vi.fn(async () => Promise.reject(new Error('cancelled')));
      await expect(signerFor(refusing, { approveChange: cancelled }).signer.approve(request, 'agent', await fixedBytes('link-key'))).rejects.toThrow('cancelled');
      expect(refusing.state.posts).toHaveLength(0);
    });

    it('reloads and asks again when the server says a passkey is required now', async () => {
      const server = fakeServer(v1);
      server.state.refusals.push('passkey_required');
      const { signer, reload } = signerFor(server);
      await signer.changeRole(ids.companion1.keys.deviceId, 'admin');
      expect(reload).toHaveBeenCalledTimes(1);
      expect(server.http.put).toHaveBeenCalledTimes(2);
    });
  });
});
