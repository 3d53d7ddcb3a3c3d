import { t } from '../i18n';
import {
  B64u,
  CONTENT_KEY_LENGTH,
  EnvelopeError,
  Hpke,
  keyWrapAad,
  keyWrapInfo,
  parseMessageHeader,
  rewrapContentKey,
  WRAP_LENGTH,
  type Bytes,
  type DeviceEntry,
  type DeviceKeys,
  type DeviceList,
  type MessageHeader,
} from '../protocol';
import { ApiError } from './api';

/**
 * History sync in the browser (protocol §13.4 "History sync as built").
 *
 * Helper side: every business device re-wraps the content keys of messages a newly linked business
 * device lacks — but only for a device (id and agreement key) on the business list this browser
 * verified, so a server cannot get keys wrapped for a device of its own choosing.
 *
 * New device side: the progress (GET /api/history/progress) is shown while it is incomplete and the
 * messages are fetched by pull once they can be read.
 */

export interface HistoryHttp {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

export interface HistoryWorkItem {
  seq: number;
  conversation: string;
  header: unknown;
  wrap: string;
}

export interface HistoryWorkTarget {
  deviceId: string;
  agreementKey: string;
  messages: HistoryWorkItem[];
}

export interface HistoryProgress {
  total: number;
  synced: number;
}

// ---------------------------------------------------------------------------------------------
// Pure logic

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer of GET /api/history/work, keeping only well-formed targets and items. */
export function parseHistoryWork(value: unknown): HistoryWorkTarget[] {
  if (!Array.isArray(value)) return [];
  const targets: HistoryWorkTarget[] = [];
  for (const target of value) {
    if (!isRecord(target) || typeof target.deviceId !== 'string' || typeof target.agreementKey !== 'string' || !Array.isArray(target.messages)) continue;
    const messages: HistoryWorkItem[] = [];
    for (const item of target.messages) {
      if (!isRecord(item)) continue;
      if (typeof item.seq !== 'number' || !Number.isSafeInteger(item.seq) || item.seq < 1) continue;
      if (typeof item.conversation !== 'string' || typeof item.wrap !== 'string') continue;
      messages.push({ seq: item.seq, conversation: item.conversation, header: item.header, wrap: item.wrap });
    }
    targets.push({ deviceId: target.deviceId, agreementKey: target.agreementKey, messages });
  }
  return targets;
}

/**
 * The entry of a history target on the verified business list, or null when the server names a
 * device that is not on it, or names it with another agreement key: such a target is refused.
 */
export function verifiedHistoryTarget(list: DeviceList | null | undefined, deviceId: string, agreementKey: string, ownDeviceId?: string): DeviceEntry | null {
  if (!list || typeof deviceId !== 'string' || typeof agreementKey !== 'string') return null;
  if (ownDeviceId !== undefined && deviceId === ownDeviceId) return null;
  const entry = list.devices.find((device) => device.id === deviceId);
  if (!entry || entry.agreementKey !== agreementKey) return null;
  try {
    if (B64u.decode(entry.agreementKey).length !== 32) return null;
  } catch {
    return null;
  }
  return entry;
}

/** Normalizes GET /api/history/progress. */
export function parseHistoryProgress(value: unknown): HistoryProgress {
  const record = isRecord(value) ? value : {};
  const total = typeof record.total === 'number' && Number.isFinite(record.total) ? Math.max(0, Math.floor(record.total)) : 0;
  const synced = typeof record.synced === 'number' && Number.isFinite(record.synced) ? Math.max(0, Math.floor(record.synced)) : 0;
  return { total, synced: Math.min(synced, total) };
}

export function historyProgressText(progress: HistoryProgress): string {
  return t('inbox:history.progress', { synced: progress.synced, count: progress.total });
}


/** How long the progress may stand still before the waiting note shows (ms). */
export const HISTORY_STALL_MS = 10_000;
/** How often the new device polls the progress (ms). */
export const HISTORY_POLL_MS = 2_000;

export interface HistoryBarState {
  visible: boolean;
  text: string;
  waiting: boolean;
  /** The number readable grew since the last update: fetch the messages. */
  grew: boolean;
  done: boolean;
}

/** Follows the progress over time: what to show, and when the messages should be fetched. */
export class HistoryProgressTracker {
  private lastSynced: number | null = null;
  private lastChangeAt = 0;

