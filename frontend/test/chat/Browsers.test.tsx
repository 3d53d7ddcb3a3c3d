// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Browsers } from '../../src/chat/Browsers';
import { createBrowsersStore, CUSTOMER_LIST_PATH, type BrowsersDeps } from '../../src/chat/linkedBrowsers';
import { newIdentity, type StoredIdentity } from '../../src/lib/identity';
import type { PendingRequest } from '../../src/lib/types';
import {
  B64u,
  deviceSignature,
  formatLinkQr,
  signDeviceList,
  verifyDeviceList,
  verifyLinkProof,
  type SignedDeviceList,
} from '../../src/protocol';
import { entryFor, fixedBytes, fixedIdentities, ISSUED_AT, listOf, type FixedIdentities } from '../support/fixtures';

const PHONE = '+351912345678';
const NOW_MS = (ISSUED_AT + 3600) * 1000;
const REF = 'AAAAAAAAAAAAAAAAAAAAAA';

let ids: FixedIdentities;
let v1: SignedDeviceList;
let v2: SignedDeviceList;

beforeAll(async () => {
  ids = await fixedIdentities();
  const maria = entryFor(ids.primary.keys, 'owner', 'Maria', 'Chrome on Linux');
  const laptop = entryFor(ids.companion1.keys, 'member', 'Maria', 'Firefox on Linux');
  v1 = await signDeviceList(listOf([maria], { account: PHONE, version: 1 }), ids.primary.keys);
  v2 = await signDeviceList(listOf([maria, laptop], { account: PHONE, version: 2 }), ids.primary.keys, {
    [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, PHONE, ids.primary.keys.signingKey),
  });
});

function laptopRequest(): PendingRequest {
  return {
    ref: REF,
    method: 'qr',
    deviceId: ids.companion1.keys.deviceId,
    person: 'Maria',
    label: 'Firefox on Linux',
    browser: 'Firefox',
    signingKey: B64u.encode(ids.companion1.keys.signingKey),
    agreementKey: B64u.encode(ids.companion1.keys.agreementKey),
    salt: null,
    pake1: null,
    pake2: null,
    confirm: null,
    pakeAttempts: 0,
    maxPakeAttempts: 5,
    status: 'pending',
    createdAt: new Date(NOW_MS - 10_000).toISOString(),
    expiresAt: new Date(NOW_MS + 290_000).toISOString(),
  };
}

/** The customer API as the server answers it: the current list, which the first browser may replace. */
function harness(me: 'primary' | 'companion1', start: SignedDeviceList) {
  let list = start;
  let nowMs = NOW_MS;
  const puts: Array<{ path: string; body: SignedDeviceList }> = [];
  const posts: Array<{ path: string; body: unknown }> = [];
  const http = {
    get: vi.fn(async <T,>(path: string): Promise<T> => {
      if (path === '/api/customers/me') return { customerId: 'cust', conversationId: 'conv', phone: PHONE, customerList: list } as T;
      if (path === `/api/link/requests/${REF}`) return laptopRequest() as T;
      throw new Error(`unexpected GET ${path}`);
    }),
    post: vi.fn(async <T,>(path: string, body?: unknown): Promise<T> => {
      posts.push({ path, body });
      return undefined as T;
    }),
    put: vi.fn(async <T,>(path: string, body: unknown): Promise<T> => {
      const signed = body as SignedDeviceList;
      await verifyDeviceList(signed, { expectedAccount: PHONE, pinnedPrimaryKey: ids.primary.keys.signingKey, lastAcceptedVersion: list.list.version, lastAcceptedList: list.list, now: NOW_MS / 1000 });
      puts.push({ path, body: signed });
      list = signed;
      return signed as T;
    }),
  };
  let identity: StoredIdentity = {
    ...newIdentity(ids[me].keys, { account: PHONE, primarySigningKey: ids.primary.keys.signingKey, listVersion: 1, acceptedList: v1.list, person: 'Maria', role: me === 'primary' ? 'owner' : 'member', primary: me === 'primary' }),
    kind: 'customer',
  };
  const listChanged = vi.fn();
  const deps: BrowsersDeps = {
    http: http as unknown as BrowsersDeps['http'],
    identity,
    keys: ids[me].keys,
    updateIdentity: async (changes) => (identity = { ...identity, ...changes }),
    listChanged,
    isLoggedOut: () => false,
    nowMs: () => nowMs,
    sleep: async () => undefined,
  };
  return { deps, http, puts, posts, listChanged, setList: (next: SignedDeviceList) => (list = next), advance: (ms: number) => (nowMs += ms) };
}

