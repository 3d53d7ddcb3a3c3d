import { B64u } from '../../src/protocol/b64u';
import { utf8, type Bytes } from '../../src/protocol/bytes';
import { canonicalJsonBytes } from '../../src/protocol/canonicalJson';
import { DeviceKeys } from '../../src/protocol/deviceKeys';
import {
  deviceSignature,
  LIST_VALIDITY_SECONDS,
  signDeviceList,
  type DeviceEntry,
  type DeviceList,
  type DeviceListRejection,
  type DeviceRole,
  type SignedDeviceList,
} from '../../src/protocol/deviceList';
import { Labels } from '../../src/protocol/labels';
import { deviceIdOf } from '../../src/protocol/deviceId';
import { KEY_LENGTH, sha256, SIGNATURE_LENGTH } from '../../src/protocol/primitives';

export const ACCOUNT = '+4915112345678';
export const ISSUED_AT = 1795000000;
export const NOW = ISSUED_AT + 100;

export type IdentityName = 'primary' | 'companion1' | 'companion2';

export interface FixedIdentity {
  name: IdentityName;
  signingSeed: Bytes;
  agreementPrivate: Bytes;
  keys: DeviceKeys;
}

export type FixedIdentities = Record<IdentityName, FixedIdentity>;

/** Fixed bytes derived from a name, so every input of the vectors is reproducible and readable. */
export function fixedBytes(name: string, length = 32): Promise<Bytes> {
  return sha256(utf8(`switchboard golden vector: ${name}`)).then((digest) => digest.slice(0, length));
}

async function fixedIdentity(name: IdentityName): Promise<FixedIdentity> {
  const signingSeed = await fixedBytes(`${name} signing seed`);
  const agreementPrivate = await fixedBytes(`${name} agreement private`);
  return { name, signingSeed, agreementPrivate, keys: await DeviceKeys.fromPrivate(signingSeed, agreementPrivate) };
}

export async function fixedIdentities(): Promise<FixedIdentities> {
  return {
    primary: await fixedIdentity('primary'),
    companion1: await fixedIdentity('companion1'),
    companion2: await fixedIdentity('companion2'),
  };
}

export function entryFor(keys: DeviceKeys, role: DeviceRole, person: string, label: string): DeviceEntry {
  return {
    id: keys.deviceId,
    primary: role === 'owner',
    role,
    person,
    label,
    signingKey: B64u.encode(keys.signingKey),
    agreementKey: B64u.encode(keys.agreementKey),
  };
}

