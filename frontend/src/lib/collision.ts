import { t } from '../i18n';
import type { ActivityFrame } from './routingTypes';

/**
 * Collision detection (§14.4): who else is viewing or typing in a conversation, from the
 * `activity` frames other business devices cause, and how often this device says so itself.
 */

/** Receivers forget a viewer after 60 s and a typer after 6 s without a new frame. */
export const VIEWER_TTL_MS = 60_000;
export const TYPER_TTL_MS = 6_000;
/** This device says again that it views a thread every 25 s, and that it types at most every 3 s. */
export const VIEWING_REPEAT_MS = 25_000;
export const TYPING_THROTTLE_MS = 3_000;

interface Seen {
  person: string;
  viewingUntil: number;
  typingUntil: number;
}

export interface Presence {
  viewers: string[];
  typers: string[];
}

/** What other devices do, per conversation and device (time passed in, so it can be tested). */
export class ActivityTracker {
  private readonly byConversation = new Map<string, Map<string, Seen>>();

  constructor(private readonly myDeviceId: string) {}

  /**
   * Takes a frame. Says what it was: `arrived` when that device was not known to view the
   * conversation (someone just opened it), `ignored` for my own device, otherwise `updated`.
   */
  apply(frame: ActivityFrame, nowMs: number): 'arrived' | 'updated' | 'ignored' {
    if (frame.deviceId === this.myDeviceId) return 'ignored';
    let devices = this.byConversation.get(frame.conversation);
    if (!devices) {
      devices = new Map();
      this.byConversation.set(frame.conversation, devices);
    }
    if (frame.activity === 'left') {
      devices.delete(frame.deviceId);
      return 'updated';
    }
    const known = devices.get(frame.deviceId);
    const arrived = !known || known.viewingUntil <= nowMs;
    const seen = known ?? { person: frame.person, viewingUntil: 0, typingUntil: 0 };
    seen.person = frame.person || seen.person;
    // Someone typing in a thread is looking at it as well.
    seen.viewingUntil = nowMs + VIEWER_TTL_MS;
    if (frame.activity === 'typing') seen.typingUntil = nowMs + TYPER_TTL_MS;
    devices.set(frame.deviceId, seen);
    return arrived ? 'arrived' : 'updated';
  }

  /** Forgets everyone of a conversation (e.g. when this device stops showing it). */
  forget(conversation: string): void {
    this.byConversation.delete(conversation);
  }

  /** Who views and who types now, each person once, sorted. */
  presence(conversation: string, nowMs: number): Presence {
    const devices = this.byConversation.get(conversation);
    const viewers = new Set<string>();
    const typers = new Set<string>();
    if (devices) {
      for (const [deviceId, seen] of devices) {
        if (seen.viewingUntil <= nowMs) {
          devices.delete(deviceId);
          continue;
        }
        viewers.add(seen.person || t('components:names.someone'));
        if (seen.typingUntil > nowMs) typers.add(seen.person || t('components:names.someone'));
      }
    }
    return { viewers: [...viewers].sort(), typers: [...typers].sort() };
  }
}

function joinNames(names: readonly string[]): string {
  if (names.length === 1) return names[0]!;
  if (names.length === 2) return t('components:names.two', { a: names[0], b: names[1] });
  if (names.length === 3) return t('components:names.three', { a: names[0], b: names[1], c: names[2] });
  return t('components:names.more', { a: names[0], b: names[1], count: names.length - 2 });
}

/** "Alex is viewing", "Alex and Bea are viewing"; null for nobody. */
export function viewersText(viewers: readonly string[]): string | null {
  if (viewers.length === 0) return null;
  return t('components:collision.viewing', { names: joinNames(viewers), count: viewers.length });
}

/** "Alex is typing…"; null for nobody. */
export function typersText(typers: readonly string[]): string | null {
  if (typers.length === 0) return null;
  return t('components:collision.typing', { names: joinNames(typers), count: typers.length });
}

/**
 * Viewing frames repeat only every 25 s, so someone who opens a thread would not learn for that
 * long who is there already. Whoever views it answers a newcomer at once with its own "viewing"
 * (the newcomer is then known, so this does not go back and forth).
 */
export function shouldAnswerArrival(result: 'arrived' | 'updated' | 'ignored', frame: ActivityFrame, viewing: string | null): boolean {
  return result === 'arrived' && frame.activity !== 'left' && frame.conversation === viewing;
}

/** Says "typing" at most every 3 s per conversation. */
export class TypingThrottle {
  private lastSent = new Map<string, number>();

  constructor(private readonly intervalMs = TYPING_THROTTLE_MS) {}

  shouldSend(conversation: string, nowMs: number): boolean {
    const last = this.lastSent.get(conversation);
    if (last !== undefined && nowMs - last < this.intervalMs) return false;
    this.lastSent.set(conversation, nowMs);
    return true;
  }

  /** After "left": the next keystroke in that conversation says "typing" at once. */
  reset(conversation: string): void {
    this.lastSent.delete(conversation);
  }
}
