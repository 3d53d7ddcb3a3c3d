import { authChallengeSignature, ProtocolError } from '../protocol';
import { clearIdentity, keysOf, loadIdentity } from './identity';
import { showLoggedOut } from './ui';

/** A refused API call: the server's `{code, message, details}` (protocol §8) and the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fallbackMessage(status: number): string {
  if (status === 0) return 'The server could not be reached. Check the connection and try again.';
  if (status === 502 || status === 503 || status === 504) return 'The server is not available right now. Try again in a moment.';
  if (status >= 500) return 'Something went wrong on the server.';
  if (status === 404) return 'Not found.';
  if (status === 401) return 'This browser is not signed in.';
  if (status === 403) return 'This is not allowed.';
  return `The request was refused (HTTP ${status}).`;
}

/**
 * Turns an error answer into an ApiError. Accepts the protocol's error body as text or parsed;
 * anything else (a proxy's HTML page, an empty body) gets a code `http_<status>` and a generic message.
 */
export function parseApiError(status: number, body: unknown): ApiError {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      value = undefined;
    }
  }
  if (isRecord(value) && typeof value.code === 'string' && value.code !== '') {
    const message = typeof value.message === 'string' && value.message !== '' ? value.message : fallbackMessage(status);
    const details = isRecord(value.details) ? value.details : {};
    return new ApiError(status, value.code, message, details);
  }
  return new ApiError(status, `http_${status}`, fallbackMessage(status));
}

/** A sentence for people about any failure. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof ProtocolError) return `${error.message} (${error.code})`;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** Codes after which the device signs in again with its key and retries the call once. */
export const REAUTH_CODES: readonly string[] = ['session_expired', 'not_signed_in'];

/**
 * 403 codes that mean the session cookie belongs to this browser's other identity (one browser can
 * hold a business device and a customer identity, but only one session cookie): sign in again with
 * the page's identity and retry once.
 */
export const OTHER_IDENTITY_CODES: readonly string[] = ['business_device_required', 'customer_device_required'];

export function isOtherIdentitySession(error: ApiError): boolean {
  return error.status === 403 && OTHER_IDENTITY_CODES.includes(error.code);
}

/** What to do with a 401 answer. */
export function classifyUnauthorized(error: ApiError): 'reauthenticate' | 'logged-out' | 'unknown-device' | 'fail' {
  if (error.status !== 401) return 'fail';
  if (REAUTH_CODES.includes(error.code)) return 'reauthenticate';
  if (error.code === 'device_removed') return 'logged-out';
  if (error.code === 'device_unknown') return 'unknown-device';
  return 'fail';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Sign in again with the device key on session_expired / not_signed_in and retry once (default true). */
  reauthenticate?: boolean;
  signal?: AbortSignal;
  /** What the answer may be (default JSON); a CSV export asks for text/csv. */
  accept?: string;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: options.accept ?? 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    return await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', fallbackMessage(0));
  }
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sends a JSON request; resolves with the parsed answer (undefined for 204) or throws ApiError. */
export async function request<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  const body = await readBody(response);
  if (response.ok) return body as T;
  const error = parseApiError(response.status, body);
  if (isOtherIdentitySession(error) && options.reauthenticate !== false) {
    await signIn();
    return request<T>(path, { ...options, reauthenticate: false });
  }
  switch (classifyUnauthorized(error)) {
    case 'reauthenticate':
      if (options.reauthenticate === false) break;
      await signIn();
      return request<T>(path, { ...options, reauthenticate: false });
    case 'logged-out':
      showLoggedOut(typeof error.details.reason === 'string' ? error.details.reason : 'removed', clearIdentity);
      break;
    case 'unknown-device':
      if (await loadIdentity()) showLoggedOut('unknown-device', clearIdentity);
      break;
    case 'fail':
      break;
  }
  throw error;
}

let signingIn: Promise<void> | null = null;

/**
 * Opens a session with this browser's device key (protocol §5): challenge, signature over
 * {challenge, deviceId, origin}, session. Concurrent callers share one sign-in.
 */
export function signIn(): Promise<void> {
  if (!signingIn) {
    signingIn = (async () => {
      const identity = await loadIdentity();
      if (!identity) throw new ApiError(401, 'not_signed_in', 'This browser has no device key; link it first.');
      const keys = await keysOf(identity);
      const { challenge } = await request<{ challenge: string; expiresAt: number }>('/api/auth/challenge', {
        method: 'POST',
        body: { deviceId: keys.deviceId },
        reauthenticate: false,
      });
      const signature = await authChallengeSignature(keys, challenge, location.origin);
      await request<void>('/api/auth/session', {
        method: 'POST',
        body: { deviceId: keys.deviceId, challenge, signature },
        reauthenticate: false,
      });
    })().finally(() => {
      signingIn = null;
    });
  }
  return signingIn;
}

export const api = {
  get: <T = unknown>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...options, method: 'GET' }),
  post: <T = unknown>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...options, method: 'POST', body: body ?? {} }),
  put: <T = unknown>(path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) =>
    request<T>(path, { ...options, method: 'PUT', body }),
  delete: <T = unknown>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) => request<T>(path, { ...options, method: 'DELETE' }),
};
