import { computed, signal } from '@preact/signals';
import { t } from '../i18n';
import { api, ApiError, errorMessage } from '../lib/api';
import { maintenanceNeeded, listWithout, nowSeconds } from '../lib/deviceLists';
import { clearIdentity, updateIdentity, type StoredIdentity } from '../lib/identity';
import { ListSigner } from '../lib/listSigning';
import { isAdmin } from '../lib/roles';
import type { AuditEntry, DevicesView, DeviceView, PendingRequest } from '../lib/types';
import {
  B64u,
  DeviceListError,
  deviceIdOf,
  fingerprintOf,
  generateEphemeralKeyPair,
  openEphemeral,
  PairingCode,
  pairingLinkKey,
  pairingPasswordKey,
  parseLinkQr,
  sealEphemeral,
  verifyDeviceList,
  verifyPairingConfirm,
  type Bytes,
  type CompanionRole,
  type DeviceEntry,
  type DeviceKeys,
  type SignedDeviceList,
} from '../protocol';

/**
 * The "Linked devices" page's one store: the verified list and the server's view of each device, the open
 * panel (link by QR, link with code, approve), the activity log, and every action. Components read the
 * signals; nothing here touches the DOM.
 */
export type Panel = 'none' | 'qr' | 'code' | 'approval';

export interface Approval {
  request: PendingRequest;
  linkKey: Bytes;
  fingerprint: string;
  state: 'asking' | 'signing' | 'approved';
  error: string | null;
}

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
}

