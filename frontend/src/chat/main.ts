import { api, ApiError, errorMessage } from '../lib/api';
import { nowSeconds } from '../lib/deviceLists';
import {
  clearIdentity,
  keysOf,
  loadIdentity,
  newIdentity,
  saveIdentity,
  setActiveIdentityKind,
  updateIdentity,
  type StoredIdentity,
} from '../lib/identity';
import { listRefusalText, ListTrust } from '../lib/listTrust';
import { Messenger } from '../lib/messaging';
import { openMessageStore } from '../lib/messageStore';
import { startChat } from './ChatApp';
import type { AccountInfo, CustomerMe } from '../lib/types';
import { byId, checkName, describeBrowser, h, isLoggedOut, replaceChildren, setFieldError, setMessage, setRelinkTarget } from '../lib/ui';
import {
  B64u,
  DEVICE_LIST_TYPE,
  DeviceKeys,
  LIST_VALIDITY_SECONDS,
  normalizeE164,
  signDeviceList,
  type DeviceList,
} from '../protocol';

/**
 * The customer's page: verify a phone number once (this browser becomes the primary device of the
 * customer's own signed device list), then one end-to-end encrypted conversation with the business.
 */

// This page works with the customer identity, never with a business device's keys.
setActiveIdentityKind('customer');
setRelinkTarget({
  href: '/chat',
  button: 'Start again',
  explanation: 'The keys this browser used for the chat can no longer be used. Start again and verify your phone number once more.',
});

const root = byId('chat-root');

function businessLabel(account: { displayName?: string | null; businessName?: string | null; businessNumber?: string | null }): string {
  return account.businessName ?? account.displayName ?? account.businessNumber ?? 'the business';
}

// ---------------------------------------------------------------------------------------------
// Sign-up: phone, code, keys

interface PendingVerification {
  verificationId: string;
  phone: string;
  name: string;
  expiresAt: number;
}

const VERIFICATION_KEY = 'switchboard.chat.verification';

function rememberVerification(value: PendingVerification | null): void {
  try {
    if (value) sessionStorage.setItem(VERIFICATION_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(VERIFICATION_KEY);
  } catch {
    // private modes without storage: the form simply starts over after a reload
  }
}

function recalledVerification(): PendingVerification | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(VERIFICATION_KEY) ?? 'null') as PendingVerification | null;
    if (value && typeof value.verificationId === 'string' && value.expiresAt > nowSeconds()) return value;
  } catch {
    // ignore
  }
  return null;
}

function verificationErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'phone_invalid':
        return 'Enter your mobile number in international format: + and the country code, e.g. +4915112345678.';
      case 'verification_code_wrong': {
        const left = typeof error.details.attemptsLeft === 'number' ? error.details.attemptsLeft : null;
        return left === null ? 'That code is not right.' : left > 0 ? `That code is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.` : 'That code is not right, and no tries are left. Ask for a new code.';
      }
      case 'verification_expired':
        return 'The code has expired. Ask for a new one.';
      case 'verification_attempts_exceeded':
        return 'Too many wrong codes. Ask for a new one.';
      case 'verification_used':
        return 'This code was already used. Ask for a new one.';
      case 'customer_exists':
        return 'This number is already registered in another browser. Using a second browser for the same number is not available yet.';
      case 'rate_limited':
        return 'Too many codes were requested. Wait a while, then try again.';
      default:
        return error.message;
    }
  }
  return errorMessage(error);
}

