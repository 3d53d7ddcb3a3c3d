import { computed, signal } from '@preact/signals';
import { t } from '../i18n';
import { errorMessage } from '../lib/api';
import { listWithout, maintenanceNeeded, nowSeconds } from '../lib/deviceLists';
import type { StoredIdentity } from '../lib/identity';
import { createLinkApprover } from '../lib/linkApproval';
import { ListSigner } from '../lib/listSigning';
import type { CustomerMe } from '../lib/types';
import { DeviceListError, verifyDeviceList, type DeviceEntry, type DeviceKeys, type SignedDeviceList } from '../protocol';

/**
 * The customer's "Linked browsers" (protocol §6.3, §7): the customer's own signed list as this browser
 * verified it, and on the first browser (the customer's primary) linking another browser by QR text or
 * pairing code, approving it, and logging one out with a new signed list. The business's devices page
 * does the same for the business; the approval and signing are the same code (lib/linkApproval,
 * lib/listSigning). Customers hear of no link requests on the socket, so while a panel waits the page
 * calls `tick()` to poll. No DOM.
 */
export const CUSTOMER_LIST_PATH = '/api/customers/me/list';

export interface BrowsersDeps {
  http: {
    get<T>(path: string): Promise<T>;
    post<T>(path: string, body?: unknown): Promise<T>;
    put<T>(path: string, body: unknown): Promise<T>;
  };
  identity: StoredIdentity;
  keys: DeviceKeys;
  updateIdentity(changes: Partial<StoredIdentity>): Promise<StoredIdentity | null>;
  /** A newer list was accepted (a browser joined or left): history sync may have work. */
  listChanged?(list: SignedDeviceList): void;
  isLoggedOut(): boolean;
  nowMs(): number;
  sleep(ms: number): Promise<void>;
}

export function createBrowsersStore(deps: BrowsersDeps) {
  let identity = deps.identity;
  const verified = signal<SignedDeviceList | null>(null);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const busy = signal<string | null>(null);
  const now = signal(deps.nowMs());
  const myDeviceId = identity.deviceId;
  const iAmPrimary = identity.primary;

  /** This browser first, then the first browser, then the others in list order. */
  const rows = computed<DeviceEntry[]>(() => {
    const devices = verified.value?.list.devices ?? [];
    const rank = (entry: DeviceEntry) => (entry.id === myDeviceId ? 0 : entry.primary ? 1 : 2);
    return [...devices].sort((a, b) => rank(a) - rank(b));
  });

  const signer = new ListSigner({
    keys: deps.keys,
    http: deps.http,
    current: () => verified.value,
    reload: () => refresh(),
    // A customer's browser leaves the list only by a list without it, so every listed browser is active.
    isActive: () => true,
    accepted: async (signed) => {
      await accept(signed);
    },
    listPath: CUSTOMER_LIST_PATH,
  });

  const approver = createLinkApprover({
    http: deps.http,
    account: () => identity.account,
    approve: async (request, role, linkKey) => {
      await refresh();
      await signer.approve(request, role, linkKey);
    },
    refused: (request) => {
      notice.value = t('chat:browsers.refused', { person: request.person });
    },
    isLoggedOut: deps.isLoggedOut,
    nowMs: deps.nowMs,
    sleep: deps.sleep,
    now,
  });

  async function accept(signed: SignedDeviceList): Promise<void> {
    const newer = signed.list.version > identity.listVersion || !identity.acceptedList;
    verified.value = signed;
    if (newer) {
      identity = (await deps.updateIdentity({ listVersion: signed.list.version, acceptedList: signed.list })) ?? identity;
      deps.listChanged?.(signed);
    }
    const linked = approver.takeLinked((id) => signed.list.devices.some((device) => device.id === id));
    if (linked) notice.value = t('chat:browsers.nowLinked', { person: linked.person });
  }

  async function refresh(): Promise<void> {
    let me: CustomerMe;
    try {
      me = await deps.http.get<CustomerMe>('/api/customers/me');
    } catch (failure) {
      if (!deps.isLoggedOut()) error.value = t('chat:browsers.loadFailed', { error: errorMessage(failure) });
      return;
    }
    let signed: SignedDeviceList;
    try {
      signed = await verifyDeviceList(me.customerList, {
        expectedAccount: identity.account,
        pinnedPrimaryKey: identity.primarySigningKey,
        lastAcceptedVersion: identity.listVersion,
        lastAcceptedList: identity.acceptedList,
        now: nowSeconds(deps.nowMs()),
      });
    } catch (failure) {
      verified.value = null;
      error.value =
        failure instanceof DeviceListError
          ? t('devices:listRejected', { why: t(`devices:reject.${failure.reason}`), reason: failure.reason })
          : t('devices:listUnchecked', { error: errorMessage(failure) });
      approver.closePanels();
      return;
    }
    error.value = null;
    now.value = deps.nowMs();
    await accept(signed);
    if (iAmPrimary) await renew();
  }

  /** The first browser re-signs its list before it runs out (as the business's primary does). */
  async function renew(): Promise<void> {
    const current = verified.value;
    if (!current || !maintenanceNeeded(current.list, () => false, nowSeconds(deps.nowMs()))) return;
    try {
      await signer.publish((latest) => (maintenanceNeeded(latest.list, () => false, nowSeconds(deps.nowMs())) ? listWithout(latest, [], nowSeconds(deps.nowMs())) : null));
    } catch (failure) {
      if (!deps.isLoggedOut()) error.value = t('chat:browsers.renewFailed', { error: errorMessage(failure) });
    }
  }

  return {
    verified,
    rows,
    error,
    notice,
    busy,
    now,
    myDeviceId,
    iAmPrimary,
    approver,
    refresh,

    openPanel(which: 'qr' | 'code'): void {
      notice.value = null;
      approver.openPanel(which);
    },

    /** Polls what the socket does not tell a customer: new code requests, and the approved browser finishing. */
    tick(): void {
      now.value = deps.nowMs();
      if (approver.panel.value === 'code') approver.linkRequestChanged();
      if (approver.awaitingCompletion()) void refresh();
    },

    /** The first browser logs another out: a new signed list without it. */
    async remove(entry: DeviceEntry): Promise<void> {
      if (!iAmPrimary || entry.primary || entry.id === myDeviceId) return;
      busy.value = entry.id;
      notice.value = null;
      try {
        await signer.logOut([entry.id]);
        notice.value = t('chat:browsers.removed', { person: entry.person, label: entry.label });
      } catch (failure) {
        if (!deps.isLoggedOut()) error.value = t('chat:browsers.removeFailed', { label: entry.label, error: errorMessage(failure) });
      } finally {
        busy.value = null;
      }
    },
  };
}

export type BrowsersStore = ReturnType<typeof createBrowsersStore>;
