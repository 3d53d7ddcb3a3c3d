import { computed, signal } from '@preact/signals';
import { t } from '../i18n';
import { api, errorMessage } from '../lib/api';
import { maintenanceNeeded, listWithout, nowSeconds } from '../lib/deviceLists';
import { clearIdentity, updateIdentity, type StoredIdentity } from '../lib/identity';
import { ListSigner } from '../lib/listSigning';
import { isAdmin } from '../lib/roles';
import type { AuditEntry, DevicesView, DeviceView } from '../lib/types';
import {
  DeviceListError,
  verifyDeviceList,
  type CompanionRole,
  type DeviceEntry,
  type DeviceKeys,
  type SignedDeviceList,
} from '../protocol';
import { createLinkApprover } from '../lib/linkApproval';
import { createPasskeys, type Authenticator, type PasskeysStatus } from '../lib/passkeys';
import { createRecoveryCard } from './recovery';
import { listSubject, type DeviceList } from '../protocol';
import { browserAuthenticator } from './webauthn';

/**
 * The "Linked devices" page's one store: the verified list and the server's view of each device, the open
 * panel (link by QR, link with code, approve), the activity log, and every action. Components read the
 * signals; nothing here touches the DOM.
 */
export type { Approval, Panel } from '../lib/linkApproval';

export interface DevicesDeps {
  http: {
    get<T>(path: string): Promise<T>;
    post<T>(path: string, body?: unknown): Promise<T>;
    put<T>(path: string, body: unknown): Promise<T>;
    delete<T>(path: string): Promise<T>;
  };
  identity: StoredIdentity;
  keys: DeviceKeys;
  updateIdentity(changes: Partial<StoredIdentity>): Promise<StoredIdentity | null>;
  clearIdentity(): Promise<void>;
  isLoggedOut(): boolean;
  nowMs(): number;
  sleep(ms: number): Promise<void>;
  /** WebAuthn for the owner's passkeys (protocol §7.1); without it the page offers none. */
  authenticator?: Authenticator;
}

/** What the passkey card shows: idle, waiting for the authenticator (to add, approve or remove), or done. */
export type PasskeyActivity = 'idle' | 'registering' | 'approving' | 'removing';

