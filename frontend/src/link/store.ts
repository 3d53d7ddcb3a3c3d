import { computed, signal } from '@preact/signals';
import { DEFAULT_LANGUAGE, resources, t } from '../i18n';
import { api, ApiError, errorMessage } from '../lib/api';
import { nowSeconds } from '../lib/deviceLists';
import { clearIdentity, loadIdentity, newIdentity, saveIdentity, type StoredIdentity } from '../lib/identity';
import type { AccountInfo, LinkCreated, LinkStatus } from '../lib/types';
import { describeBrowser } from '../lib/ui';
import { nameError, numberError } from '../setup/store';
import {
  authChallengeSignature,
  B64u,
  DeviceKeys,
  deviceSignature,
  formatLinkQr,
  generateEphemeralKeyPair,
  generatePairingSalt,
  normalizeE164,
  openEphemeral,
  PairingCode,
  pairingConfirm,
  pairingLinkKey,
  pairingPasswordKey,
  randomBytes,
  sealEphemeral,
  verifyDeviceList,
  verifyLinkProof,
  type Bytes,
  type EphemeralKeyPair,
} from '../protocol';
import { leaveWelcome } from './welcome';

/**
 * The linking browser's state machine (protocol §6). Phases: the form, then waiting (with a countdown that
 * runs only while waiting), finishing, and linked or failed. With a pairing code the waiting step says what
 * the owner did: nothing yet, typed a code that is being checked, or typed one that did not match. A refused,
 * expired or used request ends the wait and its countdown at once.
 */
export type Method = 'qr' | 'code';
export type LinkPhase = 'loading' | 'form' | 'starting' | 'waiting' | 'finishing' | 'linked' | 'failed';
/** What the owner has done so far, as far as this browser can tell. */
export type WaitStep = 'scan' | 'code' | 'code-typed' | 'code-mismatch';

export interface Attempt {
  method: Method;
  keys: DeviceKeys;
  person: string;
  label: string;
  ref: string;
  /** QR: the link secret, which is the link key. */
  linkSecret?: Bytes;
  account?: string;
  passwordKey?: Bytes;
  salt?: Bytes;
  ephemeral?: EphemeralKeyPair;
  pake1?: string;
  /** The link key per owner attempt (pake2), since the owner may try another code. */
  linkKeys: Map<string, Bytes>;
}

export interface LinkDeps {
  account(): Promise<AccountInfo>;
  hasIdentity(): Promise<boolean>;
  /** Creates keys and the request; returns the attempt and what to show (QR text or the code). */
  open(fields: { person: string; method: Method; account?: string }): Promise<{ attempt: Attempt; created: LinkCreated; qrText?: string; code?: string }>;
  status(ref: string): Promise<LinkStatus>;
  /** Answers the owner's pake2 (protocol §6.2 steps 3–4). */
  respond(attempt: Attempt, pake2: string): Promise<void>;
  /** Verifies the approval, countersigns, keeps the keys and signs in; returns what the welcome says. */
  complete(attempt: Attempt, status: LinkStatus): Promise<{ person: string; role: string }>;
  fingerprint(attempt: Attempt): Promise<string>;
  nowMs(): number;
  sleep(ms: number): Promise<void>;
  navigate(path: string): void;
}

export class LinkFailure extends Error {}

/**
 * Whose list the new browser joins (protocol §6.3): a business device (the /link page, which goes on to the
 * inbox) or a customer's second browser (on /chat, which names the customer's phone for both methods and goes
 * on to the conversation).
 */
export type LinkOwner = 'business' | 'customer';

/**
 * The link page's texts; a customer's browser reads the `customerLink` namespace where it has the key
 * (its words are about "your first browser", not "the owner"), `link` otherwise.
 */
export function linkText(owner: LinkOwner): (key: string, options?: Record<string, unknown>) => string {
  const overrides = resources[DEFAULT_LANGUAGE]?.customerLink ?? {};
  return (key, options) => t(`${owner === 'customer' && key in overrides ? 'customerLink' : 'link'}:${key}`, options);
}

