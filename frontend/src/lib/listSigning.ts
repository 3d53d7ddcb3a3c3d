import { ApiError } from './api';
import { companionEntry, listWithNewDevice, listWithout, listWithRole, nowSeconds, type UnsignedSuccessor } from './deviceLists';
import {
  B64u,
  linkProof,
  signDeviceList,
  type Bytes,
  type CompanionRole,
  type DeviceKeys,
  type DeviceList,
  type SignedDeviceList,
} from '../protocol';

/**
 * The primary's list-signing flow, the one copy every page uses: build the successor of the verified list,
 * sign it, send it, and when the server says the list moved on (`device_list_stale`: another change came
 * first; `device_list_mismatch`: it no longer matches what the server has, e.g. a device logged out
 * meanwhile; `passkey_required`: a passkey was registered meanwhile) reload and build again from the fresh
 * list. A change that gives or takes something (a link, logging an active device out, a role) is approved
 * with the owner's passkey first (protocol §7.1). Changes run one at a time. No DOM.
 */
export const RETRY_CODES: readonly string[] = ['device_list_stale', 'device_list_mismatch', 'passkey_required'];
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
  /**
   * Approves a change of the business's list with the owner's passkey (protocol §7.1) before it is sent; it does
   * nothing when no passkey is needed. Absent for a customer's list.
   */
  approveChange?(change: 'link' | 'list', list: DeviceList): Promise<void>;
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

  /** Whether `next` logs an active device out or changes a role; dropping logged-out devices and renewing take nothing. */
  private takesOrGives(current: SignedDeviceList, next: DeviceList): boolean {
    const kept = new Map(next.devices.map((device) => [device.id, device]));
    return current.list.devices.some((device) => {
      const after = kept.get(device.id);
      return after ? after.role !== device.role : this.context.isActive(device.id);
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
      if (this.takesOrGives(current, successor.list)) await this.context.approveChange?.('list', successor.list);
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
      await this.context.approveChange?.('link', successor.list);
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
