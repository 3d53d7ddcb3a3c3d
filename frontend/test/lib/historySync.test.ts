import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api';
import {
  followHistory,
  HISTORY_STALL_MS,
  HistoryHelper,
  type HistoryBar,
  HistoryProgressTracker,
  historyProgressText,
  parseHistoryProgress,
  parseHistoryWork,
  verifiedHistoryTarget,
  type HistoryHttp,
} from '../../src/lib/historySync';
import {
  B64u,
  DeviceKeys,
  encodeMessageContent,
  MESSAGE_TYPE,
  openEnvelope,
  parseMessageContent,
  sealEnvelope,
  type DeviceEntry,
  type DeviceList,
  type MessageEnvelope,
  type MessageHeader,
} from '../../src/protocol';
import { entryFor, fixedBytes, fixedIdentities, ISSUED_AT, listOf, type FixedIdentities } from '../support/fixtures';

const CONVERSATION = 'Y29udmVyc2F0aW9uLWlkMQ'; // b64u of "conversation-id1"

let ids: FixedIdentities;
let newcomer: DeviceKeys;
let stranger: DeviceKeys;
let newcomerEntry: DeviceEntry;
let list: DeviceList;

beforeAll(async () => {
  ids = await fixedIdentities();
  newcomer = await DeviceKeys.fromPrivate(await fixedBytes('newcomer signing seed'), await fixedBytes('newcomer agreement private'));
  stranger = await DeviceKeys.fromPrivate(await fixedBytes('stranger signing seed'), await fixedBytes('stranger agreement private'));
  newcomerEntry = entryFor(newcomer, 'agent', 'Dora Reis', 'Safari on macOS');
  list = listOf([
    entryFor(ids.primary.keys, 'owner', 'Ana Lima', 'Chrome on Linux'),
    entryFor(ids.companion1.keys, 'agent', 'Bruno Sá', 'Firefox on Windows'),
    newcomerEntry,
  ]);
});

describe('verifiedHistoryTarget', () => {
  it('accepts a device on the verified list with its agreement key', () => {
    expect(verifiedHistoryTarget(list, newcomer.deviceId, newcomerEntry.agreementKey)?.id).toBe(newcomer.deviceId);
  });

  it('refuses a device that is not on the verified list', () => {
    expect(verifiedHistoryTarget(list, stranger.deviceId, B64u.encode(stranger.agreementKey))).toBeNull();
  });

  it('refuses a listed device id named with another agreement key', () => {
    expect(verifiedHistoryTarget(list, newcomer.deviceId, B64u.encode(stranger.agreementKey))).toBeNull();
  });

  it('refuses everything without a verified list, and this device itself', () => {
    expect(verifiedHistoryTarget(null, newcomer.deviceId, newcomerEntry.agreementKey)).toBeNull();
    const me = ids.primary.keys;
    expect(verifiedHistoryTarget(list, me.deviceId, B64u.encode(me.agreementKey), me.deviceId)).toBeNull();
  });
});

describe('history progress', () => {
  it('reads the progress defensively', () => {
    expect(parseHistoryProgress({ total: 340, synced: 120 })).toEqual({ total: 340, synced: 120 });
    expect(parseHistoryProgress({ total: 3, synced: 9 })).toEqual({ total: 3, synced: 3 });
    expect(parseHistoryProgress(null)).toEqual({ total: 0, synced: 0 });
  });

  it('words the progress', () => {
    expect(historyProgressText({ synced: 120, total: 340 })).toBe('Syncing history: 120 of 340 messages');
    expect(historyProgressText({ synced: 0, total: 1 })).toBe('Syncing history: 0 of 1 message');
  });

  it('shows the waiting note only after the progress stood still for a while', () => {
    const tracker = new HistoryProgressTracker();
    let state = tracker.update({ total: 340, synced: 0 }, 1000);
    expect(state).toMatchObject({ visible: true, waiting: false, grew: false, done: false });
    state = tracker.update({ total: 340, synced: 0 }, 1000 + HISTORY_STALL_MS - 1);
    expect(state.waiting).toBe(false);
    state = tracker.update({ total: 340, synced: 0 }, 1000 + HISTORY_STALL_MS);
    expect(state.waiting).toBe(true);
    state = tracker.update({ total: 340, synced: 200 }, 1000 + HISTORY_STALL_MS + 2000);
    expect(state).toMatchObject({ waiting: false, grew: true, text: 'Syncing history: 200 of 340 messages' });
    state = tracker.update({ total: 340, synced: 340 }, 1000 + HISTORY_STALL_MS + 4000);
    expect(state).toMatchObject({ visible: false, done: true, grew: true });
  });

  it('shows nothing when there is no history', () => {
    expect(new HistoryProgressTracker().update({ total: 0, synced: 0 }, 0)).toMatchObject({ visible: false, done: true });
  });
});

