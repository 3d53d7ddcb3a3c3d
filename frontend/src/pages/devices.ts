import { api, ApiError, errorMessage } from '../lib/api';
import { describeAuditAction } from '../lib/audit';
import { companionEntry, listWithNewDevice, listWithout, maintenanceNeeded, nowSeconds, type UnsignedSuccessor } from '../lib/deviceLists';
import { connectEvents } from '../lib/events';
import { HistoryHelper } from '../lib/historySync';
import { keysOf, loadIdentity, updateIdentity, type StoredIdentity } from '../lib/identity';
import type { AuditEntry, DevicesView, DeviceView, PendingRequest } from '../lib/types';
import {
  byId,
  confirmDialog,
  focusPanel,
  formatDate,
  formatExact,
  h,
  initialOf,
  isLoggedOut,
  onLoggedOut,
  relativeTime,
  replaceChildren,
  roleName,
  setFieldError,
  setMessage,
} from '../lib/ui';
import {
  B64u,
  DeviceListError,
  type DeviceKeys,
  deviceIdOf,
  fingerprintOf,
  generateEphemeralKeyPair,
  linkProof,
  openEphemeral,
  PairingCode,
  pairingLinkKey,
  pairingPasswordKey,
  parseLinkQr,
  sealEphemeral,
  signDeviceList,
  verifyDeviceList,
  verifyPairingConfirm,
  type Bytes,
  type CompanionRole,
  type DeviceEntry,
  type SignedDeviceList,
} from '../protocol';

// ---------------------------------------------------------------------------------------------
// State

let identity: StoredIdentity;
let keys: DeviceKeys;
let view: DevicesView | null = null;
let verified: SignedDeviceList | null = null;
/** Names of devices seen so far (also removed ones, from the audit log), for the activity table. */
const knownPeople = new Map<string, string>();

const root = byId('devices-root');

// ---------------------------------------------------------------------------------------------
// Page skeleton (built once; sections re-render in place so open panels survive refreshes)

const accountName = h('h1', { id: 'account-name' }, 'Linked devices');
const accountNumber = h('p', { id: 'account-number', class: 'muted' });
const meLine = h('p', { id: 'me' });
const listInfo = h('p', { id: 'list-info', class: 'muted small' });
const inboxLink = h('a', { href: '/inbox', id: 'inbox-link', 'data-testid': 'inbox-link', class: 'button-link' }, 'Open the inbox');
const settingsLink = h('a', { href: '/settings', id: 'settings-link', 'data-testid': 'settings-link', class: 'button-link', hidden: true }, 'Settings');
const accountCard = h('section', { class: 'card', id: 'account-card' }, h('div', { class: 'card-top' }, accountName, h('div', { class: 'row' }, inboxLink, settingsLink)), accountNumber, meLine, listInfo);

const loadError = h('div', { id: 'load-error', class: 'error', role: 'alert', hidden: true });
const listError = h('div', { id: 'list-error', class: 'error', role: 'alert', hidden: true, 'data-testid': 'list-error' });
const notice = h('p', { id: 'notice', class: 'notice', role: 'status', hidden: true, 'data-testid': 'notice' });

const managedNotice = h(
  'p',
  { id: 'managed-notice', class: 'notice', hidden: true, 'data-testid': 'managed-notice' },
  h('strong', null, 'Managed by the primary device.'),
  ' Only the owner\u2019s primary device can link new devices or log devices out.',
);

const linkQrButton = h('button', { type: 'button', id: 'link-qr-button', class: 'primary', 'data-testid': 'link-qr-button', 'aria-controls': 'link-panel' }, 'Link a device');
const linkCodeButton = h('button', { type: 'button', id: 'link-code-button', 'data-testid': 'link-code-button', 'aria-controls': 'code-panel' }, 'Link with code');
const manageCard = h(
  'section',
  { class: 'card', id: 'manage-card', hidden: true },
  h('h2', null, 'Add a device'),
  h('p', { class: 'muted' }, 'On the new browser open ', h('code', null, `${location.origin}/link`), ', enter the person\u2019s name and choose how to approve it.'),
  h('div', { class: 'row' }, linkQrButton, linkCodeButton),
);

const linkPanel = h('section', { class: 'card panel', id: 'link-panel', hidden: true, 'data-testid': 'link-panel', 'aria-labelledby': 'link-panel-title' });
const codePanel = h('section', { class: 'card panel', id: 'code-panel', hidden: true, 'data-testid': 'code-panel', 'aria-labelledby': 'code-panel-title' });
const approvalPanel = h('section', { class: 'card panel', id: 'approval-panel', hidden: true, 'data-testid': 'approval-panel', 'aria-labelledby': 'approval-title' });

const deviceList = h('ul', { class: 'device-list', id: 'device-list', 'data-testid': 'device-list' });
const devicesEmpty = h('p', { class: 'empty', id: 'devices-empty', hidden: true, 'data-testid': 'devices-empty' }, 'No other devices linked yet \u2014 link one with a QR code or a pairing code.');
const devicesCard = h('section', { class: 'card', id: 'devices-card' }, h('h2', null, 'Devices'), deviceList, devicesEmpty);

