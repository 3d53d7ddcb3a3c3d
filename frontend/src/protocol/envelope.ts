import { B64u } from './b64u';
import { concatBytes, randomBytes, utf8, type Bytes } from './bytes';
import { canonicalJson, canonicalJsonBytes } from './canonicalJson';
import { deviceIdOf } from './deviceId';
import type { DeviceKeys } from './deviceKeys';
import type { DeviceEntry, DeviceList } from './deviceList';
import { Hpke } from './hpke';
import { Labels, labelled } from './labels';
import {
  aes256GcmDecrypt,
  aes256GcmEncrypt,
  ed25519Verify,
  GCM_NONCE_LENGTH,
  GCM_TAG_LENGTH,
  KEY_LENGTH,
  sha256,
  SIGNATURE_LENGTH,
} from './primitives';
import { ProtocolError } from './protocolError';

export const MESSAGE_TYPE = 'switchboard/message/v1';
export const MESSAGE_KINDS = ['text', 'note', 'image', 'video', 'voice', 'document', 'whisper', 'feedback'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Notes and whispers (protocol 1.2) are the business's own: sent by and wrapped for business devices only. */
export function isInternalKind(kind: string): boolean {
  return kind === 'note' || kind === 'whisper';
}

/** Length of K, the per-message content key. */
export const CONTENT_KEY_LENGTH = 32;
/** A wrap is enc (32 bytes) || HPKE ciphertext of K (32 + 16 bytes). */
export const WRAP_LENGTH = Hpke.ENC_LENGTH + CONTENT_KEY_LENGTH + GCM_TAG_LENGTH;
/** Conversation ids, client message ids and device ids are b64u of 16 bytes (22 characters). */
const ID_BYTES = 16;
const MIN_CIPHERTEXT_LENGTH = GCM_NONCE_LENGTH + GCM_TAG_LENGTH;

/** The signed, cleartext part of a message (protocol §13.2). */
export interface MessageHeader {
  type: typeof MESSAGE_TYPE;
  conversation: string;
  /** Device id of the sender. */
  sender: string;
  clientMessageId: string;
  businessListVersion: number;
  customerListVersion: number;
  kind: MessageKind;
  /** Unix seconds. */
  sentAt: number;
}

/** The wire form: every binary value is b64u; `wraps` maps a recipient device id to its wrapped K. */
export interface MessageEnvelope {
  header: MessageHeader;
  ciphertext: string;
  signature: string;
  wraps: Record<string, string>;
}

/**
 * Why an envelope was refused. The first five are the stable codes shared with the Java
 * implementation (§11, §13.4), in the order the receiving checks run (receiveEnvelope): the first
 * that applies is reported.
 */
export type EnvelopeRejection =
  /** Not the exact shape of §13.2 (members, types, lengths, encodings). */
  | 'malformed'
  /** The signature does not verify under the sender's key, or that key is not the sender's. */
  | 'bad-signature'
  /** There is no wrap for this device. */
  | 'not-a-recipient'
  /** This device's wrap does not open (HPKE failure) or does not hold a 32-byte key. */
  | 'bad-wrap'
  /** The content does not decrypt under the unwrapped key. */
  | 'bad-ciphertext'
  /**
   * Not one of the receiving checks of §13.4 (nor of the golden vectors): the sender is on no
   * accepted list version of the conversation, or a customer device claims to send a note.
   */
  | 'unknown-sender';

export class EnvelopeError extends ProtocolError {
  constructor(
    readonly reason: EnvelopeRejection,
    message: string,
  ) {
    super(reason, message);
    this.name = 'EnvelopeError';
  }
}

function fail(reason: EnvelopeRejection, message: string): never {
  throw new EnvelopeError(reason, message);
}

const HEADER_MEMBERS = [
  'businessListVersion',
  'clientMessageId',
  'conversation',
  'customerListVersion',
  'kind',
  'sender',
  'sentAt',
  'type',
];
const ENVELOPE_MEMBERS = ['ciphertext', 'header', 'signature', 'wraps'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireMembers(value: unknown, members: readonly string[], what: string): Record<string, unknown> {
  if (!isRecord(value)) fail('malformed', `${what} is not an object`);
  const names = Object.keys(value).sort();
  if (names.length !== members.length || names.some((name, i) => name !== members[i])) {
    fail('malformed', `${what} must have exactly the members ${members.join(', ')}`);
  }
  return value;
}

function decodesTo(text: unknown, length: number): boolean {
  if (typeof text !== 'string') return false;
  try {
    B64u.decodeExact(text, length);
    return true;
  } catch {
    return false;
  }
}

function isId(text: unknown): text is string {
  return decodesTo(text, ID_BYTES);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** Strict: exactly the members of §13.2 with the right types; ids are b64u of 16 bytes. */
export function parseMessageHeader(value: unknown): MessageHeader {
  const header = requireMembers(value, HEADER_MEMBERS, 'message header');
  if (header.type !== MESSAGE_TYPE) fail('malformed', 'wrong message type');
  if (!isId(header.conversation)) fail('malformed', 'conversation must be b64u of 16 bytes');
  if (!isId(header.sender)) fail('malformed', 'sender must be a device id');
  if (!isId(header.clientMessageId)) fail('malformed', 'clientMessageId must be b64u of 16 bytes');
  if (!isPositiveInteger(header.businessListVersion) || !isPositiveInteger(header.customerListVersion)) {
    fail('malformed', 'list versions must be positive integers');
  }
  if (typeof header.kind !== 'string' || !(MESSAGE_KINDS as readonly string[]).includes(header.kind)) {
    fail('malformed', `unknown message kind ${String(header.kind)}`);
  }
  if (typeof header.sentAt !== 'number' || !Number.isSafeInteger(header.sentAt) || header.sentAt < 0) {
    fail('malformed', 'sentAt must be a non-negative integer');
  }
  return header as unknown as MessageHeader;
}

/**
 * Strict parsing of an incoming envelope. The signature only has to be a string here: one that does
 * not decode is a signature that does not verify ('bad-signature'), as for device lists (§4).
 */
export function parseEnvelope(value: unknown): MessageEnvelope {
  const envelope = requireMembers(value, ENVELOPE_MEMBERS, 'envelope');
  parseMessageHeader(envelope.header);
  let ciphertext: Bytes;
  try {
    if (typeof envelope.ciphertext !== 'string') throw new Error();
    ciphertext = B64u.decode(envelope.ciphertext);
  } catch {
    fail('malformed', 'ciphertext must be b64u');
  }
  if (ciphertext.length < MIN_CIPHERTEXT_LENGTH) fail('malformed', 'ciphertext shorter than nonce and tag');
  if (typeof envelope.signature !== 'string') fail('malformed', 'signature must be a string');
  if (!isRecord(envelope.wraps)) fail('malformed', 'wraps must be an object');
  for (const [deviceId, wrap] of Object.entries(envelope.wraps)) {
    if (!isId(deviceId)) fail('malformed', `wrap for ${deviceId}, which is not a device id`);
    if (!decodesTo(wrap, WRAP_LENGTH)) fail('malformed', `wrap for ${deviceId} must be b64u of ${WRAP_LENGTH} bytes`);
  }
  return envelope as unknown as MessageEnvelope;
}

/** aad of the content: `"switchboard/message-content/v1" || 0x00 || CJSON(header)`. */
export function contentAad(header: MessageHeader): Bytes {
  return labelled(Labels.MESSAGE_CONTENT, canonicalJsonBytes(header));
}

/** HPKE info of the wrap for device d: `"switchboard/key-wrap/v1" || 0x00 || d`. */
export function keyWrapInfo(deviceId: string): Bytes {
  return labelled(Labels.KEY_WRAP, utf8(deviceId));
}

/** HPKE aad of every wrap: SHA-256(CJSON(header)), which ties a wrap to this one message. */
export function keyWrapAad(header: MessageHeader): Promise<Bytes> {
  return sha256(canonicalJsonBytes(header));
}

/** What the sender signs: `"switchboard/envelope/v1" || 0x00 || CJSON({header, ciphertextHash})`. */
export async function envelopeSignaturePayload(header: MessageHeader, ciphertext: Bytes): Promise<Bytes> {
  const ciphertextHash = B64u.encode(await sha256(ciphertext));
  return labelled(Labels.ENVELOPE, canonicalJsonBytes({ header, ciphertextHash }));
}

/** 16 random bytes, b64u: a fresh clientMessageId. */
export function newClientMessageId(): string {
  return B64u.encode(randomBytes(ID_BYTES));
}

export interface WrapOptions {
  /** Fixed HPKE ephemeral private key: golden vectors and tests only. */
  ephemeralPrivate?: Bytes;
}

async function wrapContentKey(
  contentKey: Bytes,
  header: MessageHeader,
  deviceId: string,
  agreementKey: Bytes,
  options: WrapOptions = {},
): Promise<string> {
  if (!isId(deviceId)) throw new ProtocolError('invalid-recipient', `${deviceId} is not a device id`);
  if (agreementKey.length !== KEY_LENGTH) {
    throw new ProtocolError('invalid-recipient', `agreement key of ${deviceId} must be 32 bytes`);
  }
  const { enc, ciphertext } = await Hpke.sealBase(
    agreementKey,
    keyWrapInfo(deviceId),
    await keyWrapAad(header),
    contentKey,
    options,
  );
  return B64u.encode(concatBytes(enc, ciphertext));
}

/**
 * Wraps K of an existing message for one more device (history sync, §13.2): the signature does not
 * cover the wraps, so the device receiving this wrap still verifies the original sender.
 */
export async function rewrapContentKey(
  contentKey: Bytes,
  header: MessageHeader,
  deviceId: string,
  agreementKey: Bytes,
  options: WrapOptions = {},
): Promise<string> {
  if (contentKey.length !== CONTENT_KEY_LENGTH) throw new ProtocolError('invalid-length', 'K must be 32 bytes');
  return wrapContentKey(contentKey, parseMessageHeader(header), deviceId, agreementKey, options);
}

export interface SealEnvelopeOptions {
  /** Fixed K instead of a fresh one: golden vectors and tests only. */
  contentKey?: Bytes;
  /** Fixed content nonce instead of a fresh one: golden vectors and tests only. */
  nonce?: Bytes;
  /** Fixed HPKE ephemeral private key per recipient id: golden vectors and tests only. */
  ephemeralPrivateKeys?: Record<string, Bytes>;
}

/**
 * Encrypts `content` under a fresh K and nonce, wraps K for every recipient (device id → raw X25519
 * agreement key) and signs header and ciphertext. Since protocol 1.1 the sender is among the
 * recipients (see envelopeRecipients).
 */
export async function sealEnvelope(
  senderKeys: DeviceKeys,
  header: MessageHeader,
  content: Uint8Array,
  recipients: Record<string, Uint8Array>,
  options: SealEnvelopeOptions = {},
): Promise<MessageEnvelope> {
  parseMessageHeader(header);
  if (header.sender !== senderKeys.deviceId) {
    throw new ProtocolError('not-sender', 'the header names another sender than the signing device');
  }
  const contentKey = options.contentKey ?? randomBytes(CONTENT_KEY_LENGTH);
  const nonce = options.nonce ?? randomBytes(GCM_NONCE_LENGTH);
  if (contentKey.length !== CONTENT_KEY_LENGTH) throw new ProtocolError('invalid-length', 'K must be 32 bytes');
  // A copy: the header signed and wrapped is exactly the one returned, whatever the caller does later.
  const sealedHeader = structuredClone(header);
  const ciphertext = concatBytes(
    nonce,
    await aes256GcmEncrypt(contentKey, nonce, Uint8Array.from(content), contentAad(sealedHeader)),
  );
  const wraps: Record<string, string> = {};
  for (const deviceId of Object.keys(recipients).sort()) {
    wraps[deviceId] = await wrapContentKey(contentKey, sealedHeader, deviceId, Uint8Array.from(recipients[deviceId]!), {
      ephemeralPrivate: options.ephemeralPrivateKeys?.[deviceId],
    });
  }
  const signature = await envelopeSignature(senderKeys, sealedHeader, ciphertext);
  return { header: sealedHeader, ciphertext: B64u.encode(ciphertext), signature, wraps };
}

/**
 * `Ed25519(sender, "switchboard/envelope/v1" || 0x00 || CJSON({header, ciphertextHash}))`, b64u. The
 * wraps are not covered, so a key re-wrapped for a new device leaves the signature valid.
 */
export async function envelopeSignature(senderKeys: DeviceKeys, header: MessageHeader, ciphertext: Bytes): Promise<string> {
  const body = canonicalJsonBytes({ header, ciphertextHash: B64u.encode(await sha256(ciphertext)) });
  return B64u.encode(await senderKeys.sign(Labels.ENVELOPE, body));
}

/**
 * Parses the envelope strictly and checks the sender's signature. `senderSigningKey` is the raw
 * Ed25519 key of `header.sender` in the list version the header names; a key whose device id is not
 * the sender counts as a signature that does not verify.
 */
export async function verifyEnvelope(candidate: unknown, senderSigningKey: Uint8Array): Promise<MessageEnvelope> {
  const envelope = parseEnvelope(candidate);
  const signingKey = Uint8Array.from(senderSigningKey);
  if (signingKey.length !== KEY_LENGTH || (await deviceIdOf(signingKey)) !== envelope.header.sender) {
    fail('bad-signature', 'the key is not the signing key of the sender');
  }
  let signature: Bytes;
  try {
    signature = B64u.decodeExact(envelope.signature, SIGNATURE_LENGTH);
  } catch {
    fail('bad-signature', 'signature is not b64u of 64 bytes');
  }
  const payload = await envelopeSignaturePayload(envelope.header, B64u.decode(envelope.ciphertext));
  if (!(await ed25519Verify(signingKey, payload, signature))) fail('bad-signature', 'signature does not verify');
  return envelope;
}

/** K from this device's wrap. Does not check the signature: verify first (or use receiveEnvelope). */
export async function unwrapContentKey(envelope: MessageEnvelope, myKeys: DeviceKeys): Promise<Bytes> {
  const { header, wraps } = parseEnvelope(envelope);
  if (!Object.hasOwn(wraps, myKeys.deviceId)) fail('not-a-recipient', `no wrap for ${myKeys.deviceId}`);
  const wrap = B64u.decode(wraps[myKeys.deviceId]!);
  let contentKey: Bytes;
  try {
    contentKey = await Hpke.openBase(
      { privateKey: myKeys.agreementPrivateKey, publicKey: myKeys.agreementKey },
      wrap.subarray(0, Hpke.ENC_LENGTH),
      keyWrapInfo(myKeys.deviceId),
      await keyWrapAad(header),
      wrap.subarray(Hpke.ENC_LENGTH),
    );
  } catch {
    fail('bad-wrap', `the wrap for ${myKeys.deviceId} does not open`);
  }
  if (contentKey.length !== CONTENT_KEY_LENGTH) fail('bad-wrap', 'the wrapped key is not 32 bytes');
  return contentKey;
}

/** Decrypts the content with a K already unwrapped (or kept from history sync). */
export async function decryptContent(envelope: MessageEnvelope, contentKey: Bytes): Promise<Bytes> {
  const { header, ciphertext } = parseEnvelope(envelope);
  const bytes = B64u.decode(ciphertext);
  try {
    return await aes256GcmDecrypt(
      contentKey,
      bytes.subarray(0, GCM_NONCE_LENGTH),
      bytes.subarray(GCM_NONCE_LENGTH),
      contentAad(header),
    );
  } catch {
    fail('bad-ciphertext', 'content does not decrypt');
  }
}

/** Content bytes for this device. Does not check the signature: verify first (or use receiveEnvelope). */
export async function openEnvelope(envelope: MessageEnvelope, myKeys: DeviceKeys): Promise<Bytes> {
  return decryptContent(envelope, await unwrapContentKey(envelope, myKeys));
}

/** The whole receiving side of §13.2: strict parse, signature, unwrap, decrypt. */
export async function receiveEnvelope(
  candidate: unknown,
  senderSigningKey: Uint8Array,
  myKeys: DeviceKeys,
): Promise<{ envelope: MessageEnvelope; content: Bytes }> {
  const envelope = await verifyEnvelope(candidate, senderSigningKey);
  return { envelope, content: await openEnvelope(envelope, myKeys) };
}

/** The two lists of a conversation (§13.1). */
export interface ConversationLists {
  business: DeviceList;
  customer: DeviceList;
}

/**
 * The sender's entry in the list versions the header names (the caller passes those versions), whose
 * signingKey verifyEnvelope needs. A note comes only from a business device; a customer device
 * claiming to send one is refused. Throws EnvelopeError('unknown-sender').
 */
export function messageSender(header: MessageHeader, lists: ConversationLists): DeviceEntry {
  const business = lists.business.version === header.businessListVersion ? lists.business.devices : [];
  const customer = lists.customer.version === header.customerListVersion ? lists.customer.devices : [];
  const fromBusiness = business.find((device) => device.id === header.sender);
  if (fromBusiness !== undefined) return fromBusiness;
  const fromCustomer = customer.find((device) => device.id === header.sender);
  if (fromCustomer === undefined) {
    fail('unknown-sender', `${header.sender} is not in the list versions the header names`);
  }
  if (isInternalKind(header.kind)) fail('unknown-sender', `a ${header.kind} comes only from a business device`);
  return fromCustomer;
}

/**
 * Who gets a wrap (§13.2 "Recipients"): for a note or a whisper every business device, the sender among them;
 * for any other kind every device of both lists, the sender on one of them. The sender wraps for
 * itself (protocol 1.1): it can read its message again from the server, and history sync always
 * finds a holder. Pass the lists of the versions the header names. Returns device id → raw agreement key,
 * in device id order. Throws ProtocolError('not-sender') when the sender is not where it must be.
 */
export function envelopeRecipients(kind: MessageKind, senderId: string, lists: ConversationLists): Record<string, Bytes> {
  const note = isInternalKind(kind);
  const onBusiness = lists.business.devices.some((device) => device.id === senderId);
  const onCustomer = lists.customer.devices.some((device) => device.id === senderId);
  if (!onBusiness && (note || !onCustomer)) {
    const why = note ? "a note's sender must be a business device" : 'the sender is on neither list';
    throw new ProtocolError('not-sender', why);
  }
  const devices = note ? lists.business.devices : [...lists.business.devices, ...lists.customer.devices];
  const recipients: Record<string, Bytes> = {};
  for (const device of [...devices].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    recipients[device.id] = B64u.decodeExact(device.agreementKey, KEY_LENGTH);
  }
  return recipients;
}

/** CJSON text of the envelope, for sending or storing. */
export function envelopeJson(envelope: MessageEnvelope): string {
  return canonicalJson(envelope);
}