function showSignUp(account: AccountInfo): void {
  const name = businessLabel(account);
  const error = h('p', { id: 'chat-error', 'data-testid': 'chat-error', class: 'error', role: 'alert', hidden: true });

  const phone = h('input', { id: 'chat-phone', 'data-testid': 'chat-phone', name: 'phone', type: 'tel', autocomplete: 'tel', placeholder: '+4915112345678', required: true, 'aria-describedby': 'chat-phone-help' });
  const person = h('input', { id: 'chat-name', 'data-testid': 'chat-name', name: 'name', autocomplete: 'name', maxlength: 80, required: true, placeholder: 'Your name' });
  const start = h('button', { type: 'submit', id: 'chat-start', 'data-testid': 'chat-start', class: 'primary' }, 'Send me a code');
  const startForm = h(
    'form',
    { class: 'form', id: 'chat-start-form', novalidate: true },
    h('label', { for: 'chat-phone' }, 'Your mobile number'),
    phone,
    h('small', { id: 'chat-phone-help', class: 'muted' }, 'International format: + and the country code, e.g. +4915112345678.'),
    h('label', { for: 'chat-name' }, 'Your name'),
    person,
    start,
  );

  const code = h('input', { id: 'chat-code', 'data-testid': 'chat-code', name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 12, class: 'code-input', placeholder: '123456' });
  const verify = h('button', { type: 'submit', id: 'chat-verify', 'data-testid': 'chat-verify', class: 'primary' }, 'Verify and start chatting');
  const sentTo = h('p', { id: 'chat-code-sent', 'data-testid': 'chat-code-sent' });
  const another = h('button', { type: 'button', id: 'chat-other-number', class: 'link-button' }, 'Use another number');
  const codeForm = h(
    'form',
    { class: 'form', id: 'chat-code-form', novalidate: true, hidden: true },
    sentTo,
    h('label', { for: 'chat-code' }, 'Code'),
    code,
    h('div', { class: 'row' }, verify, another),
  );

  replaceChildren(
    root,
    h(
      'section',
      { class: 'card chat-signup', id: 'chat-signup' },
      h('h1', null, `Chat with ${name}`),
      h('p', { class: 'muted' }, `Messages are end-to-end encrypted: only this browser and the team of ${name} can read them. Confirm your number once to start.`),
      startForm,
      codeForm,
      error,
    ),
  );

  let pending: PendingVerification | null = recalledVerification();
  let keys: DeviceKeys | null = null;

  const showCodeStep = (value: PendingVerification) => {
    pending = value;
    startForm.hidden = true;
    codeForm.hidden = false;
    sentTo.replaceChildren('We sent a code to your phone ', h('strong', null, value.phone), '. Enter it here.');
    code.value = '';
    code.focus();
  };
  const showStartStep = () => {
    pending = null;
    rememberVerification(null);
    codeForm.hidden = true;
    startForm.hidden = false;
    phone.focus();
  };

  another.addEventListener('click', () => {
    setMessage(error, null);
    showStartStep();
  });

  startForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    setMessage(error, null);
    let number: string;
    try {
      number = normalizeE164(phone.value);
      setFieldError(phone, null);
    } catch {
      setFieldError(phone, phone.value.trim() === '' ? 'Enter your mobile number.' : 'Use the international format: + and the country code, then the number, e.g. +4915112345678.');
      phone.focus();
      return;
    }
    const nameProblem = checkName(person.value, 'your name');
    setFieldError(person, nameProblem);
    if (nameProblem) {
      person.focus();
      return;
    }
    phone.value = number;
    start.disabled = true;
    try {
      const started = await api.post<{ verificationId: string; expiresAt: number }>('/api/customers/verifications', { phone: number, name: person.value.trim() }, { reauthenticate: false });
      const value = { verificationId: started.verificationId, phone: number, name: person.value.trim(), expiresAt: started.expiresAt };
      rememberVerification(value);
      showCodeStep(value);
    } catch (failure) {
      setMessage(error, verificationErrorText(failure));
      if (failure instanceof ApiError) error.dataset.code = failure.code;
    } finally {
      start.disabled = false;
    }
  });

  codeForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    setMessage(error, null);
    if (!pending) return showStartStep();
    const value = code.value.replace(/\s+/g, '');
    if (!/^[0-9]{4,12}$/.test(value)) {
      setFieldError(code, 'Enter the code from the message we sent you.');
      code.focus();
      return;
    }
    setFieldError(code, null);
    verify.disabled = true;
    const text = verify.textContent;
    verify.textContent = 'Creating keys…';
    try {
      keys ??= await DeviceKeys.generate();
      await register(pending, value, keys);
    } catch (failure) {
      if (isLoggedOut()) return;
      setMessage(error, verificationErrorText(failure));
      if (failure instanceof ApiError) {
        error.dataset.code = failure.code;
        if (['verification_expired', 'verification_attempts_exceeded', 'verification_used', 'verification_not_found'].includes(failure.code)) {
          codeForm.hidden = true;
          startForm.hidden = false;
          rememberVerification(null);
          pending = null;
        }
      }
      verify.disabled = false;
      verify.textContent = text;
      return;
    }
    rememberVerification(null);
    verify.textContent = 'Done';
    await startConversation().catch(showFatal);
  });

  if (pending) showCodeStep(pending);
  else phone.focus();
}