const auditBody = h('tbody', { id: 'audit-body' });
const auditEmpty = h('p', { class: 'empty', id: 'audit-empty', hidden: true }, 'No activity yet.');
const auditError = h('p', { class: 'error', id: 'audit-error', hidden: true, role: 'alert' });
const activityCard = h(
  'section',
  { class: 'card', id: 'activity', hidden: true, 'data-testid': 'activity' },
  h('h2', null, 'Activity'),
  h(
    'table',
    { class: 'audit', id: 'audit-table', 'data-testid': 'audit-table' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'What happened'), h('th', { scope: 'col' }, 'Device'), h('th', { scope: 'col' }, 'By'))),
    auditBody,
  ),
  auditEmpty,
  auditError,
);

function mountSkeleton(): void {
  replaceChildren(root, accountCard, loadError, listError, notice, managedNotice, manageCard, linkPanel, codePanel, approvalPanel, devicesCard, activityCard);
}

function showNotice(text: string | null): void {
  setMessage(notice, text);
}

// ---------------------------------------------------------------------------------------------
// Loading and verifying

function statusOf(deviceId: string): DeviceView | undefined {
  return view?.devices.find((device) => device.id === deviceId);
}

function isActive(deviceId: string): boolean {
  return statusOf(deviceId)?.status !== 'logged-out';
}

function listErrorText(error: unknown): string {
  if (error instanceof DeviceListError) {
    const why: Record<string, string> = {
      malformed: 'it is malformed',
      'wrong-account': 'it is for another business number',
      'wrong-primary-key': 'it is not signed by the primary device this browser trusts',
      'bad-signature': 'the primary device\u2019s signature does not verify',
      'stale-version': 'it is older than a list this browser already accepted',
      expired: 'it has expired (the primary device has not renewed it)',
      'missing-device-signature': 'a device on it has not countersigned',
      'bad-device-signature': 'a device\u2019s countersignature does not verify',
      'wrong-device-id': 'a device id does not belong to its key',
      'unexpected-device-signature': 'it carries a signature of a device that is not on it',
    };
    return `The device list from the server failed verification: ${why[error.reason] ?? error.reason} (${error.reason}). It is not shown, because it may have been tampered with.`;
  }
  return `The device list could not be checked: ${errorMessage(error)}`;
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
      } while (again && !isLoggedOut());
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

async function refreshOnce(): Promise<void> {
  let next: DevicesView;
  try {
    next = await api.get<DevicesView>('/api/devices');
    setMessage(loadError, null);
  } catch (error) {
    if (isLoggedOut()) return;
    showLoadError(`Could not load the devices: ${errorMessage(error)}`);
    return;
  }
  let accepted: SignedDeviceList;
  try {
    accepted = await verifyList(next.deviceList);
  } catch (error) {
    view = null;
    verified = null;
    listError.replaceChildren(listErrorText(error), ' ', h('button', { type: 'button', onclick: () => void refresh() }, 'Check again'));
    listError.hidden = false;
    listError.dataset.reason = error instanceof DeviceListError ? error.reason : 'error';
    deviceList.replaceChildren();
    devicesCard.hidden = true;
    manageCard.hidden = true;
    closePanels();
    return;
  }
  listError.hidden = true;
  devicesCard.hidden = false;
  if (accepted.list.version > identity.listVersion || !identity.acceptedList) {
    identity = (await updateIdentity({ listVersion: accepted.list.version, acceptedList: accepted.list })) ?? identity;
  }
  view = next;
  verified = accepted;
  historyHelper?.schedule();
  for (const device of accepted.list.devices) knownPeople.set(device.id, device.person);
  render();
  if (pendingApproval && accepted.list.devices.some((device) => device.id === pendingApproval!.deviceId)) {
    const person = pendingApproval.person;
    pendingApproval = null;
    closePanels();
    showNotice(`${person} is now linked.`);
  }
  if (next.iAmPrimary) void maintain();
  if (next.myRole === 'owner' || next.myRole === 'admin') void loadAudit();
}