  update(progress: HistoryProgress, nowMs: number): HistoryBarState {
    const grew = this.lastSynced !== null && progress.synced > this.lastSynced;
    if (this.lastSynced === null || progress.synced !== this.lastSynced) this.lastChangeAt = nowMs;
    this.lastSynced = progress.synced;
    const done = progress.synced >= progress.total;
    return {
      visible: !done,
      text: historyProgressText(progress),
      waiting: !done && nowMs - this.lastChangeAt >= HISTORY_STALL_MS,
      grew,
      done,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Helper side

/** K from this device's own wrap of a message, given only its header (history work items). */
export async function unwrapHistoryKey(wrap: string, header: MessageHeader, keys: DeviceKeys): Promise<Bytes> {
  let bytes: Bytes;
  try {
    bytes = B64u.decodeExact(wrap, WRAP_LENGTH);
  } catch {
    throw new EnvelopeError('malformed', `the wrap must be b64u of ${WRAP_LENGTH} bytes`);
  }
  let contentKey: Bytes;
  try {
    contentKey = await Hpke.openBase(
      { privateKey: keys.agreementPrivateKey, publicKey: keys.agreementKey },
      bytes.subarray(0, Hpke.ENC_LENGTH),
      keyWrapInfo(keys.deviceId),
      await keyWrapAad(header),
      bytes.subarray(Hpke.ENC_LENGTH),
    );
  } catch {
    throw new EnvelopeError('bad-wrap', `the wrap for ${keys.deviceId} does not open`);
  }
  if (contentKey.length !== CONTENT_KEY_LENGTH) throw new EnvelopeError('bad-wrap', 'the wrapped key is not 32 bytes');
  return contentKey;
}

export interface RewrapOutcome {
  /** seq → new wrap for the target. */
  wraps: Record<string, string>;
  /** Items skipped (malformed header, a wrap that does not open, another conversation). */
  skipped: number;
}

/** Re-wraps the keys of one target's work items for `entry` (already checked against the verified list). */
export async function rewrapForTarget(keys: DeviceKeys, entry: DeviceEntry, items: readonly HistoryWorkItem[]): Promise<RewrapOutcome> {
  const agreementKey = B64u.decode(entry.agreementKey);
  const wraps: Record<string, string> = {};
  let skipped = 0;
  for (const item of items) {
    try {
      const header = parseMessageHeader(item.header);
      if (header.conversation !== item.conversation) throw new EnvelopeError('malformed', 'the header names another conversation');
      const contentKey = await unwrapHistoryKey(item.wrap, header, keys);
      wraps[String(item.seq)] = await rewrapContentKey(contentKey, header, entry.id, agreementKey);
    } catch {
      skipped++;
    }
  }
  return { wraps, skipped };
}

export interface HistoryHelperOptions {
  keys: DeviceKeys;
  http: HistoryHttp;
  /** The business list this browser verified, freshly (null when it could not be verified). */
  verifiedList: () => Promise<DeviceList | null>;
  /** Told about refused targets and failures (defaults to console.warn). */
  log?: (text: string, error?: unknown) => void;
  /** Delay before trying again after a failure (ms). */
  retryDelayMs?: number;
}

/**
 * The helper loop: GET /api/history/work, verify each target, re-wrap, POST /api/history/wraps,
 * until there is no work or nothing was added. Runs are merged: a run requested while one is
 * going starts once more after it.
 */
export class HistoryHelper {
  private running: Promise<number> | null = null;
  private again = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly log: (text: string, error?: unknown) => void;

  constructor(private readonly options: HistoryHelperOptions) {
    this.log = options.log ?? ((text, error) => console.warn(text, error ?? ''));
  }

  /** Starts a run in the background (never throws). */
  schedule(): void {
    void this.run().catch(() => undefined);
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** One merged run; resolves with the number of wraps the server added. */
  run(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          total += await this.runOnce();
        } while (this.again && !this.stopped);
      } catch (error) {
        this.log('History sync (helper) failed; trying again later.', error);
        if (!this.stopped && !this.retryTimer && (!(error instanceof ApiError) || error.status !== 403)) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.schedule();
          }, this.options.retryDelayMs ?? 30_000);
        }
        throw error;
      } finally {
        this.running = null;
      }
      return total;
    })();
    return this.running;
  }

  private async runOnce(): Promise<number> {
    const { keys, http } = this.options;
    let added = 0;
    for (let round = 0; round < 1000 && !this.stopped; round++) {
      const work = parseHistoryWork(await http.get<unknown>('/api/history/work?limit=200'));
      if (work.length === 0) return added;
      const before = added;
      const list = await this.options.verifiedList();
      for (const target of work) {
        const entry = verifiedHistoryTarget(list, target.deviceId, target.agreementKey, keys.deviceId);
        if (!entry) {
          this.log(`History sync: refusing to wrap keys for ${target.deviceId}: it is not on the business device list this browser verified.`);
          continue;
        }
        const { wraps, skipped } = await rewrapForTarget(keys, entry, target.messages);
        if (skipped > 0) this.log(`History sync: ${skipped} message(s) for ${target.deviceId} could not be re-wrapped.`);
        if (Object.keys(wraps).length === 0) continue;
        const answer = await http.post<{ added?: unknown }>('/api/history/wraps', { deviceId: entry.id, wraps });
        added += typeof answer?.added === 'number' ? answer.added : 0;
      }
      if (added === before) return added;
    }
    return added;
  }
}

