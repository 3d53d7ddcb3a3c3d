import { api, errorMessage } from '../lib/api';
import { clearIdentity, loadIdentity, newIdentity, saveIdentity } from '../lib/identity';
import { nowSeconds } from '../lib/deviceLists';
import type { AccountInfo } from '../lib/types';
import { byId, checkName, describeBrowser, h, setFieldError, setMessage, setupToken } from '../lib/ui';
import {
  B64u,
  DEVICE_LIST_TYPE,
  DeviceKeys,
  LIST_VALIDITY_SECONDS,
  normalizeE164,
  signDeviceList,
  type DeviceList,
} from '../protocol';

const form = byId<HTMLFormElement>('setup-form');
const numberInput = byId<HTMLInputElement>('businessNumber');
const displayNameInput = byId<HTMLInputElement>('displayName');
const personInput = byId<HTMLInputElement>('person');
const formError = byId('form-error');
const submit = byId<HTMLButtonElement>('setup-submit');

const token = setupToken(location.hash, location.search);

function disableForm(message: string, extra?: Node): void {
  setMessage(formError, message);
  if (extra) formError.append(' ', extra);
  submit.disabled = true;
}

function numberError(value: string): string | null {
  try {
    normalizeE164(value);
    return null;
  } catch {
    return value.trim() === ''
      ? 'Enter the business number.'
      : 'Use the international format: + and the country code, then the number, e.g. +4915112345678.';
  }
}

const checks: Array<[HTMLInputElement, () => string | null]> = [
  [numberInput, () => numberError(numberInput.value)],
  [displayNameInput, () => checkName(displayNameInput.value, 'the business display name')],
  [personInput, () => checkName(personInput.value, 'your name')],
];

function validate(): { businessNumber: string; displayName: string; person: string } | null {
  let firstInvalid: HTMLInputElement | null = null;
  for (const [input, check] of checks) {
    const error = check();
    setFieldError(input, error);
    if (error && !firstInvalid) firstInvalid = input;
  }
  if (firstInvalid) {
    firstInvalid.focus();
    return null;
  }
  return {
    businessNumber: normalizeE164(numberInput.value),
    displayName: displayNameInput.value.trim(),
    person: personInput.value.trim(),
  };
}

function setupErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  if (typeof error === 'object' && error && 'code' in error) {
    switch ((error as { code: string }).code) {
      case 'setup_token_used':
        return `${message} The account may already be set up; open the start page.`;
      case 'setup_token_invalid':
        return `${message} Copy the whole link from the server log, including everything after #token=.`;
      default:
        return message;
    }
  }
  return message;
}

async function createAccount(fields: { businessNumber: string; displayName: string; person: string }): Promise<void> {
  const keys = await DeviceKeys.generate();
  const label = describeBrowser(navigator.userAgent);
  const now = nowSeconds();
  const list: DeviceList = {
    type: DEVICE_LIST_TYPE,
    account: fields.businessNumber,
    version: 1,
    issuedAt: now,
    expiresAt: now + LIST_VALIDITY_SECONDS,
    devices: [
      {
        id: keys.deviceId,
        primary: true,
        role: 'owner',
        person: fields.person,
        label,
        signingKey: B64u.encode(keys.signingKey),
        agreementKey: B64u.encode(keys.agreementKey),
      },
    ],
  };
  const deviceList = await signDeviceList(list, keys);
  // Keep the keys before the server knows them: losing the primary's key after setup would leave
  // the account without anybody who can sign lists. Forget them again if the server refuses.
  await saveIdentity(
    newIdentity(keys, {
      account: fields.businessNumber,
      primarySigningKey: keys.signingKey,
      listVersion: 1,
      acceptedList: list,
      person: fields.person,
      role: 'owner',
      primary: true,
    }),
  );
  try {
    await api.post('/api/account/setup', {
      token,
      businessNumber: fields.businessNumber,
      displayName: fields.displayName,
      person: fields.person,
      label,
      deviceList,
    });
  } catch (error) {
    await clearIdentity();
    throw error;
  }
}

async function main(): Promise<void> {
  if (!token) {
    disableForm('This page needs the one-time setup link from the server log (it ends with #token=…). Open that link exactly as printed.');
    return;
  }
  try {
    const account = await api.get<AccountInfo>('/api/account');
    if (account.setUp) {
      disableForm(`The account ${account.businessNumber ?? ''} is already set up.`, h('a', { href: '/' }, 'Open the start page'));
      return;
    }
  } catch {
    // The setup call itself reports what is wrong.
  }
  const existing = await loadIdentity();
  if (existing) {
    // Keys of a device of an account this server no longer has (e.g. its data was reset).
    const forget = h('button', { type: 'button', id: 'forget-identity' }, 'Forget them and continue');
    disableForm(`This browser still holds the keys of an earlier device of ${existing.account}.`, forget);
    const proceed = await new Promise<boolean>((resolve) => forget.addEventListener('click', () => resolve(true)));
    if (!proceed) return;
    await clearIdentity();
    setMessage(formError, null);
    submit.disabled = false;
  }

  for (const input of [numberInput, displayNameInput, personInput]) {
    // A message goes away as soon as the field is right; none appears before the first submit.
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') !== 'true') return;
      const check = checks.find(([candidate]) => candidate === input)![1];
      if (!check()) setFieldError(input, null);
    });
  }
  // Show the number as it will be stored ("+49 151 …" becomes "+49151…").
  numberInput.addEventListener('change', () => {
    if (!numberError(numberInput.value)) numberInput.value = normalizeE164(numberInput.value);
  });
  numberInput.focus();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    setMessage(formError, null);
    const fields = validate();
    if (!fields) return;
    submit.disabled = true;
    const text = submit.textContent;
    submit.textContent = 'Creating keys…';
    try {
      await createAccount(fields);
      submit.textContent = 'Done';
      location.replace('/devices');
    } catch (error) {
      setMessage(formError, setupErrorMessage(error));
      submit.disabled = false;
      submit.textContent = text;
    }
  });
}

void main();