export function createLinkStore(deps: LinkDeps, owner: LinkOwner = 'business') {
  const tx = linkText(owner);
  const phase = signal<LinkPhase>('loading');
  const method = signal<Method>('qr');
  const person = signal('');
  const accountNumber = signal('');
  const businessName = signal<string | null>(null);
  const errors = signal<{ person?: string; account?: string }>({});
  const formError = signal<string | null>(null);
  const formErrorCode = signal<string | null>(null);
  const step = signal<WaitStep>('scan');
  const qrText = signal<string | null>(null);
  const pairingCode = signal<string | null>(null);
  const fingerprint = signal<string | null>(null);
  const expiresAt = signal(0);
  const totalSeconds = signal(1);
  const now = signal(deps.nowMs());
  const connectionProblem = signal<string | null>(null);
  const failure = signal<{ title: string; text: string } | null>(null);

  /** Seconds left while waiting; null once the wait is over, so nothing counts down any more. */
  const secondsLeft = computed(() => (phase.value === 'waiting' ? Math.max(0, expiresAt.value - now.value / 1000) : null));
  const fraction = computed(() => (secondsLeft.value === null ? 0 : Math.min(1, secondsLeft.value / totalSeconds.value)));

  let current: Attempt | null = null;
  let ticker: ReturnType<typeof setInterval> | null = null;
  let confirmedPake2: string | null = null;

  function stopTicking(): void {
    if (ticker) clearInterval(ticker);
    ticker = null;
  }

  function fail(text: string, title = tx('failed.title')): void {
    current = null;
    stopTicking();
    failure.value = { title, text };
    phase.value = 'failed';
  }

  function tick(): void {
    now.value = deps.nowMs();
    if (phase.value === 'waiting' && expiresAt.value - now.value / 1000 <= -2) fail(tx('expired.text'), tx('expired.title'));
  }

  function validate(): { person: string; method: Method; account?: string } | null {
    const found: { person?: string; account?: string } = {};
    const personProblem = nameError(person.value, tx('person.what'));
    if (personProblem) found.person = personProblem;
    let account: string | undefined;
    if (method.value === 'code' || owner === 'customer') {
      const problem = accountNumber.value.trim() === '' ? tx('account.missing') : numberError(accountNumber.value);
      if (problem) found.account = problem;
      else account = normalizeE164(accountNumber.value);
    }
    errors.value = found;
    if (found.person || found.account) return null;
    return { person: person.value.trim(), method: method.value, account };
  }

  async function poll(attempt: Attempt): Promise<void> {
    let failures = 0;
    while (current === attempt) {
      let status: LinkStatus;
      try {
        status = await deps.status(attempt.ref);
        failures = 0;
        connectionProblem.value = null;
      } catch (error) {
        if (current !== attempt) return;
        if (error instanceof ApiError && (error.status === 410 || error.code === 'link_request_expired')) {
          fail(tx('expired.text'), tx('expired.title'));
          return;
        }
        if (error instanceof ApiError && error.status === 404) {
          fail(tx('failed.unknown'));
          return;
        }
        failures++;
        connectionProblem.value = tx('connectionProblem', { error: errorMessage(error) });
        await deps.sleep(Math.min(5000, 1000 * failures));
        continue;
      }
      if (current !== attempt) return;
      expiresAt.value = status.expiresAt;
      switch (status.status) {
        case 'pending':
          if (attempt.method === 'code' && status.pake2 && status.pake2 !== confirmedPake2) {
            // A new attempt by the owner after one this browser answered: that code did not match.
            if (confirmedPake2 !== null) step.value = 'code-mismatch';
            try {
              await deps.respond(attempt, status.pake2);
              confirmedPake2 = status.pake2;
              if (step.value !== 'code-mismatch') step.value = 'code-typed';
            } catch (error) {
              if (!(error instanceof ApiError && error.code === 'pairing_superseded')) {
                connectionProblem.value = tx('answerFailed', { error: errorMessage(error) });
              }
            }
          }
          break;
        case 'approved':
          await finish(attempt, status);
          return;
        case 'refused':
          fail(refusalText(status.refusalReason, tx), tx('refused.title'));
          return;
        case 'completed':
          fail(tx('failed.used'));
          return;
      }
      await deps.sleep(1000);
    }
  }

  async function finish(attempt: Attempt, status: LinkStatus): Promise<void> {
    stopTicking();
    phase.value = 'finishing';
    try {
      const linked = await deps.complete(attempt, status);
      current = null;
      phase.value = 'linked';
      if (owner === 'customer') {
        deps.navigate('/chat');
      } else {
        leaveWelcome({ person: linked.person, role: linked.role, business: businessName.value });
        deps.navigate('/inbox');
      }
    } catch (error) {
      if (error instanceof LinkFailure) fail(error.message, tx('failed.verifyTitle'));
      else fail(tx('failed.notLinked', { error: errorMessage(error) }));
    }
  }

  return {
    owner,
    /** The page's texts for this owner (see linkText). */
    text: tx,
    phase,
    method,
    person,
    accountNumber,
    businessName,
    errors,
    formError,
    formErrorCode,
    step,
    qrText,
    pairingCode,
    fingerprint,
    secondsLeft,
    fraction,
    connectionProblem,
    failure,

    async start(): Promise<void> {
      try {
        const account = await deps.account();
        businessName.value = account.displayName;
        if (!account.setUp) {
          formError.value = tx('notSetUp');
          phase.value = 'form';
          return;
        }
      } catch {
        // creating the request reports any problem
      }
      if (await deps.hasIdentity()) {
        // Already a device: the start page signs in (or explains that it was logged out).
        deps.navigate('/');
        return;
      }
      phase.value = 'form';
    },

    setPerson(value: string): void {
      person.value = value;
      if (errors.value.person && !nameError(value, tx('person.what'))) errors.value = { ...errors.value, person: undefined };
    },

    setAccount(value: string): void {
      accountNumber.value = value;
      if (errors.value.account && !numberError(value)) errors.value = { ...errors.value, account: undefined };
    },

    normalizeAccount(): void {
      if (!numberError(accountNumber.value)) accountNumber.value = normalizeE164(accountNumber.value);
    },

    setMethod(value: Method): void {
      method.value = value;
      if (value === 'qr' && owner === 'business') errors.value = { ...errors.value, account: undefined };
    },

    /** Returns the first invalid field, or null. */
    async submit(): Promise<'person' | 'account' | null> {
      formError.value = null;
      formErrorCode.value = null;
      const fields = validate();
      if (!fields) return errors.value.person ? 'person' : 'account';
      phase.value = 'starting';
      try {
        const opened = await deps.open(fields);
        current = opened.attempt;
        confirmedPake2 = null;
        qrText.value = opened.qrText ?? null;
        pairingCode.value = opened.code ?? null;
        step.value = fields.method === 'code' ? 'code' : 'scan';
        failure.value = null;
        connectionProblem.value = null;
        const startedAt = deps.nowMs() / 1000;
        expiresAt.value = opened.created.expiresAt;
        totalSeconds.value = Math.max(1, opened.created.expiresAt - startedAt);
        now.value = deps.nowMs();
        phase.value = 'waiting';
        fingerprint.value = await deps.fingerprint(opened.attempt);
        stopTicking();
        ticker = setInterval(tick, 1000);
        void poll(opened.attempt);
      } catch (error) {
        formError.value = errorMessage(error);
        formErrorCode.value = error instanceof ApiError ? error.code : null;
        phase.value = 'form';
      }
      return null;
    },

    startAgain(): void {
      current = null;
      stopTicking();
      failure.value = null;
      qrText.value = null;
      pairingCode.value = null;
      fingerprint.value = null;
      formError.value = null;
      phase.value = 'form';
    },

    /** Stops polling and the countdown (page unload, tests). */
    stop(): void {
      current = null;
      stopTicking();
    },
  };
}