export function sortedById(devices: DeviceEntry[]): DeviceEntry[] {
  return [...devices].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function listOf(devices: DeviceEntry[], overrides: Partial<DeviceList> = {}): DeviceList {
  return {
    type: 'switchboard/device-list/v1',
    account: ACCOUNT,
    version: 2,
    issuedAt: ISSUED_AT,
    expiresAt: ISSUED_AT + LIST_VALIDITY_SECONDS,
    devices: sortedById(devices),
    ...overrides,
  };
}

export function primaryEntry(ids: FixedIdentities): DeviceEntry {
  return entryFor(ids.primary.keys, 'owner', 'Ana Lima', 'Chrome on Linux');
}

export function companionEntry(ids: FixedIdentities): DeviceEntry {
  return entryFor(ids.companion1.keys, 'agent', 'Bruno Sá', 'Firefox on Windows');
}

/** The valid list of the vectors: version 2, the primary and companion1 with its device signature. */
export async function validSignedList(ids: FixedIdentities): Promise<SignedDeviceList> {
  const list = listOf([primaryEntry(ids), companionEntry(ids)]);
  return signDeviceList(list, ids.primary.keys, {
    [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey),
  });
}

export interface InvalidListCase {
  reason: DeviceListRejection;
  defect: string;
  now: number;
  pinnedPrimaryKey: Bytes;
  lastAcceptedVersion: number;
  signed: SignedDeviceList;
}

/** signDeviceList refuses malformed bodies; the defective vectors need them signed all the same. */
async function signedWithoutChecks(
  list: DeviceList,
  signer: DeviceKeys,
  deviceSignatures: Record<string, string>,
): Promise<SignedDeviceList> {
  const signature = await signer.sign(Labels.DEVICE_LIST, canonicalJsonBytes(list));
  return { list, signature: B64u.encode(signature), deviceSignatures };
}

/** Flips one bit of the id's last byte: still a canonical 22-character b64u id, still sorts the same. */
function otherIdOf(id: string): string {
  const bytes = B64u.decode(id);
  bytes[bytes.length - 1]! ^= 0x01;
  return B64u.encode(bytes);
}

/**
 * One list per defect; each has exactly one defect, and everything else about it (signatures,
 * sorting, encodings) is correct, so the verifier's rule order cannot change the expected reason.
 */
export async function invalidListCases(ids: FixedIdentities): Promise<InvalidListCase[]> {
  const primaryKeys = ids.primary.keys;
  const companionKeys = ids.companion1.keys;
  const companionSignature = (account = ACCOUNT, primarySigningKey = primaryKeys.signingKey) =>
    deviceSignature(companionKeys, account, primarySigningKey);
  const signedBy = async (list: DeviceList, deviceSignatures?: Record<string, string>) =>
    signedWithoutChecks(list, primaryKeys, deviceSignatures ?? { [companionKeys.deviceId]: await companionSignature() });
  const valid = await validSignedList(ids);
  const base = { now: NOW, pinnedPrimaryKey: primaryKeys.signingKey, lastAcceptedVersion: 0 };
  const primary = primaryEntry(ids);
  const companion = companionEntry(ids);
  const cases: InvalidListCase[] = [];
  const add = (reason: DeviceListRejection, defect: string, signed: SignedDeviceList, overrides = {}) =>
    cases.push({ reason, defect, signed, ...base, ...overrides });

  const unsorted = listOf([primary, companion]);
  unsorted.devices.reverse();
  add('malformed', 'devices not sorted by id', await signedBy(unsorted));
  add('malformed', 'expiresAt equal to issuedAt', await signedBy(listOf([primary, companion], { expiresAt: ISSUED_AT })));
  add('malformed', 'version 0', await signedBy(listOf([primary, companion], { version: 0 })));
  add('malformed', 'two primary entries', await signedBy(listOf([primary, { ...companion, primary: true, role: 'owner' }])));
  add('malformed', 'companion with an unknown role', await signedBy(listOf([primary, { ...companion, role: 'guest' as DeviceRole }])));
  add('malformed', 'empty person', await signedBy(listOf([primary, { ...companion, person: '' }])));
  add('malformed', 'label of 81 characters', await signedBy(listOf([primary, { ...companion, label: 'x'.repeat(81) }])));
  // The identity point, its id, and "R = identity, S = 0": without the key rule of §2 a library accepts it for any message.
  const identityPoint = new Uint8Array(KEY_LENGTH);
  identityPoint[0] = 1;
  const forgery = new Uint8Array(SIGNATURE_LENGTH);
  forgery[0] = 1;
  const weakId = await deviceIdOf(identityPoint);
  add(
    'malformed',
    'companion signing key of small order (the identity point)',
    await signedBy(listOf([primary, { ...companion, id: weakId, signingKey: B64u.encode(identityPoint) }]), {
      [weakId]: B64u.encode(forgery),
    }),
  );
  // u = 0, countersigned by the companion, so only the key rule of §2 fails.
  const lowOrder = B64u.encode(new Uint8Array(KEY_LENGTH));
  const lowOrderConsent = await companionKeys.sign(
    Labels.DEVICE_ENTRY,
    canonicalJsonBytes({
      account: ACCOUNT,
      deviceId: companion.id,
      signingKey: companion.signingKey,
      agreementKey: lowOrder,
      primarySigningKey: primary.signingKey,
    }),
  );
  add(
    'malformed',
    'companion agreement key of low order (u = 0)',
    await signedBy(listOf([primary, { ...companion, agreementKey: lowOrder }]), {
      [companion.id]: B64u.encode(lowOrderConsent),
    }),
  );

  const otherAccount = '+4915199999999';
  add(
    'wrong-account',
    'list for another account',
    await signedBy(listOf([primary, companion], { account: otherAccount }), {
      [companionKeys.deviceId]: await companionSignature(otherAccount),
    }),
  );

  const usurper = ids.companion2.keys;
  add(
    'wrong-primary-key',
    'list issued by a different primary',
    await signedWithoutChecks(listOf([entryFor(usurper, 'owner', 'Mallory', 'Laptop'), companion]), usurper, {
      [companionKeys.deviceId]: await deviceSignature(companionKeys, ACCOUNT, usurper.signingKey),
    }),
  );

  const renamed = structuredClone(valid);
  renamed.list.devices.find((device) => !device.primary)!.person = 'Somebody Else';
  add('bad-signature', 'body changed after signing (person is not covered by the device signature)', renamed);

  add('stale-version', 'version 2 after version 3 was accepted', valid, { lastAcceptedVersion: 3 });

  add(
    'expired',
    'expired long before now',
    await signedBy(listOf([primary, companion], { issuedAt: ISSUED_AT - 2 * LIST_VALIDITY_SECONDS, expiresAt: ISSUED_AT - LIST_VALIDITY_SECONDS })),
  );

  add('missing-device-signature', 'companion has not countersigned', await signedBy(listOf([primary, companion]), {}));

  add(
    'bad-device-signature',
    'device signature made for a different primary key',
    await signedBy(listOf([primary, companion]), {
      [companionKeys.deviceId]: await companionSignature(ACCOUNT, usurper.signingKey),
    }),
  );

  // The companion countersigns the forged id too, so only the id-to-key binding is wrong.
  const forgedId = otherIdOf(companionKeys.deviceId);
  const forgedSignature = await companionKeys.sign(
    Labels.DEVICE_ENTRY,
    canonicalJsonBytes({
      account: ACCOUNT,
      deviceId: forgedId,
      signingKey: companion.signingKey,
      agreementKey: companion.agreementKey,
      primarySigningKey: primary.signingKey,
    }),
  );
  add(
    'wrong-device-id',
    'companion id not derived from its signing key',
    await signedBy(listOf([primary, { ...companion, id: forgedId }]), { [forgedId]: B64u.encode(forgedSignature) }),
  );

  add(
    'unexpected-device-signature',
    'device signature for a device not in the list',
    await signedBy(listOf([primary, companion]), {
      [companionKeys.deviceId]: await companionSignature(),
      [usurper.deviceId]: await deviceSignature(usurper, ACCOUNT, primaryKeys.signingKey),
    }),
  );
  add(
    'unexpected-device-signature',
    'device signature for the primary itself',
    await signedBy(listOf([primary, companion]), {
      [companionKeys.deviceId]: await companionSignature(),
      [primaryKeys.deviceId]: await deviceSignature(primaryKeys, ACCOUNT, primaryKeys.signingKey),
    }),
  );
  return cases;
}
