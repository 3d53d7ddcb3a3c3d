import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IndexedDbMessageStore, MemoryMessageStore, type LocalMessage, type MessageStore } from '../../src/lib/messageStore';
import { groupResults, messageMatches, normalizeQuery, snippetOf } from '../../src/lib/search';

function message(conversation: string, seq: number, extra: Partial<LocalMessage> = {}): LocalMessage {
  return {
    device: 'dev',
    conversation,
    seq,
    clientMessageId: null,
    sender: 'sender',
    side: 'customer',
    senderName: null,
    kind: 'text',
    text: '',
    status: 'received',
    sentAt: 1_778_000_000 + seq,
    storedAt: null,
    ...extra,
  };
}

const MESSAGES = [
  message('c1', 1, { text: 'Where is my ORDER?' }),
  message('c1', 2, { text: 'Your order ships today', side: 'business', status: 'sent' }),
  message('c2', 3, { kind: 'note', side: 'business', text: 'internal: order was refunded' }),
  message('c2', 4, { kind: 'document', text: '', attachmentName: 'Invoice-Order-77.pdf' }),
  message('c3', 5, { text: null, status: 'undecryptable' }),
  message('c3', 6, { text: 'nothing to see' }),
];

describe('matching', () => {
  it('is a case-insensitive substring over text and attachment names, notes included', () => {
    const q = normalizeQuery('  Order ');
    expect(q).toBe('order');
    expect(MESSAGES.filter((m) => messageMatches(m, q)).map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('never matches undecryptable messages or an empty query', () => {
    expect(messageMatches(message('c', 1, { text: 'order', status: 'undecryptable' }), 'order')).toBe(false);
    expect(messageMatches(message('c', 1, { text: 'order' }), '')).toBe(false);
  });

  it('cuts a snippet around the match, keeping the original case', () => {
    expect(snippetOf('Where is my ORDER?', 'order')).toEqual({ before: 'Where is my ', match: 'ORDER', after: '?' });
    const long = `${'a'.repeat(100)} needle ${'b'.repeat(100)}`;
    const snippet = snippetOf(long, 'needle', 10)!;
    expect(snippet.before).toBe(`\u2026${'a'.repeat(9)} `);
    expect(snippet.after).toBe(` ${'b'.repeat(9)}\u2026`);
    expect(snippetOf('line\nbreak', 'e b')).toEqual({ before: 'lin', match: 'e b', after: 'reak' });
    expect(snippetOf('abc', 'x')).toBeNull();
  });

  it('groups by conversation, newest match first, counting matches', () => {
    const results = groupResults(MESSAGES, 'order');
    expect(results.map((r) => [r.conversation, r.message.seq, r.count])).toEqual([
      ['c2', 4, 2],
      ['c1', 2, 2],
    ]);
    // the attachment name is the snippet when the caption is empty
    expect(results[0]!.snippet.match).toBe('Order');
  });
});

describe.each([
  ['MemoryMessageStore', (device: string) => new MemoryMessageStore(device)],
  ['IndexedDbMessageStore', (device: string) => new IndexedDbMessageStore(device)],
] as const)('%s.searchMessages', (_name, open: (device: string) => MessageStore) => {
  it('finds matching messages across conversations, only of its own device', async () => {
    const store = open('device-a');
    const other = open('device-b');
    for (const m of MESSAGES) await store.putMessage(m);
    await other.putMessage(message('c9', 9, { text: 'an order of another device' }));
    const found = await store.searchMessages('ORDER');
    expect(found.map((m) => m.seq).sort()).toEqual([1, 2, 3, 4]);
    expect(found.every((m) => m.device === 'device-a')).toBe(true);
    expect(await store.searchMessages('   ')).toEqual([]);
    expect((await store.searchMessages('order', 2)).length).toBe(2);
    await store.clear();
    await other.clear();
  });
});
