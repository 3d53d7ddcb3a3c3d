import { B64u } from '../../src/protocol/b64u';
import { encryptBlob } from '../../src/protocol/blobs';
import { concatBytes, type Bytes } from '../../src/protocol/bytes';
import { canonicalJsonBytes, type JsonValue } from '../../src/protocol/canonicalJson';
import {
  contentAad,
  envelopeSignature,
  MESSAGE_TYPE,
  rewrapContentKey,
  sealEnvelope,
  type EnvelopeRejection,
  type MessageEnvelope,
  type MessageHeader,
  type MessageKind,
} from '../../src/protocol/envelope';
import { aes256GcmEncrypt } from '../../src/protocol/primitives';
import { fixedBytes, NOW, type FixedIdentities, type IdentityName } from './fixtures';

/** The `messages` section of the golden vectors (protocol §11, §13). */
export interface MessageVectors {
  envelopes: {
    description: string;
    sender: IdentityName;
    header: MessageHeader;
    contentKey: string;
    nonce: string;
    content: JsonValue;
    recipients: { identity: IdentityName; ephemeralPrivate: string }[];
    envelope: unknown;
  }[];
  invalidEnvelopes: {
    reason: EnvelopeRejection;
    description: string;
    sender: IdentityName;
    recipient: IdentityName;
    envelope: unknown;
  }[];
  blobs: { description: string; key: string; nonce: string; plaintext: string; encrypted: string }[];
}

const b64u = B64u.encode;

interface Case {
  name: string;
  description: string;
  sender: IdentityName;
  kind: MessageKind;
  content: JsonValue;
  recipients: IdentityName[];
}

const BUSINESS_LIST_VERSION = 2;
const CUSTOMER_LIST_VERSION = 1;
const SENT_AT = NOW + 40;

const TEXT: Case = {
  name: 'ts-text',
  description: 'text from primary to companion1 and companion2, with escapes and a non-BMP character',
  sender: 'primary',
  kind: 'text',
  content: { text: 'Bom dia, Dora!\n"Pedido" #7 \\ enviado ✓ 😀 \u0000 </script>' },
  recipients: ['companion1', 'companion2'],
};

const CASES: Case[] = [
  TEXT,
  {
    name: 'ts-note',
    description: 'note from companion2 to primary and companion1',
    sender: 'companion2',
    kind: 'note',
    content: { text: 'Cliente prefere WhatsApp — não ligar' },
    recipients: ['primary', 'companion1'],
  },
  {
    name: 'ts-image',
    description: 'image from companion1 to primary: attachment content with a thumbnail (§13.3)',
    sender: 'companion1',
    kind: 'image',
    content: {
      text: 'the damaged box',
      attachment: {
        blobId: 'blob-7f3a2c',
        key: 'El2hhQVUJpX9dHFxwz8RQe0b-xVvFjAhhk7jOHVFZk0',
        sha256: 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg',
        mime: 'image/jpeg',
        size: 48213,
        name: 'IMG_2044.jpg',
        thumbnail: {
          blobId: 'blob-7f3a2d',
          key: 'XFfJw-743oGgF52ki7aiJ0n4CXlFwljG_iR3677TD0E',
          sha256: 'LPJNul-wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ',
          mime: 'image/jpeg',
          size: 2048,
        },
      },
    },
    recipients: ['primary'],
  },
  {
    name: 'ts-lonely-note',
    description: 'note from primary with no recipients (the only business device): empty wraps, empty text',
    sender: 'primary',
    kind: 'note',
    content: { text: '' },
    recipients: [],
  },
];

function header(ids: FixedIdentities, c: Case, clientMessageId: Bytes, sentAt = SENT_AT): MessageHeader {
  return {
    type: MESSAGE_TYPE,
    conversation: 'dpuXQc0zjzZeV2QQQ4YCDw',
    sender: ids[c.sender].keys.deviceId,
    clientMessageId: b64u(clientMessageId),
    businessListVersion: BUSINESS_LIST_VERSION,
    customerListVersion: CUSTOMER_LIST_VERSION,
    kind: c.kind,
    sentAt,
  };
}

interface Inputs {
  header: MessageHeader;
  contentKey: Bytes;
  nonce: Bytes;
  content: Bytes;
  /** Recipient identity → ephemeral private key of its wrap. */
  ephemeral: Map<IdentityName, Bytes>;
}

