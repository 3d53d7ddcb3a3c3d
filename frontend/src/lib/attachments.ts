import { t } from '../i18n';
import {
  B64u,
  BLOB_OVERHEAD,
  bytesEqual,
  decryptBlob,
  encryptBlob,
  generateBlobKey,
  ProtocolError,
  type Attachment,
  type BlobReference,
  type Bytes,
  type MessageContent,
  type MessageKind,
} from '../protocol';
import { sha256 } from '../protocol/primitives';
import { ApiError, classifyUnauthorized, isOtherIdentitySession, parseApiError, signIn } from './api';

/**
 * Attachments (protocol §13.3, §13.5): the pure parts (kind, size limit, content document, checks of
 * a fetched blob) and the browser parts (upload with progress, download, thumbnails).
 */

/** The server's default `switchboard.blobs.max-bytes`: 16 MiB of encrypted blob. */
export const MAX_BLOB_BYTES = 16 * 1024 * 1024;
/** The largest file that fits: the blob is 28 bytes longer than the file. */
export const MAX_ATTACHMENT_BYTES = MAX_BLOB_BYTES - BLOB_OVERHEAD;
/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_MAX_PX = 320;


export type AttachmentKind = Extract<MessageKind, 'image' | 'video' | 'voice' | 'document'>;

/** image/*, video/*, audio/* (as voice); everything else is a document. */
export function attachmentKindFor(mime: string): AttachmentKind {
  const type = mime.trim().toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'voice';
  return 'document';
}

/** The MIME type to send: the browser's guess, or application/octet-stream when it has none. */
export function mimeOf(type: string | undefined | null): string {
  const mime = (type ?? '').trim();
  return mime === '' ? 'application/octet-stream' : mime;
}

/** "512 B", "1.5 KB", "3.2 MB" (1024-based). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

/** Null when a file of this size may be sent; otherwise a sentence for people. */
export function attachmentSizeError(size: number, name = t('components:attachment.thisFile')): string | null {
  if (size > MAX_ATTACHMENT_BYTES) return t('components:attachment.tooLarge', { name, size: formatSize(size), limit: formatSize(MAX_BLOB_BYTES) });
  return null;
}

/** The reference to an uploaded blob: `sha256` and `size` of the plaintext (§13.3). */
export async function blobReference(blobId: string, key: Uint8Array, plaintext: Uint8Array, mime: string): Promise<BlobReference> {
  return {
    blobId,
    key: B64u.encode(key),
    sha256: B64u.encode(await sha256(Uint8Array.from(plaintext))),
    mime,
    size: plaintext.length,
  };
}

/** The content document of an attachment message; the caption may be empty. */
export function attachmentContent(caption: string, file: BlobReference, name: string, thumbnail?: BlobReference): MessageContent {
  const attachment: Attachment = { ...file, name };
  if (thumbnail) attachment.thumbnail = thumbnail;
  return { text: caption, attachment };
}

/** Raised when a fetched blob is not what the message describes. */
export class AttachmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttachmentError';
  }
}

/** Checks a blob id is of the form this server issues (b64u of 16 bytes) before fetching it. */
export function checkBlobId(blobId: string): void {
  try {
    B64u.decodeExact(blobId, 16);
  } catch {
    throw new AttachmentError(`not a blob id this server issues: ${blobId}`);
  }
}

/**
 * Checks and decrypts a fetched blob: exactly `size` + 28 bytes, decrypts under `key`, SHA-256 of
 * the plaintext is `sha256`. Throws AttachmentError otherwise.
 */
export async function openBlob(blob: Uint8Array, reference: BlobReference): Promise<Bytes> {
  if (blob.length !== reference.size + BLOB_OVERHEAD) throw new AttachmentError('the blob does not have the size the message names');
  let plaintext: Bytes;
  try {
    plaintext = await decryptBlob(B64u.decodeExact(reference.key, 32), blob);
  } catch (error) {
    if (error instanceof ProtocolError) throw new AttachmentError('the blob could not be decrypted');
    throw error;
  }
  const expected = B64u.decodeExact(reference.sha256, 32);
  if (!bytesEqual(await sha256(plaintext), expected)) throw new AttachmentError('the attachment does not have the SHA-256 the message names');
  return plaintext;
}