export function createDevicesStore(deps: DevicesDeps) {
  let identity = deps.identity;
  const view = signal<DevicesView | null>(null);
  const verified = signal<SignedDeviceList | null>(null);
  const loadError = signal<string | null>(null);
  const listError = signal<{ text: string; reason: string } | null>(null);
  const notice = signal<string | null>(null);
  const panel = signal<Panel>('none');
  const approval = signal<Approval | null>(null);
  const pending = signal<PendingRequest[] | null>(null);
  const pendingError = signal<string | null>(null);
  const selectedRef = signal<string | null>(null);
  const audit = signal<AuditEntry[]>([]);
  const auditError = signal<string | null>(null);
  const busyDevices = signal<ReadonlySet<string>>(new Set());
  const now = signal(deps.nowMs());
  /** Names of devices seen so far (also removed ones, from the audit log), for the activity table. */
  const knownPeople = new Map<string, string>();
  let approvedDevice: { deviceId: string; person: string } | null = null;
  let codeRun = 0;
  let linkWaiters: Array<() => void> = [];
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

  const signer = new ListSigner({
    keys: deps.keys,
    http: deps.http,
    current: () => verified.value,
    reload: () => refresh(),
    isActive,
    accepted: async (signed) => {
      identity = (await deps.updateIdentity({ listVersion: signed.list.version, acceptedList: signed.list })) ?? identity;
      await refresh();
    },
  });

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
    if (approvedDevice && accepted.list.devices.some((device) => device.id === approvedDevice!.deviceId)) {
      const person = approvedDevice.person;
      approvedDevice = null;
      closePanels();
      notice.value = t('devices:nowLinked', { person });
    }
    if (next.iAmPrimary) void maintain();
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

  function closePanels(): void {
    panel.value = 'none';
    approval.value = null;
    codeRun++;
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

  /** Why a request cannot be approved now, or null. */
  function requestProblem(request: PendingRequest, method: 'qr' | 'code'): string | null {
    if (request.method !== method) return method === 'qr' ? t('devices:problem.useCode') : t('devices:problem.useQr');
    if (request.status !== 'pending') return t('devices:problem.already', { status: request.status });
    if (Date.parse(request.expiresAt) <= deps.nowMs()) return t('devices:problem.expired');
    return null;
  }

  async function openApproval(request: PendingRequest, linkKey: Bytes): Promise<void> {
    knownPeople.set(request.deviceId, request.person);
    const fingerprint = await fingerprintOf(B64u.decodeExact(request.signingKey, 32), B64u.decodeExact(request.agreementKey, 32));
    codeRun++;
    approval.value = { request, linkKey, fingerprint, state: 'asking', error: null };
    panel.value = 'approval';
  }

  function wakeLinkWaiters(): void {
    const waiters = linkWaiters;
    linkWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Sleeps `ms`, or less when a link-request event arrives. */
  function sleepOrWake(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        linkWaiters = linkWaiters.filter((waiter) => waiter !== finish);
        resolve();
      };
      linkWaiters.push(finish);
      void deps.sleep(ms).then(finish);
    });
  }

  /** Waits (events or polling) until the new device confirms this pake2; null if the panel closed. */
  async function waitForConfirm(ref: string, pake2: string, run: number): Promise<PendingRequest | null> {
    const deadline = deps.nowMs() + 60_000;
    while (deps.nowMs() < deadline) {
      if (run !== codeRun || panel.value !== 'code') return null;
      const request = await deps.http.get<PendingRequest>(`/api/link/requests/${encodeURIComponent(ref)}`);
      if (request.status !== 'pending') throw new Error(t('devices:code.changed', { status: request.status }));
      if (request.pake2 !== pake2) throw new Error(t('devices:code.superseded'));
      if (request.confirm) return request;
      if (Date.parse(request.expiresAt) <= deps.nowMs()) throw new Error(t('devices:problem.expired'));
      await sleepOrWake(1000);
    }
    throw new Error(t('devices:code.noAnswer'));
  }

  return {
    view,
    verified,
    rows,
    loadError,
    listError,
    notice,
    panel,
    approval,
    pending,
    pendingError,
    selectedRef,
    audit,
    auditError,
    busyDevices,
    now,
    iAmPrimary,
    canSeeActivity,
    myDeviceId,
    refresh,
    closePanels,

    personOf(deviceId: string | null): string | null {
      return deviceId ? knownPeople.get(deviceId) ?? null : null;
    },

    tick(): void {
      now.value = deps.nowMs();
    },

    /** The event socket said something about link requests. */
    linkRequestChanged(ref: string, status: string): void {
      wakeLinkWaiters();
      if (panel.value === 'code') void this.loadPending();
      if (approvedDevice && status === 'completed') void refresh();
      void ref;
      if (canSeeActivity.value) void loadAudit();
    },

    openPanel(which: 'qr' | 'code'): void {
      closePanels();
      notice.value = null;
      panel.value = which;
      if (which === 'code') {
        pending.value = null;
        void this.loadPending();
      }
    },

    async loadPending(): Promise<void> {
      try {
        const requests = (await deps.http.get<PendingRequest[]>('/api/link/requests')).filter((request) => request.method === 'code');
        pendingError.value = null;
        for (const request of requests) knownPeople.set(request.deviceId, request.person);
        if (!requests.some((request) => request.ref === selectedRef.value)) selectedRef.value = requests.length === 1 ? requests[0]!.ref : null;
        pending.value = requests;
      } catch (error) {
        if (!deps.isLoggedOut()) pendingError.value = t('devices:code.pendingFailed', { error: errorMessage(error) });
      }
    },

    /** The QR text from the new browser (pasted or scanned); returns an error to show, or null once the approval opened. */
    async useQrText(text: string): Promise<string | null> {
      let qr;
      try {
        qr = parseLinkQr(text);
      } catch {
        return t('devices:qr.notACode');
      }
      try {
        const request = await deps.http.get<PendingRequest>(`/api/link/requests/${encodeURIComponent(qr.ref)}`);
        const problem = requestProblem(request, 'qr');
        if (problem) return problem;
        const keysMatch =
          request.signingKey === B64u.encode(qr.signingKey) &&
          request.agreementKey === B64u.encode(qr.agreementKey) &&
          request.deviceId === (await deviceIdOf(qr.signingKey));
        if (!keysMatch) return t('devices:qr.mismatch');
        await openApproval(request, qr.linkSecret);
        return null;
      } catch (failure) {
        return failure instanceof ApiError && failure.status === 404 ? t('devices:qr.noRequest') : errorMessage(failure);
      }
    },

    /**
     * Checks a pairing code against the chosen request (protocol §6.2). Returns what to show: an error with
     * whether it was a wrong code, or null once the approval opened. `progress` reports the steps.
     */
    async checkCode(input: string, progress: (text: string) => void): Promise<{ error: string; wrongCode?: boolean; field?: boolean } | null> {
      const run = ++codeRun;
      let code: string;
      try {
        code = PairingCode.normalize(input);
      } catch {
        return { error: t('devices:code.format'), field: true };
      }
      const ref = selectedRef.value;
      if (!ref) return { error: t('devices:code.choose') };
      try {
        const request = await deps.http.get<PendingRequest>(`/api/link/requests/${encodeURIComponent(ref)}`);
        const problem = requestProblem(request, 'code');
        if (problem || !request.salt || !request.pake1) return { error: problem ?? t('devices:code.noData') };
        if (request.deviceId !== (await deviceIdOf(B64u.decodeExact(request.signingKey, 32)))) return { error: t('devices:code.badDeviceId') };
        progress(t('devices:code.checking'));
        const salt = B64u.decodeExact(request.salt, 32);
        const passwordKey = await pairingPasswordKey(code, salt);
        const ephemeral = await generateEphemeralKeyPair();
        const pake2 = B64u.encode(await sealEphemeral(passwordKey, ephemeral.publicKey));
        const answered = await deps.http.post<PendingRequest>(`/api/link/requests/${encodeURIComponent(ref)}/pake`, { pake2 });
        const companionEphemeral = await openEphemeral(passwordKey, B64u.decodeExact(request.pake1, 48));
        const linkKey = await pairingLinkKey(ephemeral.privateKey, companionEphemeral, salt, ref);
        progress(t('devices:code.waiting'));
        const confirmed = await waitForConfirm(ref, pake2, run);
        if (!confirmed) return null; // panel closed meanwhile
        const valid = await verifyPairingConfirm(
          linkKey,
          { ref, account: identity.account, deviceId: request.deviceId, signingKey: request.signingKey, agreementKey: request.agreementKey, pake1: request.pake1, pake2 },
          confirmed.confirm!,
        );
        progress('');
        if (!valid) {
          const left = answered.maxPakeAttempts - answered.pakeAttempts;
          if (left <= 0) {
            // Lock the request now, so the new browser stops waiting instead of counting down to the expiry.
            await deps.http.post(`/api/link/requests/${encodeURIComponent(ref)}/refuse`, { reason: 'wrong-codes' }).catch(() => undefined);
          }
          void this.loadPending();
          return { error: left > 0 ? t('devices:code.wrong', { count: left }) : t('devices:code.wrongLocked'), wrongCode: true };
        }
        if (confirmed.signingKey !== request.signingKey || confirmed.agreementKey !== request.agreementKey || confirmed.deviceId !== request.deviceId) {
          return { error: t('devices:code.tampered') };
        }
        await openApproval(request, linkKey);
        return null;
      } catch (failure) {
        progress('');
        if (deps.isLoggedOut()) return null;
        void this.loadPending();
        return { error: failure instanceof ApiError && failure.status === 404 ? t('devices:code.gone') : errorMessage(failure) };
      }
    },

    async approve(role: CompanionRole): Promise<void> {
      const current = approval.value;
      if (!current) return;
      approval.value = { ...current, state: 'signing', error: null };
      try {
        await refresh();
        await signer.approve(current.request, role, current.linkKey);
        approvedDevice = { deviceId: current.request.deviceId, person: current.request.person };
        approval.value = { ...current, state: 'approved', error: null };
      } catch (failure) {
        if (deps.isLoggedOut()) return;
        approval.value = { ...current, state: 'asking', error: errorMessage(failure) };
      }
    },

    async refuse(): Promise<void> {
      const current = approval.value;
      if (!current) return;
      approval.value = { ...current, state: 'signing', error: null };
      try {
        await deps.http.post(`/api/link/requests/${encodeURIComponent(current.request.ref)}/refuse`);
        closePanels();
        notice.value = t('devices:refused', { person: current.request.person });
      } catch (failure) {
        if (deps.isLoggedOut()) return;
        approval.value = { ...current, state: 'asking', error: errorMessage(failure) };
      }
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
});
