import { computed, signal } from '@preact/signals';
import { t } from '../i18n';
import { api, errorMessage } from '../lib/api';
import { nowSeconds } from '../lib/deviceLists';
import { clearIdentity, loadIdentity, newIdentity, saveIdentity, type StoredIdentity } from '../lib/identity';
import type { AccountInfo } from '../lib/types';
import { describeBrowser, setupToken } from '../lib/ui';
import { B64u, DEVICE_LIST_TYPE, DeviceKeys, LIST_VALIDITY_SECONDS, normalizeE164, signDeviceList, type DeviceList } from '../protocol';

/**
 * The setup page's state: the one-time token (read again whenever the address changes, so pasting the
 * right link into the same tab works), what stands in the way of setting up, the fields and their errors.
 */
export type SetupPhase = 'checking' | 'no-token' | 'already-set-up' | 'old-keys' | 'ready' | 'creating' | 'done';
export type SetupField = 'businessNumber' | 'displayName' | 'person';

export interface SetupDeps {
  location: { hash: string; search: string };
  account(): Promise<AccountInfo>;
  loadIdentity(): Promise<StoredIdentity | null>;
  clearIdentity(): Promise<void>;
  createAccount(token: string, fields: Record<SetupField, string>): Promise<void>;
  navigate(path: string): void;
}

export function numberError(value: string): string | null {
  try {
    normalizeE164(value);
    return null;
  } catch {
    return value.trim() === '' ? t('setup:number.missing') : t('setup:number.format');
  }
}

export function nameError(value: string, what: string): string | null {
  const trimmed = value.trim();
  if (trimmed.length === 0) return t('common:name.missing', { what });
  if (trimmed.length > 80) return t('common:name.tooLong', { what, count: trimmed.length });
  return null;
}

const CHECKS: Record<SetupField, (value: string) => string | null> = {
  businessNumber: numberError,
  displayName: (value) => nameError(value, t('setup:displayName.what')),
  person: (value) => nameError(value, t('setup:person.what')),
};

export function createSetupStore(deps: SetupDeps) {
  const token = signal<string | null>(setupToken(deps.location.hash, deps.location.search));
  const phase = signal<SetupPhase>('checking');
  const accountNumber = signal<string | null>(null);
  const oldAccount = signal<string | null>(null);
  const values = signal<Record<SetupField, string>>({ businessNumber: '', displayName: '', person: '' });
  const errors = signal<Partial<Record<SetupField, string>>>({});
  const formError = signal<string | null>(null);
  let checked = false;

  const canSubmit = computed(() => phase.value === 'ready' && token.value !== null);

  async function check(): Promise<void> {
    if (!token.value) {
      phase.value = 'no-token';
      return;
    }
    phase.value = 'checking';
    try {
      const account = await deps.account();
      if (account.setUp) {
        accountNumber.value = account.businessNumber;
        phase.value = 'already-set-up';
        return;
      }
    } catch {
      // the setup call itself says what is wrong
    }
    const existing = await deps.loadIdentity();
    if (existing) {
      oldAccount.value = existing.account;
      phase.value = 'old-keys';
      return;
    }
    phase.value = 'ready';
  }

  return {
    token,
    phase,
    accountNumber,
    oldAccount,
    values,
    errors,
    formError,
    canSubmit,

    async start(): Promise<void> {
      checked = true;
      await check();
    },

    /** The address changed (hashchange, popstate) or a link was pasted: read the token again. */
    async addressChanged(hash: string, search = ''): Promise<void> {
      const next = setupToken(hash, search);
      if (next === token.value && checked && phase.value !== 'no-token') return;
      token.value = next;
      formError.value = null;
      await check();
    },

    /** A pasted setup link (or the bare token). */
    async pasteLink(text: string): Promise<boolean> {
      const trimmed = text.trim();
      const hashAt = trimmed.indexOf('#');
      const queryAt = trimmed.indexOf('?');
      const next = hashAt >= 0 || queryAt >= 0
        ? setupToken(hashAt >= 0 ? trimmed.slice(hashAt) : '', queryAt >= 0 ? trimmed.slice(queryAt, hashAt >= 0 ? hashAt : undefined) : '')
        : /^[A-Za-z0-9_-]{16,}$/.test(trimmed) ? trimmed : null;
      if (!next) {
        formError.value = t('setup:paste.invalid');
        return false;
      }
      token.value = next;
      formError.value = null;
      await check();
      return true;
    },

    async forgetOldKeys(): Promise<void> {
      await deps.clearIdentity();
      oldAccount.value = null;
      phase.value = 'ready';
    },

    setValue(field: SetupField, value: string): void {
      values.value = { ...values.value, [field]: value };
      // A message goes away as soon as the field is right; none appears before the first submit.
      if (errors.value[field] && !CHECKS[field](value)) {
        const next = { ...errors.value };
        delete next[field];
        errors.value = next;
      }
    },

    /** Shows the number as it will be stored ("+49 151 …" becomes "+49151…"). */
    normalizeNumber(): void {
      const value = values.value.businessNumber;
      if (!numberError(value)) values.value = { ...values.value, businessNumber: normalizeE164(value) };
    },

    /** Checks every field; returns the first invalid one, or null when the account was created. */
    async submit(): Promise<SetupField | null> {
      formError.value = null;
      const found: Partial<Record<SetupField, string>> = {};
      for (const field of Object.keys(CHECKS) as SetupField[]) {
        const error = CHECKS[field](values.value[field]);
        if (error) found[field] = error;
      }
      errors.value = found;
      const firstInvalid = (Object.keys(CHECKS) as SetupField[]).find((field) => found[field]) ?? null;
      if (firstInvalid || !canSubmit.value) return firstInvalid;
      phase.value = 'creating';
      try {
        await deps.createAccount(token.value!, {
          businessNumber: normalizeE164(values.value.businessNumber),
          displayName: values.value.displayName.trim(),
          person: values.value.person.trim(),
        });
        phase.value = 'done';
        deps.navigate('/devices');
      } catch (error) {
        formError.value = setupErrorMessage(error);
        phase.value = 'ready';
      }
      return null;
    },
  };
}

export type SetupStore = ReturnType<typeof createSetupStore>;

function setupErrorMessage(error: unknown): string {
  const message = errorMessage(error);
  const code = typeof error === 'object' && error && 'code' in error ? (error as { code: string }).code : null;
  if (code === 'setup_token_used') return `${message} ${t('setup:error.tokenUsed')}`;
  if (code === 'setup_token_invalid') return `${message} ${t('setup:error.tokenInvalid')}`;
  return message;
}

/** Creates the primary's keys and the first signed list, keeps the keys, then asks the server to set up. */
export async function createAccount(token: string, fields: Record<SetupField, string>): Promise<void> {
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
    await api.post('/api/account/setup', { token, ...fields, label, deviceList });
  } catch (error) {
    await clearIdentity();
    throw error;
  }
}

export const realSetupDeps = (): SetupDeps => ({
  location,
  account: () => api.get<AccountInfo>('/api/account'),
  loadIdentity,
  clearIdentity,
  createAccount,
  navigate: (path) => location.replace(path),
});