/** Encrypts under a fresh key: the blob to upload and the key. */
export async function sealFile(plaintext: Uint8Array): Promise<{ key: Bytes; blob: Bytes }> {
  const key = generateBlobKey();
  return { key, blob: await encryptBlob(key, plaintext) };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface UploadAnswer {
  blobId: string;
  size: number;
}

function xhrUpload(path: string, body: Uint8Array, onProgress?: (fraction: number) => void): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    if (onProgress) {
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
    }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          const answer = JSON.parse(xhr.responseText) as UploadAnswer;
          if (typeof answer?.blobId !== 'string' || answer.blobId === '') throw new Error('no blobId');
          resolve(answer);
        } catch {
          reject(new ApiError(xhr.status, 'invalid_answer', 'The server answered the upload with something unexpected.'));
        }
      } else {
        reject(parseApiError(xhr.status, xhr.responseText));
      }
    };
    xhr.onerror = () => reject(parseApiError(0, undefined));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    xhr.send(new Blob([Uint8Array.from(body)], { type: 'application/octet-stream' }));
  });
}

function needsSignIn(error: unknown): boolean {
  return error instanceof ApiError && (isOtherIdentitySession(error) || classifyUnauthorized(error) === 'reauthenticate');
}

/**
 * Where a file is uploaded: a conversation at this provider (its id), or a customer's chat with a business at another
 * provider (docs/protocol.md §16.1), whose business's provider fetches the file from this one.
 */
export type UploadTarget = string | { remoteChat: string };

/**
 * POST /api/blobs?conversation=… (or a remote chat's POST /api/federation/remote-chats/{id}/blobs) with upload progress;
 * signs in again once when the session lapsed.
 */
export async function uploadBlob(target: UploadTarget, blob: Uint8Array, onProgress?: (fraction: number) => void): Promise<UploadAnswer> {
  const path =
    typeof target === 'string'
      ? `/api/blobs?conversation=${encodeURIComponent(target)}`
      : `/api/federation/remote-chats/${encodeURIComponent(target.remoteChat)}/blobs`;
  try {
    return await xhrUpload(path, blob, onProgress);
  } catch (error) {
    if (!needsSignIn(error)) throw error;
    await signIn();
    return xhrUpload(path, blob, onProgress);
  }
}

async function fetchBlobOnce(blobId: string): Promise<Response> {
  try {
    return await fetch(`/api/blobs/${encodeURIComponent(blobId)}`, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw parseApiError(0, undefined);
  }
}

/** GET /api/blobs/{id}: the encrypted bytes (signs in again once when the session lapsed). */
export async function fetchBlob(blobId: string): Promise<Uint8Array> {
  checkBlobId(blobId);
  let response = await fetchBlobOnce(blobId);
  if (!response.ok) {
    const error = parseApiError(response.status, await response.text());
    if (!needsSignIn(error)) throw error;
    await signIn();
    response = await fetchBlobOnce(blobId);
    if (!response.ok) throw parseApiError(response.status, await response.text());
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * A third-party chat's file, fetched from the peer by this provider so the peer never sees this browser's address:
 * GET /api/federation/rooms/{room}/download for the business's devices, /api/federation/remote-chats/{chat}/download
 * for a customer's.
 */
export async function fetchRemoteBlob(remote: { room: string; url: string; chat?: string }): Promise<Uint8Array> {
  const where = remote.chat !== undefined ? `remote-chats/${encodeURIComponent(remote.chat)}` : `rooms/${encodeURIComponent(remote.room)}`;
  const path = `/api/federation/${where}/download?url=${encodeURIComponent(remote.url)}`;
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw parseApiError(0, undefined);
  }
  if (!response.ok) throw parseApiError(response.status, await response.text());
  return new Uint8Array(await response.arrayBuffer());
}

/** Fetches, checks and decrypts one blob (an attachment or a thumbnail). */
export async function downloadBlob(reference: BlobReference & { remote?: { room: string; url: string; chat?: string } }): Promise<Bytes> {
  return openBlob(reference.remote ? await fetchRemoteBlob(reference.remote) : await fetchBlob(reference.blobId), reference);
}

// ---------------------------------------------------------------------------------------------
// Sending

export type UploadStage = 'encrypting' | 'uploading' | 'thumbnail' | 'sending';

export interface UploadProgress {
  stage: UploadStage;
  /** 0..1 of the file's upload, when known. */
  fraction: number | null;
}

/** A JPEG thumbnail of an image file (longest side at most 320 px), or null when the browser cannot draw it. */
export async function makeThumbnail(file: Blob): Promise<Bytes | null> {
  if (typeof createImageBitmap !== 'function' || typeof document === 'undefined') return null;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return null;
  }
  try {
    const scale = Math.min(1, THUMBNAIL_MAX_PX / Math.max(bitmap.width, bitmap.height, 1));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) return null;
    context.drawImage(bitmap, 0, 0, width, height);
    const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    return jpeg ? new Uint8Array(await jpeg.arrayBuffer()) : null;
  } finally {
    bitmap.close();
  }
}