async function inputs(ids: FixedIdentities, c: Case): Promise<Inputs> {
  const ephemeral = new Map<IdentityName, Bytes>();
  for (const recipient of c.recipients) {
    ephemeral.set(recipient, await fixedBytes(`messages/${c.name}/ephemeral/${recipient}`));
  }
  return {
    header: header(ids, c, await fixedBytes(`messages/${c.name}/client-message-id`, 16)),
    contentKey: await fixedBytes(`messages/${c.name}/content-key`),
    nonce: await fixedBytes(`messages/${c.name}/nonce`, 12),
    content: canonicalJsonBytes(c.content),
    ephemeral,
  };
}

async function seal(ids: FixedIdentities, c: Case, i: Inputs): Promise<MessageEnvelope> {
  const recipients: Record<string, Bytes> = {};
  const ephemeralPrivateKeys: Record<string, Bytes> = {};
  for (const [name, ephemeralPrivate] of i.ephemeral) {
    recipients[ids[name].keys.deviceId] = ids[name].keys.agreementKey;
    ephemeralPrivateKeys[ids[name].keys.deviceId] = ephemeralPrivate;
  }
  return sealEnvelope(ids[c.sender].keys, i.header, i.content, recipients, {
    contentKey: i.contentKey,
    nonce: i.nonce,
    ephemeralPrivateKeys,
  });
}

function byDeviceId(ids: FixedIdentities, names: IdentityName[]): IdentityName[] {
  return [...names].sort((a, b) => (ids[a].keys.deviceId < ids[b].keys.deviceId ? -1 : 1));
}

/** A JSON copy of the envelope to damage. */
function json(envelope: MessageEnvelope): MessageEnvelope {
  return JSON.parse(JSON.stringify(envelope)) as MessageEnvelope;
}

function flipLastByte(text: string): string {
  const bytes = B64u.decode(text);
  bytes[bytes.length - 1]! ^= 0x01;
  return b64u(bytes);
}

type InvalidCase = MessageVectors['invalidEnvelopes'][number];

