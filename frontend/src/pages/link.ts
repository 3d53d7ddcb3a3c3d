import QRCode from 'qrcode';
import { api, ApiError, errorMessage } from '../lib/api';
import { clearIdentity, loadIdentity, newIdentity, saveIdentity } from '../lib/identity';
import { nowSeconds } from '../lib/deviceLists';
import type { AccountInfo, LinkCreated, LinkStatus } from '../lib/types';
import { byId, checkName, describeBrowser, focusPanel, formatCountdown, h, setFieldError, setMessage } from '../lib/ui';
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

const startSection = byId('link-start');
const form = byId<HTMLFormElement>('link-form');
const personInput = byId<HTMLInputElement>('person');
const numberField = byId('number-field');
const accountInput = byId<HTMLInputElement>('account');
const formError = byId('form-error');
const submit = byId<HTMLButtonElement>('link-submit');

const waitSection = byId('link-wait');
const waitTitle = byId('wait-title');
const qrBox = byId('qr-box');
const qrCanvas = byId<HTMLCanvasElement>('qr');
const qrText = byId<HTMLTextAreaElement>('qr-text');
const codeBox = byId('code-box');
const pairingCodeText = byId('pairing-code');
const waitStatus = byId('wait-status');
const waitProgress = byId('wait-progress');
const waitError = byId('wait-error');
const restart = byId<HTMLButtonElement>('link-restart');
const ownFingerprintBox = byId('own-fingerprint-box');
const ownFingerprint = byId('own-fingerprint');

type Method = 'qr' | 'code';

/** One try at linking; a new one starts with fresh keys after "Start again". */
interface Attempt {
  method: Method;
  keys: DeviceKeys;
  person: string;
  label: string;
  ref: string;
  deviceId: string;
  /** Unix seconds; moves when the owner approves. */
  expiresAt: number;
  totalSeconds: number;
  stopped: boolean;
  /** QR: the link secret S, which is LK. */
  linkSecret?: Bytes;
  /** Code: what the EKE needs. */
  account?: string;
  passwordKey?: Bytes;
  salt?: Bytes;
  ephemeral?: EphemeralKeyPair;
  pake1?: string;
  /** LK per pake2 answered, since the owner may retry with another code. */
  linkKeys: Map<string, Bytes>;
  confirmedPake2?: string;
  timers: Array<ReturnType<typeof setInterval>>;
}

let attempt: Attempt | null = null;

function selectedMethod(): Method {
  const checked = form.querySelector<HTMLInputElement>('input[name="method"]:checked');
  return checked?.value === 'code' ? 'code' : 'qr';
}

function updateMethod(): void {
  const code = selectedMethod() === 'code';
  numberField.hidden = !code;
  accountInput.required = code;
  if (!code) setFieldError(accountInput, null);
}

function stopAttempt(): void {
  if (!attempt) return;
  attempt.stopped = true;
  for (const timer of attempt.timers) clearInterval(timer);
  attempt = null;
}

/** Shows why this attempt ended and offers "Start again". */
function fail(message: string, title = 'Linking did not work'): void {
  stopAttempt();
  waitTitle.textContent = title;
  setMessage(waitError, message);
  waitStatus.textContent = '';
  waitProgress.style.width = '0%';
  qrBox.hidden = true;
  codeBox.hidden = true;
  ownFingerprintBox.hidden = true;
  restart.hidden = false;
  restart.focus();
}

function startAgain(): void {
  stopAttempt();
  waitSection.hidden = true;
  restart.hidden = true;
  setMessage(waitError, null);
  setMessage(formError, null);
  startSection.hidden = false;
  submit.disabled = false;
  personInput.focus();
}

function validate(): { person: string; method: Method; account?: string } | null {
  const personError = checkName(personInput.value, 'your name');
  setFieldError(personInput, personError);
  const method = selectedMethod();
  let account: string | undefined;
  let accountError: string | null = null;
  if (method === 'code') {
    try {
      account = normalizeE164(accountInput.value);
    } catch {
      accountError =
        accountInput.value.trim() === ''
          ? 'Enter the business number: the owner can tell you.'
          : 'Use the international format: + and the country code, then the number, e.g. +4915112345678.';
    }
    setFieldError(accountInput, accountError);
  }
  if (personError) personInput.focus();
  else if (accountError) accountInput.focus();
  if (personError || accountError) return null;
  return { person: personInput.value.trim(), method, account };
}