async function verifyList(candidate: unknown): Promise<SignedDeviceList> {
  const options = {
    expectedAccount: identity.account,
    pinnedPrimaryKey: identity.primarySigningKey,
    lastAcceptedVersion: identity.listVersion,
    lastAcceptedList: identity.acceptedList,
    now: nowSeconds(),
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

function showLoadError(text: string): void {
  loadError.replaceChildren(text, ' ', h('button', { type: 'button', id: 'reload-button', onclick: () => void refresh() }, 'Try again'));
  loadError.hidden = false;
}

// ---------------------------------------------------------------------------------------------
// Rendering

function render(): void {
  if (!view || !verified) return;
  const list = verified.list;
  accountName.textContent = view.displayName || 'Linked devices';
  accountNumber.textContent = list.account;
  const me = list.devices.find((device) => device.id === identity.deviceId);
  meLine.replaceChildren(
    'This browser: ',
    h('strong', null, me?.person ?? identity.person),
    ` \u00b7 ${roleName(me?.role ?? view.myRole)}${view.iAmPrimary ? ' \u00b7 primary device' : ''}`,
  );
  listInfo.replaceChildren(
    `Device list version ${list.version}, signed by the primary device, valid until `,
    h('time', { datetime: new Date(list.expiresAt * 1000).toISOString(), title: formatExact(list.expiresAt * 1000) }, formatDate(list.expiresAt * 1000)),
    '.',
  );
  listInfo.dataset.version = String(list.version);
  managedNotice.hidden = view.iAmPrimary;
  manageCard.hidden = !view.iAmPrimary;
  activityCard.hidden = !(view.myRole === 'owner' || view.myRole === 'admin');
  settingsLink.hidden = activityCard.hidden;
  renderDevices();
}

function orderedEntries(): Array<{ entry: DeviceEntry; info: DeviceView | undefined }> {
  const entries = verified!.list.devices;
  const position = new Map(view!.devices.map((device, index) => [device.id, index]));
  return entries
    .map((entry) => ({ entry, info: statusOf(entry.id) }))
    .sort((a, b) => {
      if (a.entry.primary !== b.entry.primary) return a.entry.primary ? -1 : 1;
      return (position.get(a.entry.id) ?? 1e9) - (position.get(b.entry.id) ?? 1e9);
    });
}

function removalText(reason: string | null | undefined): string {
  return reason === 'primary-inactive'
    ? 'Logged out automatically: the primary device was inactive for more than 14 days.'
    : 'Logged out by the owner.';
}

function renderDevices(): void {
  if (!view || !verified) return;
  const now = Date.now();
  const rows = orderedEntries().map(({ entry, info }) => {
    const mine = entry.id === identity.deviceId;
    const out = info?.status === 'logged-out';
    const badges = h(
      'span',
      { class: 'badges' },
      h('span', { class: `badge role role-${entry.role}`, 'data-testid': 'role-badge' }, roleName(entry.role)),
      entry.primary && h('span', { class: 'badge primary', 'data-testid': 'primary-badge' }, 'Primary'),
      mine && h('span', { class: 'badge this', 'data-testid': 'this-device' }, 'This device'),
      out && h('span', { class: 'badge out', 'data-testid': 'logged-out-badge' }, 'Logged out'),
    );
    const actions = h('div', { class: 'actions' });
    if (view!.iAmPrimary && !entry.primary && !out) {
      actions.appendChild(
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            'data-testid': 'logout-button',
            'data-device-id': entry.id,
            'aria-label': `Log out ${entry.person} (${entry.label})`,
            onclick: (event: Event) => void logOutDevice(entry, event.currentTarget as HTMLButtonElement),
          },
          'Log out',
        ),
      );
    }
    return h(
      'li',
      {
        class: `device${out ? ' logged-out' : ''}${mine ? ' mine' : ''}`,
        'data-testid': 'device-row',
        'data-device-id': entry.id,
        'data-status': info?.status ?? 'active',
        'data-role': entry.role,
        'data-primary': entry.primary ? 'true' : 'false',
        'data-this-device': mine ? 'true' : 'false',
      },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, initialOf(entry.person)),
      h(
        'div',
        { class: 'info' },
        h('div', { class: 'name' }, h('strong', { 'data-testid': 'device-person' }, entry.person), ' ', badges),
        h('div', { class: 'meta' }, h('span', { 'data-testid': 'device-label' }, entry.label), info?.browser ? ' \u00b7 Browser: ' : '', info?.browser ? h('span', { 'data-testid': 'device-browser' }, info.browser) : ''),
        info &&
          h(
            'div',
            { class: 'meta' },
            h('span', { 'data-testid': 'linked-at' }, 'Linked ', relativeTime(info.linkedAt, now)),
            ' \u00b7 ',
            h('span', { 'data-testid': 'last-active' }, 'Last active ', mine && !out ? h('span', null, 'now') : relativeTime(info.lastActiveAt, now)),
          ),
        out && h('div', { class: 'meta reason', 'data-testid': 'removal-reason' }, removalText(info?.removalReason)),
      ),
      actions,
    );
  });
  deviceList.replaceChildren(...rows);
  const others = verified.list.devices.filter((device) => device.id !== identity.deviceId).length;
  devicesEmpty.hidden = others > 0;
}

// ---------------------------------------------------------------------------------------------
// Signing new lists (primary only)

let listLock: Promise<unknown> = Promise.resolve();

/** Runs list-changing work one at a time. */
function withListLock<T>(work: () => Promise<T>): Promise<T> {
  const run = listLock.then(work, work);
  listLock = run.catch(() => undefined);
  return run;
}

async function signSuccessor(successor: UnsignedSuccessor): Promise<SignedDeviceList> {
  return signDeviceList(successor.list, keys, successor.deviceSignatures);
}

/**
 * Signs and publishes `build(current)`; on a stale list (someone else's change came first) it
 * reloads and tries once more.
 */
async function publish(build: (current: SignedDeviceList) => UnsignedSuccessor | null): Promise<boolean> {
  return withListLock(async () => {
    for (let tryNumber = 0; tryNumber < 2; tryNumber++) {
      if (!verified) throw new Error('The device list is not loaded.');
      const successor = build(verified);
      if (!successor) return false;
      const signed = await signSuccessor(successor);
      try {
        await api.put<SignedDeviceList>('/api/devices/list', signed);
      } catch (error) {
        if (tryNumber === 0 && error instanceof ApiError && (error.code === 'device_list_stale' || error.code === 'device_list_mismatch')) {
          await refresh();
          continue;
        }
        throw error;
      }
      identity = (await updateIdentity({ listVersion: signed.list.version, acceptedList: signed.list })) ?? identity;
      await refresh();
      return true;
    }
    return false;
  });
}

