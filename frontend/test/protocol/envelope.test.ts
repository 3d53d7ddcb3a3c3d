import { beforeAll, describe, expect, it } from 'vitest';
import { B64u } from '../../src/protocol/b64u';
import { bytesEqual, type Bytes } from '../../src/protocol/bytes';
import { DeviceKeys } from '../../src/protocol/deviceKeys';
import type { DeviceList } from '../../src/protocol/deviceList';
import {
  CONTENT_KEY_LENGTH,
  decryptContent,
  envelopeRecipients,
  EnvelopeError,
  MESSAGE_TYPE,
  messageSender,
  newClientMessageId,
  openEnvelope,
  parseEnvelope,
  receiveEnvelope,
  rewrapContentKey,
  sealEnvelope,
  unwrapContentKey,
  verifyEnvelope,
  WRAP_LENGTH,
  type ConversationLists,
  type EnvelopeRejection,
  type MessageEnvelope,
  type MessageHeader,
} from '../../src/protocol/envelope';
import { contentText, textContent } from '../../src/protocol/messageContent';
import { ProtocolError } from '../../src/protocol/protocolError';
import { entryFor, listOf } from '../support/fixtures';

const CUSTOMER = '+5511987654321';

interface Parties {
  owner: DeviceKeys;
  agent: DeviceKeys;
  supervisor: DeviceKeys;
  customer: DeviceKeys;
  customerTablet: DeviceKeys;
  outsider: DeviceKeys;
  lists: ConversationLists;
}

let p: Parties;

beforeAll(async () => {
  const [owner, agent, supervisor, customer, customerTablet, outsider] = await Promise.all(
    Array.from({ length: 6 }, () => DeviceKeys.generate()),
  );
  const business: DeviceList = listOf([
    entryFor(owner!, 'owner', 'Ana Lima', 'Chrome on Linux'),
    entryFor(agent!, 'agent', 'Bruno Sá', 'Firefox on Windows'),
    entryFor(supervisor!, 'supervisor', 'Carla Dias', 'Safari on macOS'),
  ]);
  const customerList: DeviceList = listOf(
    [entryFor(customer!, 'owner', 'Dora', 'Phone'), entryFor(customerTablet!, 'member', 'Dora', 'Tablet')],
    { account: CUSTOMER, version: 1 },
  );
  p = {
    owner: owner!,
    agent: agent!,
    supervisor: supervisor!,
    customer: customer!,
    customerTablet: customerTablet!,
    outsider: outsider!,
    lists: { business, customer: customerList },
  };
});

function headerFrom(sender: DeviceKeys, overrides: Partial<MessageHeader> = {}): MessageHeader {
  return {
    type: MESSAGE_TYPE,
    conversation: B64u.encode(new Uint8Array(16).fill(7)),
    sender: sender.deviceId,
    clientMessageId: newClientMessageId(),
    businessListVersion: 2,
    customerListVersion: 1,
    kind: 'text',
    sentAt: 1795000200,
    ...overrides,
  };
}

async function send(sender: DeviceKeys, text: string, overrides: Partial<MessageHeader> = {}): Promise<MessageEnvelope> {
  const header = headerFrom(sender, overrides);
  return sealEnvelope(sender, header, textContent(text), envelopeRecipients(header.kind, header.sender, p.lists));
}

/** The envelope as it arrives: JSON text parsed again. */
function wire(envelope: MessageEnvelope): MessageEnvelope {
  return JSON.parse(JSON.stringify(envelope)) as MessageEnvelope;
}

async function reason(promise: Promise<unknown>): Promise<EnvelopeRejection> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EnvelopeError) return error.reason;
    throw error;
  }
  throw new Error('accepted');
}

function flipLastByte(b64u: string): string {
  const bytes = B64u.decode(b64u);
  bytes[bytes.length - 1]! ^= 1;
  return B64u.encode(bytes);
}