async function register(pending: PendingVerification, code: string, keys: DeviceKeys): Promise<void> {
  const now = nowSeconds();
  const list: DeviceList = {
    type: DEVICE_LIST_TYPE,
    account: pending.phone,
    version: 1,
    issuedAt: now,
    expiresAt: now + LIST_VALIDITY_SECONDS,
    devices: [
      {
        id: keys.deviceId,
        primary: true,
        role: 'owner',
        person: pending.name.slice(0, 80),
        label: describeBrowser(navigator.userAgent),
        signingKey: B64u.encode(keys.signingKey),
        agreementKey: B64u.encode(keys.agreementKey),
      },
    ],
  };
  const deviceList = await signDeviceList(list, keys);
  // Keep the keys before the server knows them (as setup does), forget them if it refuses.
  const identity: StoredIdentity = {
    ...newIdentity(keys, {
      account: pending.phone,
      primarySigningKey: keys.signingKey,
      listVersion: 1,
      acceptedList: list,
      person: list.devices[0]!.person,
      role: 'owner',
      primary: true,
    }),
    kind: 'customer',
  };
  await saveIdentity(identity, 'customer');
  try {
    await api.post(`/api/customers/verifications/${encodeURIComponent(pending.verificationId)}/confirm`, { code, deviceList }, { reauthenticate: false });
  } catch (error) {
    await clearIdentity('customer');
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The conversation

async function startConversation(): Promise<void> {
  const identity = await loadIdentity('customer');
  if (!identity) throw new Error('This browser has no chat keys.');
  const keys = await keysOf(identity);
  const me = await api.get<CustomerMe>('/api/customers/me');
  const businessName = me.businessName || me.businessNumber;
  document.title = `${businessName} · Switchboard`;
  if (identity.customerId !== me.customerId) await updateIdentity({ customerId: me.customerId }, 'customer');

  const store = openMessageStore(keys.deviceId);
  const trust = new ListTrust({
    store,
    own: {
      owner: me.customerId,
      account: identity.account,
      primarySigningKey: identity.primarySigningKey,
      version: identity.listVersion,
      list: identity.acceptedList,
      onAccepted: async (list) => {
        await updateIdentity({ listVersion: list.version, acceptedList: list }, 'customer');
      },
    },
  });
  const messenger = new Messenger({ keys, side: 'customer', store, trust, businessAccount: me.businessNumber, customerAccount: identity.account });
  try {
    await messenger.applyLists(me.customerId, me.businessList, me.customerList, { phone: me.phone, name: me.name });
    await messenger.conversation(me.customerId, { force: true });
  } catch (error) {
    if (isLoggedOut()) return;
    replaceChildren(root, h('section', { class: 'card' }, h('h1', null, businessName), h('p', { class: 'error', role: 'alert', id: 'chat-error', 'data-testid': 'chat-error' }, error instanceof ApiError ? errorMessage(error) : listRefusalText(error, businessName))));
    return;
  }
  await startChat(root, messenger, me);
}

// ---------------------------------------------------------------------------------------------
// Start

async function main(): Promise<void> {
  let account: AccountInfo;
  try {
    account = await api.get<AccountInfo>('/api/account', { reauthenticate: false });
  } catch (error) {
    replaceChildren(root, h('section', { class: 'card' }, h('p', { class: 'error', role: 'alert', id: 'chat-error', 'data-testid': 'chat-error' }, errorMessage(error)), h('button', { type: 'button', onclick: () => location.reload() }, 'Try again')));
    return;
  }
  if (!account.setUp) {
    replaceChildren(root, h('section', { class: 'card' }, h('h1', null, 'Chat'), h('p', { id: 'chat-unavailable', 'data-testid': 'chat-unavailable' }, 'This service is not set up yet. Please try again later.')));
    return;
  }
  const identity = await loadIdentity('customer');
  if (!identity) {
    showSignUp(account);
    return;
  }
  await startConversation();
}

function showFatal(error: unknown): void {
  if (isLoggedOut()) return;
  replaceChildren(
    root,
    h(
      'section',
      { class: 'card' },
      h('p', { class: 'error', role: 'alert', id: 'chat-error', 'data-testid': 'chat-error' }, `The chat could not be opened: ${errorMessage(error)}`),
      h('button', { type: 'button', onclick: () => location.reload() }, 'Try again'),
    ),
  );
}

void main().catch(showFatal);
