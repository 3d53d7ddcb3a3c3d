import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, isOtherIdentitySession } from '../../src/lib/api';
import { ListTrust } from '../../src/lib/listTrust';
import { Messenger, type Http } from '../../src/lib/messaging';
import {
  dayBreaks,
  findSender,
  isDuplicateDelivery,
  mergeReceipt,
  newDeliveries,
  previewText,
  readMarkToSend,
  recipientsFor,
  sendRetryDecision,
  tickState,
  unreadCount,
  unverifiableRecipients,
} from '../../src/lib/messagingLogic';
import { MemoryMessageStore } from '../../src/lib/messageStore';
import { threadEntries } from '../../src/lib/threadEntries';
import { ThirdPartyRooms } from '../../src/lib/thirdPartyRooms';
import { cborInt, cborMapGet } from '../../src/protocol/mimi/cbor';
import { isMimiPayload, toMimiContent } from '../../src/protocol/mimi/messages';
import { decodeMimiContent, encodeMimiContent, mimiText } from '../../src/protocol/mimi/mimiContent';
import type { ClientFrame, DeliveredMessage } from '../../src/lib/types';
import {
  B64u,
  DeviceKeys,
  deviceSignature,
  encodeMessageContent,
  MESSAGE_TYPE,
  newClientMessageId,
  openEnvelope,
  sealEnvelope,
  signDeviceList,
  type DeviceList,
  type MessageEnvelope,
  type MessageHeader,
  type SignedDeviceList,
} from '../../src/protocol';
import { ACCOUNT, entryFor, fixedBytes, fixedIdentities, ISSUED_AT, listOf, NOW, type FixedIdentities } from '../support/fixtures';

const PHONE = '+4917000000001';
const CONVERSATION = 'Y29udmVyc2F0aW9uLWlkMQ'; // b64u of "conversation-id1" (16 bytes)

let ids: FixedIdentities;
let customerKeys: DeviceKeys;
let agent2Keys: DeviceKeys;
let business: SignedDeviceList;
let businessV3: SignedDeviceList;
let customer: SignedDeviceList;

async function keysNamed(name: string): Promise<DeviceKeys> {
  return DeviceKeys.fromPrivate(await fixedBytes(`${name} signing seed`), await fixedBytes(`${name} agreement private`));
}

beforeAll(async () => {
  ids = await fixedIdentities();
  customerKeys = await keysNamed('customer');
  agent2Keys = await keysNamed('agent2');
  const primary = entryFor(ids.primary.keys, 'owner', 'Ana Lima', 'Chrome on Linux');
  const agent = entryFor(ids.companion1.keys, 'agent', 'Bruno Sá', 'Firefox on Windows');
  const agent2 = entryFor(agent2Keys, 'agent', 'Carla Dias', 'Edge on Windows');
  business = await signDeviceList(listOf([primary, agent]), ids.primary.keys, {
    [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey),
  });
  businessV3 = await signDeviceList(listOf([primary, agent, agent2], { version: 3 }), ids.primary.keys, {
    [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey),
    [agent2Keys.deviceId]: await deviceSignature(agent2Keys, ACCOUNT, ids.primary.keys.signingKey),
  });
  customer = await signDeviceList(
    listOf([entryFor(customerKeys, 'owner', 'Dora Customer', 'Safari on iOS')], { account: PHONE, version: 1 }),
    customerKeys,
  );
});

// ---------------------------------------------------------------------------------------------
// Pure rules

describe('recipientsFor', () => {
  it('wraps a customer message for every business device and the sender itself', () => {
    const recipients = recipientsFor('text', customerKeys.deviceId, business.list, customer.list);
    expect(Object.keys(recipients).sort()).toEqual([ids.primary.keys.deviceId, ids.companion1.keys.deviceId, customerKeys.deviceId].sort());
    expect(recipients[customerKeys.deviceId]).toEqual(customerKeys.agreementKey);
    expect(recipients[ids.primary.keys.deviceId]).toEqual(ids.primary.keys.agreementKey);
  });

  it('wraps an agent reply for every business device, the sender included, and the customer', () => {
    const recipients = recipientsFor('text', ids.companion1.keys.deviceId, business.list, customer.list);
    expect(Object.keys(recipients).sort()).toEqual([ids.primary.keys.deviceId, ids.companion1.keys.deviceId, customerKeys.deviceId].sort());
  });

  it('wraps a note for business devices only, the sender included', () => {
    const recipients = recipientsFor('note', ids.companion1.keys.deviceId, business.list, customer.list);
    expect(Object.keys(recipients).sort()).toEqual([ids.primary.keys.deviceId, ids.companion1.keys.deviceId].sort());
  });

  it('leaves out devices the server reported as extra', () => {
    const recipients = recipientsFor('text', customerKeys.deviceId, business.list, customer.list, [ids.companion1.keys.deviceId]);
    expect(Object.keys(recipients).sort()).toEqual([ids.primary.keys.deviceId, customerKeys.deviceId].sort());
  });

  it('refuses a note from a customer device', () => {
    expect(() => recipientsFor('note', customerKeys.deviceId, business.list, customer.list)).toThrow();
  });
});

