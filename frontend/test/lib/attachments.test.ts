import { describe, expect, it, vi } from 'vitest';
import {
  AttachmentError,
  attachmentContent,
  attachmentKindFor,
  attachmentSendErrorText,
  attachmentSizeError,
  blobReference,
  checkBlobId,
  fetchRemoteBlob,
  formatSize,
  MAX_ATTACHMENT_BYTES,
  MAX_BLOB_BYTES,
  mimeOf,
  openBlob,
  sealFile,
} from '../../src/lib/attachments';
import { ApiError } from '../../src/lib/api';
import { threadEntries } from '../../src/lib/threadEntries';
import { progressText } from '../../src/lib/uploadProgress';
import type { LocalMessage } from '../../src/lib/messageStore';
import { B64u, BLOB_OVERHEAD, encodeMessageContent, parseMessageContent, utf8 } from '../../src/protocol';

const BLOB_ID = B64u.encode(new Uint8Array(16).fill(7));
const THUMB_ID = B64u.encode(new Uint8Array(16).fill(9));

describe('attachment kind from MIME type', () => {
  it('maps image, video and audio, everything else is a document', () => {
    expect(attachmentKindFor('image/png')).toBe('image');
    expect(attachmentKindFor('IMAGE/JPEG')).toBe('image');
    expect(attachmentKindFor('video/mp4')).toBe('video');
    expect(attachmentKindFor('audio/ogg')).toBe('voice');
    expect(attachmentKindFor('application/pdf')).toBe('document');
    expect(attachmentKindFor('text/plain')).toBe('document');
    expect(attachmentKindFor('')).toBe('document');
    expect(attachmentKindFor(mimeOf(''))).toBe('document');
    expect(mimeOf('')).toBe('application/octet-stream');
    expect(mimeOf(' image/gif ')).toBe('image/gif');
  });
});

describe('size check', () => {
  it('accepts files whose blob fits 16 MiB and refuses larger ones before uploading', () => {
    expect(MAX_BLOB_BYTES).toBe(16 * 1024 * 1024);
    expect(MAX_ATTACHMENT_BYTES).toBe(MAX_BLOB_BYTES - BLOB_OVERHEAD);
    expect(attachmentSizeError(0)).toBeNull();
    expect(attachmentSizeError(MAX_ATTACHMENT_BYTES)).toBeNull();
    const message = attachmentSizeError(MAX_ATTACHMENT_BYTES + 1, 'big.mov');
    expect(message).toContain('big.mov');
    expect(message).toContain('16 MB');
    expect(attachmentSizeError(40 * 1024 * 1024)).toMatch(/^This file is 40 MB/);
  });

  it('formats sizes', () => {
    expect(formatSize(0)).toBe('0 B');
    expect(formatSize(1023)).toBe('1023 B');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(5 * 1024 * 1024)).toBe('5 MB');
  });

  it('explains a 413 from the server', () => {
    const error = new ApiError(413, 'attachment_too_large', 'too large', { limit: MAX_BLOB_BYTES });
    expect(attachmentSendErrorText(error)).toBe('The attachment was not sent: the file is too large (at most 16 MB).');
    expect(attachmentSendErrorText(new ApiError(0, 'network_error', 'x'))).toContain('could not be reached');
    expect(attachmentSendErrorText(new AttachmentError('Too big.'))).toBe('Too big.');
  });
});

