import { B64u } from './b64u';
import { bytesEqual, type Bytes } from './bytes';
import { canonicalJson, canonicalJsonBytes } from './canonicalJson';
import { deviceIdOf } from './deviceId';
import type { DeviceKeys } from './deviceKeys';
import { isE164 } from './e164';
import { Labels, labelled } from './labels';
import { ed25519Verify, isValidEd25519PublicKey, isValidX25519PublicKey, KEY_LENGTH, SIGNATURE_LENGTH } from './primitives';
import { ProtocolError } from './protocolError';

export const DEVICE_LIST_TYPE = 'switchboard/device-list/v1';
/** How far a client's clock may be behind the issuer's before a list counts as expired. */
export const CLOCK_SKEW_SECONDS = 300;
/** How long the primary makes each list valid (protocol §4). */
export const LIST_VALIDITY_SECONDS = 30 * 24 * 3600;
const RESIGN_WHEN_LEFT_SECONDS = 15 * 24 * 3600;

/** Business companions are agents, supervisors or admins; a customer's companions are members (§13.1). */
export type CompanionRole = 'agent' | 'supervisor' | 'admin' | 'member';
export type DeviceRole = 'owner' | CompanionRole;

export interface DeviceEntry {
  id: string;
  primary: boolean;
  role: DeviceRole;
  person: string;
  label: string;
  /** b64u of the raw 32-byte Ed25519 public key. */
  signingKey: string;
  /** b64u of the raw 32-byte X25519 public key. */
  agreementKey: string;
}

export interface DeviceList {
  type: typeof DEVICE_LIST_TYPE;
  account: string;
  version: number;
  issuedAt: number;
  expiresAt: number;
  devices: DeviceEntry[];
  /** b64u of the account authority key the primary committed to (§7.2); absent while recovery is off. */
  recoveryKey?: string;
  /** The id of the admin companion the authority key is wrapped for as well (§7.2); only with a recovery key. */
  backupAdmin?: string;
}

export interface SignedDeviceList {
  list: DeviceList;
  signature: string;
  deviceSignatures: Record<string, string>;
}

/** The verifier's error codes (protocol §11); stable, shared with the Java implementation. */
export type DeviceListRejection =
  | 'malformed'
  | 'wrong-account'
  | 'wrong-primary-key'
  | 'bad-signature'
  | 'stale-version'
  | 'expired'
  | 'missing-device-signature'
  | 'bad-device-signature'
  | 'wrong-device-id'
  | 'unexpected-device-signature'
  | 'bad-recovery-claim';

export class DeviceListError extends ProtocolError {
  constructor(
    readonly reason: DeviceListRejection,
    message: string,
  ) {
    super(reason, message);
    this.name = 'DeviceListError';
  }
}

export interface DeviceListVerification {
  expectedAccount: string;
  /** Raw Ed25519 key of the primary, pinned at setup or when this device was linked. */
  pinnedPrimaryKey: Bytes;
  /** Highest version this client has accepted; 0 when none. */
  lastAcceptedVersion: number;
  /**
   * The body accepted at `lastAcceptedVersion`. A list of that same version passes only if its body
   * is identical (device signatures may have been added since); without it, it is refused.
   */
  lastAcceptedList?: DeviceList;
  /** Unix seconds. */
  now: number;
  /** Companions still being linked, whose entries may lack a device signature for now. */
  pendingDeviceIds?: readonly string[];
  /**
   * Verifying an earlier version a message names (protocol §13.4): it must be this version, and the
   * version-order and expiry rules do not apply (it is older than the accepted one and may have expired since).
   */
  pastVersion?: number;
}

const LIST_MEMBERS = ['account', 'devices', 'expiresAt', 'issuedAt', 'type', 'version'];
const OPTIONAL_LIST_MEMBERS = ['backupAdmin', 'recoveryKey'];
const ENTRY_MEMBERS = ['agreementKey', 'id', 'label', 'person', 'primary', 'role', 'signingKey'];
const SIGNED_MEMBERS = ['deviceSignatures', 'list', 'signature'];
const COMPANION_ROLES: readonly string[] = ['agent', 'supervisor', 'admin', 'member'];
const MAX_TEXT_LENGTH = 80;

