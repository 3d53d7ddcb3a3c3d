import { describe, expect, it } from 'vitest';
import { shortcutFor, SHORTCUTS } from '../../src/inbox/Shortcuts';

const key = (name: string, extra: Partial<KeyboardEvent> = {}) => ({ key: name, ctrlKey: false, metaKey: false, altKey: false, ...extra });

describe('inbox keyboard shortcuts', () => {
  it('maps the common actions to single keys', () => {
    expect(shortcutFor(key('j'), false)).toBe('next');
    expect(shortcutFor(key('k'), false)).toBe('previous');
    expect(shortcutFor(key('n'), false)).toBe('note');
    expect(shortcutFor(key('e'), false)).toBe('resolve');
    expect(shortcutFor(key('/'), false)).toBe('search');
    expect(shortcutFor(key('?'), false)).toBe('help');
  });

  it('leaves keys alone while typing or with a modifier (browser and system shortcuts)', () => {
    expect(shortcutFor(key('j'), true)).toBeNull();
    expect(shortcutFor(key('e', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(key('x'), false)).toBeNull();
  });

  it('lists every shortcut once in the help', () => {
    const keys = SHORTCUTS.flatMap((shortcut) => shortcut.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