describe('content document', () => {
  it('describes the plaintext and round-trips through encode and parse', async () => {
    const file = utf8('hello attachment');
    const sealed = await sealFile(file);
    expect(sealed.blob.length).toBe(file.length + BLOB_OVERHEAD);
    const reference = await blobReference(BLOB_ID, sealed.key, file, 'application/pdf');
    expect(reference.size).toBe(file.length);
    expect(reference.key).toBe(B64u.encode(sealed.key));
    expect(reference.sha256).toBe(B64u.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', file))));
    const content = attachmentContent('see this', reference, 'report.pdf');
    expect(content.attachment).not.toHaveProperty('thumbnail');
    const parsed = parseMessageContent(encodeMessageContent(content, 'document'), 'document');
    expect(parsed).toEqual({ text: 'see this', attachment: { ...reference, name: 'report.pdf' } });
  });

  it('carries a thumbnail as its own blob reference', async () => {
    const image = new Uint8Array([1, 2, 3, 4]);
    const small = new Uint8Array([5, 6]);
    const a = await sealFile(image);
    const b = await sealFile(small);
    const content = attachmentContent(
      '',
      await blobReference(BLOB_ID, a.key, image, 'image/png'),
      'cat.png',
      await blobReference(THUMB_ID, b.key, small, 'image/jpeg'),
    );
    const parsed = parseMessageContent(encodeMessageContent(content, 'image'), 'image');
    expect(parsed.text).toBe('');
    expect(parsed.attachment?.thumbnail).toEqual({ blobId: THUMB_ID, key: B64u.encode(b.key), sha256: content.attachment!.thumbnail!.sha256, mime: 'image/jpeg', size: 2 });
    expect(parsed.attachment?.thumbnail?.key).not.toBe(parsed.attachment?.key);
  });
});

describe('opening a fetched blob', () => {
  it('returns the plaintext when length and SHA-256 match', async () => {
    const file = utf8('the real file');
    const sealed = await sealFile(file);
    const reference = await blobReference(BLOB_ID, sealed.key, file, 'text/plain');
    expect(await openBlob(sealed.blob, reference)).toEqual(file);
  });

  it('refuses a blob whose plaintext has another SHA-256', async () => {
    const file = utf8('the real file');
    const sealed = await sealFile(file);
    const reference = await blobReference(BLOB_ID, sealed.key, utf8('another file!'), 'text/plain');
    expect(reference.size).toBe(file.length);
    await expect(openBlob(sealed.blob, reference)).rejects.toThrow(/SHA-256/);
    await expect(openBlob(sealed.blob, reference)).rejects.toBeInstanceOf(AttachmentError);
  });

  it('refuses a blob of the wrong length, a wrong key and a changed byte', async () => {
    const file = utf8('the real file');
    const sealed = await sealFile(file);
    const reference = await blobReference(BLOB_ID, sealed.key, file, 'text/plain');
    await expect(openBlob(sealed.blob.subarray(1), reference)).rejects.toThrow(/size/);
    await expect(openBlob(sealed.blob, { ...reference, size: file.length + 1 })).rejects.toThrow(/size/);
    const other = await sealFile(file);
    await expect(openBlob(sealed.blob, { ...reference, key: B64u.encode(other.key) })).rejects.toBeInstanceOf(AttachmentError);
    const changed = Uint8Array.from(sealed.blob);
    changed[20] ^= 1;
    await expect(openBlob(changed, reference)).rejects.toBeInstanceOf(AttachmentError);
  });

  it('fetches only blob ids the server issues', () => {
    expect(() => checkBlobId(BLOB_ID)).not.toThrow();
    expect(() => checkBlobId('../devices')).toThrow(AttachmentError);
    expect(() => checkBlobId('')).toThrow(AttachmentError);
  });
});

describe('thread entries and progress', () => {
  it('passes the attachment of a stored message to the thread, not of an undecryptable one', async () => {
    const file = utf8('x');
    const sealed = await sealFile(file);
    const content = attachmentContent('caption', await blobReference(BLOB_ID, sealed.key, file, 'application/pdf'), 'a.pdf');
    const base: LocalMessage = {
      device: 'me',
      conversation: 'c',
      seq: 1,
      clientMessageId: 'm1',
      sender: 'other',
      side: 'business',
      senderName: null,
      kind: 'document',
      text: 'caption',
      status: 'received',
      sentAt: 1,
      storedAt: null,
      attachmentName: 'a.pdf',
      attachment: content.attachment,
    };
    const entries = threadEntries([base, { ...base, seq: 2, clientMessageId: 'm2', status: 'undecryptable', text: null }], [], {
      mySide: 'customer',
      myDeviceId: 'me',
      otherReceipt: undefined,
    });
    expect(entries[0].attachment).toEqual(content.attachment);
    expect(entries[1].attachment).toBeUndefined();
  });

  it('describes upload stages', () => {
    expect(progressText({ stage: 'uploading', fraction: 0.426 })).toBe('Uploading\u2026 43%');
    expect(progressText({ stage: 'uploading', fraction: null })).toBe('Uploading\u2026');
    expect(progressText({ stage: 'encrypting', fraction: null })).toBe('Encrypting\u2026');
  });
});

describe('fetchRemoteBlob', () => {
  it("asks the business's room download on a business device and the remote chat's on a customer's page", async () => {
    const fetched: string[] = [];
    vi.stubGlobal('fetch', async (path: string) => {
      fetched.push(path);
      return new Response(new Uint8Array([1, 2, 3]));
    });
    try {
      const url = 'https://peer.test/v1/assets/abc';
      expect(await fetchRemoteBlob({ room: 'room-1', url })).toEqual(new Uint8Array([1, 2, 3]));
      await fetchRemoteBlob({ room: 'room-1', url, chat: 'chat-1' });
      expect(fetched).toEqual([
        `/api/federation/rooms/room-1/download?url=${encodeURIComponent(url)}`,
        `/api/federation/remote-chats/chat-1/download?url=${encodeURIComponent(url)}`,
      ]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