export function createDevicesStore(deps: DevicesDeps) {
  let identity = deps.identity;
  const view = signal<DevicesView | null>(null);
  const verified = signal<SignedDeviceList | null>(null);
  const loadError = signal<string | null>(null);
  const listError = signal<{ text: string; reason: string } | null>(null);
  const notice = signal<string | null>(null);
  const audit = signal<AuditEntry[]>([]);
  const auditError = signal<string | null>(null);
  const busyDevices = signal<ReadonlySet<string>>(new Set());
  const now = signal(deps.nowMs());
  /** Names of devices seen so far (also removed ones, from the audit log), for the activity table. */
  const knownPeople = new Map<string, string>();
  let maintainedVersion = -1;

  const myDeviceId = identity.deviceId;
  const iAmPrimary = computed(() => view.value?.iAmPrimary ?? false);
  const canSeeActivity = computed(() => isAdmin(view.value?.myRole));

  function statusOf(deviceId: string): DeviceView | undefined {
    return view.value?.devices.find((device) => device.id === deviceId);
  }
  const isActive = (deviceId: string) => statusOf(deviceId)?.status !== 'logged-out';

  /** The list's devices with the server's view of each, the primary first. */
  const rows = computed(() => {
    const list = verified.value?.list;
    const current = view.value;
    if (!list || !current) return [];
    const position = new Map(current.devices.map((device, index) => [device.id, index]));
    return list.devices
      .map((entry) => ({ entry, info: current.devices.find((device) => device.id === entry.id) }))
      .sort((a, b) => (a.entry.primary !== b.entry.primary ? (a.entry.primary ? -1 : 1) : (position.get(a.entry.id) ?? 1e9) - (position.get(b.entry.id) ?? 1e9)));
  });

  const passkeyStatus = signal<PasskeysStatus | null>(null);
  const passkeyActivity = signal<PasskeyActivity>('idle');
  const passkeyError = signal<string | null>(null);
  const passkeyNotice = signal<string | null>(null);
  const passkeys = deps.authenticator
    ? createPasskeys({ http: deps.http, account: () => identity.account, authenticator: deps.authenticator })
    : null;

  async function loadPasskeys(): Promise<void> {
    if (!passkeys) return;
    try {
      passkeyStatus.value = await passkeys.status();
    } catch (error) {
      if (!deps.isLoggedOut()) passkeyError.value = t('devices:passkeys.loadFailed', { error: errorMessage(error) });
    }
  }

  /** Runs `work` while the page says it waits for the authenticator; the activity ends however it ends. */
  async function withPasskey<T>(activity: PasskeyActivity, work: () => Promise<T>): Promise<T> {
    passkeyActivity.value = activity;
    passkeyError.value = null;
    try {
      return await work();
    } finally {
      passkeyActivity.value = 'idle';
    }
  }

  /** The owner's passkey approves a list change when passkeys are required (protocol §7.1). */
  async function approveChange(change: 'link' | 'list', list: DeviceList): Promise<void> {
    if (!passkeyStatus.value?.required) return;
    if (!passkeys) throw new Error(t('devices:passkeys.unsupported'));
    const subject = await listSubject(list);
    await withPasskey('approving', () => passkeys.approve(change, subject));
  }

  async function acceptedOwnList(signed: SignedDeviceList): Promise<void> {
    identity = (await deps.updateIdentity({ listVersion: signed.list.version, acceptedList: signed.list })) ?? identity;
    await refresh();
  }

  const signer = new ListSigner({
    keys: deps.keys,
    http: deps.http,
    current: () => verified.value,
    reload: () => refresh(),
    isActive,
    approveChange,
    accepted: acceptedOwnList,
  });

  const recovery = createRecoveryCard({
    http: deps.http,
    keys: deps.keys,
    current: () => verified.value,
    approveList: (list) => approveChange('list', list),
    accepted: acceptedOwnList,
    isActive,
    becamePrimary: async (signed) => {
      // The claim under the committed authority key moved the pin to this device's own key (§7.3).
      identity = (await deps.updateIdentity({ primary: true, role: 'owner', primarySigningKey: deps.keys.signingKey,
        listVersion: signed.list.version, acceptedList: signed.list })) ?? identity;
      await refresh();
    },
    nowMs: deps.nowMs,
  });

  const approver = createLinkApprover({
    http: deps.http,
    account: () => identity.account,
    approve: async (request, role, linkKey) => {
      await refresh();
      await signer.approve(request, role, linkKey);
    },
    refused: (request) => {
      notice.value = t('devices:refused', { person: request.person });
    },
    seen: (request) => knownPeople.set(request.deviceId, request.person),
    isLoggedOut: deps.isLoggedOut,
    nowMs: deps.nowMs,
    sleep: deps.sleep,
    now,
  });
  const closePanels = approver.closePanels;

  async function verifyList(candidate: unknown): Promise<SignedDeviceList> {
    const options = {
      expectedAccount: identity.account,
      pinnedPrimaryKey: identity.primarySigningKey,
      lastAcceptedVersion: identity.listVersion,
      lastAcceptedList: identity.acceptedList,
      now: nowSeconds(deps.nowMs()),
    };
    try {
      return await verifyDeviceList(candidate, options);
    } catch (error) {
      // The primary's own list ran out (it was offline for a month): every other rule must still
      // hold, and maintenance re-signs it at once. Companions keep refusing it until then.
      const expiresAt = (candidate as { list?: { expiresAt?: unknown } } | null)?.list?.expiresAt;
      if (identity.primary && error instanceof DeviceListError && error.reason === 'expired' && typeof expiresAt === 'number') {
        return verifyDeviceList(candidate, { ...options, now: expiresAt - 1 });
      }
      throw error;
    }
  }

  let inFlight: Promise<void> | null = null;
  let again = false;

  /** Fetches, verifies and shows the devices. Concurrent calls are merged into one more run. */
  function refresh(): Promise<void> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = (async () => {
      try {
        do {
          again = false;
          await refreshOnce();
        } while (again && !deps.isLoggedOut());
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  async function refreshOnce(): Promise<void> {
    let next: DevicesView;
    try {
      next = await deps.http.get<DevicesView>('/api/devices');
      loadError.value = null;
    } catch (error) {
      if (!deps.isLoggedOut()) loadError.value = t('devices:loadFailed', { error: errorMessage(error) });
      return;
    }
    let accepted: SignedDeviceList;
    try {
      accepted = await verifyList(next.deviceList);
    } catch (error) {
      view.value = null;
      verified.value = null;
      listError.value = {
        text: error instanceof DeviceListError ? t('devices:listRejected', { why: t(`devices:reject.${error.reason}`), reason: error.reason }) : t('devices:listUnchecked', { error: errorMessage(error) }),
        reason: error instanceof DeviceListError ? error.reason : 'error',
      };
      closePanels();
      return;
    }
    listError.value = null;
    if (accepted.list.version > identity.listVersion || !identity.acceptedList) {
      const own = accepted.list.devices.find((device) => device.id === myDeviceId);
      identity = (await deps.updateIdentity({ listVersion: accepted.list.version, acceptedList: accepted.list, ...(own ? { role: own.role } : {}) })) ?? identity;
    }
    for (const device of accepted.list.devices) knownPeople.set(device.id, device.person);
    view.value = next;
    verified.value = accepted;
    now.value = deps.nowMs();
    const linked = approver.takeLinked((id) => accepted.list.devices.some((device) => device.id === id));
    if (linked) notice.value = t('devices:nowLinked', { person: linked.person });
    if (next.iAmPrimary) {
      await loadPasskeys();
      void maintain();
    }
    if (isAdmin(next.myRole)) void loadAudit();
  }

  /** Drops devices the server logged out and renews a list with less than 15 days left. */
  async function maintain(): Promise<void> {
    const current = verified.value;
    if (!current || !iAmPrimary.value) return;
    const need = maintenanceNeeded(current.list, (id) => !isActive(id), nowSeconds(deps.nowMs()));
    if (!need || maintainedVersion === current.list.version) return;
    maintainedVersion = current.list.version;
    try {
      await signer.publish((latest) => {
        const still = maintenanceNeeded(latest.list, (id) => !isActive(id), nowSeconds(deps.nowMs()));
        return still ? listWithout(latest, still.drop, nowSeconds(deps.nowMs())) : null;
      });
      if (need.drop.length > 0) notice.value = t('devices:droppedLoggedOut', { count: need.drop.length });
    } catch (error) {
      if (!deps.isLoggedOut()) loadError.value = t('devices:renewFailed', { error: errorMessage(error) });
    }
  }

  function setBusy(deviceId: string, busy: boolean): void {
    const next = new Set(busyDevices.value);
    if (busy) next.add(deviceId);
    else next.delete(deviceId);
    busyDevices.value = next;
  }

  async function loadAudit(): Promise<void> {
    let entries: AuditEntry[];
    try {
      entries = await deps.http.get<AuditEntry[]>('/api/audit?limit=100');
      auditError.value = null;
    } catch (error) {
      if (!deps.isLoggedOut()) auditError.value = t('devices:activity.failed', { error: errorMessage(error) });
      return;
    }
    for (const entry of entries) {
      const person = entry.details && typeof entry.details.person === 'string' ? entry.details.person : null;
      if (person && entry.subjectDeviceId && !knownPeople.has(entry.subjectDeviceId)) knownPeople.set(entry.subjectDeviceId, person);
    }
    audit.value = entries;
  }

  return {
    view,
    verified,
    rows,
    loadError,
    listError,
    notice,
    panel: approver.panel,
    approval: approver.approval,
    pending: approver.pending,
    pendingError: approver.pendingError,
    selectedRef: approver.selectedRef,
    loadPending: approver.loadPending,
    useQrText: approver.useQrText,
    checkCode: approver.checkCode,
    approve: approver.approve,
    refuse: approver.refuse,
    audit,
    auditError,
    busyDevices,
    recovery,
    passkeyStatus,
    passkeyActivity,
    passkeyError,
    passkeyNotice,
    passkeysSupported: (): boolean => passkeys !== null && (deps.authenticator?.available() ?? false),
    now,
    iAmPrimary,
    canSeeActivity,
    myDeviceId,
    isActive,
    refresh,
    closePanels,

    personOf(deviceId: string | null): string | null {
      return deviceId ? knownPeople.get(deviceId) ?? null : null;
    },

    tick(): void {
      now.value = deps.nowMs();
    },

    /** The event socket said something about link requests. */
    linkRequestChanged(_ref: string, status: string): void {
      approver.linkRequestChanged();
      if (approver.awaitingCompletion() && status === 'completed') void refresh();
      if (canSeeActivity.value) void loadAudit();
    },

    openPanel(which: 'qr' | 'code'): void {
      notice.value = null;
      approver.openPanel(which);
    },

    /** The primary logs a companion out (a new signed list without it). */
    async logOut(entry: DeviceEntry): Promise<void> {
      setBusy(entry.id, true);
      try {
        await signer.logOut([entry.id]);
        notice.value = t('devices:loggedOutNotice', { person: entry.person });
      } catch (error) {
        if (!deps.isLoggedOut()) loadError.value = t('devices:logOutFailed', { person: entry.person, error: errorMessage(error) });
      } finally {
        setBusy(entry.id, false);
      }
    },

    /** The primary gives a companion another role: a new signed list, no re-linking. */
    async changeRole(entry: DeviceEntry, role: CompanionRole): Promise<void> {
      setBusy(entry.id, true);
      try {
        const signed = await signer.changeRole(entry.id, role);
        if (signed) notice.value = t('devices:roleChanged', { person: entry.person, role: t(`common:role.${role}`) });
      } catch (error) {
        if (!deps.isLoggedOut()) loadError.value = t('devices:roleFailed', { person: entry.person, error: errorMessage(error) });
      } finally {
        setBusy(entry.id, false);
      }
    },

    /** Registers a passkey on this device's authenticator; a further one is approved by an existing one first. */
    async addPasskey(name: string): Promise<boolean> {
      if (!passkeys) return false;
      passkeyNotice.value = null;
      try {
        const others = (passkeyStatus.value?.passkeys.length ?? 0) > 0;
        const added = await withPasskey('registering', () => passkeys.register(name, others));
        passkeyNotice.value = t('devices:passkeys.added', { name: added.name });
        await loadPasskeys();
        if (canSeeActivity.value) void loadAudit();
        return true;
      } catch (error) {
        if (!deps.isLoggedOut()) passkeyError.value = t('devices:passkeys.addFailed', { error: errorMessage(error) });
        return false;
      }
    },

    /** Deletes a passkey, approved by a passkey (this one or another). */
    async removePasskey(id: string, name: string): Promise<void> {
      if (!passkeys) return;
      passkeyNotice.value = null;
      try {
        await withPasskey('removing', () => passkeys.remove(id));
        passkeyNotice.value = t('devices:passkeys.removed', { name });
        await loadPasskeys();
        if (canSeeActivity.value) void loadAudit();
      } catch (error) {
        if (!deps.isLoggedOut()) passkeyError.value = t('devices:passkeys.removeFailed', { name, error: errorMessage(error) });
      }
    },

    /** A companion logs itself out: the server forgets its sessions, this browser forgets its keys. */
    async logOutSelf(): Promise<boolean> {
      try {
        await deps.http.delete('/api/devices/me');
      } catch (error) {
        loadError.value = t('devices:selfLogOutFailed', { error: errorMessage(error) });
        return false;
      }
      await deps.clearIdentity();
      return true;
    },
  };
}

export type DevicesStore = ReturnType<typeof createDevicesStore>;

export const realDevicesDeps = (identity: StoredIdentity, keys: DeviceKeys, isLoggedOut: () => boolean): DevicesDeps => ({
  http: api,
  identity,
  keys,
  updateIdentity: (changes) => updateIdentity(changes),
  clearIdentity: () => clearIdentity(),
  isLoggedOut,
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  authenticator: browserAuthenticator(),
});
