import { describe, expect, it } from 'vitest';
import { B64u } from '../../src/protocol/b64u';
import { utf8 } from '../../src/protocol/bytes';
import {
  contentText,
  encodeMessageContent,
  parseMessageContent,
  textContent,
  type MessageContent,
} from '../../src/protocol/messageContent';
import { ProtocolError } from '../../src/protocol/protocolError';

const key = B64u.encode(new Uint8Array(32).fill(1));
const hash = B64u.encode(new Uint8Array(32).fill(2));

const image: MessageContent = {
  text: 'the invoice',
  attachment: {
    blobId: 'b_7f3a',
    key,
    sha256: hash,
    mime: 'image/jpeg',
    size: 123456,
    name: 'invoice.jpg',
    thumbnail: { blobId: 'b_7f3b', key, sha256: hash, mime: 'image/jpeg', size: 2048 },
  },
};

describe('text content', () => {
  it('is the UTF-8 CJSON of {"text"}', () => {
    expect(new TextDecoder().decode(textContent('Olá "x"\n😀'))).toBe('{"text":"Olá \\"x\\"\\n😀"}');
    expect(contentText(textContent('Olá "x"\n😀'))).toBe('Olá "x"\n😀');
    expect(contentText(textContent(''))).toBe('');
  });

  it.each([
    ['whitespace', '{ "text": "a" }'],
    ['an unknown member', '{"text":"a","x":1}'],
    ['a duplicate member', '{"text":"a","text":"a"}'],
    ['a number', '{"text":1}'],
    ['no text', '{}'],
    ['an attachment', `{"attachment":{},"text":"a"}`],
    ['not JSON', 'text'],
    ['a lone surrogate escape', '{"text":"\\ud800"}'],
  ])('refuses %s', (_name, json) => {
    expect(() => contentText(utf8(json))).toThrow(ProtocolError);
  });

  it('refuses invalid UTF-8', () => {
    expect(() => contentText(Uint8Array.from([0x7b, 0xff, 0x7d]))).toThrow(ProtocolError);
  });
});

describe('attachment content', () => {
  it('round trips with and without a thumbnail', () => {
    expect(parseMessageContent(encodeMessageContent(image, 'image'), 'image')).toEqual(image);
    const { thumbnail: _thumbnail, ...withoutThumbnail } = image.attachment!;
    const doc: MessageContent = { text: '', attachment: { ...withoutThumbnail, mime: 'application/pdf', name: 'a.pdf' } };
    expect(parseMessageContent(encodeMessageContent(doc, 'document'), 'document')).toEqual(doc);
  });

  it('is refused for a text kind, and text content for an attachment kind', () => {
    expect(() => encodeMessageContent(image, 'text')).toThrow(ProtocolError);
    expect(() => parseMessageContent(textContent('a'), 'voice')).toThrow(ProtocolError);
  });

  it.each([
    ['a short key', { key: B64u.encode(new Uint8Array(16)) }],
    ['a negative size', { size: -1 }],
    ['a fractional size', { size: 1.5 }],
    ['an empty blobId', { blobId: '' }],
    ['a missing name', { name: undefined }],
    ['an unknown member', { extra: 'x' }],
    ['a thumbnail with a name', { thumbnail: { ...image.attachment!.thumbnail!, name: 'x' } }],
  ])('refuses %s', (_name, change) => {
    const broken = JSON.parse(JSON.stringify({ ...image, attachment: { ...image.attachment, ...change } })) as MessageContent;
    expect(() => encodeMessageContent(broken, 'image')).toThrow(ProtocolError);
    expect(() => parseMessageContent(utf8(JSON.stringify(broken)), 'image')).toThrow(ProtocolError);
  });
});