// ---------------------------------------------------------------------------------------------
// New device side

/** What a page shows while its history arrives. */
export interface HistoryBar {
  synced: number;
  total: number;
  text: string;
  waiting: boolean;
}

export interface FollowHistoryDeps {
  http: HistoryHttp;
  /** Fetches the messages that became readable (Messenger.fetchHistory) and refreshes the page; returns the conversations that changed. */
  fetch(): Promise<Set<string>>;
  /** The page's progress bar; null once the history is complete (or there is none to follow). */
  show(bar: HistoryBar | null): void;
  /** Up to which `synced` count the messages were fetched, kept across reloads (the device's message store). */
  fetchedMark: { get(): Promise<number | undefined>; set(value: number): Promise<void> };
  isLoggedOut(): boolean;
  nowMs(): number;
  sleep(ms: number): Promise<void>;
  log?: (text: string, error?: unknown) => void;
}

/**
 * The new device's side of history sync, for the inbox and the customer's chat: shows the progress
 * while it is incomplete, polls it every 2 s and fetches the messages whenever more became readable
 * (and once more at the end). Fetches never overlap: one asked for meanwhile runs once more after.
 */
export async function followHistory(deps: FollowHistoryDeps): Promise<void> {
  const log = deps.log ?? ((text, error) => console.warn(text, error ?? ''));
  let fetching: Promise<void> | null = null;
  let again = false;
  const fetchHistory = (): Promise<void> => {
    if (fetching) {
      again = true;
      return fetching;
    }
    fetching = (async () => {
      do {
        again = false;
        await deps.fetch();
      } while (again && !deps.isLoggedOut());
    })().finally(() => {
      fetching = null;
    });
    return fetching;
  };
  const tracker = new HistoryProgressTracker();
  let fetchedAt = (await deps.fetchedMark.get().catch(() => undefined)) ?? 0;
  const fetchIfNeeded = async (progress: HistoryProgress): Promise<void> => {
    if (progress.synced <= fetchedAt) return;
    await fetchHistory();
    fetchedAt = progress.synced;
    await deps.fetchedMark.set(fetchedAt).catch(() => undefined);
  };
  for (;;) {
    if (deps.isLoggedOut()) return;
    let progress: HistoryProgress;
    try {
      progress = parseHistoryProgress(await deps.http.get<unknown>('/api/history/progress'));
    } catch (error) {
      if (deps.isLoggedOut() || (error instanceof ApiError && (error.status === 404 || error.status === 403))) {
        deps.show(null);
        return;
      }
      await deps.sleep(HISTORY_POLL_MS);
      continue;
    }
    const state = tracker.update(progress, deps.nowMs());
    if (state.done) {
      try {
        await fetchIfNeeded(progress);
      } catch (error) {
        log('History sync: fetching the messages failed', error);
        await deps.sleep(HISTORY_POLL_MS);
        continue;
      }
      deps.show(null);
      return;
    }
    deps.show({ synced: progress.synced, total: progress.total, text: state.text, waiting: state.waiting });
    try {
      await fetchIfNeeded(progress);
    } catch (error) {
      log('History sync: fetching the messages failed', error);
    }
    await deps.sleep(HISTORY_POLL_MS);
  }
}

/** The fetched mark in a device's message store (the key the inbox has always used). */
export function historyFetchedMark(messenger: { store: { getMeta<T>(key: string): Promise<T | undefined>; setMeta(key: string, value: unknown): Promise<void> } }): FollowHistoryDeps['fetchedMark'] {
  return {
    get: () => messenger.store.getMeta<number>('historyFetchedSynced'),
    set: (value) => messenger.store.setMeta('historyFetchedSynced', value),
  };
}