let maintainedVersion = -1;

/** Drops devices the server logged out and renews a list with less than 15 days left. */
async function maintain(): Promise<void> {
  if (!verified || !view?.iAmPrimary) return;
  const need = maintenanceNeeded(verified.list, (id) => !isActive(id), nowSeconds());
  if (!need || maintainedVersion === verified.list.version) return;
  maintainedVersion = verified.list.version;
  try {
    await publish((current) => {
      const again = maintenanceNeeded(current.list, (id) => !isActive(id), nowSeconds());
      return again ? listWithout(current, again.drop, nowSeconds()) : null;
    });
    if (need.drop.length > 0) {
      showNotice(`Removed ${need.drop.length} logged-out device${need.drop.length === 1 ? '' : 's'} from the signed device list.`);
    }
  } catch (error) {
    if (!isLoggedOut()) showLoadError(`Could not renew the signed device list: ${errorMessage(error)}`);
  }
}

async function logOutDevice(entry: DeviceEntry, button: HTMLButtonElement): Promise<void> {
  const confirmed = await confirmDialog(
    `Log out ${entry.person}?`,
    `${entry.person}\u2019s browser (${entry.label}) is logged out at once and can no longer use this account. To use it again it has to be linked again.`,
    'Log out',
  );
  if (!confirmed) {
    button.focus();
    return;
  }
  button.disabled = true;
  button.textContent = 'Logging out…';
  try {
    await publish((current) => {
      if (!current.list.devices.some((device) => device.id === entry.id)) return null;
      const drop = current.list.devices.filter((device) => !device.primary && (device.id === entry.id || !isActive(device.id))).map((device) => device.id);
      return listWithout(current, drop, nowSeconds());
    });
    showNotice(`${entry.person} was logged out.`);
  } catch (error) {
    if (isLoggedOut()) return;
    showLoadError(`Could not log out ${entry.person}: ${errorMessage(error)}`);
    button.disabled = false;
    button.textContent = 'Log out';
  }
}

// ---------------------------------------------------------------------------------------------
// Panels

let scanner: { stop(): void } | null = null;
let pendingApproval: { deviceId: string; ref: string; person: string } | null = null;
let codeRun = 0;

function closePanels(except?: HTMLElement): void {
  for (const panel of [linkPanel, codePanel, approvalPanel]) {
    if (panel !== except) panel.hidden = true;
  }
  if (except !== linkPanel) stopScanner();
  if (except !== codePanel) codeRun++;
  linkQrButton.setAttribute('aria-expanded', String(except === linkPanel));
  linkCodeButton.setAttribute('aria-expanded', String(except === codePanel));
}

// --- Link a device: QR text or camera ---

function openLinkPanel(): void {
  closePanels(linkPanel);
  showNotice(null);
  const input = h('textarea', {
    id: 'qr-input',
    'data-testid': 'qr-input',
    rows: 3,
    spellcheck: 'false',
    autocomplete: 'off',
    placeholder: 'SWB1:…',
    'aria-describedby': 'qr-input-help',
  });
  const error = h('p', { class: 'error', id: 'link-error', role: 'alert', hidden: true, 'data-testid': 'link-error' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'qr-submit', 'data-testid': 'qr-submit' }, 'Continue');
  const cancel = h('button', { type: 'button', id: 'link-cancel', onclick: () => closePanels() }, 'Cancel');
  const canScan = typeof navigator.mediaDevices?.getUserMedia === 'function';
  const video = h('video', { id: 'scanner-video', class: 'scanner', playsinline: true, muted: true, hidden: true, 'aria-label': 'Camera preview' });
  const scanButton = h('button', { type: 'button', id: 'scan-button', 'data-testid': 'scan-button', hidden: !canScan }, 'Scan with camera');
  const form = h(
    'form',
    { class: 'form wide', id: 'qr-form', novalidate: true },
    h('label', { for: 'qr-input' }, 'Link text from the new browser'),
    input,
    h('small', { id: 'qr-input-help', class: 'muted' }, 'On the new browser, open \u201cCan\u2019t scan? Copy the link text\u201d, copy the text (it starts with SWB1:) and paste it here.'),
    error,
    h('div', { class: 'row' }, submit, cancel),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void handleQrText(input.value, error, submit);
  });
  scanButton.addEventListener('click', () => {
    if (scanner) {
      stopScanner();
      scanButton.textContent = 'Scan with camera';
      return;
    }
    void startScanner(video, scanButton, error, (text) => {
      input.value = text;
      void handleQrText(text, error, submit);
    });
  });
  replaceChildren(
    linkPanel,
    h('h2', { id: 'link-panel-title' }, 'Link a device'),
    h('p', { class: 'muted' }, 'On the new browser choose \u201cScan a QR code\u201d. Scan the code it shows with this device\u2019s camera, or paste its link text.'),
    h('div', { class: 'row' }, scanButton),
    video,
    form,
  );
  linkPanel.hidden = false;
  focusPanel(linkPanel, input);
}