/**
 * Encrypts and uploads a file (and, for images, a thumbnail), and returns the content document and
 * kind to send. Refuses files over the limit before anything is uploaded.
 */
export async function uploadAttachment(
  conversation: UploadTarget,
  file: File,
  caption: string,
  onProgress: (progress: UploadProgress) => void = () => undefined,
): Promise<{ kind: AttachmentKind; content: MessageContent }> {
  const tooLarge = attachmentSizeError(file.size, file.name || 'This file');
  if (tooLarge) throw new AttachmentError(tooLarge);
  const mime = mimeOf(file.type);
  const kind = attachmentKindFor(mime);
  onProgress({ stage: 'encrypting', fraction: null });
  const plaintext = new Uint8Array(await file.arrayBuffer());
  const sealed = await sealFile(plaintext);
  onProgress({ stage: 'uploading', fraction: 0 });
  const uploaded = await uploadBlob(conversation, sealed.blob, (fraction) => onProgress({ stage: 'uploading', fraction }));
  const reference = await blobReference(uploaded.blobId, sealed.key, plaintext, mime);
  let thumbnail: BlobReference | undefined;
  if (kind === 'image') {
    onProgress({ stage: 'thumbnail', fraction: null });
    const small = await makeThumbnail(file);
    if (small) {
      const sealedThumbnail = await sealFile(small);
      const answer = await uploadBlob(conversation, sealedThumbnail.blob);
      thumbnail = await blobReference(answer.blobId, sealedThumbnail.key, small, 'image/jpeg');
    }
  }
  onProgress({ stage: 'sending', fraction: null });
  return { kind, content: attachmentContent(caption, reference, file.name, thumbnail) };
}

/** A sentence for an attachment that could not be sent. */
export function attachmentSendErrorText(error: unknown): string {
  if (error instanceof AttachmentError) return error.message;
  if (error instanceof ApiError) {
    if (error.code === 'attachment_too_large') {
      return typeof error.details.limit === 'number'
        ? t('components:attachment.notSentTooLargeLimit', { limit: formatSize(error.details.limit) })
        : t('components:attachment.notSentTooLarge');
    }
    if (error.status === 0) return t('components:attachment.notSentOffline');
    return t('components:attachment.notSentBecause', { reason: error.message });
  }
  if (error instanceof Error && error.message) return t('components:attachment.notSentBecause', { reason: error.message });
  return t('components:attachment.notSent');
}

// ---------------------------------------------------------------------------------------------
// Showing and saving

/** Saves bytes as a file through a temporary object URL (revoked right after the click). */
export function saveBytes(bytes: Uint8Array, name: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([Uint8Array.from(bytes)], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name || 'attachment';
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by then; some browsers need the URL alive for that tick.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads, checks and saves an attachment. */
export async function saveAttachment(attachment: Attachment): Promise<void> {
  const plaintext = await downloadBlob(attachment);
  saveBytes(plaintext, attachment.name, attachment.mime);
}

const THUMBNAIL_CACHE_LIMIT = 100;
/** Decrypted thumbnails by blob id (object URLs, revoked when evicted or released). */
const thumbnails = new Map<string, Promise<string | null>>();

function revoke(entry: Promise<string | null>): void {
  void entry.then((url) => {
    if (url) URL.revokeObjectURL(url);
  });
}

/** An object URL of the decrypted thumbnail, or null when it could not be opened. Cached. */
export function thumbnailUrl(reference: BlobReference): Promise<string | null> {
  const known = thumbnails.get(reference.blobId);
  if (known) {
    thumbnails.delete(reference.blobId);
    thumbnails.set(reference.blobId, known);
    return known;
  }
  const load = downloadBlob(reference).then(
    (bytes) => URL.createObjectURL(new Blob([bytes], { type: reference.mime.startsWith('image/') ? reference.mime : 'image/jpeg' })),
    () => {
      // Not cached: a later render tries again (the failure may have been the network).
      if (thumbnails.get(reference.blobId) === load) thumbnails.delete(reference.blobId);
      return null;
    },
  );
  thumbnails.set(reference.blobId, load);
  while (thumbnails.size > THUMBNAIL_CACHE_LIMIT) {
    const oldest = thumbnails.keys().next().value as string;
    revoke(thumbnails.get(oldest)!);
    thumbnails.delete(oldest);
  }
  return load;
}

/** Revokes the object URLs of all thumbnails except those whose blob id is in `keep`. */
export function releaseThumbnails(keep: ReadonlySet<string> = new Set()): void {
  for (const [blobId, entry] of [...thumbnails]) {
    if (keep.has(blobId)) continue;
    revoke(entry);
    thumbnails.delete(blobId);
  }
}
