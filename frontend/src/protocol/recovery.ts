import { B64u } from './b64u';
import { bytesEqual, concatBytes, randomBytes, utf8, type Bytes } from './bytes';
import { canonicalJsonBytes } from './canonicalJson';
import { deviceIdOf } from './deviceId';
import {
  checkEntry,
  DeviceListError,
  verifyDeviceList,
  type DeviceEntry,
  type DeviceList,
  type SignedDeviceList,
} from './deviceList';
import { isE164 } from './e164';
import { Hpke, type HpkeRecipient, type HpkeSealOptions } from './hpke';
import { Labels, labelled } from './labels';
import { CODE_ALPHABET } from './pairing';
import {
  aes256GcmDecrypt,
  aes256GcmEncrypt,
  ed25519Sign,
  ed25519Verify,
  GCM_NONCE_LENGTH,
  hkdfSha256,
  importEd25519Seed,
  KEY_LENGTH,
  publicKeyOfExtractablePrivate,
  sha256,
} from './primitives';
import { ProtocolError } from './protocolError';

/**
 * Account recovery (protocol §7.2, §7.3): the recovery key, the wrap of the account authority key it
 * opens, and the recovery claim the authority key signs to name a new primary.
 */

export const RECOVERY_KEY_LENGTH = 32;
const CHECK_LENGTH = 3;
/** (32 + 3) bytes are 280 bits: exactly 56 characters of 5 bits, shown in 14 groups of 4. */
export const RECOVERY_TEXT_LENGTH = ((RECOVERY_KEY_LENGTH + CHECK_LENGTH) * 8) / 5;
const GROUP_LENGTH = 4;
export const WRAPPED_AUTHORITY_LENGTH = GCM_NONCE_LENGTH + KEY_LENGTH + 16;
export const RECOVERY_CLAIM_TYPE = 'switchboard/recovery-claim/v1';
/** `enc || ciphertext` of the backup admin's wrap: 32 + 32 + 16 bytes. */
export const BACKUP_WRAP_LENGTH = Hpke.ENC_LENGTH + KEY_LENGTH + Hpke.TAG_LENGTH;

async function check(key: Bytes): Promise<Bytes> {
  return (await sha256(labelled(Labels.RECOVERY_KEY, key))).slice(0, CHECK_LENGTH);
}

export function generateRecoveryKey(): Bytes {
  return randomBytes(RECOVERY_KEY_LENGTH);
}

/** The readable form: 14 groups of 4 characters separated by single spaces. */
export async function formatRecoveryKey(key: Bytes): Promise<string> {
  if (key.length !== RECOVERY_KEY_LENGTH) throw new ProtocolError('invalid-recovery-key', 'a recovery key is 32 bytes');
  const checked = concatBytes(key, await check(key));
  const groups: string[] = [];
  let group = '';
  for (let i = 0; i < RECOVERY_TEXT_LENGTH; i++) {
    let value = 0;
    for (let bit = 0; bit < 5; bit++) {
      const position = i * 5 + bit;
      value = (value << 1) | ((checked[position >> 3]! >> (7 - (position & 7))) & 1);
    }
    group += CODE_ALPHABET[value];
    if (group.length === GROUP_LENGTH) {
      groups.push(group);
      group = '';
    }
  }
  return groups.join(' ');
}

/** Reads a typed recovery key (case, spaces, line breaks and `-` do not matter); throws when a character is wrong. */
export async function parseRecoveryKey(input: string): Promise<Bytes> {
  const text = input.toUpperCase().replace(/[ \t\r\n-]/g, '');
  if (text.length !== RECOVERY_TEXT_LENGTH || [...text].some((c) => !CODE_ALPHABET.includes(c))) {
    throw new ProtocolError('invalid-recovery-key', `a recovery key is ${RECOVERY_TEXT_LENGTH} characters from 2-9 and A-Z without I and O`);
  }
  const checked = new Uint8Array(RECOVERY_KEY_LENGTH + CHECK_LENGTH);
  for (let i = 0; i < RECOVERY_TEXT_LENGTH; i++) {
    const value = CODE_ALPHABET.indexOf(text[i]!);
    for (let bit = 0; bit < 5; bit++) {
      if (((value >> (4 - bit)) & 1) === 1) {
        const position = i * 5 + bit;
        checked[position >> 3]! |= 0x80 >> (position & 7);
      }
    }
  }
  const key = checked.slice(0, RECOVERY_KEY_LENGTH);
  if (!bytesEqual(await check(key), checked.slice(RECOVERY_KEY_LENGTH))) {
    throw new ProtocolError('invalid-recovery-key', "the recovery key's check does not match: a character is wrong");
  }
  return key;
}

