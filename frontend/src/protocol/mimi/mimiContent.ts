import { concatBytes, utf8, type Bytes } from '../bytes';
import { sha256 } from '../primitives';
import { ProtocolError } from '../protocolError';
import {
  CBOR_FALSE,
  CBOR_NULL,
  CBOR_TRUE,
  cborArray,
  cborBytes,
  cborEquals,
  cborInt,
  cborText,
  decodeCbor,
  encodeCbor,
  type CborValue,
} from './cbor';

/**
 * A message in the MIMI content format (draft-ietf-mimi-content-08), mirroring Java's `MimiContent`:
 * the CBOR array `[salt, replaces, topicId, expires, inReplyTo, extensions, body]`. Third-party chats
 * carry it inside the end-to-end envelope (docs/interop.md), so only clients read it.
 */
export interface MimiContent {
  salt: Bytes;
  /** The message id this one edits or deletes. */
  replaces: Bytes | null;
  topicId: Bytes;
  /** `relative` false: `time` is seconds since the epoch; true: seconds visible after it is read. */
  expires: { relative: boolean; time: number } | null;
  inReplyTo: Bytes | null;
  /** Key 1 is the sender URI, 2 the room URI, in the draft's examples. */
  extensions: CborValue & { kind: 'map' };
  body: NestedPart;
}

export interface NestedPart {
  disposition: number;
  language: string;
  part: Part;
}

export type Part =
  | { cardinality: 'null' }
  | { cardinality: 'single'; contentType: string; content: Bytes }
  | ({ cardinality: 'external' } & ExternalPart)
  | { cardinality: 'multi'; semantics: 0 | 1 | 2; parts: NestedPart[] };

/** Content stored elsewhere: `encAlg` 1 is AES-128-GCM (0: not encrypted), `hashAlg` 1 is SHA-256. */
export interface ExternalPart {
  contentType: string;
  url: string;
  expires: number;
  size: bigint;
  encAlg: number;
  key: Bytes;
  nonce: Bytes;
  aad: Bytes;
  hashAlg: number;
  contentHash: Bytes;
  description: string;
  filename: string;
}

export const MIMI_MEDIA_TYPE = 'application/mimi-content';
export const MIMI_MARKDOWN = 'text/markdown;variant=GFM-MIMI';
export const MIMI_PLAIN_TEXT = 'text/plain;charset=utf-8';
export const MAX_NESTING = 4;
export const Disposition = { render: 1, reaction: 2, inline: 4, attachment: 6 } as const;
const CARDINALITY = { null: 0, single: 1, external: 2, multi: 3 } as const;
const UINT32 = 0xffffffff;

function reject(message: string): never {
  throw new ProtocolError('invalid-mimi-content', `MIMI content: ${message}`);
}

export function encodeMimiContent(content: MimiContent): Bytes {
  checkContent(content);
  const expires = content.expires
    ? cborArray([content.expires.relative ? CBOR_TRUE : CBOR_FALSE, cborInt(content.expires.time)])
    : CBOR_NULL;
  return encodeCbor(
    cborArray([
      cborBytes(content.salt),
      orNull(content.replaces),
      cborBytes(content.topicId),
      expires,
      orNull(content.inReplyTo),
      content.extensions,
      encodePart(content.body),
    ]),
  );
}

/** Refuses anything that is not deterministic CBOR of the draft's schema. */
export function decodeMimiContent(encoded: Uint8Array): MimiContent {
  const fields = array(decodeCbor(encoded), 7, 'the message');
  const extensions = fields[5]!;
  if (extensions.kind !== 'map') reject('extensions is not a map');
  const content: MimiContent = {
    salt: bytes(fields[0]!, 'salt'),
    replaces: nullableBytes(fields[1]!, 'replaces'),
    topicId: bytes(fields[2]!, 'topicId'),
    expires: expiration(fields[3]!),
    inReplyTo: nullableBytes(fields[4]!, 'inReplyTo'),
    extensions,
    body: decodePart(fields[6]!, 1),
  };
  checkContent(content);
  return content;
}

/**
 * The message id (content draft §"Message ID"): 0x01, then the first 31 bytes of SHA-256 over both
 * URIs (each after its 16-bit big-endian length), the encoded message and the salt again.
 */
export async function mimiMessageId(content: MimiContent, senderUri: string, roomUri: string): Promise<Bytes> {
  const digest = await sha256(
    concatBytes(lengthPrefixed(senderUri), lengthPrefixed(roomUri), encodeMimiContent(content), content.salt),
  );
  return concatBytes(Uint8Array.of(1), digest.subarray(0, 31));
}

/** The text of a body that is a single text/plain or text/markdown part, or null. */
export function mimiText(content: MimiContent): string | null {
  const part = content.body.part;
  if (part.cardinality === 'single' && /^text\/(plain|markdown)/.test(part.contentType)) {
    return new TextDecoder().decode(part.content);
  }
  return null;
}

export function textPart(contentType: string, text: string): NestedPart {
  return { disposition: Disposition.render, language: '', part: { cardinality: 'single', contentType, content: utf8(text) } };
}

function lengthPrefixed(uri: string): Bytes {
  const bytes = utf8(uri);
  if (bytes.length > 0xffff) reject('a URI longer than 65535 bytes');
  return concatBytes(Uint8Array.of(bytes.length >> 8, bytes.length & 0xff), bytes);
}