async function startScanner(
  video: HTMLVideoElement,
  button: HTMLButtonElement,
  error: HTMLElement,
  found: (text: string) => void,
): Promise<void> {
  setMessage(error, null);
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  } catch (failure) {
    const name = failure instanceof DOMException ? failure.name : '';
    setMessage(
      error,
      name === 'NotAllowedError'
        ? 'Camera access was not allowed. Allow it in the browser, or paste the link text instead.'
        : name === 'NotFoundError'
          ? 'No camera was found. Paste the link text instead.'
          : `The camera could not be started (${errorMessage(failure)}). Paste the link text instead.`,
    );
    return;
  }
  const { default: jsQR } = await import('jsqr');
  let stopped = false;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const stop = () => {
    stopped = true;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
    video.hidden = true;
    button.textContent = 'Scan with camera';
    scanner = null;
  };
  scanner = { stop };
  video.srcObject = stream;
  video.hidden = false;
  button.textContent = 'Stop camera';
  try {
    await video.play();
  } catch {
    // autoplay refusal: frames still arrive once the element is visible
  }
  const tick = () => {
    if (stopped) return;
    if (context && video.readyState >= video.HAVE_ENOUGH_DATA && video.videoWidth > 0) {
      const scale = Math.min(1, 640 / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
      if (code && code.data.startsWith('SWB1:')) {
        stop();
        found(code.data);
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

function stopScanner(): void {
  scanner?.stop();
  scanner = null;
}

async function handleQrText(text: string, error: HTMLElement, submit: HTMLButtonElement): Promise<void> {
  setMessage(error, null);
  let qr;
  try {
    qr = parseLinkQr(text);
  } catch {
    setMessage(error, 'This is not a Switchboard link code. Copy the whole text the new browser shows; it starts with SWB1:.');
    return;
  }
  submit.disabled = true;
  try {
    const request = await api.get<PendingRequest>(`/api/link/requests/${encodeURIComponent(qr.ref)}`);
    const problem = requestProblem(request, 'qr');
    if (problem) {
      setMessage(error, problem);
      return;
    }
    const keysMatch =
      request.signingKey === B64u.encode(qr.signingKey) &&
      request.agreementKey === B64u.encode(qr.agreementKey) &&
      request.deviceId === (await deviceIdOf(qr.signingKey));
    if (!keysMatch) {
      setMessage(error, 'The server\u2019s copy of this request does not match the QR code, so it may have been tampered with. Do not link this device; start again on the new browser.');
      return;
    }
    stopScanner();
    await openApproval(request, qr.linkSecret);
  } catch (failure) {
    setMessage(
      error,
      failure instanceof ApiError && failure.status === 404
        ? 'There is no such link request. It may have expired: start again on the new browser.'
        : errorMessage(failure),
    );
  } finally {
    submit.disabled = false;
  }
}

/** Why a request cannot be approved now, or null. */
function requestProblem(request: PendingRequest, method: 'qr' | 'code'): string | null {
  if (request.method !== method) {
    return method === 'qr'
      ? 'This browser asked to be linked with a pairing code; use \u201cLink with code\u201d.'
      : 'This browser asked to be linked with a QR code; use \u201cLink a device\u201d.';
  }
  if (request.status !== 'pending') return `This link request was already ${request.status}. Start again on the new browser.`;
  if (Date.parse(request.expiresAt) <= Date.now()) return 'This link request has expired. Start again on the new browser.';
  return null;
}

// --- Link with code ---

let selectedRef: string | null = null;
let linkWaiters: Array<() => void> = [];

function wakeLinkWaiters(): void {
  const waiters = linkWaiters;
  linkWaiters = [];
  for (const wake of waiters) wake();
}

/** Sleeps `ms`, or less when a link-request event arrives. */
function sleepOrWake(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      linkWaiters = linkWaiters.filter((waiter) => waiter !== done);
      resolve();
    }
    linkWaiters.push(done);
  });
}

const pendingBox = h('div', { id: 'pending-requests', 'data-testid': 'pending-requests' });

async function renderPendingRequests(): Promise<void> {
  if (codePanel.hidden) return;
  let requests: PendingRequest[];
  try {
    requests = (await api.get<PendingRequest[]>('/api/link/requests')).filter((request) => request.method === 'code');
  } catch (error) {
    if (!isLoggedOut()) pendingBox.replaceChildren(h('p', { class: 'error', role: 'alert' }, `Could not load the waiting browsers: ${errorMessage(error)}`));
    return;
  }
  if (requests.length === 0) {
    selectedRef = null;
    pendingBox.replaceChildren(
      h('p', { class: 'empty', id: 'no-pending', 'data-testid': 'no-pending' }, 'No browser is waiting for a code yet. On the new browser choose \u201cType a pairing code\u201d; it appears here.'),
    );
    return;
  }
  for (const request of requests) knownPeople.set(request.deviceId, request.person);
  if (!requests.some((request) => request.ref === selectedRef)) selectedRef = requests.length === 1 ? requests[0]!.ref : null;
  const now = Date.now();
  const options = requests.map((request) => {
    const radio = h('input', { type: 'radio', name: 'code-request', value: request.ref, id: `request-${request.ref}` });
    radio.checked = request.ref === selectedRef;
    radio.addEventListener('change', () => (selectedRef = request.ref));
    const left = request.maxPakeAttempts - request.pakeAttempts;
    return h(
      'label',
      { class: 'pending-request', 'data-testid': 'pending-request', 'data-ref': request.ref, for: `request-${request.ref}` },
      radio,
      h(
        'span',
        null,
        h('strong', null, request.person),
        ` \u00b7 ${request.label}`,
        request.browser && request.browser !== request.label ? ` (${request.browser})` : '',
        h('span', { class: 'muted' }, ' \u00b7 asked ', relativeTime(request.createdAt, now), ` \u00b7 ${left} ${left === 1 ? 'try' : 'tries'} left`),
      ),
    );
  });
  pendingBox.replaceChildren(h('fieldset', { class: 'choice' }, h('legend', null, requests.length === 1 ? 'Waiting browser' : 'Which browser shows the code?'), ...options));
}

function openCodePanel(): void {
  closePanels(codePanel);
  showNotice(null);
  const input = h('input', {
    id: 'code-input',
    'data-testid': 'code-input',
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    placeholder: 'XXXX-XXXX',
    maxlength: 16,
    class: 'code-input',
  });
  const error = h('p', { class: 'error', id: 'code-error', role: 'alert', hidden: true, 'data-testid': 'code-error' });
  const status = h('p', { class: 'muted', id: 'code-status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'code-submit', 'data-testid': 'code-submit' }, 'Check code');
  const cancel = h('button', { type: 'button', id: 'code-cancel', onclick: () => closePanels() }, 'Cancel');
  const form = h(
    'form',
    { class: 'form', id: 'code-form', novalidate: true },
    pendingBox,
    h('label', { for: 'code-input' }, 'Pairing code shown on the new browser'),
    input,
    error,
    status,
    h('div', { class: 'row' }, submit, cancel),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void runPairing(input, error, status, submit);
  });
  input.addEventListener('input', () => setFieldError(input, null));
  replaceChildren(
    codePanel,
    h('h2', { id: 'code-panel-title' }, 'Link with code'),
    h('p', { class: 'muted' }, 'On the new browser choose \u201cType a pairing code\u201d. It shows a code like ABCD-2345; type it here.'),
    form,
  );
  pendingBox.replaceChildren(h('p', { class: 'muted' }, 'Looking for waiting browsers…'));
  codePanel.hidden = false;
  void renderPendingRequests();
  focusPanel(codePanel, input);
}

async function runPairing(input: HTMLInputElement, error: HTMLElement, status: HTMLElement, submit: HTMLButtonElement): Promise<void> {
  setMessage(error, null);
  const run = ++codeRun;
  let code: string;
  try {
    code = PairingCode.normalize(input.value);
    setFieldError(input, null);
  } catch {
    setFieldError(input, 'A pairing code has 8 characters: digits 2\u20139 and letters A\u2013Z without I and O, like ABCD-2345.');
    input.focus();
    return;
  }
  const ref = selectedRef ?? pendingBox.querySelector<HTMLInputElement>('input[name="code-request"]:checked')?.value ?? null;
  if (!ref) {
    setMessage(error, 'Choose the browser that shows this code. If none is listed, start linking on the new browser first.');
    return;
  }
  submit.disabled = true;
  try {
    const request = await api.get<PendingRequest>(`/api/link/requests/${encodeURIComponent(ref)}`);
    const problem = requestProblem(request, 'code');
    if (problem || !request.salt || !request.pake1) {
      setMessage(error, problem ?? 'This request carries no pairing data.');
      return;
    }
    if (request.deviceId !== (await deviceIdOf(B64u.decodeExact(request.signingKey, 32)))) {
      setMessage(error, 'This request\u2019s device id does not belong to its key; it may have been tampered with. Do not link it.');
      return;
    }
    status.textContent = 'Checking the code…';
    const salt = B64u.decodeExact(request.salt, 32);
    const passwordKey = await pairingPasswordKey(code, salt);
    const ephemeral = await generateEphemeralKeyPair();
    const pake2 = B64u.encode(await sealEphemeral(passwordKey, ephemeral.publicKey));
    const answered = await api.post<PendingRequest>(`/api/link/requests/${encodeURIComponent(ref)}/pake`, { pake2 });
    const companionEphemeral = await openEphemeral(passwordKey, B64u.decodeExact(request.pake1, 48));
    const linkKey = await pairingLinkKey(ephemeral.privateKey, companionEphemeral, salt, ref);

    status.textContent = 'Waiting for the new browser to answer…';
    const confirmed = await waitForConfirm(ref, pake2, run);
    if (!confirmed) return; // panel closed meanwhile
    const valid = await verifyPairingConfirm(
      linkKey,
      {
        ref,
        account: identity.account,
        deviceId: request.deviceId,
        signingKey: request.signingKey,
        agreementKey: request.agreementKey,
        pake1: request.pake1,
        pake2,
      },
      confirmed.confirm!,
    );
    status.textContent = '';
    if (!valid) {
      const left = answered.maxPakeAttempts - answered.pakeAttempts;
      setMessage(
        error,
        left > 0
          ? `That code is not right. Check the code on the new browser and type it again (${left} ${left === 1 ? 'try' : 'tries'} left).`
          : 'That code is not right, and no tries are left for this request. Start again on the new browser for a new code.',
      );
      error.dataset.code = 'wrong-code';
      input.value = '';
      input.focus();
      void renderPendingRequests();
      return;
    }
    if (confirmed.signingKey !== request.signingKey || confirmed.agreementKey !== request.agreementKey || confirmed.deviceId !== request.deviceId) {
      setMessage(error, 'The request changed while pairing; it may have been tampered with. Do not link it.');
      return;
    }
    await openApproval(request, linkKey);
  } catch (failure) {
    status.textContent = '';
    if (isLoggedOut()) return;
    setMessage(
      error,
      failure instanceof ApiError && failure.status === 404
        ? 'That link request is gone. It may have expired: start again on the new browser.'
        : errorMessage(failure),
    );
    void renderPendingRequests();
  } finally {
    submit.disabled = false;
  }
}

/** Waits (events or polling) until the new device confirms this pake2; null if the panel closed. */
async function waitForConfirm(ref: string, pake2: string, run: number): Promise<PendingRequest | null> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (run !== codeRun || codePanel.hidden) return null;
    const request = await api.get<PendingRequest>(`/api/link/requests/${encodeURIComponent(ref)}`);
    if (request.status !== 'pending') throw new Error(`The link request was ${request.status} meanwhile.`);
    if (request.pake2 !== pake2) throw new Error('Another attempt with a code started meanwhile; type the code again.');
    if (request.confirm) return request;
    if (Date.parse(request.expiresAt) <= Date.now()) throw new Error('The link request expired. Start again on the new browser.');
    await sleepOrWake(1000);
  }
  throw new Error('The new browser did not answer. Make sure it still shows the code, then try again.');
}