describe('the customer’s linked browsers', () => {
  it('approves a new browser from its QR text with a list signed under the phone number, and says so once it joined', async () => {
    const h = harness('primary', v1);
    const store = createBrowsersStore(h.deps);
    await store.refresh();
    expect(store.rows.value.map((entry) => entry.id)).toEqual([ids.primary.keys.deviceId]);

    const linkSecret = await fixedBytes('customer link secret');
    const qr = formatLinkQr({ ref: REF, signingKey: ids.companion1.keys.signingKey, agreementKey: ids.companion1.keys.agreementKey, linkSecret });
    store.openPanel('qr');
    expect(await store.approver.useQrText(qr)).toBeNull();
    expect(store.approver.panel.value).toBe('approval');
    await store.approver.approve('member');

    const approval = h.posts.find((post) => post.path === `/api/link/requests/${REF}/approve`)!.body as { role: string; deviceList: SignedDeviceList; linkProof: string };
    expect(approval.role).toBe('member');
    const approved = await verifyDeviceList(approval.deviceList, {
      expectedAccount: PHONE,
      pinnedPrimaryKey: ids.primary.keys.signingKey,
      lastAcceptedVersion: 1,
      now: NOW_MS / 1000,
      pendingDeviceIds: [ids.companion1.keys.deviceId],
    });
    expect(approved.list.devices.find((entry) => !entry.primary)).toMatchObject({ role: 'member', label: 'Firefox on Linux' });
    const proofFields = {
      ref: REF,
      account: PHONE,
      deviceId: ids.companion1.keys.deviceId,
      signingKey: B64u.encode(ids.companion1.keys.signingKey),
      agreementKey: B64u.encode(ids.companion1.keys.agreementKey),
      primarySigningKey: B64u.encode(ids.primary.keys.signingKey),
      listVersion: 2,
    };
    expect(await verifyLinkProof(linkSecret, proofFields, approval.linkProof)).toBe(true);
    expect(store.notice.value).toBeNull();

    // The new browser completes; the first one notices on its next poll.
    h.setList(v2);
    store.tick();
    await vi.waitFor(() => expect(store.notice.value).toBe('The new browser of Maria is now linked. It gets your earlier messages from this browser.'));
    expect(store.approver.panel.value).toBe('none');
    expect(store.rows.value).toHaveLength(2);
    expect(h.listChanged).toHaveBeenCalledTimes(1);
  });

  it('stops polling for a browser that never finishes once its request has expired', async () => {
    const h = harness('primary', v1);
    const store = createBrowsersStore(h.deps);
    await store.refresh();
    const qr = formatLinkQr({ ref: REF, signingKey: ids.companion1.keys.signingKey, agreementKey: ids.companion1.keys.agreementKey, linkSecret: await fixedBytes('s') });
    store.openPanel('qr');
    await store.approver.useQrText(qr);
    await store.approver.approve('member');
    const calls = () => h.http.get.mock.calls.filter(([path]) => path === '/api/customers/me').length;
    const before = calls();
    store.tick();
    expect(calls()).toBe(before + 1);
    h.advance(7 * 60_000);
    store.tick();
    expect(calls()).toBe(before + 1);
  });

  it('logs a browser out with a new list without it, on the customer’s own path', async () => {
    const h = harness('primary', v2);
    const store = createBrowsersStore(h.deps);
    await store.refresh();
    const laptop = store.rows.value.find((entry) => !entry.primary)!;
    await store.remove(laptop);
    expect(h.puts).toHaveLength(1);
    expect(h.puts[0]!.path).toBe(CUSTOMER_LIST_PATH);
    expect(h.puts[0]!.body.list.version).toBe(3);
    expect(h.puts[0]!.body.list.devices.map((entry) => entry.id)).toEqual([ids.primary.keys.deviceId]);
    expect(store.rows.value).toHaveLength(1);
    expect(store.notice.value).toBe('Firefox on Linux (Maria) was logged out.');
  });

  it('lets a second browser see the list, this browser first, but change nothing', async () => {
    const h = harness('companion1', v2);
    const store = createBrowsersStore(h.deps);
    await store.refresh();
    expect(store.iAmPrimary).toBe(false);
    expect(store.rows.value.map((entry) => entry.id)).toEqual([ids.companion1.keys.deviceId, ids.primary.keys.deviceId]);
    await store.remove(store.rows.value[1]!);
    await store.remove(store.rows.value[0]!);
    expect(h.puts).toHaveLength(0);
  });

  it('shows no browsers from a list signed by another key, and says why', async () => {
    const forged = await signDeviceList(listOf([entryFor(ids.companion2.keys, 'owner', 'Eve', 'Chrome')], { account: PHONE, version: 2 }), ids.companion2.keys);
    const h = harness('primary', forged);
    const store = createBrowsersStore(h.deps);
    await store.refresh();
    expect(store.rows.value).toEqual([]);
    expect(store.error.value).toMatch(/failed verification.*\(wrong-primary-key\)/);
  });
});