function checkContent(content: MimiContent): void {
  if (content.salt.length !== 16) reject('salt is 16 bytes');
  if (content.replaces && content.replaces.length !== 32) reject('replaces is 32 bytes');
  if (content.inReplyTo && content.inReplyTo.length !== 32) reject('inReplyTo is 32 bytes');
  if (content.expires && !(Number.isInteger(content.expires.time) && content.expires.time >= 0 && content.expires.time <= UINT32)) {
    reject('an expiry time is a 32-bit unsigned number');
  }
  checkDepth(content.body, 1);
}

function checkDepth(part: NestedPart, depth: number): void {
  if (depth > MAX_NESTING) reject(`parts nest deeper than ${MAX_NESTING}`);
  if (part.part.cardinality === 'multi') {
    if (part.part.parts.length < 2) reject('a multipart holds at least two parts');
    for (const child of part.part.parts) checkDepth(child, depth + 1);
  }
}

function encodePart(nested: NestedPart): CborValue {
  const items: CborValue[] = [cborInt(nested.disposition), cborText(nested.language)];
  const part = nested.part;
  items.push(cborInt(CARDINALITY[part.cardinality]));
  switch (part.cardinality) {
    case 'null':
      break;
    case 'single':
      items.push(cborText(part.contentType), cborBytes(part.content));
      break;
    case 'external':
      items.push(
        cborText(part.contentType),
        cborText(part.url),
        cborInt(part.expires),
        cborInt(part.size),
        cborInt(part.encAlg),
        cborBytes(part.key),
        cborBytes(part.nonce),
        cborBytes(part.aad),
        cborInt(part.hashAlg),
        cborBytes(part.contentHash),
        cborText(part.description),
        cborText(part.filename),
      );
      break;
    case 'multi':
      items.push(cborInt(part.semantics), cborArray(part.parts.map(encodePart)));
  }
  return cborArray(items);
}

function decodePart(value: CborValue, depth: number): NestedPart {
  if (depth > MAX_NESTING) reject(`parts nest deeper than ${MAX_NESTING}`);
  if (value.kind !== 'array' || value.items.length < 3) reject('a part is not an array of at least 3 items');
  const items = value.items;
  const disposition = integer(items[0]!, 'disposition', 255);
  const language = text(items[1]!, 'language');
  const cardinality = integer(items[2]!, 'cardinality', 3);
  const size = (expected: number) => {
    if (items.length !== expected) reject(`a part of this cardinality has ${expected} items, not ${items.length}`);
  };
  let part: Part;
  if (cardinality === 0) {
    size(3);
    part = { cardinality: 'null' };
  } else if (cardinality === 1) {
    size(5);
    part = { cardinality: 'single', contentType: text(items[3]!, 'contentType'), content: bytes(items[4]!, 'content') };
  } else if (cardinality === 2) {
    size(15);
    part = {
      cardinality: 'external',
      contentType: text(items[3]!, 'contentType'),
      url: text(items[4]!, 'url'),
      expires: integer(items[5]!, 'expires', UINT32),
      size: bigInteger(items[6]!, 'size'),
      encAlg: integer(items[7]!, 'encAlg', 0xffff),
      key: bytes(items[8]!, 'key'),
      nonce: bytes(items[9]!, 'nonce'),
      aad: bytes(items[10]!, 'aad'),
      hashAlg: integer(items[11]!, 'hashAlg', 0xff),
      contentHash: bytes(items[12]!, 'contentHash'),
      description: text(items[13]!, 'description'),
      filename: text(items[14]!, 'filename'),
    };
  } else {
    size(5);
    const semantics = integer(items[3]!, 'partSemantics', 2) as 0 | 1 | 2;
    part = { cardinality: 'multi', semantics, parts: array(items[4]!, -1, 'parts').map((item) => decodePart(item, depth + 1)) };
  }
  return { disposition, language, part };
}

function expiration(value: CborValue): MimiContent['expires'] {
  if (cborEquals(value, CBOR_NULL)) return null;
  const [relative, time] = array(value, 2, 'expires');
  if (!cborEquals(relative!, CBOR_TRUE) && !cborEquals(relative!, CBOR_FALSE)) reject('expires.relative is not a boolean');
  return { relative: cborEquals(relative!, CBOR_TRUE), time: integer(time!, 'expires.time', UINT32) };
}

function array(value: CborValue, size: number, what: string): CborValue[] {
  if (value.kind !== 'array' || (size >= 0 && value.items.length !== size)) {
    reject(`${what} is not an array${size >= 0 ? ` of ${size}` : ''}`);
  }
  return value.items;
}

function integer(value: CborValue, field: string, max: number): number {
  if (value.kind !== 'int' || value.value < 0n || value.value > BigInt(max)) reject(`${field} is not an unsigned integer up to ${max}`);
  return Number(value.value);
}

function bigInteger(value: CborValue, field: string): bigint {
  if (value.kind !== 'int' || value.value < 0n) reject(`${field} is not an unsigned integer`);
  return value.value;
}

function text(value: CborValue, field: string): string {
  if (value.kind !== 'text') reject(`${field} is not a text string`);
  return value.value;
}

function bytes(value: CborValue, field: string): Bytes {
  if (value.kind !== 'bytes') reject(`${field} is not a byte string`);
  return value.value;
}

function nullableBytes(value: CborValue, field: string): Bytes | null {
  return cborEquals(value, CBOR_NULL) ? null : bytes(value, field);
}

function orNull(value: Bytes | null): CborValue {
  return value ? cborBytes(value) : CBOR_NULL;
}