// --- Approval ---

async function openApproval(request: PendingRequest, linkKey: Bytes): Promise<void> {
  closePanels(approvalPanel);
  knownPeople.set(request.deviceId, request.person);
  const fingerprint = await fingerprintOf(B64u.decodeExact(request.signingKey, 32), B64u.decodeExact(request.agreementKey, 32));
  const roleSelect = h(
    'select',
    { id: 'role-select', 'data-testid': 'role-select', name: 'role' },
    h('option', { value: 'agent', selected: true }, 'Agent \u2014 answers conversations'),
    h('option', { value: 'supervisor' }, 'Supervisor \u2014 also oversees the team\u2019s conversations'),
    h('option', { value: 'admin' }, 'Admin \u2014 also manages the team and sees the activity log'),
  );
  roleSelect.value = 'agent';
  const error = h('p', { class: 'error', id: 'approval-error', role: 'alert', hidden: true, 'data-testid': 'approval-error' });
  const status = h('p', { class: 'muted', id: 'approval-status', 'aria-live': 'polite', 'data-testid': 'approval-status' });
  const approve = h('button', { type: 'button', class: 'primary', id: 'approve-button', 'data-testid': 'approve-button' }, 'Approve');
  const refuse = h('button', { type: 'button', class: 'danger', id: 'refuse-button', 'data-testid': 'refuse-button' }, 'Refuse');
  const title = h('h2', { id: 'approval-title' }, 'Approve this device?');
  replaceChildren(
    approvalPanel,
    title,
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Person'),
      h('dd', { id: 'approval-person', 'data-testid': 'approval-person' }, request.person),
      h('dt', null, 'Device'),
      h('dd', { id: 'approval-label', 'data-testid': 'approval-label' }, request.label),
      h('dt', null, 'Browser'),
      h('dd', { id: 'approval-browser', 'data-testid': 'approval-browser' }, request.browser || 'unknown'),
      h('dt', null, 'Linking with'),
      h('dd', { id: 'approval-method' }, request.method === 'code' ? 'Pairing code (checked)' : 'QR code'),
    ),
    h('p', null, 'Security code of the new browser. It shows the same code: compare them before you approve.'),
    h('div', { class: 'fingerprint fingerprint-large', id: 'approval-fingerprint', 'data-testid': 'fingerprint', 'aria-label': `Security code ${fingerprint}` }, fingerprint),
    h('div', { class: 'form' }, h('label', { for: 'role-select' }, 'Role'), roleSelect),
    error,
    status,
    h('div', { class: 'row' }, approve, refuse),
  );
  approvalPanel.hidden = false;
  approvalPanel.dataset.ref = request.ref;
  approvalPanel.dataset.deviceId = request.deviceId;
  focusPanel(approvalPanel, title);

  const setBusy = (busy: boolean) => {
    approve.disabled = busy;
    refuse.disabled = busy;
    roleSelect.disabled = busy;
  };

  approve.addEventListener('click', async () => {
    setMessage(error, null);
    setBusy(true);
    status.textContent = 'Signing the new device list…';
    const role = roleSelect.value as CompanionRole;
    try {
      await approveRequest(request, role, linkKey);
      pendingApproval = { deviceId: request.deviceId, ref: request.ref, person: request.person };
      status.textContent = `Approved. Waiting for ${request.person}\u2019s browser to finish linking…`;
      approvalPanel.dataset.state = 'approved';
      approve.hidden = true;
      refuse.hidden = true;
      const close = h('button', { type: 'button', id: 'approval-close', 'data-testid': 'approval-close' }, 'Close');
      close.addEventListener('click', () => {
        closePanels();
        linkQrButton.focus();
      });
      approve.parentElement!.appendChild(close);
    } catch (failure) {
      status.textContent = '';
      if (isLoggedOut()) return;
      setMessage(error, errorMessage(failure));
      setBusy(false);
    }
  });

  refuse.addEventListener('click', async () => {
    setMessage(error, null);
    setBusy(true);
    try {
      await api.post(`/api/link/requests/${encodeURIComponent(request.ref)}/refuse`);
      closePanels();
      showNotice(`Refused: ${request.person}\u2019s browser was not linked.`);
      linkQrButton.focus();
    } catch (failure) {
      if (isLoggedOut()) return;
      setMessage(error, errorMessage(failure));
      setBusy(false);
    }
  });
}

