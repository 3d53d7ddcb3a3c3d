import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../src/protocol/protocolError';
import { cborInt, cborMapGet, cborText, decodeCbor, encodeCbor, type CborValue } from '../../src/protocol/mimi/cbor';
import {
  Disposition,
  MIMI_MARKDOWN,
  MIMI_PLAIN_TEXT,
  decodeMimiContent,
  encodeMimiContent,
  mimiMessageId,
  mimiText,
  textPart,
  type MimiContent,
  type NestedPart,
} from '../../src/protocol/mimi/mimiContent';

// The draft's example files, shared with Java's MimiContentTest.
const VECTORS = resolve(__dirname, '../../../docs/vectors/mimi-content');
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const cbor = (example: string) => new Uint8Array(readFileSync(resolve(VECTORS, `${example}.cbor`)));
const messages = readdirSync(VECTORS)
  .filter((name) => name.endsWith('.cbor') && name !== 'implied-original.cbor')
  .map((name) => name.slice(0, -'.cbor'.length))
  .sort();

function expectedMessageId(example: string): string {
  const match = /# message ID = h'([0-9a-f]+)\s*#\s*([0-9a-f]+)'/.exec(readFileSync(resolve(VECTORS, `${example}.edn`), 'utf8'));
  expect(match, `${example}.edn names no message id`).not.toBeNull();
  return match![1]! + match![2]!;
}

function text(value: CborValue | undefined): string {
  if (value?.kind !== 'text') throw new Error('not text');
  return value.value;
}

describe('MIMI content examples', () => {
  it('covers all fourteen example messages', () => {
    expect(messages).toHaveLength(14);
  });

  it.each(messages)('%s decodes and encodes back to the same bytes', (example) => {
    const encoded = cbor(example);
    expect(hex(encodeMimiContent(decodeMimiContent(encoded)))).toBe(hex(encoded));
    expect(hex(encodeCbor(decodeCbor(encoded)))).toBe(hex(encoded));
  });

  it.each(messages)('%s has the message id the draft gives', async (example) => {
    const content = decodeMimiContent(cbor(example));
    const sender = text(cborMapGet(content.extensions, cborInt(1)));
    const room = text(cborMapGet(content.extensions, cborInt(2)));
    expect(hex(await mimiMessageId(content, sender, room))).toBe(expectedMessageId(example));
  });

  it('round-trips the implied fields example through the CBOR layer', () => {
    const encoded = cbor('implied-original');
    const fields = decodeCbor(encoded);
    expect(fields.kind === 'array' && fields.items[1]).toEqual(cborInt(1644387225019n));
    expect(hex(encodeCbor(fields))).toBe(hex(encoded));
  });

  it('decodes a reply to the fields of its edn', () => {
    const reply = decodeMimiContent(cbor('reply'));
    expect(hex(reply.salt)).toBe('11a458c73b8dd2cf404db4b378b8fe4d');
    expect(reply.replaces).toBeNull();
    expect(reply.expires).toBeNull();
    expect(hex(reply.inReplyTo!)).toBe('017ce54837404c3696e0c747b985cb172716d0ed0a3d249ca63ace7d82a096f4');
    expect(text(cborMapGet(reply.extensions, cborInt(1)))).toBe('mimi://example.com/u/bob-jones');
    expect(reply.body.part.cardinality === 'single' && reply.body.part.contentType).toBe(MIMI_MARKDOWN);
    expect(mimiText(reply)).toBe("Right on! _Congratulations_ 'all!");
  });

  it('decodes an attachment to an external part with its key and hash', () => {
    const attachment = decodeMimiContent(cbor('attachment'));
    const part = attachment.body.part;
    if (part.cardinality !== 'external') throw new Error('not external');
    expect(attachment.body.disposition).toBe(Disposition.attachment);
    expect(part).toMatchObject({
      contentType: 'video/mp4',
      url: 'https://example.com/storage/8ksB4bSrrRE.mp4',
      expires: 0,
      size: 708234961n,
      encAlg: 1,
      hashAlg: 1,
      description: '2 hours of key signing video',
      filename: 'bigfile.mp4',
    });
    expect(hex(part.key)).toBe('21399320958a6f4c745dde670d95e0d8');
    expect(hex(part.nonce)).toBe('c86cf2c33f21527d1dd76f5b');
    expect(hex(part.contentHash)).toBe('9ab17a8cf0890baaae7ee016c7312fcc080ba46498389458ee44f0276e783163');
    expect(mimiText(attachment)).toBeNull();
  });

  it('keeps the behaviour fields of an edit, an expiry and a delete', () => {
    expect(hex(decodeMimiContent(cbor('edit')).replaces!)).toBe('015354973c2b65ca937bf1e035ae53a5ab80e947afa43d46920d4202e5cc0b27');
    expect(decodeMimiContent(cbor('expiring')).expires).toEqual({ relative: false, time: 1644390004 });
    expect(decodeMimiContent(cbor('delete')).body.part).toEqual({ cardinality: 'null' });
  });
});

describe('MIMI content codec', () => {
  const empty = (body: NestedPart, extensions: MimiContent['extensions'] = { kind: 'map', entries: [] }): MimiContent => ({
    salt: new Uint8Array(16),
    replaces: null,
    topicId: new Uint8Array(0),
    expires: null,
    inReplyTo: null,
    extensions,
    body,
  });

  it('encodes extensions in deterministic key order', () => {
    const content = empty(textPart(MIMI_PLAIN_TEXT, 'hello'), {
      kind: 'map',
      entries: [
        { key: cborText('z'), value: cborInt(-1) },
        { key: cborInt(2), value: cborText('room') },
        { key: cborInt(1), value: cborText('sender') },
      ],
    });
    const decoded = decodeMimiContent(encodeMimiContent(content));
    expect(decoded.extensions.entries.map((entry) => entry.key)).toEqual([cborInt(1), cborInt(2), cborText('z')]);
    expect(mimiText(decoded)).toBe('hello');
  });

  it.each([
    ['1817', '23 in two bytes'],
    ['5f4100ff', 'an indefinite-length byte string'],
    ['a202000100', 'map keys out of order'],
    ['a201000100', 'a repeated map key'],
    ['62c328', 'invalid UTF-8'],
    ['f93c00', 'a half float'],
    ['0000', 'a byte after the value'],
    ['5801', 'a byte string that ends early'],
  ])('refuses %s (%s)', (input) => {
    expect(() => decodeCbor(Uint8Array.from(Buffer.from(input, 'hex')))).toThrow(ProtocolError);
  });

  it('refuses parts nested more than four levels deep', () => {
    const leaf = textPart(MIMI_PLAIN_TEXT, 'x');
    let level = leaf;
    for (let i = 0; i < 4; i++) {
      level = { disposition: Disposition.render, language: '', part: { cardinality: 'multi', semantics: 2, parts: [level, leaf] } };
    }
    expect(() => encodeMimiContent(empty(level))).toThrow(ProtocolError);
  });
});