describe('HistoryHelper', () => {
  async function message(seq: number, text: string): Promise<{ envelope: MessageEnvelope; item: { seq: number; conversation: string; header: MessageHeader; wrap: string } }> {
    const header: MessageHeader = {
      type: MESSAGE_TYPE,
      conversation: CONVERSATION,
      sender: ids.companion1.keys.deviceId,
      clientMessageId: B64u.encode(await fixedBytes(`cmid ${seq}`, 16)),
      businessListVersion: 1,
      customerListVersion: 1,
      kind: 'text',
      sentAt: ISSUED_AT + seq,
    };
    const envelope = await sealEnvelope(ids.companion1.keys, header, encodeMessageContent({ text }, 'text'), {
      [ids.primary.keys.deviceId]: ids.primary.keys.agreementKey,
    });
    return { envelope, item: { seq, conversation: CONVERSATION, header, wrap: envelope.wraps[ids.primary.keys.deviceId]! } };
  }

  function fakeServer(targets: () => unknown[]): { http: HistoryHttp; posts: { deviceId: string; wraps: Record<string, string> }[] } {
    const posts: { deviceId: string; wraps: Record<string, string> }[] = [];
    const stored = new Set<string>();
    const http: HistoryHttp = {
      get: async <T>(path: string) => {
        expect(path).toBe('/api/history/work?limit=200');
        return targets() as T;
      },
      post: async <T>(path: string, body?: unknown) => {
        expect(path).toBe('/api/history/wraps');
        const posted = body as { deviceId: string; wraps: Record<string, string> };
        posts.push(posted);
        const fresh = Object.keys(posted.wraps).filter((seq) => !stored.has(`${posted.deviceId}/${seq}`));
        for (const seq of fresh) stored.add(`${posted.deviceId}/${seq}`);
        return { added: fresh.length } as T;
      },
    };
    return { http, posts };
  }

  it('re-wraps keys for a device on the verified list, and the new device can read the message', async () => {
    const first = await message(7, 'hello from before');
    const second = await message(9, 'second');
    let round = 0;
    const { http, posts } = fakeServer(() =>
      round++ === 0 ? [{ deviceId: newcomer.deviceId, agreementKey: newcomerEntry.agreementKey, messages: [first.item, second.item] }] : [],
    );
    const helper = new HistoryHelper({ keys: ids.primary.keys, http, verifiedList: async () => list, log: () => undefined });
    expect(await helper.run()).toBe(2);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.deviceId).toBe(newcomer.deviceId);
    expect(Object.keys(posts[0]!.wraps).sort()).toEqual(['7', '9']);
    const received: MessageEnvelope = { ...first.envelope, wraps: { ...first.envelope.wraps, [newcomer.deviceId]: posts[0]!.wraps['7']! } };
    expect(parseMessageContent(await openEnvelope(received, newcomer), 'text').text).toBe('hello from before');
  });

  it('refuses a target the server names that is not on the verified list', async () => {
    const first = await message(7, 'secret');
    const logs: string[] = [];
    const { http, posts } = fakeServer(() => [{ deviceId: stranger.deviceId, agreementKey: B64u.encode(stranger.agreementKey), messages: [first.item] }]);
    const helper = new HistoryHelper({ keys: ids.primary.keys, http, verifiedList: async () => list, log: (text) => logs.push(text) });
    expect(await helper.run()).toBe(0);
    expect(posts).toHaveLength(0);
    expect(logs.join('\n')).toContain('refusing');
  });

  it('refuses a listed device named with the server\u2019s own agreement key', async () => {
    const first = await message(7, 'secret');
    const { http, posts } = fakeServer(() => [{ deviceId: newcomer.deviceId, agreementKey: B64u.encode(stranger.agreementKey), messages: [first.item] }]);
    const helper = new HistoryHelper({ keys: ids.primary.keys, http, verifiedList: async () => list, log: () => undefined });
    expect(await helper.run()).toBe(0);
    expect(posts).toHaveLength(0);
  });

  it('skips items whose header is malformed or whose wrap does not open, and stops when nothing is added', async () => {
    const good = await message(7, 'ok');
    const bad = await message(8, 'tampered');
    const { http, posts } = fakeServer(() => [
      {
        deviceId: newcomer.deviceId,
        agreementKey: newcomerEntry.agreementKey,
        messages: [
          good.item,
          { ...bad.item, header: { ...bad.item.header, extra: 1 } },
          { ...bad.item, seq: 10, header: { ...bad.item.header, sentAt: 1 } },
        ],
      },
    ]);
    const helper = new HistoryHelper({ keys: ids.primary.keys, http, verifiedList: async () => list, log: () => undefined });
    // The fake server keeps answering the same work; the second round adds nothing, so the loop ends.
    expect(await helper.run()).toBe(1);
    expect(posts).toHaveLength(2);
    expect(Object.keys(posts[0]!.wraps)).toEqual(['7']);
  });

  it('ignores malformed work entries', () => {
    expect(parseHistoryWork({})).toEqual([]);
    expect(parseHistoryWork([{ deviceId: 'x' }, { deviceId: 'a', agreementKey: 'b', messages: [{ seq: 0 }, { seq: 2, conversation: 'c', wrap: 'w', header: {} }] }])).toEqual([
      { deviceId: 'a', agreementKey: 'b', messages: [{ seq: 2, conversation: 'c', wrap: 'w', header: {} }] },
    ]);
  });
});

