import { signal, type Signal } from '@preact/signals';
import { t } from '../i18n';
import { ApiError, errorMessage } from './api';
import type { PendingRequest } from './types';
import {
  B64u,
  deviceIdOf,
  fingerprintOf,
  generateEphemeralKeyPair,
  openEphemeral,
  PairingCode,
  pairingLinkKey,
  pairingPasswordKey,
  parseLinkQr,
  sealEphemeral,
  verifyPairingConfirm,
  type Bytes,
  type CompanionRole,
} from '../protocol';

/**
 * The primary's side of linking (protocol §6.1 steps 3–4, §6.2 steps 2–5), the one copy the business's
 * devices page and the customer's chat page use: the open panel (QR text, pairing code, approval), the
 * pending code requests, the checks before anything is signed, and approve or refuse. The list itself is
 * signed by the page's ListSigner (`deps.approve`). No DOM.
 */
export type Panel = 'none' | 'qr' | 'code' | 'approval';

export interface Approval {
  request: PendingRequest;
  linkKey: Bytes;
  fingerprint: string;
  state: 'asking' | 'signing' | 'approved';
  error: string | null;
}

export interface CodeCheckResult {
  error: string;
  wrongCode?: boolean;
  field?: boolean;
}

export interface LinkApproverDeps {
  http: {
    get<T>(path: string): Promise<T>;
    post<T>(path: string, body?: unknown): Promise<T>;
  };
  /** The list's account: the business number, or the customer's phone (it goes into the pairing confirmation). */
  account(): string;
  /** Signs the list with the new companion and sends the approval (ListSigner.approve, after a fresh reload). */
  approve(request: PendingRequest, role: CompanionRole, linkKey: Bytes): Promise<void>;
  /** The request was refused on this device (for a notice). */
  refused?(request: PendingRequest): void;
  /** A request's person became known (for names in activity tables). */
  seen?(request: PendingRequest): void;
  isLoggedOut(): boolean;
  nowMs(): number;
  sleep(ms: number): Promise<void>;
  /** Shared with the page for relative times. */
  now: Signal<number>;
}

/** How long after an approval the new device may take to complete: the request's second lifetime (§12), with slack. */
export const COMPLETION_WINDOW_MS = 6 * 60_000;

export function createLinkApprover(deps: LinkApproverDeps) {
  const panel = signal<Panel>('none');
  const approval = signal<Approval | null>(null);
  const pending = signal<PendingRequest[] | null>(null);
  const pendingError = signal<string | null>(null);
  const selectedRef = signal<string | null>(null);
  let approvedDevice: { deviceId: string; person: string; at: number } | null = null;
  let codeRun = 0;
  let linkWaiters: Array<() => void> = [];

  function closePanels(): void {
    panel.value = 'none';
    approval.value = null;
    codeRun++;
  }

  /** Why a request cannot be approved now, or null. */
  function requestProblem(request: PendingRequest, method: 'qr' | 'code'): string | null {
    if (request.method !== method) return method === 'qr' ? t('devices:problem.useCode') : t('devices:problem.useQr');
    if (request.status !== 'pending') return t('devices:problem.already', { status: request.status });
    if (Date.parse(request.expiresAt) <= deps.nowMs()) return t('devices:problem.expired');
    return null;
  }

  async function openApproval(request: PendingRequest, linkKey: Bytes): Promise<void> {
    deps.seen?.(request);
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

  async function loadPending(): Promise<void> {
    try {
      const requests = (await deps.http.get<PendingRequest[]>('/api/link/requests')).filter((request) => request.method === 'code');
      pendingError.value = null;
      for (const request of requests) deps.seen?.(request);
      if (!requests.some((request) => request.ref === selectedRef.value)) selectedRef.value = requests.length === 1 ? requests[0]!.ref : null;
      pending.value = requests;
    } catch (error) {
      if (!deps.isLoggedOut()) pendingError.value = t('devices:code.pendingFailed', { error: errorMessage(error) });
    }
  }

  return {
    panel,
    approval,
    pending,
    pendingError,
    selectedRef,
    now: deps.now,
    closePanels,

    /** A link request changed (an event, or a poll): wake a waiting code check and refresh the requests. */
    linkRequestChanged(): void {
      wakeLinkWaiters();
      if (panel.value === 'code') void loadPending();
    },

    /** The device this browser approved, once the list shows it (then forgotten): for "now linked". */
    takeLinked(listed: (deviceId: string) => boolean): { deviceId: string; person: string } | null {
      if (!approvedDevice || !listed(approvedDevice.deviceId)) return null;
      const linked = { deviceId: approvedDevice.deviceId, person: approvedDevice.person };
      approvedDevice = null;
      closePanels();
      return linked;
    },

    /** Whether an approval is waiting for the new device to complete (not after its request expired). */
    awaitingCompletion(): boolean {
      return approvedDevice !== null && deps.nowMs() - approvedDevice.at < COMPLETION_WINDOW_MS;
    },

    openPanel(which: 'qr' | 'code'): void {
      closePanels();
      panel.value = which;
      if (which === 'code') {
        pending.value = null;
        void loadPending();
      }
    },

    loadPending,

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
    async checkCode(input: string, progress: (text: string) => void): Promise<CodeCheckResult | null> {
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
          { ref, account: deps.account(), deviceId: request.deviceId, signingKey: request.signingKey, agreementKey: request.agreementKey, pake1: request.pake1, pake2 },
          confirmed.confirm!,
        );
        progress('');
        if (!valid) {
          const left = answered.maxPakeAttempts - answered.pakeAttempts;
          if (left <= 0) {
            // Lock the request now, so the new browser stops waiting instead of counting down to the expiry.
            await deps.http.post(`/api/link/requests/${encodeURIComponent(ref)}/refuse`, { reason: 'wrong-codes' }).catch(() => undefined);
          }
          void loadPending();
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
        void loadPending();
        return { error: failure instanceof ApiError && failure.status === 404 ? t('devices:code.gone') : errorMessage(failure) };
      }
    },

    async approve(role: CompanionRole): Promise<void> {
      const current = approval.value;
      if (!current) return;
      approval.value = { ...current, state: 'signing', error: null };
      try {
        await deps.approve(current.request, role, current.linkKey);
        approvedDevice = { deviceId: current.request.deviceId, person: current.request.person, at: deps.nowMs() };
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
        deps.refused?.(current.request);
      } catch (failure) {
        if (deps.isLoggedOut()) return;
        approval.value = { ...current, state: 'asking', error: errorMessage(failure) };
      }
    },
  };
}

export type LinkApprover = ReturnType<typeof createLinkApprover>;

/** What the link panels (src/components/LinkPanels.tsx) read and call: the approver, or a page store that carries one. */
export type LinkPanelsModel = Pick<LinkApprover, 'panel' | 'approval' | 'pending' | 'pendingError' | 'selectedRef' | 'now' | 'closePanels' | 'useQrText' | 'checkCode' | 'approve' | 'refuse'>;