/** The authority key of an Ed25519 seed. */
export async function authorityKeyOf(seed: Bytes): Promise<Bytes> {
  return publicKeyOfExtractablePrivate(await importEd25519Seed(seed, true));
}

async function wrapKey(recoveryKey: Bytes, account: string): Promise<Bytes> {
  if (recoveryKey.length !== RECOVERY_KEY_LENGTH) throw new ProtocolError('invalid-recovery-key', 'a recovery key is 32 bytes');
  return hkdfSha256(recoveryKey, new Uint8Array(0), labelled(Labels.RECOVERY_WRAP, utf8(account)), KEY_LENGTH);
}

/** `nonce || AES-256-GCM(wrapKey, nonce, authoritySeed, aad)`, 60 bytes; `nonce` is fixed only for vectors. */
export async function wrapAuthoritySeed(
  recoveryKey: Bytes,
  account: string,
  authoritySeed: Bytes,
  nonce: Bytes = randomBytes(GCM_NONCE_LENGTH),
): Promise<Bytes> {
  const authorityKey = await authorityKeyOf(authoritySeed);
  const sealed = await aes256GcmEncrypt(await wrapKey(recoveryKey, account), nonce, authoritySeed, labelled(Labels.RECOVERY_WRAP, authorityKey));
  return concatBytes(nonce, sealed);
}

/**
 * The authority key's seed wrapped for the backup admin (§7.2): HPKE to that companion's agreement key, `info` the
 * label and the account, `aad` the label and the authority key; `enc || ciphertext`, 80 bytes.
 */
export async function wrapForBackupAdmin(
  agreementKey: Bytes,
  account: string,
  authoritySeed: Bytes,
  options?: HpkeSealOptions,
): Promise<Bytes> {
  const authorityKey = await authorityKeyOf(authoritySeed);
  const sealed = await Hpke.sealBase(agreementKey, labelled(Labels.BACKUP_ADMIN_WRAP, utf8(account)),
    labelled(Labels.BACKUP_ADMIN_WRAP, authorityKey), authoritySeed, options);
  return concatBytes(sealed.enc, sealed.ciphertext);
}

/** The backup admin opens its wrap with its own (non-extractable) agreement key; throws for anything else. */
export async function unwrapAsBackupAdmin(recipient: HpkeRecipient, account: string, authorityKey: Bytes, wrapped: Bytes): Promise<Bytes> {
  if (wrapped.length !== BACKUP_WRAP_LENGTH) throw new ProtocolError('invalid-recovery-wrap', 'a backup admin wrap is 80 bytes');
  const seed = await Hpke.openBase(recipient, wrapped.slice(0, Hpke.ENC_LENGTH), labelled(Labels.BACKUP_ADMIN_WRAP, utf8(account)),
    labelled(Labels.BACKUP_ADMIN_WRAP, authorityKey), wrapped.slice(Hpke.ENC_LENGTH));
  if (!bytesEqual(await authorityKeyOf(seed), authorityKey)) {
    throw new ProtocolError('invalid-recovery-wrap', "the unwrapped seed is not the authority key's");
  }
  return seed;
}

/** The authority key's seed; throws for a wrong recovery key, another account or authority key, or a changed wrap. */
export async function unwrapAuthoritySeed(recoveryKey: Bytes, account: string, authorityKey: Bytes, wrapped: Bytes): Promise<Bytes> {
  if (wrapped.length !== WRAPPED_AUTHORITY_LENGTH) throw new ProtocolError('invalid-recovery-wrap', 'a wrapped authority key is 60 bytes');
  let seed: Bytes;
  try {
    seed = await aes256GcmDecrypt(
      await wrapKey(recoveryKey, account),
      wrapped.slice(0, GCM_NONCE_LENGTH),
      wrapped.slice(GCM_NONCE_LENGTH),
      labelled(Labels.RECOVERY_WRAP, authorityKey),
    );
  } catch {
    throw new ProtocolError('wrong-recovery-key', 'the recovery key does not open the wrapped authority key');
  }
  if (!bytesEqual(await authorityKeyOf(seed), authorityKey)) {
    throw new ProtocolError('wrong-recovery-key', "the unwrapped seed is not the authority key's");
  }
  return seed;
}

export interface RecoveryClaim {
  type: typeof RECOVERY_CLAIM_TYPE;
  account: string;
  authorityKey: string;
  replacedPrimaryKey: string;
  newPrimary: DeviceEntry;
  issuedAt: number;
}

export interface SignedRecoveryClaim {
  claim: RecoveryClaim;
  signature: string;
}

const CLAIM_MEMBERS = ['account', 'authorityKey', 'issuedAt', 'newPrimary', 'replacedPrimaryKey', 'type'];