describe('sealing and opening', () => {
  it('every device of both lists opens a text, the sender its own copy too', async () => {
    const envelope = wire(await send(p.agent, 'Olá, Dora! 😀'));
    expect(Object.keys(envelope.wraps).sort()).toEqual(
      [p.owner, p.agent, p.supervisor, p.customer, p.customerTablet].map((keys) => keys.deviceId).sort(),
    );
    for (const wrap of Object.values(envelope.wraps)) expect(B64u.decode(wrap).length).toBe(WRAP_LENGTH);
    for (const recipient of [p.owner, p.agent, p.supervisor, p.customer, p.customerTablet]) {
      const { content } = await receiveEnvelope(envelope, p.agent.signingKey, recipient);
      expect(contentText(content)).toBe('Olá, Dora! 😀');
    }
  });

  it('a note reaches the business devices only, the sender included', async () => {
    const envelope = await send(p.agent, 'customer sounds upset', { kind: 'note' });
    expect(Object.keys(envelope.wraps).sort()).toEqual([p.owner.deviceId, p.agent.deviceId, p.supervisor.deviceId].sort());
    expect(contentText(await openEnvelope(await verifyEnvelope(envelope, p.agent.signingKey), p.owner))).toBe(
      'customer sounds upset',
    );
    expect(await reason(openEnvelope(envelope, p.customer))).toBe('not-a-recipient');
  });

  it('the customer side sends to every device of both lists', async () => {
    const envelope = await send(p.customerTablet, 'hi');
    expect(Object.keys(envelope.wraps).sort()).toEqual(
      [p.owner, p.agent, p.supervisor, p.customer, p.customerTablet].map((keys) => keys.deviceId).sort(),
    );
    expect(contentText(await openEnvelope(envelope, p.customer))).toBe('hi');
  });

  it('uses a fresh K, nonce and ephemeral key every time', async () => {
    const header = headerFrom(p.owner);
    const recipients = { [p.agent.deviceId]: p.agent.agreementKey };
    const a = await sealEnvelope(p.owner, header, textContent('same'), recipients);
    const b = await sealEnvelope(p.owner, header, textContent('same'), recipients);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.wraps[p.agent.deviceId]).not.toBe(b.wraps[p.agent.deviceId]);
    expect(a.signature).not.toBe(b.signature);
  });

  it('is deterministic with fixed K, nonce and ephemeral keys', async () => {
    const header = headerFrom(p.owner);
    const recipients = { [p.agent.deviceId]: p.agent.agreementKey };
    const options = {
      contentKey: new Uint8Array(32).fill(1),
      nonce: new Uint8Array(12).fill(2),
      ephemeralPrivateKeys: { [p.agent.deviceId]: new Uint8Array(32).fill(3) },
    };
    const a = await sealEnvelope(p.owner, header, textContent('same'), recipients, options);
    const b = await sealEnvelope(p.owner, header, textContent('same'), recipients, options);
    expect(a).toEqual(b);
    expect(B64u.decode(a.ciphertext).subarray(0, 12)).toEqual(options.nonce);
    expect(await unwrapContentKey(a, p.agent)).toEqual(options.contentKey);
  });

  it('accepts an empty wrap set (a note from the only business device) and empty content', async () => {
    const header = headerFrom(p.owner, { kind: 'note' });
    const envelope = await sealEnvelope(p.owner, header, new Uint8Array(), {});
    expect(envelope.wraps).toEqual({});
    await verifyEnvelope(wire(envelope), p.owner.signingKey);
  });

  it('refuses to seal under another sender id', async () => {
    const header = headerFrom(p.owner);
    await expect(sealEnvelope(p.agent, header, textContent('x'), {})).rejects.toHaveProperty('code', 'not-sender');
    await expect(sealEnvelope(p.owner, { ...header, kind: 'sticker' as never }, textContent('x'), {})).rejects.toHaveProperty(
      'reason',
      'malformed',
    );
    await expect(
      sealEnvelope(p.owner, header, textContent('x'), { [p.agent.deviceId]: p.agent.agreementKey.subarray(1) }),
    ).rejects.toHaveProperty('code', 'invalid-recipient');
  });
});

