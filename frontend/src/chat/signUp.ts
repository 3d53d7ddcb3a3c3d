import { t } from '../i18n';
import { api, ApiError, errorMessage } from '../lib/api';
import { nowSeconds } from '../lib/deviceLists';
import { clearIdentity, newIdentity, saveIdentity, type StoredIdentity } from '../lib/identity';
import { describeBrowser } from '../lib/ui';
import { B64u, DEVICE_LIST_TYPE, type DeviceKeys, type DeviceList, LIST_VALIDITY_SECONDS, signDeviceList } from '../protocol';

/**
 * The customer's sign-up without the page: a verification started for a phone number, kept for the
 * tab's session so a reload asks for the code again; then keys, a signed one-device list, and the
 * server's confirmation.
 */
export interface PendingVerification {
  verificationId: string;
  phone: string;
  name: string;
  expiresAt: number;
}

const VERIFICATION_KEY = 'switchboard.chat.verification';

export function rememberVerification(value: PendingVerification | null): void {
  try {
    if (value) sessionStorage.setItem(VERIFICATION_KEY, JSON.stringify(value));
    else sessionStorage.removeItem(VERIFICATION_KEY);
  } catch {
    // private modes without storage: the form simply starts over after a reload
  }
}

export function recalledVerification(): PendingVerification | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(VERIFICATION_KEY) ?? 'null') as PendingVerification | null;
    if (value && typeof value.verificationId === 'string' && value.expiresAt > nowSeconds()) return value;
  } catch {
    // ignore
  }
  return null;
}

/** Codes after which the code step is over and the customer starts again with their number. */
export const RESTART_CODES: readonly string[] = ['verification_expired', 'verification_attempts_exceeded', 'verification_used', 'verification_not_found'];

export function verificationErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'phone_invalid':
        return t('chat:signup.error.phone');
      case 'verification_code_wrong': {
        const left = typeof error.details.attemptsLeft === 'number' ? error.details.attemptsLeft : null;
        return left === null ? t('chat:signup.error.wrong') : left > 0 ? t('chat:signup.error.wrongLeft', { count: left }) : t('chat:signup.error.wrongNone');
      }
      case 'verification_expired':
        return t('chat:signup.error.expired');
      case 'verification_attempts_exceeded':
        return t('chat:signup.error.attempts');
      case 'verification_used':
        return t('chat:signup.error.used');
      case 'customer_exists':
        return t('chat:signup.error.exists');
      case 'rate_limited':
        return t('chat:signup.error.rateLimited');
      default:
        return error.message;
    }
  }
  return errorMessage(error);
}

export async function startVerification(phone: string, name: string): Promise<PendingVerification> {
  const started = await api.post<{ verificationId: string; expiresAt: number }>('/api/customers/verifications', { phone, name }, { reauthenticate: false });
  return { verificationId: started.verificationId, phone, name, expiresAt: started.expiresAt };
}

/** Makes this browser the customer's primary device and confirms the code; forgets the keys if refused. */
export async function register(pending: PendingVerification, code: string, keys: DeviceKeys): Promise<void> {
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