describe('sendRetryDecision', () => {
  const lists = { businessList: { a: 1 }, customerList: { b: 2 } };

  it('retries 409 mismatched_devices with the lists from the details and the extra devices left out', () => {
    const error = new ApiError(409, 'mismatched_devices', 'm', { ...lists, missingDeviceIds: ['x'], extraDeviceIds: ['y', 3] });
    expect(sendRetryDecision(error, 0)).toEqual({ retry: true, ...lists, exclude: ['y'], reason: 'mismatched_devices' });
  });

  it('retries 410 device_list_stale', () => {
    const error = new ApiError(410, 'device_list_stale', 'm', lists);
    expect(sendRetryDecision(error, 2)).toEqual({ retry: true, ...lists, exclude: [], reason: 'device_list_stale' });
  });

  it('stops after three retries', () => {
    expect(sendRetryDecision(new ApiError(410, 'device_list_stale', 'm', lists), 3)).toEqual({ retry: false });
  });

  it('does not retry other failures or answers without lists', () => {
    expect(sendRetryDecision(new ApiError(400, 'envelope_signature_invalid', 'm'), 0).retry).toBe(false);
    expect(sendRetryDecision(new ApiError(403, 'notes_are_internal', 'm'), 0).retry).toBe(false);
    expect(sendRetryDecision(new ApiError(409, 'mismatched_devices', 'm', {}), 0).retry).toBe(false);
    expect(sendRetryDecision(new ApiError(0, 'network_error', 'm'), 0).retry).toBe(false);
    expect(sendRetryDecision(new Error('x'), 0).retry).toBe(false);
  });
});

describe('isOtherIdentitySession', () => {
  it('recognises a session of the browser\u2019s other identity (business vs customer)', () => {
    expect(isOtherIdentitySession(new ApiError(403, 'business_device_required', 'm'))).toBe(true);
    expect(isOtherIdentitySession(new ApiError(403, 'customer_device_required', 'm'))).toBe(true);
    expect(isOtherIdentitySession(new ApiError(403, 'role_required', 'm'))).toBe(false);
    expect(isOtherIdentitySession(new ApiError(401, 'business_device_required', 'm'))).toBe(false);
  });
});

describe('unverifiableRecipients', () => {
  it('names devices the server wants that no verified list contains', () => {
    expect(unverifiableRecipients([ids.primary.keys.deviceId, 'ghost'], business.list, customer.list)).toEqual(['ghost']);
    expect(unverifiableRecipients(undefined, business.list, customer.list)).toEqual([]);
  });
});

describe('tickState', () => {
  it('goes sending → sent → delivered → read', () => {
    expect(tickState(null, undefined)).toBe('sending');
    expect(tickState(null, undefined, true)).toBe('failed');
    expect(tickState(7, undefined)).toBe('sent');
    expect(tickState(7, { deliveredSeq: 6, readSeq: 0 })).toBe('sent');
    expect(tickState(7, { deliveredSeq: 7, readSeq: 0 })).toBe('delivered');
    expect(tickState(7, { deliveredSeq: 9, readSeq: 7 })).toBe('read');
    expect(tickState(7, { deliveredSeq: 0, readSeq: 8 })).toBe('read');
  });

  it('receipts only move forward', () => {
    expect(mergeReceipt({ deliveredSeq: 5, readSeq: 4 }, { deliveredSeq: 3, readSeq: 6 })).toEqual({ deliveredSeq: 5, readSeq: 6 });
    expect(mergeReceipt(undefined, { deliveredSeq: 1, readSeq: 0 })).toEqual({ deliveredSeq: 1, readSeq: 0 });
  });
});

describe('dedupe by seq', () => {
  it('ignores seqs at or below the highest stored and seqs already stored', () => {
    expect(isDuplicateDelivery(5, 5)).toBe(true);
    expect(isDuplicateDelivery(4, 5)).toBe(true);
    expect(isDuplicateDelivery(6, 5)).toBe(false);
    expect(isDuplicateDelivery(6, 5, true)).toBe(true);
  });

  it('keeps the first delivery of each seq after a reconnect replays them', () => {
    const frames = [{ seq: 3 }, { seq: 4 }, { seq: 5 }, { seq: 4 }, { seq: 5 }, { seq: 6 }];
    expect(newDeliveries(frames, 3).map((frame) => frame.seq)).toEqual([4, 5, 6]);
  });
});