export type LinkStore = ReturnType<typeof createLinkStore>;

/** The server's refusal in the interface language where it is one we know. */
function refusalText(reason: string | null, tx: (key: string) => string): string {
  if (reason === 'Too many wrong pairing codes.') return tx('refused.wrongCodes');
  if (reason === 'The owner declined this device.' || !reason) return tx('refused.declined');
  return reason;
}

// ---------------------------------------------------------------------------------------------
// The real protocol steps

async function open(owner: LinkOwner, fields: { person: string; method: Method; account?: string }) {
  const keys = await DeviceKeys.generate();
  const label = describeBrowser(navigator.userAgent);
  const body: Record<string, string> = {
    method: fields.method,
    person: fields.person,
    label,
    signingKey: B64u.encode(keys.signingKey),
    agreementKey: B64u.encode(keys.agreementKey),
  };
  if (owner === 'customer') {
    body.owner = 'customer';
    body.account = fields.account!;
  }
  const attempt: Omit<Attempt, 'ref'> = { method: fields.method, keys, person: fields.person, label, linkKeys: new Map(), account: fields.account };
  let code: string | undefined;
  if (fields.method === 'code') {
    code = PairingCode.generate();
    attempt.salt = generatePairingSalt();
    attempt.ephemeral = await generateEphemeralKeyPair();
    attempt.passwordKey = await pairingPasswordKey(code, attempt.salt);
    attempt.pake1 = B64u.encode(await sealEphemeral(attempt.passwordKey, attempt.ephemeral.publicKey));
    body.account = fields.account!;
    body.salt = B64u.encode(attempt.salt);
    body.pake1 = attempt.pake1;
  } else {
    attempt.linkSecret = randomBytes(32);
  }
  const created = await api.post<LinkCreated>('/api/link/requests', body, { reauthenticate: false });
  if (created.deviceId !== keys.deviceId) throw new Error(t('link:failed.otherDeviceId'));
  const full: Attempt = { ...attempt, ref: created.ref };
  const qrText = full.linkSecret
    ? formatLinkQr({ ref: created.ref, signingKey: keys.signingKey, agreementKey: keys.agreementKey, linkSecret: full.linkSecret })
    : undefined;
  return { attempt: full, created, qrText, code: code ? PairingCode.format(code) : undefined };
}

