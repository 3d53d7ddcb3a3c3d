import { B64u } from './b64u';
import { utf8, type Bytes } from './bytes';
import { canonicalJson } from './canonicalJson';
import type { MessageKind } from './envelope';
import { KEY_LENGTH } from './primitives';
import { ProtocolError } from './protocolError';

/**
 * A blob's reference inside content (§13.3); `key` and `sha256` are b64u of 32 bytes. `sha256` and
 * `size` are of the plaintext (the file before encryption; the blob is 28 bytes longer).
 */
export interface BlobReference {
  blobId: string;
  key: string;
  sha256: string;
  mime: string;
  size: number;
}

export interface Attachment extends BlobReference {
  name: string;
  thumbnail?: BlobReference;
  /**
   * Set for a file a third-party chat's peer holds (MIMI content, docs/interop.md §1): its URL there and the room,
   * so the reader's own provider fetches it; `chat` on a customer's page, for the customer's remote chat
   * (docs/protocol.md §16.1) rather than the business's room. Never part of the JSON content.
   */
  remote?: { room: string; url: string; chat?: string };
}

/** The decrypted content: `{"text"}` for text, note, whisper and feedback, `{"text", "attachment"}` for the others. */
export interface MessageContent {
  text: string;
  attachment?: Attachment;
}

const TEXT_KINDS: readonly MessageKind[] = ['text', 'note', 'whisper', 'feedback'];
const BLOB_MEMBERS = ['blobId', 'key', 'mime', 'sha256', 'size'];
const ATTACHMENT_MEMBERS = [...BLOB_MEMBERS, 'name'].sort();
const ATTACHMENT_WITH_THUMBNAIL_MEMBERS = [...ATTACHMENT_MEMBERS, 'thumbnail'].sort();

function reject(message: string): never {
  throw new ProtocolError('invalid-content', message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasExactly(value: Record<string, unknown>, members: readonly string[]): boolean {
  const names = Object.keys(value).sort();
  return names.length === members.length && names.every((name, i) => name === members[i]);
}

function is32Bytes(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    B64u.decodeExact(text, KEY_LENGTH);
    return true;
  } catch {
    return false;
  }
}

function checkBlob(value: unknown, members: readonly string[], what: string): void {
  if (!isRecord(value) || !hasExactly(value, members)) reject(`${what} must have exactly ${members.join(', ')}`);
  if (typeof value.blobId !== 'string' || value.blobId.length === 0) reject(`${what}.blobId must be a string`);
  if (!is32Bytes(value.key) || !is32Bytes(value.sha256)) reject(`${what}.key and sha256 must be b64u of 32 bytes`);
  if (typeof value.mime !== 'string' || value.mime.length === 0) reject(`${what}.mime must be a string`);
  if (typeof value.size !== 'number' || !Number.isSafeInteger(value.size) || value.size < 0) {
    reject(`${what}.size must be a non-negative integer`);
  }
}

function checkContent(value: unknown, kind: MessageKind): MessageContent {
  const textOnly = TEXT_KINDS.includes(kind);
  if (!isRecord(value) || !hasExactly(value, textOnly ? ['text'] : ['attachment', 'text'])) {
    reject(textOnly ? `${kind} content is exactly {"text"}` : `${kind} content is exactly {"text", "attachment"}`);
  }
  if (typeof value.text !== 'string') reject('text must be a string');
  if (!textOnly) {
    const attachment = value.attachment;
    const withThumbnail = isRecord(attachment) && Object.hasOwn(attachment, 'thumbnail');
    checkBlob(attachment, withThumbnail ? ATTACHMENT_WITH_THUMBNAIL_MEMBERS : ATTACHMENT_MEMBERS, 'attachment');
    if (typeof (attachment as Record<string, unknown>).name !== 'string') reject('attachment.name must be a string');
    if (withThumbnail) checkBlob((attachment as Record<string, unknown>).thumbnail, BLOB_MEMBERS, 'thumbnail');
  }
  return value as unknown as MessageContent;
}

/** UTF-8 CJSON of the content, after checking it fits the kind. */
export function encodeMessageContent(content: MessageContent, kind: MessageKind): Bytes {
  checkContent(content, kind);
  return utf8(canonicalJson(content));
}

/**
 * Strict: valid UTF-8, exactly the CJSON text of a content of this kind (so no duplicate or unknown
 * members, no whitespace, no other number forms), every member of the right type.
 */
export function parseMessageContent(bytes: Uint8Array, kind: MessageKind): MessageContent {
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    value = JSON.parse(text);
  } catch {
    return reject('content is not UTF-8 JSON');
  }
  const content = checkContent(value, kind);
  if (canonicalJson(content) !== text) reject('content is not canonical JSON');
  return content;
}

/** `{"text": text}` as UTF-8 CJSON: the content of a text message or a note. */
export function textContent(text: string): Bytes {
  return encodeMessageContent({ text }, 'text');
}

/** The text of text or note content; refuses anything but exactly `{"text": <string>}`. */
export function contentText(bytes: Uint8Array): string {
  return parseMessageContent(bytes, 'text').text;
}