function updateProgress(current: Attempt): void {
  const left = current.expiresAt - Date.now() / 1000;
  const fraction = Math.max(0, Math.min(1, left / current.totalSeconds));
  waitProgress.style.width = `${(fraction * 100).toFixed(1)}%`;
  const bar = waitProgress.parentElement!;
  bar.setAttribute('aria-valuemin', '0');
  bar.setAttribute('aria-valuemax', '100');
  bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  bar.setAttribute('aria-valuetext', `${formatCountdown(left)} left`);
  const countdown = document.getElementById('wait-countdown');
  if (countdown) countdown.textContent = left > 0 ? `Expires in ${formatCountdown(left)}` : 'Expired';
  if (left <= -2) fail('The time to approve this browser ran out. Start again for a new code.', 'The request expired');
}

async function begin(fields: { person: string; method: Method; account?: string }): Promise<void> {
  const keys = await DeviceKeys.generate();
  const label = describeBrowser(navigator.userAgent);
  const body: Record<string, string> = {
    method: fields.method,
    person: fields.person,
    label,
    signingKey: B64u.encode(keys.signingKey),
    agreementKey: B64u.encode(keys.agreementKey),
  };
  let code: string | undefined;
  let passwordKey: Bytes | undefined;
  let salt: Bytes | undefined;
  let ephemeral: EphemeralKeyPair | undefined;
  let linkSecret: Bytes | undefined;
  if (fields.method === 'code') {
    code = PairingCode.generate();
    salt = generatePairingSalt();
    ephemeral = await generateEphemeralKeyPair();
    passwordKey = await pairingPasswordKey(code, salt);
    body.account = fields.account!;
    body.salt = B64u.encode(salt);
    body.pake1 = B64u.encode(await sealEphemeral(passwordKey, ephemeral.publicKey));
  } else {
    linkSecret = randomBytes(32);
  }

  const created = await api.post<LinkCreated>('/api/link/requests', body, { reauthenticate: false });
  const now = nowSeconds();
  const current: Attempt = {
    method: fields.method,
    keys,
    person: fields.person,
    label,
    ref: created.ref,
    deviceId: created.deviceId,
    expiresAt: created.expiresAt,
    totalSeconds: Math.max(1, created.expiresAt - now),
    stopped: false,
    linkSecret,
    account: fields.account,
    passwordKey,
    salt,
    ephemeral,
    pake1: body.pake1,
    linkKeys: new Map(),
    timers: [],
  };
  if (created.deviceId !== keys.deviceId) {
    throw new Error('The server answered with another device id than this browser\u2019s; not continuing.');
  }
  stopAttempt();
  attempt = current;

  // Show the waiting screen.
  startSection.hidden = true;
  waitSection.hidden = false;
  restart.hidden = true;
  setMessage(waitError, null);
  waitTitle.textContent = 'Waiting for approval';
  if (!document.getElementById('wait-countdown')) {
    waitStatus.insertAdjacentElement('afterend', h('p', { id: 'wait-countdown', class: 'muted', 'aria-live': 'off' }));
  }
  if (current.method === 'qr') {
    const text = formatLinkQr({ ref: created.ref, signingKey: keys.signingKey, agreementKey: keys.agreementKey, linkSecret: linkSecret! });
    qrText.value = text;
    await QRCode.toCanvas(qrCanvas, text, { width: 264, margin: 2, errorCorrectionLevel: 'M' });
    qrBox.hidden = false;
    codeBox.hidden = true;
    waitStatus.textContent = 'Waiting for the owner to scan the code…';
  } else {
    pairingCodeText.textContent = PairingCode.format(code!);
    codeBox.hidden = false;
    qrBox.hidden = true;
    waitStatus.textContent = 'Waiting for the owner to type the code…';
  }
  ownFingerprint.textContent = await keys.fingerprint();
  ownFingerprintBox.hidden = false;
  focusPanel(waitSection, waitTitle);
  updateProgress(current);
  current.timers.push(setInterval(() => updateProgress(current), 1000));
  void poll(current);
}