async function respond(attempt: Attempt, pake2: string): Promise<void> {
  const primaryEphemeral = await openEphemeral(attempt.passwordKey!, B64u.decodeExact(pake2, 48));
  const linkKey = await pairingLinkKey(attempt.ephemeral!.privateKey, primaryEphemeral, attempt.salt!, attempt.ref);
  attempt.linkKeys.set(pake2, linkKey);
  const confirm = await pairingConfirm(linkKey, {
    ref: attempt.ref,
    account: attempt.account!,
    deviceId: attempt.keys.deviceId,
    signingKey: B64u.encode(attempt.keys.signingKey),
    agreementKey: B64u.encode(attempt.keys.agreementKey),
    pake1: attempt.pake1!,
    pake2,
  });
  await api.post(`/api/link/requests/${encodeURIComponent(attempt.ref)}/confirm`, { pake2, confirm }, { reauthenticate: false });
}

/** Verifies the approval (link proof, then the list), countersigns and signs in (protocol §6.1 step 5). */
async function complete(owner: LinkOwner, attempt: Attempt, status: LinkStatus): Promise<{ person: string; role: string }> {
  const signed = status.deviceList;
  if (!signed || !status.linkProof || !status.challenge) throw new LinkFailure(t('link:failed.incomplete'));
  const linkKey = attempt.method === 'qr' ? attempt.linkSecret : status.pake2 ? attempt.linkKeys.get(status.pake2) : undefined;
  if (!linkKey) throw new LinkFailure(t('link:failed.otherCode'));
  const list = (signed as { list?: { account?: unknown; version?: unknown; devices?: unknown } }).list;
  const devices = Array.isArray(list?.devices) ? (list!.devices as Array<Record<string, unknown>>) : [];
  const primaryEntry = devices.find((device) => device.primary === true);
  if (!list || typeof list.account !== 'string' || typeof list.version !== 'number' || !primaryEntry || typeof primaryEntry.signingKey !== 'string') {
    throw new LinkFailure(t('link:failed.malformed'));
  }
  const signingKey = B64u.encode(attempt.keys.signingKey);
  const agreementKey = B64u.encode(attempt.keys.agreementKey);
  const proofValid = await verifyLinkProof(
    linkKey,
    { ref: attempt.ref, account: list.account, deviceId: attempt.keys.deviceId, signingKey, agreementKey, primarySigningKey: primaryEntry.signingKey, listVersion: list.version },
    status.linkProof,
  );
  if (!proofValid) throw new LinkFailure(t('link:failed.proof'));
  if (attempt.account !== undefined && list.account !== attempt.account) {
    throw new LinkFailure(t('link:failed.otherAccount', { account: list.account, expected: attempt.account }));
  }
  const primaryKey = B64u.decodeExact(primaryEntry.signingKey, 32);
  const verified = await verifyDeviceList(signed, {
    expectedAccount: list.account,
    pinnedPrimaryKey: primaryKey,
    lastAcceptedVersion: 0,
    now: nowSeconds(),
    pendingDeviceIds: [attempt.keys.deviceId],
  });
  const own = verified.list.devices.find((device) => device.id === attempt.keys.deviceId);
  if (!own || own.primary || own.signingKey !== signingKey || own.agreementKey !== agreementKey) {
    throw new LinkFailure(t('link:failed.ownEntry'));
  }
  const deviceSig = await deviceSignature(attempt.keys, verified.list.account, primaryKey);
  const challengeSignature = await authChallengeSignature(attempt.keys, status.challenge, location.origin);
  const identity: StoredIdentity = newIdentity(attempt.keys, {
    account: verified.list.account,
    primarySigningKey: primaryKey,
    listVersion: verified.list.version,
    acceptedList: verified.list,
    person: own.person,
    role: own.role,
    primary: false,
  });
  if (owner === 'customer') identity.kind = 'customer';
  await saveIdentity(identity);
  try {
    await api.post(`/api/link/requests/${encodeURIComponent(attempt.ref)}/complete`, { deviceSignature: deviceSig, challengeSignature }, { reauthenticate: false });
  } catch (error) {
    await clearIdentity();
    throw error;
  }
  return { person: own.person, role: own.role };
}

export const realLinkDeps = (owner: LinkOwner = 'business'): LinkDeps => ({
  account: () => api.get<AccountInfo>('/api/account', { reauthenticate: false }),
  hasIdentity: async () => (await loadIdentity()) !== null,
  open: (fields) => open(owner, fields),
  status: (ref) => api.get<LinkStatus>(`/api/link/requests/${encodeURIComponent(ref)}/status`, { reauthenticate: false }),
  respond,
  complete: (attempt, status) => complete(owner, attempt, status),
  fingerprint: (attempt) => attempt.keys.fingerprint(),
  nowMs: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  navigate: (path) => location.replace(path),
});