function refuse(message: string): never {
  throw new DeviceListError('bad-recovery-claim', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameMembers(value: Record<string, unknown>, members: readonly string[]): boolean {
  const names = Object.keys(value).sort();
  return names.length === members.length && names.every((name, i) => name === members[i]);
}

/** Signs with the authority key's seed; the claim must name that key. */
export async function signRecoveryClaim(claim: RecoveryClaim, authoritySeed: Bytes): Promise<SignedRecoveryClaim> {
  if (B64u.encode(await authorityKeyOf(authoritySeed)) !== claim.authorityKey) {
    throw new ProtocolError('wrong-authority-key', 'the claim names another authority key');
  }
  const signature = await ed25519Sign(await importEd25519Seed(authoritySeed), labelled(Labels.RECOVERY_CLAIM, canonicalJsonBytes(claim)));
  return { claim, signature: B64u.encode(signature) };
}

/**
 * A recovery claim (protocol §7.3) checked against the list this client trusts: well formed, for this account,
 * under the authority key that list committed to, replacing the pinned primary key. Throws DeviceListError
 * with reason `bad-recovery-claim`, or `malformed` when the wire form does not have the claim's shape.
 */
export async function verifyRecoveryClaim(
  candidate: unknown,
  expectedAccount: string,
  pinnedPrimaryKey: Bytes,
  lastAccepted: DeviceList,
): Promise<SignedRecoveryClaim> {
  if (!isRecord(candidate) || !sameMembers(candidate, ['claim', 'signature']) || typeof candidate.signature !== 'string') {
    throw new DeviceListError('malformed', 'a signed recovery claim has exactly the members claim and signature');
  }
  const claim = candidate.claim;
  if (!isRecord(claim) || !sameMembers(claim, CLAIM_MEMBERS)) {
    throw new DeviceListError('malformed', `a recovery claim has exactly the members ${CLAIM_MEMBERS.join(', ')}`);
  }
  if (typeof claim.type !== 'string' || typeof claim.account !== 'string' || typeof claim.authorityKey !== 'string'
    || typeof claim.replacedPrimaryKey !== 'string' || !Number.isSafeInteger(claim.issuedAt)) {
    throw new DeviceListError('malformed', 'a recovery claim member has the wrong type');
  }
  if (claim.type !== RECOVERY_CLAIM_TYPE) refuse(`type must be ${RECOVERY_CLAIM_TYPE}`);
  if (claim.account !== expectedAccount || !isE164(claim.account)) refuse(`the claim is for ${claim.account}`);
  let newPrimary: DeviceEntry;
  try {
    newPrimary = checkEntry(claim.newPrimary);
  } catch (error) {
    refuse(`newPrimary: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!newPrimary.primary) refuse('newPrimary must be a primary entry');
  if ((await deviceIdOf(B64u.decode(newPrimary.signingKey))) !== newPrimary.id) refuse("newPrimary's id is not its key's");
  if (lastAccepted.recoveryKey === undefined) refuse('the accepted list has no recovery key');
  if (lastAccepted.recoveryKey !== claim.authorityKey) refuse('the claim is not under the committed recovery key');
  if (claim.replacedPrimaryKey !== B64u.encode(pinnedPrimaryKey)) refuse('the claim replaces another primary key');
  let signature: Bytes;
  try {
    signature = B64u.decode(candidate.signature);
  } catch {
    refuse("the authority key's signature does not verify");
  }
  const payload = labelled(Labels.RECOVERY_CLAIM, canonicalJsonBytes(claim));
  if (!(await ed25519Verify(B64u.decode(claim.authorityKey), payload, signature))) {
    refuse("the authority key's signature does not verify");
  }
  return candidate as unknown as SignedRecoveryClaim;
}

/**
 * The first list of a recovered account (protocol §7.3): the claim as in verifyRecoveryClaim, then the list as
 * usual under the claim's new primary key, as a successor of `lastAccepted`. Returns the list and the key to pin.
 */
export async function verifyTakeover(
  candidate: unknown,
  claimCandidate: unknown,
  options: { expectedAccount: string; pinnedPrimaryKey: Bytes; lastAccepted: DeviceList; now: number },
): Promise<{ signed: SignedDeviceList; primarySigningKey: Bytes }> {
  const { claim } = await verifyRecoveryClaim(claimCandidate, options.expectedAccount, options.pinnedPrimaryKey, options.lastAccepted);
  const primarySigningKey = B64u.decode(claim.newPrimary.signingKey);
  const signed = await verifyDeviceList(candidate, {
    expectedAccount: options.expectedAccount,
    pinnedPrimaryKey: primarySigningKey,
    lastAcceptedVersion: options.lastAccepted.version,
    now: options.now,
  });
  const primary = signed.list.devices.find((device) => device.primary)!;
  if (primary.agreementKey !== claim.newPrimary.agreementKey) refuse("the list's primary has another agreement key than the claim names");
  return { signed, primarySigningKey };
}