describe('followHistory (the new device’s side)', () => {
  function run(progress: Array<{ total: number; synced: number } | Error>, fetchedBefore = 0) {
    const shown: Array<HistoryBar | null> = [];
    const fetchedAt: number[] = [];
    let fetches = 0;
    let mark = fetchedBefore;
    const done = followHistory({
      http: {
        get: async <T>() => {
          const next = progress.shift()!;
          if (next instanceof Error) throw next;
          return next as T;
        },
        post: async <T>() => undefined as T,
      },
      fetch: async () => {
        fetches++;
        return new Set(['c1']);
      },
      show: (bar) => shown.push(bar),
      fetchedMark: { get: async () => mark, set: async (value) => void fetchedAt.push((mark = value)) },
      isLoggedOut: () => false,
      nowMs: () => 0,
      sleep: async () => undefined,
      log: () => undefined,
    });
    return { done, shown, fetchedAt, fetches: () => fetches };
  }

  it('shows the progress, fetches whenever more became readable, and hides the bar once complete', async () => {
    const r = run([{ total: 5, synced: 0 }, { total: 5, synced: 3 }, { total: 5, synced: 3 }, { total: 5, synced: 5 }]);
    await r.done;
    expect(r.shown.map((bar) => bar && `${bar.synced}/${bar.total}`)).toEqual(['0/5', '3/5', '3/5', null]);
    expect(r.shown[0]!.text).toBe('Syncing history: 0 of 5 messages');
    expect(r.fetches()).toBe(2);
    expect(r.fetchedAt).toEqual([3, 5]);
  });

  it('fetches nothing again after a reload when everything was fetched, and stops for a device without history', async () => {
    const complete = run([{ total: 4, synced: 4 }], 4);
    await complete.done;
    expect(complete.fetches()).toBe(0);
    expect(complete.shown).toEqual([null]);

    const refused = run([new ApiError(403, 'business_device_required', 'no')]);
    await refused.done;
    expect(refused.shown).toEqual([null]);
  });
});
