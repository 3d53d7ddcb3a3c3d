import { ApiError } from './api';
import { companionEntry, listWithNewDevice, listWithout, listWithRole, nowSeconds, type UnsignedSuccessor } from './deviceLists';
import { B64u, linkProof, signDeviceList, type Bytes, type CompanionRole, type DeviceKeys, type SignedDeviceList } from '../protocol';

/**
 * The primary's list-signing flow, the one copy every page uses: build the successor of the verified list,
 * sign it, send it, and when the server says the list moved on (`device_list_stale`: another change came
 * first; `device_list_mismatch`: it no longer matches what the server has, e.g. a device logged out
 * meanwhile) reload and build again from the fresh list. Changes run one at a time. No DOM.
 */
export const RETRY_CODES: readonly string[] = ['device_list_stale', 'device_list_mismatch'];
/** Attempts per change: the first and two rebuilds on a fresh list. */
export const MAX_ATTEMPTS = 3;

export interface ListSigningHttp {
  put<T>(path: string, body: unknown): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

export interface ListSigningContext {
  /** The primary's keys. */
  keys: DeviceKeys;
  http: ListSigningHttp;
  /** The list as last verified; null when it could not be. */
  current(): SignedDeviceList | null;
  /** Fetches and verifies the list again, so `current()` is fresh. */
  reload(): Promise<void>;
  /** Devices the server reports as logged out do not go on a new list. */
  isActive(deviceId: string): boolean;
  /** The server stored `signed` (the page remembers its version). */
  accepted?(signed: SignedDeviceList): Promise<void>;
  /** Seconds since the epoch (tests pass a fixed clock). */
  now?(): number;
  /** Where a changed list is published: the business's (the default) or a customer's `/api/customers/me/list`. */
  listPath?: string;
}

/** What the new companion's link request says about it (keys as the primary checked them). */
export interface LinkRequestFacts {
  ref: string;
  deviceId: string;
  person: string;
  label: string;
  signingKey: string;
  agreementKey: string;
}

function retryable(error: unknown): boolean {
  return error instanceof ApiError && RETRY_CODES.includes(error.code);
}

export class ListSigner {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly context: ListSigningContext) {}

  private now(): number {
    return this.context.now?.() ?? nowSeconds();
  }

  /** Runs list-changing work one at a time. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Builds from a fresh list and sends until the server takes it; `build` returning null means nothing to do. */
  private attempt<T>(send: (current: SignedDeviceList) => Promise<T | null>): Promise<T | null> {
    return this.serial(async () => {
      for (let attempt = 1; ; attempt++) {
        const current = this.context.current();
        if (!current) throw new Error('The device list is not loaded, so nothing was signed.');
        try {
          return await send(current);
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
          await this.context.reload();
        }
      }
    });
  }

  private sign(successor: UnsignedSuccessor): Promise<SignedDeviceList> {
    return signDeviceList(successor.list, this.context.keys, successor.deviceSignatures);
  }

  /** Signs and publishes `build(current)` with PUT on the list path; the stored list, or null when there was nothing to change. */
  publish(build: (current: SignedDeviceList) => UnsignedSuccessor | null): Promise<SignedDeviceList | null> {
    return this.attempt(async (current) => {
      const successor = build(current);
      if (!successor) return null;
      const signed = await this.sign(successor);
      await this.context.http.put<SignedDeviceList>(this.context.listPath ?? '/api/devices/list', signed);
      await this.context.accepted?.(signed);
      return signed;
    });
  }

  /** Logs devices out: a list without them (and without any device the server already logged out). */
  logOut(deviceIds: readonly string[]): Promise<SignedDeviceList | null> {
    return this.publish((current) => {
      const drop = current.list.devices
        .filter((device) => !device.primary && (deviceIds.includes(device.id) || !this.context.isActive(device.id)))
        .map((device) => device.id);
      if (!current.list.devices.some((device) => deviceIds.includes(device.id))) return null;
      return listWithout(current, drop, this.now());
    });
  }

  /** Gives a companion another role; the list is re-signed, nobody re-links. */
  changeRole(deviceId: string, role: CompanionRole): Promise<SignedDeviceList | null> {
    return this.publish((current) => listWithRole(current, deviceId, role, this.context.isActive, this.now()));
  }

  /** Approves a link request: the list with the new companion, and the link proof over that list's version. */
  approve(request: LinkRequestFacts, role: CompanionRole, linkKey: Bytes): Promise<void> {
    return this.attempt(async (current) => {
      const successor = listWithNewDevice(current, companionEntry(request, role), this.context.isActive, this.now());
      const signed = await this.sign(successor);
      const proof = await linkProof(linkKey, {
        ref: request.ref,
        account: successor.list.account,
        deviceId: request.deviceId,
        signingKey: request.signingKey,
        agreementKey: request.agreementKey,
        primarySigningKey: B64u.encode(this.context.keys.signingKey),
        listVersion: successor.list.version,
      });
      await this.context.http.post(`/api/link/requests/${encodeURIComponent(request.ref)}/approve`, { role, deviceList: signed, linkProof: proof });
    }).then(() => undefined);
  }
}
