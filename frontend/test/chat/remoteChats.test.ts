import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { t } from '../../src/i18n';
import { ApiError } from '../../src/lib/api';
import { ListTrust } from '../../src/lib/listTrust';
import { MemoryMessageStore } from '../../src/lib/messageStore';
import { RemoteChatsStore, normalizeDomain, remoteOwner, type RemoteChat, type RemoteChatsOptions, type RemoteHttp } from '../../src/chat/remoteChats';
import {
  B64u,
  DeviceKeys,
  deviceSignature,
  envelopeRecipients,
  MESSAGE_TYPE,
  openEnvelope,
  parseEnvelope,
  sealEnvelope,
  signDeviceList,
  verifyEnvelope,
  type Attachment,
  type MessageEnvelope,
  type MessageHeader,
  type SignedDeviceList,
} from '../../src/protocol';
import { randomBytes } from '../../src/protocol/bytes';
import { fromMimiContent, toMimiContent } from '../../src/protocol/mimi/messages';
import { decodeMimiContent, encodeMimiContent, mimiMessageId } from '../../src/protocol/mimi/mimiContent';
import { ACCOUNT, entryFor, fixedBytes, fixedIdentities, listOf, NOW, type FixedIdentities } from '../support/fixtures';

const PHONE = '+4917000000001';
// The provider's federation domain, which need not be the host the page is served from.
const USER_URI = `mimi://federation.a.test/u/${PHONE}`;
const ROOM = 'cm9vbS1pZC0wMDAwMDAwMQ'; // b64u of 16 bytes
const ASSET_BASE = 'https://b.test:8443/v1/assets/';
// Where this customer's provider serves the customer's files to the business's provider.
const OWN_ASSET_BASE = 'https://federation.a.test:8443/v1/assets/';
const CHAT: RemoteChat = { id: 'chat-1', domain: 'b.test', businessNumber: ACCOUNT, state: 'granted', roomId: ROOM, deliveredSeq: 0, readSeq: 0 };

let ids: FixedIdentities;
let customerKeys: DeviceKeys;
let business: SignedDeviceList;
let customer: SignedDeviceList;

beforeAll(async () => {
  ids = await fixedIdentities();
  customerKeys = await DeviceKeys.fromPrivate(await fixedBytes('remote customer signing'), await fixedBytes('remote customer agreement'));
  business = await signDeviceList(
    listOf([entryFor(ids.primary.keys, 'owner', 'Ana Lima', 'Chrome'), entryFor(ids.companion1.keys, 'agent', 'Bruno Sá', 'Firefox')]),
    ids.primary.keys,
    { [ids.companion1.keys.deviceId]: await deviceSignature(ids.companion1.keys, ACCOUNT, ids.primary.keys.signingKey) },
  );
  customer = await signDeviceList(listOf([entryFor(customerKeys, 'owner', 'Dora', 'Safari')], { account: PHONE, version: 1 }), customerKeys);
});

/** This provider's API as §16.1 answers it; `messages` is what GET …/messages returns. */
class FakeProvider implements RemoteHttp {
  posts: Array<{ path: string; body: unknown }> = [];
  messages: unknown[] = [];
  chat: RemoteChat = CHAT;
  refuseStart: ApiError | null = null;
  /** Failures the next message submissions meet, one each. */
  submitFailures: ApiError[] = [];

  async get<T>(path: string): Promise<T> {
    if (path === '/api/federation/remote-chats') return [this.chat] as T;
    if (path === `/api/federation/remote-chats/${CHAT.id}`) {
      const granted = this.chat.state === 'granted';
      return { chat: this.chat, businessList: granted ? business : null, customerList: customer, userUri: USER_URI, assetBase: OWN_ASSET_BASE } as T;
    }
    if (path.startsWith(`/api/federation/remote-chats/${CHAT.id}/messages?after=`)) {
      const after = Number(path.split('after=')[1]);
      return { messages: this.messages.filter((message) => (message as { seq: number }).seq > after) } as T;
    }
    throw new ApiError(404, 'not_found', 'Not found');
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    this.posts.push({ path, body });
    if (path === '/api/federation/remote-chats') {
      if (this.refuseStart) throw this.refuseStart;
      return this.chat as T;
    }
    if (path.endsWith('/messages')) {
      const failure = this.submitFailures.shift();
      if (failure) throw failure;
      return { seq: 1, duplicate: false } as T;
    }
    return undefined as T;
  }

  async delete<T>(): Promise<T> {
    return undefined as T;
  }
}