async function approveRequest(request: PendingRequest, role: CompanionRole, linkKey: Bytes): Promise<void> {
  await refresh();
  await withListLock(async () => {
    for (let tryNumber = 0; tryNumber < 2; tryNumber++) {
      if (!verified) throw new Error('The device list could not be loaded, so nothing was signed.');
      const successor = listWithNewDevice(verified, companionEntry(request, role), isActive, nowSeconds());
      const signed = await signSuccessor(successor);
      const proof = await linkProof(linkKey, {
        ref: request.ref,
        account: successor.list.account,
        deviceId: request.deviceId,
        signingKey: request.signingKey,
        agreementKey: request.agreementKey,
        primarySigningKey: B64u.encode(keys.signingKey),
        listVersion: successor.list.version,
      });
      try {
        await api.post(`/api/link/requests/${encodeURIComponent(request.ref)}/approve`, { role, deviceList: signed, linkProof: proof });
        return;
      } catch (error) {
        if (tryNumber === 0 && error instanceof ApiError && error.code === 'device_list_stale') {
          await refresh();
          continue;
        }
        throw error;
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Activity

let auditTimer: ReturnType<typeof setTimeout> | null = null;

function scheduleAudit(): void {
  if (activityCard.hidden) return;
  if (auditTimer) clearTimeout(auditTimer);
  auditTimer = setTimeout(() => {
    auditTimer = null;
    void loadAudit();
  }, 300);
}

async function loadAudit(): Promise<void> {
  let entries: AuditEntry[];
  try {
    entries = await api.get<AuditEntry[]>('/api/audit?limit=100');
    setMessage(auditError, null);
  } catch (error) {
    if (!isLoggedOut()) setMessage(auditError, `Could not load the activity: ${errorMessage(error)}`);
    return;
  }
  for (const entry of entries) {
    const person = entry.details && typeof entry.details.person === 'string' ? entry.details.person : null;
    if (person && entry.subjectDeviceId && !knownPeople.has(entry.subjectDeviceId)) knownPeople.set(entry.subjectDeviceId, person);
  }
  const personOf = (id: string | null) => (id ? knownPeople.get(id) ?? null : null);
  const now = Date.now();
  const rows = entries.map((entry) =>
    h(
      'tr',
      { 'data-testid': 'audit-row', 'data-action': entry.action },
      h('td', null, relativeTime(entry.at, now)),
      h('td', null, describeAuditAction(entry, personOf)),
      h('td', null, entry.subjectDeviceId ? personOf(entry.subjectDeviceId) ?? shortId(entry.subjectDeviceId) : '\u2014'),
      h('td', null, entry.actorDeviceId ? personOf(entry.actorDeviceId) ?? shortId(entry.actorDeviceId) : 'Server'),
    ),
  );
  auditBody.replaceChildren(...rows);
  auditEmpty.hidden = rows.length > 0;
}

function shortId(id: string): string {
  return `device ${id.slice(0, 6)}…`;
}

// ---------------------------------------------------------------------------------------------
// Start

/** History sync (protocol §13.4): re-wraps keys for newly linked devices on the list verified here. */
let historyHelper: HistoryHelper | null = null;

async function main(): Promise<void> {
  const stored = await loadIdentity();
  if (!stored) {
    location.replace('/');
    return;
  }
  identity = stored;
  keys = await keysOf(stored);
  mountSkeleton();
  linkQrButton.addEventListener('click', openLinkPanel);
  linkCodeButton.addEventListener('click', openCodePanel);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !document.querySelector('dialog[open]') && (!linkPanel.hidden || !codePanel.hidden)) closePanels();
  });

  historyHelper = new HistoryHelper({ keys, http: api, verifiedList: async () => verified?.list ?? null });
  onLoggedOut(() => historyHelper?.stop());
  await refresh();
  if (isLoggedOut()) return;
  connectEvents({
    onDeviceList: () => void refresh(),
    onLinkRequest: (ref, status) => {
      wakeLinkWaiters();
      if (!codePanel.hidden) void renderPendingRequests();
      if (pendingApproval && ref === pendingApproval.ref && status === 'completed') void refresh();
      scheduleAudit();
    },
    onReconnected: () => void refresh(),
  });
  // Keep relative times current.
  setInterval(() => {
    if (!isLoggedOut()) renderDevices();
  }, 60_000);
}

void main().catch((error) => {
  if (!isLoggedOut()) showLoadError(errorMessage(error));
});