describe('wrong recipients', () => {
  it('a device without a wrap cannot open', async () => {
    const envelope = await send(p.owner, 'secret');
    expect(await reason(openEnvelope(envelope, p.outsider))).toBe('not-a-recipient');
  });

  it("another device's wrap, copied under one's own id, does not open (info binds the device id)", async () => {
    const envelope = await send(p.owner, 'secret');
    const stolen = { ...envelope, wraps: { ...envelope.wraps, [p.outsider.deviceId]: envelope.wraps[p.agent.deviceId]! } };
    expect(await reason(openEnvelope(stolen, p.outsider))).toBe('bad-wrap');
    // Swapping two recipients' wraps breaks both.
    const swapped = {
      ...envelope,
      wraps: {
        ...envelope.wraps,
        [p.agent.deviceId]: envelope.wraps[p.supervisor.deviceId]!,
        [p.supervisor.deviceId]: envelope.wraps[p.agent.deviceId]!,
      },
    };
    expect(await reason(openEnvelope(swapped, p.agent))).toBe('bad-wrap');
    expect(await reason(openEnvelope(swapped, p.supervisor))).toBe('bad-wrap');
  });
});

describe('tampering', () => {
  let envelope: MessageEnvelope;
  beforeAll(async () => {
    envelope = wire(await send(p.owner, 'pay 100'));
  });

  it('a changed header fails the signature, the wraps and the content', async () => {
    const changed = { ...envelope, header: { ...envelope.header, sentAt: envelope.header.sentAt + 1 } };
    expect(await reason(verifyEnvelope(changed, p.owner.signingKey))).toBe('bad-signature');
    // Even a receiver that skipped the signature could not open it: the header is the wraps' aad.
    expect(await reason(openEnvelope(changed, p.agent))).toBe('bad-wrap');
    const k = await unwrapContentKey(envelope, p.agent);
    expect(await reason(decryptContent(changed, k))).toBe('bad-ciphertext');
  });

  it('a changed ciphertext fails the signature and the decryption', async () => {
    const changed = { ...envelope, ciphertext: flipLastByte(envelope.ciphertext) };
    expect(await reason(verifyEnvelope(changed, p.owner.signingKey))).toBe('bad-signature');
    expect(await reason(openEnvelope(changed, p.agent))).toBe('bad-ciphertext');
  });

  it('a changed wrap fails to open but does not touch the signature', async () => {
    const changed = { ...envelope, wraps: { ...envelope.wraps, [p.agent.deviceId]: flipLastByte(envelope.wraps[p.agent.deviceId]!) } };
    await verifyEnvelope(changed, p.owner.signingKey);
    expect(await reason(openEnvelope(changed, p.agent))).toBe('bad-wrap');
    expect(contentText(await openEnvelope(changed, p.supervisor))).toBe('pay 100');
  });

  it("a wrap moved into another message's envelope does not open (aad binds the header)", async () => {
    const other = await send(p.owner, 'pay 1000000');
    const spliced = { ...other, wraps: { ...other.wraps, [p.agent.deviceId]: envelope.wraps[p.agent.deviceId]! } };
    expect(await reason(openEnvelope(spliced, p.agent))).toBe('bad-wrap');
    // And the other message's ciphertext under this message's header does not verify.
    expect(await reason(verifyEnvelope({ ...envelope, ciphertext: other.ciphertext }, p.owner.signingKey))).toBe('bad-signature');
  });

  it('a changed, truncated or undecodable signature does not verify', async () => {
    for (const signature of [flipLastByte(envelope.signature), envelope.signature.slice(0, 40), '!', '']) {
      expect(await reason(verifyEnvelope({ ...envelope, signature }, p.owner.signingKey))).toBe('bad-signature');
    }
  });

  it("another device's key, or a re-signed envelope under another sender's key, does not verify", async () => {
    expect(await reason(verifyEnvelope(envelope, p.agent.signingKey))).toBe('bad-signature');
    expect(await reason(verifyEnvelope(envelope, p.owner.signingKey.subarray(1)))).toBe('bad-signature');
    // The agent signs the same header and ciphertext, but the header names the owner as sender.
    const forged = await sealEnvelope(p.agent, { ...envelope.header, sender: p.agent.deviceId }, textContent('x'), {});
    expect(await reason(verifyEnvelope({ ...envelope, signature: forged.signature }, p.owner.signingKey))).toBe('bad-signature');
  });
});