/** TEXT (primary → companion1, companion2) with one defect each; received by companion1 unless stated. */
async function invalidCases(ids: FixedIdentities): Promise<InvalidCase[]> {
  const i = await inputs(ids, TEXT);
  const valid = await seal(ids, TEXT, i);
  const c1 = ids.companion1.keys;
  const c2 = ids.companion2.keys;
  const cases: InvalidCase[] = [];
  const add = (reason: EnvelopeRejection, description: string, envelope: unknown, recipient: IdentityName = 'companion1') =>
    cases.push({ reason, description, sender: TEXT.sender, recipient, envelope });

  const extraMember = json(valid) as unknown as Record<string, unknown>;
  extraMember.attachments = [];
  add('malformed', 'unknown envelope member attachments', extraMember);
  const extraHeaderMember = json(valid);
  (extraHeaderMember.header as unknown as Record<string, unknown>).replyTo = extraHeaderMember.header.clientMessageId;
  add('malformed', 'unknown header member replyTo', extraHeaderMember);
  const longConversation = json(valid);
  longConversation.header.conversation = b64u(new Uint8Array(17));
  add('malformed', 'conversation of 17 bytes', longConversation);
  const stringVersion = json(valid);
  (stringVersion.header as unknown as Record<string, unknown>).customerListVersion = '1';
  add('malformed', 'customerListVersion as a string', stringVersion);
  const shortCiphertext = json(valid);
  shortCiphertext.ciphertext = b64u(B64u.decode(valid.ciphertext).subarray(0, 27));
  add('malformed', 'ciphertext of 27 bytes, shorter than nonce and tag', shortCiphertext);
  const paddedWrap = json(valid);
  paddedWrap.wraps[c1.deviceId] = `${paddedWrap.wraps[c1.deviceId]!}=`;
  add('malformed', "companion1's wrap with base64 padding", paddedWrap);

  const changedId = json(valid);
  changedId.header.clientMessageId = flipLastByte(changedId.header.clientMessageId);
  add('bad-signature', 'header clientMessageId changed after signing', changedId);
  const changedCiphertext = json(valid);
  changedCiphertext.ciphertext = flipLastByte(valid.ciphertext);
  add('bad-signature', 'last byte of the ciphertext flipped after signing (the tag)', changedCiphertext);
  const otherSigner = json(valid);
  otherSigner.signature = await envelopeSignature(c2, valid.header, B64u.decode(valid.ciphertext));
  add('bad-signature', 'signed by companion2 over the same header and ciphertext; the header names primary', otherSigner);
  const undecodable = json(valid);
  undecodable.signature = 'not a signature';
  add('bad-signature', 'signature that is not b64u', undecodable);

  const noWrap = json(valid);
  delete noWrap.wraps[c1.deviceId];
  add('not-a-recipient', "companion1's wrap removed", noWrap);

  const swapped = json(valid);
  swapped.wraps[c1.deviceId] = valid.wraps[c2.deviceId]!;
  add('bad-wrap', "companion1's wrap is the one made for companion2", swapped);
  const otherHeaderWrap = json(valid);
  otherHeaderWrap.wraps[c1.deviceId] = await rewrapContentKey(
    i.contentKey,
    { ...i.header, sentAt: SENT_AT + 1 },
    c1.deviceId,
    c1.agreementKey,
    { ephemeralPrivate: i.ephemeral.get('companion1') },
  );
  add('bad-wrap', "companion1's wrap made for the header with sentAt one second later (wrap aad)", otherHeaderWrap);
  const zeroEnc = json(valid);
  zeroEnc.wraps[c1.deviceId] = b64u(concatBytes(new Uint8Array(32), B64u.decode(valid.wraps[c1.deviceId]!).subarray(32)));
  add('bad-wrap', "companion1's wrap with enc = 0 (a low-order point)", zeroEnc);

  // Signed and wrapped correctly, but the content is under another key than the wrapped one.
  const otherKey = await fixedBytes('messages/ts-text/other-content-key');
  const underOtherKey = concatBytes(i.nonce, await aes256GcmEncrypt(otherKey, i.nonce, i.content, contentAad(i.header)));
  const otherKeyEnvelope = json(valid);
  otherKeyEnvelope.ciphertext = b64u(underOtherKey);
  otherKeyEnvelope.signature = await envelopeSignature(ids.primary.keys, i.header, underOtherKey);
  add('bad-ciphertext', 'content encrypted under another key than the wrapped one; signed for the ciphertext sent', otherKeyEnvelope);
  // Signed and wrapped for the header sent, encrypted with another header as aad.
  const otherAad = concatBytes(
    i.nonce,
    await aes256GcmEncrypt(i.contentKey, i.nonce, i.content, contentAad({ ...i.header, kind: 'note' })),
  );
  const otherAadEnvelope = json(valid);
  otherAadEnvelope.ciphertext = b64u(otherAad);
  otherAadEnvelope.signature = await envelopeSignature(ids.primary.keys, i.header, otherAad);
  add(
    'bad-ciphertext',
    'content encrypted with the header of kind note as aad; signed and wrapped for the text header sent',
    otherAadEnvelope,
    'companion2',
  );
  return cases;
}

async function blob(name: string, plaintext: Bytes) {
  const key = await fixedBytes(`messages/ts-blob/${name}/key`);
  const nonce = await fixedBytes(`messages/ts-blob/${name}/nonce`, 12);
  return {
    description: name,
    key: b64u(key),
    nonce: b64u(nonce),
    plaintext: b64u(plaintext),
    encrypted: b64u(await encryptBlob(key, plaintext, { nonce })),
  };
}

export async function buildMessageVectors(ids: FixedIdentities): Promise<MessageVectors> {
  const envelopes: MessageVectors['envelopes'] = [];
  for (const c of CASES) {
    const i = await inputs(ids, c);
    envelopes.push({
      description: c.description,
      sender: c.sender,
      header: i.header,
      contentKey: b64u(i.contentKey),
      nonce: b64u(i.nonce),
      content: c.content,
      recipients: byDeviceId(ids, c.recipients).map((identity) => ({
        identity,
        ephemeralPrivate: b64u(i.ephemeral.get(identity)!),
      })),
      envelope: await seal(ids, c, i),
    });
  }
  const pixels = Uint8Array.from({ length: 300 }, (_, n) => (n * 37 + 11) & 0xff);
  return {
    envelopes,
    invalidEnvelopes: await invalidCases(ids),
    blobs: [await blob('300 bytes of binary data', pixels), await blob('one byte', Uint8Array.of(0))],
  };
}
