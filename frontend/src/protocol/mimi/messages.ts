import { B64u } from '../b64u';
import { type Bytes } from '../bytes';
import { BLOB_OVERHEAD } from '../blobs';
import type { MessageKind } from '../envelope';
import { Labels, labelled } from '../labels';
import type { Attachment, MessageContent } from '../messageContent';
import { cborInt, cborText, type CborValue } from './cbor';
import { Disposition, MIMI_MARKDOWN, textPart, type MimiContent, type NestedPart } from './mimiContent';
import { ProtocolError } from '../protocolError';

/**
 * What a Switchboard browser writes and reads in a third-party chat (docs/interop.md §1): the same messages as in a
 * local chat — text, replies, images, voice notes, videos, documents — as MIMI content instead of the JSON of
 * docs/protocol.md §13.3. Attachments are external parts naming the file at its sender's provider; readers fetch it
 * through their own provider (proxied download), never from the peer directly.
 */

/** A third-party room as the business's browsers learn it (GET /api/federation/rooms/{roomId}). */
export interface ThirdPartyRoom {
  roomId: string;
  /** The peer provider's domain. */
  source: string;
  roomUri: string;
  businessUri: string;
  userUri: string;
  /** This provider's asset URLs start with it; the blob id follows. */
  assetBase: string;
}

/** IANA AEAD algorithm AEAD_AES_256_GCM: the project's blob encryption (§13.3 there). */
export const AEAD_AES_256_GCM = 2;
/** IANA Named Information hash algorithm sha-256. */
export const HASH_SHA_256 = 1;
/** The AAD every blob is sealed with; written out in the part, as MIMI lets an extension change the empty default. */
export const BLOB_AAD: Bytes = labelled(Labels.BLOB, new Uint8Array());

const TEXT_KINDS: readonly MessageKind[] = ['text', 'note', 'whisper', 'feedback'];
/** Tag of a 7-element CBOR array: every MIMI content message starts with it; §13.3 JSON starts with `{`. */
const MIMI_FIRST_BYTE = 0x87;

function reject(message: string): never {
  throw new ProtocolError('invalid-mimi-content', `MIMI content: ${message}`);
}

/** Whether decrypted content is MIMI content (CBOR) rather than the JSON of a local chat. */
export function isMimiPayload(plaintext: Uint8Array): boolean {
  return plaintext.length > 0 && plaintext[0] === MIMI_FIRST_BYTE;
}

export interface ToMimiOptions {
  /** 16 fresh random bytes. */
  salt: Bytes;
  senderUri: string;
  room: Pick<ThirdPartyRoom, 'roomUri' | 'assetBase'>;
  /** The MIMI message id of the message answered. */
  inReplyTo?: Bytes | null;
}

/** A message of a local shape as MIMI content; the reverse of {@link fromMimiContent}. */
export function toMimiContent(content: MessageContent, kind: MessageKind, options: ToMimiOptions): MimiContent {
  const extensions: CborValue & { kind: 'map' } = {
    kind: 'map',
    entries: [
      { key: cborInt(1), value: cborText(options.senderUri) },
      { key: cborInt(2), value: cborText(options.room.roomUri) },
    ],
  };
  let body: NestedPart;
  if (TEXT_KINDS.includes(kind)) {
    body = textPart(MIMI_MARKDOWN, content.text);
  } else {
    if (!content.attachment) reject(`a ${kind} message needs its attachment`);
    const file = externalPart(content.attachment, options.room.assetBase);
    body = content.text === '' ? file : { disposition: Disposition.render, language: '', part: { cardinality: 'multi', semantics: 1, parts: [file, textPart(MIMI_MARKDOWN, content.text)] } };
  }
  return { salt: options.salt, replaces: null, topicId: new Uint8Array(), expires: null, inReplyTo: options.inReplyTo ?? null, extensions, body };
}

function externalPart(attachment: Attachment, assetBase: string): NestedPart {
  return {
    disposition: Disposition.attachment,
    language: '',
    part: {
      cardinality: 'external',
      contentType: attachment.mime,
      url: assetBase + attachment.blobId,
      expires: 0,
      // the file as stored and fetched: nonce, ciphertext and tag
      size: BigInt(attachment.size + BLOB_OVERHEAD),
      encAlg: AEAD_AES_256_GCM,
      key: B64u.decodeExact(attachment.key, 32),
      // the nonce is the stored file's first 12 bytes (§13.3 there), so the part leaves it empty
      nonce: new Uint8Array(),
      aad: BLOB_AAD,
      hashAlg: HASH_SHA_256,
      contentHash: B64u.decodeExact(attachment.sha256, 32),
      description: '',
      filename: attachment.name,
    },
  };
}

/** A received message: its content in the local shape, the room it is in and what it answers. */
export interface FromMimi {
  content: MessageContent;
  inReplyTo: Bytes | null;
}

/**
 * Reads MIMI content for a message of `kind`: text from its text/markdown or text/plain part, an attachment from its
 * external part (which must be encrypted the way this profile says). Anything else cannot be shown and is refused.
 */
export function fromMimiContent(mimi: MimiContent, kind: MessageKind, roomId: string): FromMimi {
  const parts = flatten(mimi.body);
  const texts = parts.flatMap(({ part }) => (part.cardinality === 'single' && /^text\/(plain|markdown)/i.test(part.contentType) ? [new TextDecoder().decode(part.content)] : []));
  const text = texts.join('\n');
  if (TEXT_KINDS.includes(kind)) {
    if (texts.length === 0) reject(`a ${kind} message without a text part`);
    return { content: { text }, inReplyTo: mimi.inReplyTo };
  }
  const external = parts.find((nested) => nested.part.cardinality === 'external');
  if (!external || external.part.cardinality !== 'external') return reject(`a ${kind} message without an external part`);
  const part = external.part;
  if (part.encAlg !== AEAD_AES_256_GCM || part.key.length !== 32) reject('an attachment must be encrypted with AEAD_AES_256_GCM (2) under a 32-byte key');
  if (part.hashAlg !== HASH_SHA_256 || part.contentHash.length !== 32) reject('an attachment must name its SHA-256 (hashAlg 1)');
  const size = Number(part.size) - BLOB_OVERHEAD;
  if (!Number.isSafeInteger(size) || size < 0) reject('an attachment is smaller than a nonce and a tag');
  const blobId = part.url.split('/').pop() ?? '';
  const attachment: Attachment = {
    blobId,
    key: B64u.encode(part.key),
    sha256: B64u.encode(part.contentHash),
    mime: part.contentType,
    size,
    name: part.filename,
    remote: { room: roomId, url: part.url },
  };
  return { content: { text, attachment }, inReplyTo: mimi.inReplyTo };
}

function flatten(part: NestedPart): NestedPart[] {
  return part.part.cardinality === 'multi' ? part.part.parts.flatMap(flatten) : [part];
}
