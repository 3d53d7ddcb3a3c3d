import { describe, expect, it } from 'vitest';
import { isFresh, mentionsMe, whisperedToMe, MENTION_FRESH_MS, NOTIFY_SETTING_KEY, notifySetting, permissionText, saveNotifySetting, unseenMentions } from '../../src/lib/notifications';

const ME = { deviceId: 'my-device', person: 'Carla' };

function note(seq: number, text: string, extra: Record<string, unknown> = {}) {
  return { seq, kind: 'note' as const, text, sender: 'bruno-device', senderName: 'Bruno', status: 'received' as const, ...extra };
}

class MapStorage {
  readonly values = new Map<string, string>();
  getItem(key: string): string | null {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.values.set(key, value);
  }
}

describe('mentions of me', () => {
  it('counts a teammate\u2019s note that mentions me', () => {
    expect(mentionsMe(note(1, '@Carla please call her'), ME)).toBe(true);
  });

  it('does not count replies, my own notes, other names or undecryptable ones', () => {
    expect(mentionsMe({ ...note(1, '@Carla hi'), kind: 'text' }, ME)).toBe(false);
    expect(mentionsMe(note(1, '@Carla reminder', { sender: 'my-device', senderName: 'Carla' }), ME)).toBe(false);
    expect(mentionsMe(note(1, '@Carla reminder from my phone', { sender: 'my-phone', senderName: 'Carla' }), ME)).toBe(false);
    expect(mentionsMe(note(1, '@Carlos hi'), ME)).toBe(false);
    expect(mentionsMe(note(1, '@Carla Sousa hi'), ME, ['Carla Sousa'])).toBe(false);
    expect(mentionsMe({ ...note(1, ''), text: null, status: 'undecryptable' as const }, ME)).toBe(false);
  });

  it('counts unseen mentions after the last seen seq', () => {
    const messages = [note(1, '@Carla one'), note(2, 'nothing'), note(5, '@carla two'), note(7, '@Carla three')];
    expect(unseenMentions(messages, ME, 0)).toBe(3);
    expect(unseenMentions(messages, ME, 5)).toBe(1);
    expect(unseenMentions(messages, ME, 7)).toBe(0);
  });

  it('rings only for mentions that are recent', () => {
    const now = 1_778_000_000_000;
    expect(isFresh({ sentAt: now / 1000 - 10 }, now)).toBe(true);
    expect(isFresh({ sentAt: (now - MENTION_FRESH_MS) / 1000 }, now)).toBe(false);
  });
});

describe('the setting', () => {
  it('is off until switched on, and remembered', () => {
    const storage = new MapStorage();
    expect(notifySetting(storage)).toBe(false);
    saveNotifySetting(storage, true);
    expect(storage.values.get(NOTIFY_SETTING_KEY)).toBe('on');
    expect(notifySetting(storage)).toBe(true);
    saveNotifySetting(storage, false);
    expect(notifySetting(storage)).toBe(false);
    expect(notifySetting(null)).toBe(false);
  });

  it('survives a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    expect(notifySetting(broken)).toBe(false);
    expect(() => saveNotifySetting(broken, true)).not.toThrow();
  });

  it('explains a refused permission', () => {
    expect(permissionText('granted')).toBeNull();
    expect(permissionText('denied')).toMatch(/blocks notifications/);
    expect(permissionText('unsupported')).toMatch(/cannot show notifications/);
  });
});

describe('whispers to me', () => {
  const whisper = { kind: 'whisper' as const, sender: 'sara-device', status: 'received' as const };
  it('ring the agent who has the conversation, only them, and never for one I sent', () => {
    expect(whisperedToMe(whisper, 'my-device', 'my-device')).toBe(true);
    expect(whisperedToMe(whisper, 'my-device', 'bruno-device')).toBe(false);
    expect(whisperedToMe(whisper, 'my-device', null)).toBe(false);
    expect(whisperedToMe({ ...whisper, sender: 'my-device' }, 'my-device', 'my-device')).toBe(false);
    expect(whisperedToMe({ ...whisper, kind: 'note' }, 'my-device', 'my-device')).toBe(false);
    expect(whisperedToMe({ ...whisper, status: 'undecryptable' }, 'my-device', 'my-device')).toBe(false);
  });
});