describe('findSender', () => {
  const header = (sender: string, kind: MessageHeader['kind'] = 'text', businessListVersion = 2, customerListVersion = 1) => ({
    sender,
    kind,
    businessListVersion,
    customerListVersion,
  });

  it('finds business and customer senders', () => {
    expect(findSender(header(ids.companion1.keys.deviceId), [business.list], [customer.list])).toMatchObject({ side: 'business', entry: { person: 'Bruno Sá' } });
    expect(findSender(header(customerKeys.deviceId), [business.list], [customer.list])).toMatchObject({ side: 'customer' });
  });

  it('falls back to another accepted version, and refuses unknown senders and customer notes', () => {
    expect(findSender(header(agent2Keys.deviceId, 'text', 3), [business.list, businessV3.list], [customer.list])?.entry.person).toBe('Carla Dias');
    expect(findSender(header(agent2Keys.deviceId, 'text', 3), [business.list], [customer.list])).toBeNull();
    expect(findSender(header(customerKeys.deviceId, 'note'), [business.list], [customer.list])).toBeNull();
  });
});

describe('thread helpers', () => {
  it('counts unread messages of the other side after the read mark', () => {
    const messages = [
      { seq: 1, side: 'customer' as const, kind: 'text' as const },
      { seq: 2, side: 'business' as const, kind: 'text' as const },
      { seq: 3, side: 'customer' as const, kind: 'text' as const },
      { seq: 4, side: 'customer' as const, kind: 'text' as const },
    ];
    expect(unreadCount(messages, 'business', 0)).toBe(3);
    expect(unreadCount(messages, 'business', 3)).toBe(1);
    expect(unreadCount(messages, 'customer', 0)).toBe(1);
  });

  it('marks read only further than before', () => {
    expect(readMarkToSend([{ seq: 3 }, { seq: 9 }], 5)).toBe(9);
    expect(readMarkToSend([{ seq: 3 }], 5)).toBeNull();
    expect(readMarkToSend([], 0)).toBeNull();
  });

  it('puts day separators where the local day changes', () => {
    const day = new Date(2026, 2, 10, 9, 0).getTime();
    expect(dayBreaks([day, day + 3600_000, day + 86_400_000, day + 86_400_000 + 60_000])).toEqual([0, 2]);
  });

  it('previews text on one line with who wrote it', () => {
    const me = { mySide: 'business' as const, myDeviceId: 'laptop' };
    expect(previewText({ text: 'Hello\n  there', kind: 'text', side: 'business', sender: 'laptop', senderName: 'Ana' }, me)).toBe('You: Hello there');
    expect(previewText({ text: 'check stock', kind: 'note', side: 'business', sender: 'phone', senderName: 'Bruno' }, me)).toBe('Note: check stock');
    expect(previewText({ text: null, kind: 'text', side: 'customer' }, me)).toBe('This message could not be decrypted');
    expect(previewText({ text: 'x'.repeat(100), kind: 'text', side: 'customer' }, me, 10)).toHaveLength(10);
  });

  it('names the teammate who wrote a business message instead of "You"', () => {
    const me = { mySide: 'business' as const, myDeviceId: 'laptop' };
    expect(previewText({ text: 'It ships today', kind: 'text', side: 'business', sender: 'phone', senderName: 'Bruno Costa' }, me)).toBe('Bruno Costa: It ships today');
  });

  it('previews an attachment without a caption as a photo or the file name', () => {
    const me = { mySide: 'business' as const, myDeviceId: 'laptop' };
    expect(previewText({ text: '', kind: 'image', side: 'customer', attachmentName: 'IMG_1.jpg' }, me)).toBe('\u{1F4CE} Photo');
    expect(previewText({ text: '', kind: 'document', side: 'customer', attachmentName: 'invoice.pdf' }, me)).toBe('\u{1F4CE} invoice.pdf');
    expect(previewText({ text: 'the parcel', kind: 'image', side: 'customer' }, me)).toBe('\u{1F4CE} the parcel');
  });

  it('shows pending sends after stored messages and hides them once stored', () => {
    const stored = [
      { device: 'd', conversation: 'c', seq: 4, clientMessageId: 'm1', sender: 'me', side: 'customer' as const, senderName: null, kind: 'text' as const, text: 'hi', status: 'sent' as const, sentAt: 100, storedAt: null },
    ];
    const pending = [
      { clientMessageId: 'm1', conversation: 'c', text: 'hi', kind: 'text' as const, createdAtMs: 0, error: null, state: 'sending' as const, payload: null, progress: null, attempts: 1 },
      { clientMessageId: 'm2', conversation: 'c', text: 'more', kind: 'text' as const, createdAtMs: 0, error: null, state: 'sending' as const, payload: null, progress: null, attempts: 1 },
    ];
    const entries = threadEntries(stored, pending, { mySide: 'customer', myDeviceId: 'me', otherReceipt: { conversation: 'c', side: 'business', deliveredSeq: 4, readSeq: 0 } });
    expect(entries.map((entry) => [entry.key, entry.ticks])).toEqual([
      ['seq:4', 'delivered'],
      ['pending:m2', 'sending'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Trust on first use

function trustFor(store: MemoryMessageStore, own: { owner: string; account: string; key: Uint8Array; list: DeviceList }): ListTrust {
  return new ListTrust({
    store,
    own: { owner: own.owner, account: own.account, primarySigningKey: own.key, version: own.list.version, list: own.list },
    now: () => NOW,
  });
}

describe('ListTrust', () => {
  it('pins the other side on first use, then refuses a list signed by another key', async () => {
    const store = new MemoryMessageStore(customerKeys.deviceId);
    const trust = trustFor(store, { owner: CONVERSATION, account: PHONE, key: customerKeys.signingKey, list: customer.list });
    await trust.accept('business', business, ACCOUNT);
    expect((await store.getPin('business'))?.primarySigningKey).toBe(B64u.encode(ids.primary.keys.signingKey));

    const usurper = ids.companion2.keys;
    const forged = await signDeviceList(listOf([entryFor(usurper, 'owner', 'Mallory', 'Laptop')], { version: 4 }), usurper);
    await expect(trust.accept('business', forged, ACCOUNT)).rejects.toMatchObject({ reason: 'wrong-primary-key' });
  });

  it('keeps the last accepted version and refuses an older one', async () => {
    const store = new MemoryMessageStore(customerKeys.deviceId);
    const trust = trustFor(store, { owner: CONVERSATION, account: PHONE, key: customerKeys.signingKey, list: customer.list });
    await trust.accept('business', businessV3, ACCOUNT);
    await expect(trust.accept('business', business, ACCOUNT)).rejects.toMatchObject({ reason: 'stale-version' });
    await trust.accept('business', businessV3, ACCOUNT); // the identical version again is fine
    expect((await trust.history('business')).map((list) => list.version)).toEqual([3]);
  });

  it('verifies an earlier version a message names under the pinned key, and refuses one the server altered', async () => {
    const store = new MemoryMessageStore(customerKeys.deviceId);
    const trust = trustFor(store, { owner: CONVERSATION, account: PHONE, key: customerKeys.signingKey, list: customer.list });
    await trust.accept('business', businessV3, ACCOUNT);
    const altered = structuredClone(business);
    altered.list.devices[0]!.person = 'Someone Else';
    await expect(trust.acceptPast('business', altered, business.list.version)).rejects.toMatchObject({ reason: 'bad-signature' });
    await expect(trust.acceptPast('business', business, business.list.version - 1)).rejects.toMatchObject({ reason: 'stale-version' });
    expect((await trust.history('business')).map((list) => list.version)).toEqual([3]);

    await trust.acceptPast('business', business, business.list.version);

    expect((await trust.history('business')).map((list) => list.version)).toEqual([business.list.version, 3]);
  });

  it('checks the own side against the identity\u2019s key and refuses a wrong account on first use', async () => {
    const store = new MemoryMessageStore(ids.companion1.keys.deviceId);
    const trust = trustFor(store, { owner: 'business', account: ACCOUNT, key: ids.primary.keys.signingKey, list: business.list });
    await trust.accept('business', businessV3, ACCOUNT);
    await expect(trust.accept(CONVERSATION, customer, '+4917999999999')).rejects.toMatchObject({ reason: 'wrong-account' });
  });
});

// ---------------------------------------------------------------------------------------------
// Messenger with a fake server

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

class FakeServer implements Http {
  calls: Call[] = [];
  postHandlers: Array<(body: unknown) => unknown> = [];
  businessList: SignedDeviceList = business;
  failGet: ApiError | null = null;
  pages: DeliveredMessage[][] = [];

  async get<T>(path: string): Promise<T> {
    this.calls.push({ method: 'GET', path });
    if (this.failGet) throw this.failGet;
    if (path.startsWith('/api/conversations/')) {
      return { id: CONVERSATION, phone: PHONE, name: 'Dora Customer', businessList: this.businessList, customerList: customer, receipts: [] } as T;
    }
    if (path.startsWith('/api/messages')) return { messages: this.pages.shift() ?? [], cursor: 0 } as T;
    throw new ApiError(404, 'not_found', 'no route');
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    this.calls.push({ method: 'POST', path, body });
    if (path === '/api/messages') {
      const handler = this.postHandlers.shift();
      if (!handler) throw new Error('unexpected send');
      return handler(body) as T;
    }
    return undefined as T;
  }

  sends(): MessageEnvelope[] {
    return this.calls.filter((call) => call.method === 'POST' && call.path === '/api/messages').map((call) => call.body as MessageEnvelope);
  }
}

function customerMessenger(server: FakeServer, store = new MemoryMessageStore(customerKeys.deviceId)): Messenger {
  return new Messenger({
    keys: customerKeys,
    side: 'customer',
    store,
    trust: trustFor(store, { owner: CONVERSATION, account: PHONE, key: customerKeys.signingKey, list: customer.list }),
    businessAccount: ACCOUNT,
    customerAccount: PHONE,
    http: server,
    now: () => NOW * 1000,
    retryDelay: () => 3_600_000,
  });
}

function agentMessenger(server: FakeServer, keys: DeviceKeys): Messenger {
  const store = new MemoryMessageStore(keys.deviceId);
  return new Messenger({
    keys,
    side: 'business',
    store,
    trust: trustFor(store, { owner: 'business', account: ACCOUNT, key: ids.primary.keys.signingKey, list: business.list }),
    businessAccount: ACCOUNT,
    http: server,
    now: () => NOW * 1000,
    retryDelay: () => 3_600_000,
  });
}

const stored = (seq: number) => () => ({ seq, storedAt: '2026-11-19T10:00:00Z', duplicate: false });

describe('Messenger.sendText', () => {
  it('encrypts for the business devices and keeps the message locally with its seq', async () => {
    const server = new FakeServer();
    server.postHandlers.push(stored(11));
    const messenger = customerMessenger(server);
    const message = await messenger.sendText(CONVERSATION, 'Hello, is my order ready?');
    const [envelope] = server.sends();
    expect(Object.keys(envelope!.wraps).sort()).toEqual([ids.primary.keys.deviceId, ids.companion1.keys.deviceId, customerKeys.deviceId].sort());
    expect(envelope!.header).toMatchObject({ type: MESSAGE_TYPE, conversation: CONVERSATION, sender: customerKeys.deviceId, businessListVersion: 2, customerListVersion: 1, kind: 'text', sentAt: NOW });
    expect(message).toMatchObject({ seq: 11, status: 'sent', text: 'Hello, is my order ready?', side: 'customer' });
    expect((await messenger.messages(CONVERSATION)).map((m) => m.seq)).toEqual([11]);
  });

  it('on 410 verifies the lists from the details and encrypts again with the same client message id', async () => {
    const server = new FakeServer();
    server.postHandlers.push(() => {
      throw new ApiError(410, 'device_list_stale', 'stale', { businessList: businessV3, customerList: customer });
    });
    server.postHandlers.push(stored(12));
    const messenger = customerMessenger(server);
    await messenger.sendText(CONVERSATION, 'again');
    const [first, second] = server.sends();
    expect(second!.header.businessListVersion).toBe(3);
    expect(second!.header.clientMessageId).toBe(first!.header.clientMessageId);
    expect(Object.keys(second!.wraps)).toContain(agent2Keys.deviceId);
  });

  it('on 409 leaves out the extra devices the server names', async () => {
    const server = new FakeServer();
    server.postHandlers.push(() => {
      throw new ApiError(409, 'mismatched_devices', 'm', { businessList: business, customerList: customer, missingDeviceIds: [], extraDeviceIds: [ids.companion1.keys.deviceId] });
    });
    server.postHandlers.push(stored(13));
    const messenger = customerMessenger(server);
    await messenger.sendText(CONVERSATION, 'x');
    expect(Object.keys(server.sends()[1]!.wraps).sort()).toEqual([ids.primary.keys.deviceId, customerKeys.deviceId].sort());
  });

  it('refuses lists signed by another key in the error details', async () => {
    const usurper = ids.companion2.keys;
    const forged = await signDeviceList(listOf([entryFor(usurper, 'owner', 'Mallory', 'Laptop')], { version: 5 }), usurper);
    const server = new FakeServer();
    server.postHandlers.push(() => {
      throw new ApiError(410, 'device_list_stale', 'stale', { businessList: forged, customerList: customer });
    });
    const messenger = customerMessenger(server);
    await expect(messenger.sendText(CONVERSATION, 'x')).rejects.toThrow(/wrong-primary-key/);
    expect(server.sends()).toHaveLength(1);
  });

  it('gives up after three retries', async () => {
    const server = new FakeServer();
    for (let i = 0; i < 5; i++) {
      server.postHandlers.push(() => {
        throw new ApiError(410, 'device_list_stale', 'stale', { businessList: business, customerList: customer });
      });
    }
    const messenger = customerMessenger(server);
    await expect(messenger.sendText(CONVERSATION, 'x')).rejects.toMatchObject({ code: 'device_list_stale' });
    expect(server.sends()).toHaveLength(4);
  });

  it('only the business writes notes', async () => {
    await expect(customerMessenger(new FakeServer()).sendText(CONVERSATION, 'x', 'note')).rejects.toThrow();
  });

  it('sends attachment content with the same retry on 410 and keeps the attachment locally', async () => {
    const key = B64u.encode(new Uint8Array(32).fill(1));
    const hash = B64u.encode(new Uint8Array(32).fill(2));
    const attachment = { blobId: B64u.encode(new Uint8Array(16).fill(3)), key, sha256: hash, mime: 'image/png', size: 5, name: 'cat.png' };
    const server = new FakeServer();
    server.postHandlers.push(() => {
      throw new ApiError(410, 'device_list_stale', 'stale', { businessList: businessV3, customerList: customer });
    });
    server.postHandlers.push(stored(14));
    const messenger = customerMessenger(server);
    const message = await messenger.sendContent(CONVERSATION, 'image', { text: 'look', attachment });
    const [first, second] = server.sends();
    expect(second!.header.kind).toBe('image');
    expect(second!.header.clientMessageId).toBe(first!.header.clientMessageId);
    expect(message).toMatchObject({ seq: 14, kind: 'image', text: 'look', attachmentName: 'cat.png', attachment });
    expect((await messenger.messages(CONVERSATION))[0]!.attachment).toEqual(attachment);
    await expect(messenger.sendContent(CONVERSATION, 'image', { text: 'no attachment' })).rejects.toThrow();
  });
});

async function businessEnvelope(text: string, kind: 'text' | 'note' = 'text', sender = ids.companion1.keys): Promise<MessageEnvelope> {
  const header: MessageHeader = {
    type: MESSAGE_TYPE,
    conversation: CONVERSATION,
    sender: sender.deviceId,
    clientMessageId: newClientMessageId(),
    businessListVersion: 2,
    customerListVersion: 1,
    kind,
    sentAt: ISSUED_AT + 50,
  };
  const recipients = recipientsFor(kind, sender.deviceId, business.list, customer.list);
  return sealEnvelope(sender, header, encodeMessageContent({ text }, kind), recipients);
}

function delivered(seq: number, envelope: MessageEnvelope, to: string): DeliveredMessage {
  return { type: 'message', seq, storedAt: '2026-11-19T10:00:00Z', conversation: CONVERSATION, envelope: { ...envelope, wraps: { [to]: envelope.wraps[to]! } } };
}

function fakeConnection() {
  const sent: ClientFrame[] = [];
  return { sent, connection: { close() {}, send: (frame: ClientFrame) => (sent.push(frame), true), state: () => 'connected' as const } };
}

describe('Messenger receiving', () => {
  it('verifies, decrypts, stores and acknowledges in order; ignores replays', async () => {
    const server = new FakeServer();
    const messenger = customerMessenger(server);
    const { sent, connection } = fakeConnection();
    messenger.attach(connection);
    const first = await businessEnvelope('Hi Dora, yes it is!');
    const second = await businessEnvelope('Anything else?', 'text', ids.primary.keys);
    await messenger.receive(delivered(20, first, customerKeys.deviceId));
    await messenger.receive(delivered(21, second, customerKeys.deviceId));
    await messenger.receive(delivered(20, first, customerKeys.deviceId)); // replay after a reconnect
    const messages = await messenger.messages(CONVERSATION);
    expect(messages.map((m) => [m.seq, m.text, m.side, m.senderName, m.status])).toEqual([
      [20, 'Hi Dora, yes it is!', 'business', 'Bruno Sá', 'received'],
      [21, 'Anything else?', 'business', 'Ana Lima', 'received'],
    ]);
    expect(sent).toEqual([
      { type: 'ack', seq: 20 },
      { type: 'ack', seq: 21 },
      { type: 'ack', seq: 20 },
    ]);
  });

  it('keeps an undecryptable message as such and acknowledges it', async () => {
    const messenger = customerMessenger(new FakeServer());
    const { sent, connection } = fakeConnection();
    messenger.attach(connection);
    const envelope = await businessEnvelope('secret');
    const bytes = B64u.decode(envelope.ciphertext);
    bytes[bytes.length - 1]! ^= 1;
    await messenger.receive(delivered(30, { ...envelope, ciphertext: B64u.encode(bytes) }, customerKeys.deviceId));
    const [message] = await messenger.messages(CONVERSATION);
    expect(message).toMatchObject({ seq: 30, status: 'undecryptable', text: null, error: 'bad-signature' });
    expect(sent).toEqual([{ type: 'ack', seq: 30 }]);
  });

  it('refreshes the lists when the sender is unknown', async () => {
    const server = new FakeServer();
    const messenger = customerMessenger(server);
    messenger.attach(fakeConnection().connection);
    await messenger.conversation(CONVERSATION);
    server.businessList = businessV3;
    const header: MessageHeader = {
      type: MESSAGE_TYPE, conversation: CONVERSATION, sender: agent2Keys.deviceId, clientMessageId: newClientMessageId(),
      businessListVersion: 3, customerListVersion: 1, kind: 'text', sentAt: ISSUED_AT,
    };
    const envelope = await sealEnvelope(agent2Keys, header, encodeMessageContent({ text: 'new agent here' }, 'text'), recipientsFor('text', agent2Keys.deviceId, businessV3.list, customer.list));
    await messenger.receive(delivered(40, envelope, customerKeys.deviceId));
    expect((await messenger.messages(CONVERSATION))[0]).toMatchObject({ text: 'new agent here', senderName: 'Carla Dias' });
  });

  it('does not acknowledge when the lists cannot be loaded (network), and catches up by pulling', async () => {
    const server = new FakeServer();
    const messenger = customerMessenger(server);
    const { sent, connection } = fakeConnection();
    messenger.attach(connection);
    const envelope = await businessEnvelope('later');
    server.failGet = new ApiError(0, 'network_error', 'offline');
    await messenger.receive(delivered(50, envelope, customerKeys.deviceId));
    expect(sent).toEqual([]);
    expect(messenger.isStalled()).toBe(true);
    expect(await messenger.messages(CONVERSATION)).toEqual([]);

    server.failGet = null;
    server.pages.push([delivered(50, envelope, customerKeys.deviceId)]);
    await messenger.pull();
    messenger.stop();
    expect(messenger.isStalled()).toBe(false);
    expect((await messenger.messages(CONVERSATION)).map((m) => m.text)).toEqual(['later']);
    expect(server.calls.filter((call) => call.path === '/api/messages/ack').map((call) => call.body)).toEqual([{ upTo: 50 }]);
  });

  it('an agent receives notes of colleagues; a customer never stores one', async () => {
    const note = await businessEnvelope('VIP, be nice', 'note', ids.primary.keys);
    const agent = agentMessenger(new FakeServer(), ids.companion1.keys);
    agent.attach(fakeConnection().connection);
    await agent.receive(delivered(60, note, ids.companion1.keys.deviceId));
    expect((await agent.messages(CONVERSATION))[0]).toMatchObject({ kind: 'note', text: 'VIP, be nice', side: 'business' });

    const customerSide = customerMessenger(new FakeServer());
    const { sent, connection } = fakeConnection();
    customerSide.attach(connection);
    await customerSide.receive({ ...delivered(61, note, ids.companion1.keys.deviceId) });
    expect(await customerSide.messages(CONVERSATION)).toEqual([]);
    expect(sent).toEqual([{ type: 'ack', seq: 61 }]);
  });

  it('marks read up to the highest received seq, once', async () => {
    const server = new FakeServer();
    const messenger = customerMessenger(server);
    messenger.attach(fakeConnection().connection);
    await messenger.receive(delivered(70, await businessEnvelope('a'), customerKeys.deviceId));
    const shown = await messenger.messages(CONVERSATION);
    expect(await messenger.markRead(CONVERSATION, shown)).toBe(70);
    expect(await messenger.markRead(CONVERSATION, shown)).toBeNull();
    expect(server.calls.filter((call) => call.path.endsWith('/read')).map((call) => call.body)).toEqual([{ seq: 70 }]);
    expect(messenger.receipt(CONVERSATION, 'customer')?.readSeq).toBe(70);
  });
});

describe('Messenger.fetchHistory', () => {
  it('pulls from seq 0 page by page, stores history below the live cursor, skips what it has and does not acknowledge', async () => {
    const server = new FakeServer();
    const messenger = agentMessenger(server, ids.primary.keys);
    const me = ids.primary.keys.deviceId;
    const live = await businessEnvelope('live one');
    const { connection } = fakeConnection();
    messenger.attach(connection);
    await messenger.receive(delivered(50, live, me)); // the live cursor is past the history now
    const old1 = await businessEnvelope('from before the link');
    const old2 = await businessEnvelope('also from before');
    const unreadable = await businessEnvelope('not wrapped for me yet');
    server.pages = [
      [delivered(3, old1, me), delivered(4, old2, me)],
      [{ ...delivered(5, unreadable, me), envelope: { ...unreadable, wraps: {} } }, delivered(50, live, me)],
      [],
    ];
    const changed = await messenger.fetchHistory(2);
    expect([...changed]).toEqual([CONVERSATION]);
    expect((await messenger.messages(CONVERSATION)).map((m) => [m.seq, m.text])).toEqual([
      [3, 'from before the link'],
      [4, 'also from before'],
      [50, 'live one'],
    ]);
    const gets = server.calls.filter((call) => call.path.startsWith('/api/messages')).map((call) => call.path);
    expect(gets).toEqual(['/api/messages?after=0&limit=2', '/api/messages?after=4&limit=2', '/api/messages?after=50&limit=2']);
    expect(server.calls.some((call) => call.path === '/api/messages/ack')).toBe(false);
  });

  it('reports re-wrapped keys that do not open and leaves those messages for a later fetch', async () => {
    const server = new FakeServer();
    const messenger = agentMessenger(server, ids.primary.keys);
    const me = ids.primary.keys.deviceId;
    const good = await businessEnvelope('readable');
    const garbage = await businessEnvelope('wrapped with garbage');
    const someoneElses = Object.entries(garbage.wraps).find(([device]) => device !== me)![1];
    server.pages = [[delivered(7, good, me), { ...delivered(8, garbage, me), envelope: { ...garbage, wraps: { [me]: someoneElses } } }], []];
    await messenger.fetchHistory(2);
    expect((await messenger.messages(CONVERSATION)).map((m) => m.seq)).toEqual([7]);
    expect(server.calls.filter((call) => call.path === '/api/history/bad-wraps').map((call) => call.body)).toEqual([{ seqs: [8] }]);
  });
});

describe('Messenger in a third-party room', () => {
  const room = {
    roomId: CONVERSATION,
    source: 'a.example',
    roomUri: `mimi://b.example/r/${CONVERSATION}`,
    businessUri: `mimi://b.example/u/${ACCOUNT}`,
    userUri: `mimi://a.example/u/${PHONE}`,
    assetBase: 'https://b.example:8443/v1/assets/',
  };

  function roomAgent(server: FakeServer, rooms: Record<string, unknown>) {
    const store = new MemoryMessageStore(ids.companion1.keys.deviceId);
    const lookups: string[] = [];
    const thirdPartyRooms = new ThirdPartyRooms({
      async get<T>(path: string): Promise<T> {
        lookups.push(path);
        const id = decodeURIComponent(path.split('/').pop()!);
        if (!(id in rooms)) throw new ApiError(404, 'conversation_not_found', 'no');
        return rooms[id] as T;
      },
    });
    const messenger = new Messenger({
      keys: ids.companion1.keys,
      side: 'business',
      store,
      trust: trustFor(store, { owner: 'business', account: ACCOUNT, key: ids.primary.keys.signingKey, list: business.list }),
      businessAccount: ACCOUNT,
      http: server,
      now: () => NOW * 1000,
      retryDelay: () => 3_600_000,
      thirdPartyRooms,
    });
    return { messenger, lookups };
  }

  it('writes what reaches the peer as MIMI content, private notes as JSON, and a local chat as JSON', async () => {
    const server = new FakeServer();
    server.postHandlers.push(stored(40), stored(41), stored(42));
    const { messenger, lookups } = roomAgent(server, { [CONVERSATION]: room });
    await messenger.sendText(CONVERSATION, 'Hello from the business');
    await messenger.sendText(CONVERSATION, 'internal only', 'note');
    const [text, note] = server.sends();
    const plaintext = await openEnvelope(text!, customerKeys);
    expect(isMimiPayload(plaintext)).toBe(true);
    const mimi = decodeMimiContent(plaintext);
    expect(mimiText(mimi)).toBe('Hello from the business');
    expect(cborMapGet(mimi.extensions, cborInt(1))).toEqual({ kind: 'text', value: room.businessUri });
    expect(isMimiPayload(await openEnvelope(note!, ids.primary.keys))).toBe(false);
    expect(lookups).toEqual([`/api/federation/rooms/${CONVERSATION}`]);

    const local = roomAgent(server, {});
    await local.messenger.sendText(CONVERSATION, 'a local chat');
    expect(isMimiPayload(await openEnvelope(server.sends()[2]!, customerKeys))).toBe(false);
  });

  it('reads the remote user’s MIMI content, with an attachment to fetch through the business’s provider', async () => {
    const { messenger } = roomAgent(new FakeServer(), { [CONVERSATION]: room });
    messenger.attach(fakeConnection().connection);
    const photo = { blobId: 'ZmlsZS0x', key: B64u.encode(new Uint8Array(32).fill(3)), sha256: B64u.encode(new Uint8Array(32).fill(4)), mime: 'image/png', size: 10, name: 'cat.png' };
    const userRoom = { ...room, assetBase: 'https://a.example/v1/assets/' };
    const content = encodeMimiContent(toMimiContent({ text: 'my cat', attachment: photo }, 'image', { salt: new Uint8Array(16), senderUri: room.userUri, room: userRoom }));
    const header: MessageHeader = {
      type: MESSAGE_TYPE,
      conversation: CONVERSATION,
      sender: customerKeys.deviceId,
      clientMessageId: newClientMessageId(),
      businessListVersion: 2,
      customerListVersion: 1,
      kind: 'image',
      sentAt: ISSUED_AT + 60,
    };
    const envelope = await sealEnvelope(customerKeys, header, content, recipientsFor('image', customerKeys.deviceId, business.list, customer.list));
    await messenger.receive(delivered(50, envelope, ids.companion1.keys.deviceId));
    const [message] = await messenger.messages(CONVERSATION);
    expect(message).toMatchObject({ seq: 50, status: 'received', kind: 'image', text: 'my cat', attachmentName: 'cat.png' });
    expect(message!.attachment).toEqual({ ...photo, remote: { room: CONVERSATION, url: 'https://a.example/v1/assets/ZmlsZS0x' } });
  });
});