async function poll(current: Attempt): Promise<void> {
  let failures = 0;
  while (!current.stopped) {
    let status: LinkStatus;
    try {
      status = await api.get<LinkStatus>(`/api/link/requests/${encodeURIComponent(current.ref)}/status`, { reauthenticate: false });
      failures = 0;
    } catch (error) {
      if (current.stopped) return;
      if (error instanceof ApiError && (error.status === 410 || error.code === 'link_request_expired')) {
        fail('The time to approve this browser ran out. Start again for a new code.', 'The request expired');
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        fail('The server no longer knows this link request. Start again.');
        return;
      }
      failures++;
      waitStatus.textContent = `Connection problem (${errorMessage(error)}); still trying…`;
      await sleep(Math.min(5000, 1000 * failures));
      continue;
    }
    if (current.stopped) return;
    current.expiresAt = status.expiresAt;
    switch (status.status) {
      case 'pending':
        if (current.method === 'code' && status.pake2 && !current.linkKeys.has(status.pake2)) {
          try {
            await answerPairing(current, status.pake2);
          } catch (error) {
            if (!(error instanceof ApiError && error.code === 'pairing_superseded')) {
              waitStatus.textContent = `Could not answer the owner's code: ${errorMessage(error)}`;
            }
          }
        }
        break;
      case 'approved':
        await finish(current, status);
        return;
      case 'refused':
        fail(status.refusalReason ?? 'The owner declined this browser.', 'Linking was refused');
        return;
      case 'completed':
        fail('This link request was already used.');
        return;
    }
    await sleep(1000);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The new device's half of the EKE (protocol §6.2 steps 3–4), for the owner's latest pake2. */
async function answerPairing(current: Attempt, pake2: string): Promise<void> {
  const primaryEphemeral = await openEphemeral(current.passwordKey!, B64u.decodeExact(pake2, 48));
  const linkKey = await pairingLinkKey(current.ephemeral!.privateKey, primaryEphemeral, current.salt!, current.ref);
  current.linkKeys.set(pake2, linkKey);
  const confirm = await pairingConfirm(linkKey, {
    ref: current.ref,
    account: current.account!,
    deviceId: current.keys.deviceId,
    signingKey: B64u.encode(current.keys.signingKey),
    agreementKey: B64u.encode(current.keys.agreementKey),
    pake1: current.pake1!,
    pake2,
  });
  await api.post(`/api/link/requests/${encodeURIComponent(current.ref)}/confirm`, { pake2, confirm }, { reauthenticate: false });
  current.confirmedPake2 = pake2;
  waitStatus.textContent = 'The owner typed a code; waiting for the approval…';
}

/** Verifies the approval (link proof, then the list), countersigns and signs in (protocol §6.1 step 5). */
async function finish(current: Attempt, status: LinkStatus): Promise<void> {
  for (const timer of current.timers) clearInterval(timer);
  waitTitle.textContent = 'Approved — finishing';
  waitStatus.textContent = 'Checking the approval…';
  const signed = status.deviceList;
  if (!signed || !status.linkProof || !status.challenge) {
    fail('The approval is incomplete; start again.');
    return;
  }
  const linkKey = current.method === 'qr' ? current.linkSecret : status.pake2 ? current.linkKeys.get(status.pake2) : undefined;
  if (!linkKey) {
    fail('The approval does not answer this browser\u2019s pairing code; this browser was not linked. Start again.');
    return;
  }

  const list = (signed as { list?: { account?: unknown; version?: unknown; devices?: unknown } }).list;
  const devices = Array.isArray(list?.devices) ? (list!.devices as Array<Record<string, unknown>>) : [];
  const primaryEntry = devices.find((device) => device.primary === true);
  if (!list || typeof list.account !== 'string' || typeof list.version !== 'number' || !primaryEntry || typeof primaryEntry.signingKey !== 'string') {
    fail('The approved device list is malformed; this browser was not linked.');
    return;
  }
  const signingKey = B64u.encode(current.keys.signingKey);
  const agreementKey = B64u.encode(current.keys.agreementKey);
  const proofValid = await verifyLinkProof(
    linkKey,
    {
      ref: current.ref,
      account: list.account,
      deviceId: current.keys.deviceId,
      signingKey,
      agreementKey,
      primarySigningKey: primaryEntry.signingKey,
      listVersion: list.version,
    },
    status.linkProof,
  );
  if (!proofValid) {
    fail(
      'The approval could not be verified (the link proof does not match). Someone may have tampered with it; this browser was not linked. Start again and tell the owner.',
      'Approval refused by this browser',
    );
    return;
  }
  if (current.method === 'code' && list.account !== current.account) {
    fail(`The approval is for ${list.account}, not ${current.account}; this browser was not linked.`);
    return;
  }

  let primaryKey: Bytes;
  try {
    primaryKey = B64u.decodeExact(primaryEntry.signingKey, 32);
    const verified = await verifyDeviceList(signed, {
      expectedAccount: list.account,
      pinnedPrimaryKey: primaryKey,
      lastAcceptedVersion: 0,
      now: nowSeconds(),
      pendingDeviceIds: [current.keys.deviceId],
    });
    const own = verified.list.devices.find((device) => device.id === current.keys.deviceId);
    if (!own || own.primary || own.signingKey !== signingKey || own.agreementKey !== agreementKey) {
      throw new Error('this browser\u2019s entry on the list does not carry its keys');
    }
    const deviceSig = await deviceSignature(current.keys, verified.list.account, primaryKey);
    const challengeSignature = await authChallengeSignature(current.keys, status.challenge, location.origin);
    waitStatus.textContent = 'Signing in…';
    await saveIdentity(
      newIdentity(current.keys, {
        account: verified.list.account,
        primarySigningKey: primaryKey,
        listVersion: verified.list.version,
        acceptedList: verified.list,
        person: own.person,
        role: own.role,
        primary: false,
      }),
    );
    try {
      await api.post(`/api/link/requests/${encodeURIComponent(current.ref)}/complete`, { deviceSignature: deviceSig, challengeSignature }, { reauthenticate: false });
    } catch (error) {
      await clearIdentity();
      throw error;
    }
  } catch (error) {
    fail(`This browser could not be linked: ${errorMessage(error)}`);
    return;
  }
  current.stopped = true;
  waitTitle.textContent = 'Linked';
  waitStatus.textContent = 'This browser is linked. Opening your devices…';
  waitProgress.style.width = '100%';
  location.replace('/devices');
}

async function main(): Promise<void> {
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="method"]')) radio.addEventListener('change', updateMethod);
  personInput.addEventListener('input', () => {
    if (personInput.getAttribute('aria-invalid') === 'true' && !checkName(personInput.value, 'your name')) setFieldError(personInput, null);
  });
  accountInput.addEventListener('input', () => {
    if (accountInput.getAttribute('aria-invalid') !== 'true') return;
    try {
      normalizeE164(accountInput.value);
      setFieldError(accountInput, null);
    } catch {
      // still wrong: keep the message until the next submit
    }
  });
  accountInput.addEventListener('change', () => {
    try {
      accountInput.value = normalizeE164(accountInput.value);
    } catch {
      // left as typed; submitting explains the format
    }
  });
  updateMethod();
  restart.addEventListener('click', startAgain);

  try {
    const account = await api.get<AccountInfo>('/api/account', { reauthenticate: false });
    if (!account.setUp) {
      setMessage(formError, 'No business number is set up on this server yet. The owner has to set it up first (see the start page).');
      submit.disabled = true;
      return;
    }
  } catch {
    // Creating the request reports any problem.
  }
  const existing = await loadIdentity();
  if (existing) {
    // Already a device: the start page signs in (or explains that it was logged out).
    location.replace('/');
    return;
  }
  personInput.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setMessage(formError, null);
    delete formError.dataset.code;
    const fields = validate();
    if (!fields) return;
    submit.disabled = true;
    const text = submit.textContent;
    submit.textContent = fields.method === 'code' ? 'Creating keys and code…' : 'Creating keys…';
    try {
      await begin(fields);
    } catch (error) {
      setMessage(formError, errorMessage(error));
      if (error instanceof ApiError) formError.dataset.code = error.code;
      startSection.hidden = false;
      waitSection.hidden = true;
    } finally {
      submit.disabled = false;
      submit.textContent = text;
    }
  });
}

void main();