function newStore(http: FakeProvider, upload?: RemoteChatsOptions['upload']): RemoteChatsStore {
  const trust = new ListTrust({
    store: new MemoryMessageStore(customerKeys.deviceId),
    own: { owner: 'customer-1', account: PHONE, primarySigningKey: customerKeys.signingKey, version: 1, list: customer.list },
    now: () => NOW,
  });
  return new RemoteChatsStore({ http, keys: customerKeys, trust, phone: PHONE, now: () => NOW * 1000, upload });
}

async function fromBusiness(seq: number, remoteSeq: number, text: string, signer = ids.companion1.keys, attachment?: Attachment): Promise<unknown> {
  const senderUri = `mimi://b.test/u/${ACCOUNT}`;
  const kind = attachment ? 'image' : 'text';
  const mimi = toMimiContent({ text, attachment }, kind, { salt: randomBytes(16), senderUri, room: { roomUri: `mimi://b.test/r/${ROOM}`, assetBase: ASSET_BASE } });
  const header: MessageHeader = {
    type: MESSAGE_TYPE,
    conversation: ROOM,
    sender: signer.deviceId,
    clientMessageId: `b-${seq}`.padEnd(22, 'A'),
    businessListVersion: business.list.version,
    customerListVersion: customer.list.version,
    kind,
    sentAt: NOW,
  };
  const envelope = await sealEnvelope(signer, header, encodeMimiContent(mimi), envelopeRecipients(kind, ids.companion1.keys.deviceId, { business: business.list, customer: customer.list }));
  return { seq, remoteSeq, fromCustomer: false, state: 'accepted', refusal: null, envelope };
}

/** The customer's own message as this provider keeps it (sealed by this customer's device). */
async function fromCustomer(seq: number): Promise<{ seq: number; remoteSeq: number | null; fromCustomer: true; state: string; refusal: string | null; envelope: unknown }> {
  const senderUri = `mimi://a.test/u/${PHONE}`;
  const mimi = toMimiContent({ text: 'Mine' }, 'text', { salt: randomBytes(16), senderUri, room: { roomUri: `mimi://b.test/r/${ROOM}`, assetBase: '' } });
  const header: MessageHeader = {
    type: MESSAGE_TYPE,
    conversation: ROOM,
    sender: customerKeys.deviceId,
    clientMessageId: `c-${seq}`.padEnd(22, 'A'),
    businessListVersion: business.list.version,
    customerListVersion: customer.list.version,
    kind: 'text',
    sentAt: NOW,
  };
  const envelope = await sealEnvelope(customerKeys, header, encodeMimiContent(mimi), envelopeRecipients('text', customerKeys.deviceId, { business: business.list, customer: customer.list }));
  return { seq, remoteSeq: null, fromCustomer: true, state: 'pending', refusal: null, envelope };
}

describe('normalizeDomain', () => {
  it('takes a host as typed, with or without a scheme, and refuses anything else', () => {
    expect(normalizeDomain(' HTTPS://Chat.Example.com/ ')).toBe('chat.example.com');
    expect(normalizeDomain('peer.test:8443')).toBe('peer.test:8443');
    expect(normalizeDomain('not a domain')).toBeNull();
    expect(normalizeDomain('')).toBeNull();
  });
});