describe('strict parsing', () => {
  let envelope: MessageEnvelope;
  beforeAll(async () => {
    envelope = wire(await send(p.owner, 'x'));
  });

  const damages: [string, (e: MessageEnvelope) => unknown][] = [
    ['null', () => null],
    ['an array', (e) => [e]],
    ['an unknown envelope member', (e) => ({ ...e, extra: true })],
    ['a missing envelope member', ({ header, ciphertext, signature }) => ({ header, ciphertext, signature })],
    ['an unknown header member', (e) => ({ ...e, header: { ...e.header, extra: 1 } })],
    ['a missing header member', (e) => ({ ...e, header: { ...e.header, sentAt: undefined } })],
    ['another type', (e) => ({ ...e, header: { ...e.header, type: 'switchboard/message/v2' } })],
    ['an unknown kind', (e) => ({ ...e, header: { ...e.header, kind: 'sticker' } })],
    ['a float sentAt', (e) => ({ ...e, header: { ...e.header, sentAt: 1.5 } })],
    ['a string list version', (e) => ({ ...e, header: { ...e.header, businessListVersion: '2' } })],
    ['list version 0', (e) => ({ ...e, header: { ...e.header, customerListVersion: 0 } })],
    ['a negative sentAt', (e) => ({ ...e, header: { ...e.header, sentAt: -1 } })],
    ['a 15-byte conversation', (e) => ({ ...e, header: { ...e.header, conversation: B64u.encode(new Uint8Array(15)) } })],
    ['a padded clientMessageId', (e) => ({ ...e, header: { ...e.header, clientMessageId: `${e.header.clientMessageId}==` } })],
    ['a sender that is no device id', (e) => ({ ...e, header: { ...e.header, sender: 'alice' } })],
    ['a ciphertext that is not b64u', (e) => ({ ...e, ciphertext: `${e.ciphertext}=` })],
    ['a ciphertext shorter than nonce and tag', (e) => ({ ...e, ciphertext: B64u.encode(new Uint8Array(27)) })],
    ['a numeric signature', (e) => ({ ...e, signature: 5 })],
    ['wraps as an array', (e) => ({ ...e, wraps: [] })],
    ['a wrap of 79 bytes', (e) => ({ ...e, wraps: { [p.agent.deviceId]: B64u.encode(new Uint8Array(79)) } })],
    ['a wrap that is not a string', (e) => ({ ...e, wraps: { [p.agent.deviceId]: 1 } })],
    ['a wrap for something that is not a device id', (e) => ({ ...e, wraps: { ...e.wraps, everyone: Object.values(e.wraps)[0] } })],
  ];
  for (const [name, damage] of damages) {
    it(`refuses ${name} as malformed`, async () => {
      const damaged = damage(structuredClone(envelope));
      expect(() => parseEnvelope(damaged)).toThrow(EnvelopeError);
      expect(await reason(verifyEnvelope(damaged, p.owner.signingKey))).toBe('malformed');
    });
  }

  it('accepts the envelope itself', () => {
    expect(parseEnvelope(envelope)).toBe(envelope);
  });
});

