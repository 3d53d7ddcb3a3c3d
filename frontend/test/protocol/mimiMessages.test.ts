import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { B64u } from '../../src/protocol/b64u';
import { utf8 } from '../../src/protocol/bytes';
import { textContent } from '../../src/protocol/messageContent';
import { cborInt, cborMapGet } from '../../src/protocol/mimi/cbor';
import { Disposition, MIMI_MARKDOWN, decodeMimiContent, encodeMimiContent, mimiMessageId } from '../../src/protocol/mimi/mimiContent';
import { AEAD_AES_256_GCM, BLOB_AAD, fromMimiContent, isMimiPayload, toMimiContent, type ThirdPartyRoom } from '../../src/protocol/mimi/messages';
import { ProtocolError } from '../../src/protocol/protocolError';

const VECTORS = resolve(__dirname, '../../../docs/vectors/mimi-content');
const room: ThirdPartyRoom = {
  roomId: 'R00000000000000000000w',
  source: 'a.example',
  roomUri: 'mimi://b.example/r/R00000000000000000000w',
  businessUri: 'mimi://b.example/u/+4915112345678',
  userUri: 'mimi://a.example/u/+4917000000001',
  assetBase: 'https://b.example:8443/v1/assets/',
};
const salt = new Uint8Array(16).fill(7);
const key = B64u.encode(new Uint8Array(32).fill(1));
const sha256 = B64u.encode(new Uint8Array(32).fill(2));
const photo = { blobId: 'QkxPQi0xMjM0NTY3ODkwMTI', key, sha256, mime: 'image/jpeg', size: 1000, name: 'receipt.jpg' };

/** What the peer's reader gets: the bytes on the wire, decoded again. */
const roundTrip = (bytes: Uint8Array) => decodeMimiContent(encodeMimiContent(decodeMimiContent(bytes)));

describe('a third-party chat message as MIMI content', () => {
  it('writes text as one text/markdown part with the sender and room, and reads it back', async () => {
    const mimi = toMimiContent({ text: 'Your **order** ships today' }, 'text', { salt, senderUri: room.businessUri, room });
    expect(mimi.body).toEqual({ disposition: Disposition.render, language: '', part: { cardinality: 'single', contentType: MIMI_MARKDOWN, content: utf8('Your **order** ships today') } });
    expect(cborMapGet(mimi.extensions, cborInt(1))).toEqual({ kind: 'text', value: room.businessUri });
    expect(cborMapGet(mimi.extensions, cborInt(2))).toEqual({ kind: 'text', value: room.roomUri });
    expect(mimi.replaces).toBeNull();
    expect(mimi.expires).toBeNull();
    const bytes = encodeMimiContent(mimi);
    expect(isMimiPayload(bytes)).toBe(true);
    expect(isMimiPayload(textContent('{"text"}'))).toBe(false);
    expect(fromMimiContent(roundTrip(bytes), 'text', room.roomId)).toEqual({ content: { text: 'Your **order** ships today' }, inReplyTo: null });
    // Every party computes the same id from the same bytes: the transport's idempotency key and what a reply names.
    expect(await mimiMessageId(roundTrip(bytes), room.businessUri, room.roomUri)).toEqual(await mimiMessageId(mimi, room.businessUri, room.roomUri));
  });

  it('carries a reply as inReplyTo, the answered message id', async () => {
    const answered = await mimiMessageId(toMimiContent({ text: 'Where is my parcel?' }, 'text', { salt, senderUri: room.userUri, room }), room.userUri, room.roomUri);
    const reply = toMimiContent({ text: 'On its way' }, 'text', { salt, senderUri: room.businessUri, room, inReplyTo: answered });
    expect(fromMimiContent(roundTrip(encodeMimiContent(reply)), 'text', room.roomId).inReplyTo).toEqual(answered);
  });

  it('writes an attachment as an external part at the sender’s provider, encrypted as the project’s blobs', () => {
    const mimi = toMimiContent({ text: '', attachment: photo }, 'image', { salt, senderUri: room.businessUri, room });
    expect(mimi.body.disposition).toBe(Disposition.attachment);
    expect(mimi.body.part).toEqual({
      cardinality: 'external',
      contentType: 'image/jpeg',
      url: 'https://b.example:8443/v1/assets/QkxPQi0xMjM0NTY3ODkwMTI',
      expires: 0,
      size: 1028n,
      encAlg: AEAD_AES_256_GCM,
      key: new Uint8Array(32).fill(1),
      nonce: new Uint8Array(),
      aad: BLOB_AAD,
      hashAlg: 1,
      contentHash: new Uint8Array(32).fill(2),
      description: '',
      filename: 'receipt.jpg',
    });
    expect(new TextDecoder().decode(BLOB_AAD)).toBe('switchboard/blob/v1\u0000');
  });

  it('reads an attachment with its caption back, with where the reader’s provider fetches it', () => {
    for (const kind of ['image', 'voice', 'video', 'document'] as const) {
      const mimi = toMimiContent({ text: 'The receipt', attachment: { ...photo, mime: `${kind}/x` } }, kind, { salt, senderUri: room.userUri, room });
      expect(mimi.body.part.cardinality).toBe('multi');
      const read = fromMimiContent(roundTrip(encodeMimiContent(mimi)), kind, room.roomId);
      expect(read.content).toEqual({
        text: 'The receipt',
        attachment: { ...photo, mime: `${kind}/x`, remote: { room: room.roomId, url: `${room.assetBase}${photo.blobId}` } },
      });
    }
  });

  it('refuses what it cannot show safely: another cipher, no hash, no text', () => {
    const mimi = toMimiContent({ text: '', attachment: photo }, 'document', { salt, senderUri: room.userUri, room });
    const part = mimi.body.part as Extract<typeof mimi.body.part, { cardinality: 'external' }>;
    expect(() => fromMimiContent({ ...mimi, body: { ...mimi.body, part: { ...part, encAlg: 1, key: new Uint8Array(16) } } }, 'document', room.roomId)).toThrow(ProtocolError);
    expect(() => fromMimiContent({ ...mimi, body: { ...mimi.body, part: { ...part, hashAlg: 0, contentHash: new Uint8Array() } } }, 'document', room.roomId)).toThrow(ProtocolError);
    expect(() => fromMimiContent(mimi, 'text', room.roomId)).toThrow(ProtocolError);
    expect(() => toMimiContent({ text: 'no file' }, 'image', { salt, senderUri: room.userUri, room })).toThrow(ProtocolError);
  });

  it('reads the draft’s own text and reply examples', () => {
    const original = decodeMimiContent(new Uint8Array(readFileSync(resolve(VECTORS, 'original.cbor'))));
    expect(fromMimiContent(original, 'text', room.roomId).content.text).toContain('Hi everyone');
    const reply = decodeMimiContent(new Uint8Array(readFileSync(resolve(VECTORS, 'reply.cbor'))));
    expect(fromMimiContent(reply, 'text', room.roomId).inReplyTo).toEqual(reply.inReplyTo);
    expect(reply.inReplyTo).not.toBeNull();
  });
});