describe('RemoteChatsStore', () => {
  let http: FakeProvider;
  let store: RemoteChatsStore;
  beforeEach(() => {
    http = new FakeProvider();
    store = newStore(http);
  });

  it('says "not found" for a refusal, whatever the reason, and opens nothing', async () => {
    http.refuseStart = new ApiError(404, 'not_found', 'Not found');
    expect(await store.request('b.test', ACCOUNT)).toBeNull();
    expect(store.requestError.value).toBe(t('remoteChats:request.notFound'));
    expect(store.current.value).toBeNull();
    expect(store.chats.value).toEqual([]);
  });

  it('checks the domain and the number before asking', async () => {
    expect(await store.request('no way', '12')).toBeNull();
    expect(store.fieldErrors.value.domain).toBe(t('remoteChats:request.domainFormat'));
    expect(store.fieldErrors.value.phone).toBe(t('remoteChats:request.phoneFormat'));
    expect(http.posts).toEqual([]);
  });

  it('shows a requested chat as waiting, and opens it once the business granted it', async () => {
    http.chat = { ...CHAT, state: 'requested', roomId: null };
    await store.request('https://B.test', ACCOUNT);
    expect(http.posts[0]).toEqual({ path: '/api/federation/remote-chats', body: { domain: 'b.test', phone: ACCOUNT } });
    expect(store.current.value?.state).toBe('requested');
    http.chat = CHAT;
    http.messages = [await fromBusiness(1, 5, 'Hello from B')];
    await store.changed(CHAT.id);
    expect(store.current.value?.state).toBe('granted');
    expect(store.messages.value.map((message) => message.text)).toEqual(['Hello from B']);
  });

  it("reads the shown chat's news on its push, and only the list on another chat's push", async () => {
    await store.request('b.test', ACCOUNT);
    const other: RemoteChat = { ...CHAT, id: 'chat-2', businessNumber: '+4930999999999', state: 'revoked' };
    http.messages = [await fromBusiness(1, 5, 'Pushed to you')];
    const listed = vi.spyOn(http, 'get');
    const before = http.chat;
    http.chat = other; // what the list answers now
    await store.changed(other.id);
    expect(listed.mock.calls.map(([path]) => path)).toEqual(['/api/federation/remote-chats']);
    expect(store.chats.value).toEqual([other]);
    expect(store.messages.value).toEqual([]);
    http.chat = before;
    await store.changed(CHAT.id);
    expect(store.messages.value.map((message) => message.text)).toEqual(['Pushed to you']);
  });

  it('seals MIMI content for every device of both lists, under the MIMI message id of the room', async () => {
    await store.request('b.test', ACCOUNT);
    store.send('Is my order on its way?');
    await vi.waitFor(() => expect(http.posts.some((post) => post.path.endsWith('/messages'))).toBe(true));
    const sent = http.posts.find((post) => post.path === `/api/federation/remote-chats/${CHAT.id}/messages`)!.body as { messageId: string; envelope: MessageEnvelope };
    const envelope = parseEnvelope(sent.envelope);
    expect(envelope.header.conversation).toBe(ROOM);
    expect(Object.keys(envelope.wraps).sort()).toEqual([ids.primary.keys.deviceId, ids.companion1.keys.deviceId, customerKeys.deviceId].sort());
    await verifyEnvelope(envelope, customerKeys.signingKey);
    const mimi = decodeMimiContent(await openEnvelope(envelope, ids.primary.keys));
    expect(fromMimiContent(mimi, 'text', ROOM).content.text).toBe('Is my order on its way?');
    const expected = await mimiMessageId(mimi, USER_URI, `mimi://b.test/r/${ROOM}`);
    expect(sent.messageId).toBe(B64u.encode(expected));
  });

  it('submits the same message id and envelope again after a lost answer, so the message is stored once', async () => {
    await store.request('b.test', ACCOUNT);
    http.submitFailures = [new ApiError(503, 'unavailable', 'Try again')];
    store.send('Once only');
    await vi.waitFor(() => expect(store.outboxEntries.value[0]?.state).toBe('waiting'));
    await store.outbox.retryNow(store.outboxEntries.value[0]!.clientMessageId);
    await vi.waitFor(() => expect(store.outboxEntries.value).toEqual([]));
    const submissions = http.posts.filter((post) => post.path.endsWith('/messages')).map((post) => post.body);
    expect(submissions).toHaveLength(2);
    expect(submissions[1]).toEqual(submissions[0]);
  });

  it("ticks the customer's message once the business's provider took it, by its place there", async () => {
    await store.request('b.test', ACCOUNT);
    const own = await fromCustomer(2);
    http.messages = [{ ...own, state: 'pending', remoteSeq: null }];
    await store.poll();
    expect(store.entries.value[0]).toMatchObject({ mine: true, ticks: 'sending', text: 'Mine' });
    http.messages = [{ ...own, state: 'accepted', remoteSeq: 4 }];
    http.chat = { ...CHAT, deliveredSeq: 4, readSeq: 3 };
    await store.poll();
    expect(store.entries.value[0]?.ticks).toBe('delivered');
    // A message the business's provider refused (the consent was taken back there) stays marked as not sent.
    const second = await fromCustomer(3);
    http.messages = [{ ...own, state: 'accepted', remoteSeq: 4 }, { ...second, state: 'pending' }];
    await store.poll();
    expect(store.entries.value[1]?.ticks).toBe('sending');
    http.messages = [{ ...own, state: 'accepted', remoteSeq: 4 }, { ...second, state: 'refused', refusal: 'not_found' }];
    await store.poll();
    expect(store.entries.value.map((entry) => entry.ticks)).toEqual(['delivered', 'failed']);
  });

  it("reads the business's messages, ticks ours by their place there and reports how far it read", async () => {
    http.messages = [await fromBusiness(1, 7, 'Your parcel left today')];
    await store.request('b.test', ACCOUNT);
    expect(store.messages.value[0]).toMatchObject({ side: 'business', text: 'Your parcel left today', status: 'received', senderName: null });
    expect(http.posts).toContainEqual({ path: `/api/federation/remote-chats/${CHAT.id}/receipts`, body: { deliveredSeq: 7, readSeq: 7 } });
    expect(store.entries.value[0]?.mine).toBe(false);
  });

  it("shows the business's file, to be fetched through this customer's provider for this chat", async () => {
    const photo: Attachment = { blobId: 'cGhvdG8tYmxvYi0wMDAwMQ', key: B64u.encode(new Uint8Array(32).fill(7)), sha256: B64u.encode(new Uint8Array(32).fill(9)), mime: 'image/png', size: 3000, name: 'receipt.png' };
    http.messages = [await fromBusiness(1, 7, 'Your receipt', ids.companion1.keys, photo)];
    await store.request('b.test', ACCOUNT);
    expect(store.messages.value[0]).toMatchObject({ kind: 'image', text: 'Your receipt', attachmentName: 'receipt.png', status: 'received' });
    expect(store.entries.value[0]?.attachment).toMatchObject({
      name: 'receipt.png',
      size: 3000,
      remote: { room: ROOM, url: `${ASSET_BASE}${photo.blobId}`, chat: CHAT.id },
    });
  });

  it('sends a file as an external part at this provider, uploaded once for its chat even when the submission is retried', async () => {
    const photo: Attachment = { blobId: 'b3duLWJsb2ItMDAwMDAwMQ', key: B64u.encode(new Uint8Array(32).fill(3)), sha256: B64u.encode(new Uint8Array(32).fill(4)), mime: 'image/png', size: 1200, name: 'damage.png' };
    const uploads: Array<{ chatId: string; name: string; caption: string }> = [];
    store = newStore(http, async (chatId, file, caption) => {
      uploads.push({ chatId, name: file.name, caption });
      return { kind: 'image', content: { text: caption, attachment: photo } };
    });
    await store.request('b.test', ACCOUNT);
    http.submitFailures = [new ApiError(503, 'unavailable', 'Try again')];
    store.sendFile(new File([new Uint8Array(1200)], 'damage.png', { type: 'image/png' }), 'The box arrived like this');
    expect(store.outboxEntries.value[0]).toMatchObject({ kind: 'image', attachmentName: 'damage.png' });
    await vi.waitFor(() => expect(store.outboxEntries.value[0]?.state).toBe('waiting'));
    await store.outbox.retryNow(store.outboxEntries.value[0]!.clientMessageId);
    await vi.waitFor(() => expect(store.outboxEntries.value).toEqual([]));

    expect(uploads).toEqual([{ chatId: CHAT.id, name: 'damage.png', caption: 'The box arrived like this' }]);
    const submissions = http.posts.filter((post) => post.path === `/api/federation/remote-chats/${CHAT.id}/messages`).map((post) => post.body);
    expect(submissions).toHaveLength(2);
    expect(submissions[1]).toEqual(submissions[0]);
    const envelope = parseEnvelope((submissions[0] as { envelope: unknown }).envelope);
    expect(envelope.header.kind).toBe('image');
    expect(Object.keys(envelope.wraps).sort()).toEqual([ids.primary.keys.deviceId, ids.companion1.keys.deviceId, customerKeys.deviceId].sort());
    const read = fromMimiContent(decodeMimiContent(await openEnvelope(envelope, ids.companion1.keys)), 'image', ROOM).content;
    expect(read.text).toBe('The box arrived like this');
    expect(read.attachment).toMatchObject({ name: 'damage.png', size: 1200, key: photo.key, sha256: photo.sha256, remote: { url: `${OWN_ASSET_BASE}${photo.blobId}` } });
  });

  it('keeps a file this provider refused as not sent, with the reason', async () => {
    store = newStore(http, async () => {
      throw new ApiError(413, 'attachment_too_large', 'Too large', { limit: 1024 });
    });
    await store.request('b.test', ACCOUNT);
    store.sendFile(new File([new Uint8Array(10)], 'big.pdf', { type: 'application/pdf' }), '');
    await vi.waitFor(() => expect(store.outboxEntries.value[0]?.state).toBe('failed'));
    expect(store.outboxEntries.value[0]).toMatchObject({ kind: 'document', attachmentName: 'big.pdf' });
    expect(http.posts.some((post) => post.path.endsWith('/messages'))).toBe(false);
  });

  it('keeps a message signed by a device that is not on the business list as undecryptable', async () => {
    const stranger = await DeviceKeys.fromPrivate(await fixedBytes('stranger signing'), await fixedBytes('stranger agreement'));
    http.messages = [await fromBusiness(1, 1, 'forged', stranger)];
    await store.request('b.test', ACCOUNT);
    expect(store.messages.value[0]).toMatchObject({ status: 'undecryptable', text: null });
  });

  it("pins the business's primary per provider and number", async () => {
    await store.request('b.test', ACCOUNT);
    expect(remoteOwner(CHAT)).toBe(`remote:b.test:${ACCOUNT}`);
    expect(store.openError.value).toBeNull();
  });
});