function fail(reason: DeviceListRejection, message: string): never {
  throw new DeviceListError(reason, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Exact member sets: whatever is signed must be understood, so unknown members are refused. */
function requireMembers(value: unknown, members: readonly string[], what: string): Record<string, unknown> {
  if (!isRecord(value)) fail('malformed', `${what} is not an object`);
  const names = Object.keys(value).sort();
  if (names.length !== members.length || names.some((name, i) => name !== members[i])) {
    fail('malformed', `${what} must have exactly the members ${members.join(', ')}`);
  }
  return value;
}

function isSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isKey(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    B64u.decodeExact(text, KEY_LENGTH);
    return true;
  } catch {
    return false;
  }
}

/** Length in UTF-16 code units, what both JavaScript's and Java's string length count. */
function isShortText(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_TEXT_LENGTH;
}

export function checkEntry(value: unknown): DeviceEntry {
  const entry = requireMembers(value, ENTRY_MEMBERS, 'device entry');
  // Any string: whether it is the right id is rule 5's question (wrong-device-id), not a shape error.
  if (typeof entry.id !== 'string') fail('malformed', 'device id must be a string');
  if (typeof entry.primary !== 'boolean') fail('malformed', 'primary must be a boolean');
  const roleFits = entry.primary
    ? entry.role === 'owner'
    : typeof entry.role === 'string' && COMPANION_ROLES.includes(entry.role);
  if (!roleFits) fail('malformed', `device ${entry.id} has role ${String(entry.role)}`);
  if (!isShortText(entry.person) || !isShortText(entry.label)) {
    fail('malformed', `person and label must be 1–${MAX_TEXT_LENGTH} characters`);
  }
  if (!isKey(entry.signingKey) || !isKey(entry.agreementKey)) fail('malformed', 'keys must be b64u of 32 bytes');
  if (!isValidEd25519PublicKey(B64u.decode(entry.signingKey as string))) {
    fail('malformed', `signing key of ${entry.id} is small-order, mixed-order or not canonical (§2)`);
  }
  if (!isValidX25519PublicKey(B64u.decode(entry.agreementKey as string))) {
    fail('malformed', `agreement key of ${entry.id} is low-order or not canonical (§2)`);
  }
  return entry as unknown as DeviceEntry;
}

/** The list body rules of protocol §4 (rule 1 without the account expectation). */
function checkBody(value: unknown): DeviceList {
  const withRecovery = isRecord(value) && Object.hasOwn(value, 'recoveryKey');
  const present = OPTIONAL_LIST_MEMBERS.filter((name) => isRecord(value) && Object.hasOwn(value, name));
  const list = requireMembers(value, [...LIST_MEMBERS, ...present].sort(), 'device list');
  if (list.type !== DEVICE_LIST_TYPE) fail('malformed', 'wrong type');
  if (typeof list.account !== 'string' || !isE164(list.account)) fail('malformed', 'account is not E.164');
  if (!isSafeInteger(list.version) || list.version < 1) fail('malformed', 'version must be a positive integer');
  if (!isSafeInteger(list.issuedAt) || !isSafeInteger(list.expiresAt)) {
    fail('malformed', 'times must be integer seconds');
  }
  if (list.expiresAt <= list.issuedAt) fail('malformed', 'expiresAt must be after issuedAt');
  if (!Array.isArray(list.devices)) fail('malformed', 'devices must be an array');
  const devices = list.devices.map(checkEntry);
  for (let i = 1; i < devices.length; i++) {
    // Strictly increasing ids also means unique ids.
    if (!(devices[i - 1]!.id < devices[i]!.id)) fail('malformed', 'devices must be sorted by unique id');
  }
  if (devices.filter((device) => device.primary).length !== 1) {
    fail('malformed', 'exactly one device must be primary');
  }
  if (withRecovery && (!isKey(list.recoveryKey) || !isValidEd25519PublicKey(B64u.decode(list.recoveryKey as string)))) {
    fail('malformed', 'recoveryKey must be b64u of an Ed25519 key the rule of §2 accepts');
  }
  if (Object.hasOwn(list, 'backupAdmin')) {
    if (!withRecovery) fail('malformed', 'backupAdmin needs a recoveryKey');
    if (!devices.some((device) => !device.primary && device.role === 'admin' && device.id === list.backupAdmin)) {
      fail('malformed', 'backupAdmin must be the id of an admin companion on the list');
    }
  }
  try {
    canonicalJson(list);
  } catch {
    fail('malformed', 'not representable as canonical JSON');
  }
  return list as unknown as DeviceList;
}

/**
 * The wire form's shape. Signatures only have to be strings here: one that does not even decode
 * is a signature that does not verify, and is reported as such.
 */
function checkSigned(value: unknown): SignedDeviceList {
  const signed = requireMembers(value, SIGNED_MEMBERS, 'signed device list');
  checkBody(signed.list);
  if (typeof signed.signature !== 'string') fail('malformed', 'signature must be a string');
  if (!isRecord(signed.deviceSignatures)) fail('malformed', 'deviceSignatures must be an object');
  if (Object.values(signed.deviceSignatures).some((signature) => typeof signature !== 'string')) {
    fail('malformed', 'device signatures must be strings');
  }
  return signed as unknown as SignedDeviceList;
}

async function signatureVerifies(publicKey: string, message: Bytes, signature: string): Promise<boolean> {
  let signatureBytes: Bytes;
  try {
    signatureBytes = B64u.decodeExact(signature, SIGNATURE_LENGTH);
  } catch {
    return false;
  }
  return ed25519Verify(B64u.decode(publicKey), message, signatureBytes);
}

function deviceEntryPayload(
  account: string,
  companion: Pick<DeviceEntry, 'id' | 'signingKey' | 'agreementKey'>,
  primarySigningKey: string,
): Bytes {
  return canonicalJsonBytes({
    account,
    deviceId: companion.id,
    signingKey: companion.signingKey,
    agreementKey: companion.agreementKey,
    primarySigningKey,
  });
}

/**
 * The primary's signature over the body; `deviceSignatures` are the companions' countersignatures.
 * Refuses a body that breaks the list rules or names another primary key, so a bug cannot publish a
 * list that every client would then refuse.
 */
export async function signDeviceList(
  list: DeviceList,
  primaryKeys: DeviceKeys,
  deviceSignatures: Record<string, string> = {},
): Promise<SignedDeviceList> {
  checkBody(list);
  const primary = list.devices.find((device) => device.primary)!;
  if (primary.signingKey !== B64u.encode(primaryKeys.signingKey)) {
    throw new ProtocolError('not-primary', "the list's primary entry is not the signing device");
  }
  const signature = await primaryKeys.sign(Labels.DEVICE_LIST, canonicalJsonBytes(list));
  return { list, signature: B64u.encode(signature), deviceSignatures };
}

/** True when the primary should re-sign the unchanged list as a new version (less than 15 days left). */
export function shouldResign(list: DeviceList, now: number): boolean {
  return list.expiresAt - now < RESIGN_WHEN_LEFT_SECONDS;
}

/** A companion's consent to be linked to this primary under this account (protocol §4). */
export async function deviceSignature(
  companionKeys: DeviceKeys,
  account: string,
  primarySigningKey: Bytes,
): Promise<string> {
  const payload = deviceEntryPayload(
    account,
    {
      id: companionKeys.deviceId,
      signingKey: B64u.encode(companionKeys.signingKey),
      agreementKey: B64u.encode(companionKeys.agreementKey),
    },
    B64u.encode(primarySigningKey),
  );
  return B64u.encode(await companionKeys.sign(Labels.DEVICE_ENTRY, payload));
}

/**
 * Applies every rule of protocol §4 in the spec's order and returns the list typed, or throws
 * DeviceListError whose `reason` names the first rule that failed.
 */
export async function verifyDeviceList(
  candidate: unknown,
  options: DeviceListVerification,
): Promise<SignedDeviceList> {
  const signed = checkSigned(candidate);
  const { list } = signed;
  if (list.account !== options.expectedAccount) fail('wrong-account', `list is for ${list.account}`);

  const primary = list.devices.find((device) => device.primary)!;
  const primaryKey = B64u.decode(primary.signingKey);
  if (!bytesEqual(primaryKey, options.pinnedPrimaryKey)) {
    fail('wrong-primary-key', 'primary entry is not the pinned primary key');
  }
  const body = labelled(Labels.DEVICE_LIST, canonicalJsonBytes(list));
  if (!(await signatureVerifies(primary.signingKey, body, signed.signature))) {
    fail('bad-signature', 'primary signature does not verify');
  }

  if (options.pastVersion !== undefined) {
    if (list.version !== options.pastVersion) fail('stale-version', `version ${list.version}, asked for ${options.pastVersion}`);
  } else {
    const sameAsAccepted =
      options.lastAcceptedList !== undefined && canonicalJson(options.lastAcceptedList) === canonicalJson(list);
    const isStale = list.version < options.lastAcceptedVersion;
    if (isStale || (list.version === options.lastAcceptedVersion && !sameAsAccepted)) {
      fail('stale-version', `version ${list.version} after ${options.lastAcceptedVersion}`);
    }
    if (options.now >= list.expiresAt + CLOCK_SKEW_SECONDS) fail('expired', `expired at ${list.expiresAt}`);
  }

  for (const device of list.devices) {
    if ((await deviceIdOf(B64u.decode(device.signingKey))) !== device.id) {
      fail('wrong-device-id', `id ${device.id} does not belong to its signing key`);
    }
  }
  const companions = list.devices.filter((device) => !device.primary);
  const pending = options.pendingDeviceIds ?? [];
  for (const companion of companions) {
    if (!Object.hasOwn(signed.deviceSignatures, companion.id)) {
      if (pending.includes(companion.id)) continue;
      fail('missing-device-signature', `device ${companion.id} has not countersigned`);
    }
    const payload = labelled(Labels.DEVICE_ENTRY, deviceEntryPayload(list.account, companion, primary.signingKey));
    if (!(await signatureVerifies(companion.signingKey, payload, signed.deviceSignatures[companion.id]!))) {
      fail('bad-device-signature', `device signature of ${companion.id} does not verify`);
    }
  }
  for (const id of Object.keys(signed.deviceSignatures)) {
    if (!companions.some((companion) => companion.id === id)) {
      fail('unexpected-device-signature', `device signature for ${id}, which is no companion in the list`);
    }
  }
  return signed;
}