afterEach(cleanup);

describe('the linked browsers panel', () => {
  it('tells a customer with one browser how to add one, and Escape closes a link panel, then the list', async () => {
    const h = harness('primary', v1);
    const store = createBrowsersStore(h.deps);
    const onClose = vi.fn();
    render(<Browsers browsers={store} onClose={onClose} />);
    await act(() => store.refresh());
    expect(document.activeElement?.id).toBe('chat-browsers-title');
    screen.getByText(/Only this browser is linked/);
    expect(screen.getByTestId('this-browser')).toBeTruthy();

    fireEvent.click(screen.getByTestId('link-code-button'));
    expect(screen.getByTestId('code-panel')).toBeTruthy();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByTestId('code-panel')).toBeNull();
    expect(onClose).not.toHaveBeenCalled();
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('asks before logging a browser out, with the confirmation focused', async () => {
    const h = harness('primary', v2);
    const store = createBrowsersStore(h.deps);
    render(<Browsers browsers={store} onClose={() => undefined} />);
    await act(() => store.refresh());
    expect(screen.queryByTestId('chat-browsers-empty')).toBeNull();
    fireEvent.click(screen.getByTestId('browser-remove'));
    expect(h.puts).toHaveLength(0);
    expect(document.activeElement).toBe(screen.getByTestId('browser-remove-confirm'));
    fireEvent.click(screen.getByTestId('browser-remove-cancel'));
    expect(screen.queryByTestId('browser-remove-confirm')).toBeNull();

    fireEvent.click(screen.getByTestId('browser-remove'));
    await act(async () => {
      fireEvent.click(screen.getByTestId('browser-remove-confirm'));
      await vi.waitFor(() => expect(h.puts).toHaveLength(1));
    });
    await vi.waitFor(() => expect(screen.getAllByTestId('browser-row')).toHaveLength(1));
    expect(screen.getByTestId('chat-browsers-notice').textContent).toBe('Firefox on Linux (Maria) was logged out.');
  });

  it('shows a second browser the list without link or log-out buttons', async () => {
    const h = harness('companion1', v2);
    const store = createBrowsersStore(h.deps);
    render(<Browsers browsers={store} onClose={() => undefined} />);
    await act(() => store.refresh());
    expect(screen.getAllByTestId('browser-row')).toHaveLength(2);
    expect(screen.queryByTestId('link-qr-button')).toBeNull();
    expect(screen.queryByTestId('browser-remove')).toBeNull();
    screen.getByText(/Only your first browser can link or log out browsers/);
  });
});
