import {
  DEVICE_LIST_TYPE,
  LIST_VALIDITY_SECONDS,
  shouldResign,
  type CompanionRole,
  type DeviceEntry,
  type DeviceList,
  type SignedDeviceList,
} from '../protocol';

/**
 * Building the successor lists the primary signs (pure: no keys, no I/O). Every successor is the
 * current list's version + 1, issued now and valid for 30 days (protocol §4).
 */

export interface UnsignedSuccessor {
  list: DeviceList;
  /** Device signatures carried over for the companions that stay on the list. */
  deviceSignatures: Record<string, string>;
}

export function nowSeconds(nowMs = Date.now()): number {
  return Math.floor(nowMs / 1000);
}

function byId(a: DeviceEntry, b: DeviceEntry): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function successor(current: DeviceList, devices: DeviceEntry[], now: number): DeviceList {
  // The backup admin stays named while it stays an admin on the list; otherwise its wrap is dropped with it (§7.2).
  const backupAdmin = devices.some((device) => device.id === current.backupAdmin && device.role === 'admin') ? current.backupAdmin : undefined;
  return {
    type: DEVICE_LIST_TYPE,
    account: current.account,
    version: current.version + 1,
    issuedAt: now,
    expiresAt: now + LIST_VALIDITY_SECONDS,
    devices: devices.map((device) => ({ ...device })).sort(byId),
    // The primary's commitment to the recovery authority key stays until the owner changes it (§7.2).
    ...(current.recoveryKey === undefined ? {} : { recoveryKey: current.recoveryKey }),
    ...(backupAdmin === undefined ? {} : { backupAdmin }),
  };
}

/**
 * The current list naming `deviceId` backup admin: nothing else changes (the server takes no more than that change
 * alongside the wrap), logged-out devices included.
 */
export function listWithBackupAdmin(current: SignedDeviceList, deviceId: string, now: number): UnsignedSuccessor {
  return {
    list: { ...successor(current.list, current.list.devices, now), backupAdmin: deviceId },
    deviceSignatures: { ...current.deviceSignatures },
  };
}

/** The current list naming no backup admin, which deletes its wrap; logged-out devices are dropped on the way. */
export function listWithoutBackupAdmin(
  current: SignedDeviceList,
  isActive: (deviceId: string) => boolean,
  now: number,
): UnsignedSuccessor {
  const kept = current.list.devices.filter((device) => device.primary || isActive(device.id));
  const { backupAdmin: _dropped, ...list } = successor(current.list, kept, now);
  return { list, deviceSignatures: carrySignatures(kept, current.deviceSignatures) };
}

function carrySignatures(devices: readonly DeviceEntry[], signatures: Record<string, string>): Record<string, string> {
  const carried: Record<string, string> = {};
  for (const device of devices) {
    if (!device.primary && Object.hasOwn(signatures, device.id)) carried[device.id] = signatures[device.id]!;
  }
  return carried;
}

/** The current list without `removeIds` (never the primary): logging devices out, or dropping revoked ones. */
export function listWithout(current: SignedDeviceList, removeIds: Iterable<string>, now: number): UnsignedSuccessor {
  const remove = new Set(removeIds);
  const kept = current.list.devices.filter((device) => device.primary || !remove.has(device.id));
  return { list: successor(current.list, kept, now), deviceSignatures: carrySignatures(kept, current.deviceSignatures) };
}

/** The entry a new companion gets, from the link request the server relayed (keys as the primary checked them). */
export function companionEntry(
  request: { deviceId: string; person: string; label: string; signingKey: string; agreementKey: string },
  role: CompanionRole,
): DeviceEntry {
  return {
    id: request.deviceId,
    primary: false,
    role,
    person: request.person,
    label: request.label,
    signingKey: request.signingKey,
    agreementKey: request.agreementKey,
  };
}

/**
 * The list that approves a new companion: the current list's still-active devices plus the new
 * entry (which has no device signature yet). `isActive` says which devices are not logged out.
 */
export function listWithNewDevice(
  current: SignedDeviceList,
  entry: DeviceEntry,
  isActive: (deviceId: string) => boolean,
  now: number,
): UnsignedSuccessor {
  if (current.list.devices.some((device) => device.id === entry.id)) {
    throw new Error('This device is already on the list.');
  }
  const kept = current.list.devices.filter((device) => device.primary || isActive(device.id));
  return {
    list: successor(current.list, [...kept, entry], now),
    deviceSignatures: carrySignatures(kept, current.deviceSignatures),
  };
}

/**
 * The list that gives companion `deviceId` another role (its device signature does not cover the role, so
 * it stays valid). Logged-out devices are dropped on the way. Null when the role is already that.
 */
export function listWithRole(
  current: SignedDeviceList,
  deviceId: string,
  role: CompanionRole,
  isActive: (deviceId: string) => boolean,
  now: number,
): UnsignedSuccessor | null {
  const target = current.list.devices.find((device) => device.id === deviceId);
  if (!target) throw new Error('This device is not on the list.');
  if (target.primary) throw new Error('The primary device keeps the owner role.');
  if (target.role === role) return null;
  const kept = current.list.devices
    .filter((device) => device.primary || device.id === deviceId || isActive(device.id))
    .map((device) => (device.id === deviceId ? { ...device, role } : device));
  return { list: successor(current.list, kept, now), deviceSignatures: carrySignatures(kept, current.deviceSignatures) };
}

/**
 * What the primary should re-sign on its own: companions on the list that the server reports as
 * logged out (e.g. after the inactive-primary rule) are dropped, and a list with less than 15 days
 * left is renewed. Returns the device ids to drop, or null when nothing needs doing.
 */
export function maintenanceNeeded(
  current: DeviceList,
  isLoggedOut: (deviceId: string) => boolean,
  now: number,
): { drop: string[]; renew: boolean } | null {
  const drop = current.devices.filter((device) => !device.primary && isLoggedOut(device.id)).map((device) => device.id);
  const renew = shouldResign(current, now);
  return drop.length > 0 || renew ? { drop, renew } : null;
}