describe('history sync', () => {
  it('a device linked later gets K re-wrapped and still verifies the original sender', async () => {
    const envelope = await send(p.customer, 'order #12');
    const newcomer = await DeviceKeys.generate();
    const k = await unwrapContentKey(await verifyEnvelope(envelope, p.customer.signingKey), p.agent);
    expect(k.length).toBe(CONTENT_KEY_LENGTH);
    const wrap = await rewrapContentKey(k, envelope.header, newcomer.deviceId, newcomer.agreementKey);
    const synced = wire({ ...envelope, wraps: { [newcomer.deviceId]: wrap } });
    const { content } = await receiveEnvelope(synced, p.customer.signingKey, newcomer);
    expect(contentText(content)).toBe('order #12');
  });

  it('a re-wrap made for one header does not open under another', async () => {
    const envelope = await send(p.customer, 'a');
    const other = await send(p.customer, 'b');
    const k = await unwrapContentKey(envelope, p.agent);
    const wrap = await rewrapContentKey(k, other.header, p.outsider.deviceId, p.outsider.agreementKey);
    expect(await reason(openEnvelope({ ...envelope, wraps: { [p.outsider.deviceId]: wrap } }, p.outsider))).toBe('bad-wrap');
  });

  it('refuses a K of the wrong length', async () => {
    const envelope = await send(p.customer, 'a');
    const rewrap = rewrapContentKey(new Uint8Array(16), envelope.header, p.outsider.deviceId, p.outsider.agreementKey);
    await expect(rewrap).rejects.toHaveProperty('code', 'invalid-length');
  });
});

describe('senders and recipients from the lists', () => {
  it('finds the sender in the list version the header names', async () => {
    expect(messageSender(headerFrom(p.agent), p.lists).role).toBe('agent');
    expect(messageSender(headerFrom(p.customerTablet), p.lists).role).toBe('member');
    expect(() => messageSender(headerFrom(p.agent, { businessListVersion: 3 }), p.lists)).toThrow(EnvelopeError);
    expect(() => messageSender(headerFrom(p.outsider), p.lists)).toThrow(EnvelopeError);
  });

  it('refuses a note from a customer device, both when sending and when receiving', () => {
    expect(() => envelopeRecipients('note', p.customer.deviceId, p.lists)).toThrow(ProtocolError);
    try {
      messageSender(headerFrom(p.customer, { kind: 'note' }), p.lists);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toHaveProperty('reason', 'unknown-sender');
    }
  });

  it('wraps a whisper for the business devices only and refuses one from a customer device', () => {
    const business = p.lists.business.devices.map((device) => device.id).sort();
    expect(Object.keys(envelopeRecipients('whisper', p.owner.deviceId, p.lists))).toEqual(business);
    expect(() => envelopeRecipients('whisper', p.customer.deviceId, p.lists)).toThrow(ProtocolError);
    expect(() => messageSender(headerFrom(p.customer, { kind: 'whisper' }), p.lists)).toThrow(EnvelopeError);
    const everyone = [...p.lists.business.devices, ...p.lists.customer.devices].map((device) => device.id).sort();
    expect(Object.keys(envelopeRecipients('feedback', p.customer.deviceId, p.lists))).toEqual(everyone);
  });

  it('refuses a sender in neither list', () => {
    expect(() => envelopeRecipients('text', p.outsider.deviceId, p.lists)).toThrow(ProtocolError);
  });

  it('gives raw agreement keys', () => {
    const recipients = envelopeRecipients('image', p.owner.deviceId, p.lists);
    expect(bytesEqual(recipients[p.customer.deviceId]!, p.customer.agreementKey)).toBe(true);
    expect(bytesEqual(recipients[p.owner.deviceId]!, p.owner.agreementKey)).toBe(true);
  });
});

describe('content key', () => {
  it('another K does not decrypt', async () => {
    const envelope = await send(p.owner, 'x');
    const wrongKey: Bytes = new Uint8Array(32);
    expect(await reason(decryptContent(envelope, wrongKey))).toBe('bad-ciphertext');
  });
});
