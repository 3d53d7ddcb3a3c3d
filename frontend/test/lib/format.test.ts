import { describe, expect, it } from 'vitest';
import {
  checkName,
  describeBrowser,
  formatCountdown,
  formatRelative,
  initialOf,
  logoutReasonText,
  roleName,
  setupToken,
} from '../../src/lib/ui';

const NOW = Date.UTC(2026, 4, 10, 12, 0, 0);
const ago = (seconds: number) => NOW - seconds * 1000;

describe('formatRelative', () => {
  it.each([
    [0, 'just now'],
    [44, 'just now'],
    [45, '1 minute ago'],
    [89, '1 minute ago'],
    [90, '2 minutes ago'],
    [5 * 60, '5 minutes ago'],
    [59 * 60, '59 minutes ago'],
    [60 * 60, '1 hour ago'],
    [5 * 3600, '5 hours ago'],
    [24 * 3600, '1 day ago'],
    [3 * 86400, '3 days ago'],
    [29 * 86400, '29 days ago'],
  ])('%i seconds ago → %s', (seconds, expected) => {
    expect(formatRelative(ago(seconds), NOW)).toBe(expected);
  });

  it('says "in …" for future times', () => {
    expect(formatRelative(NOW + 4 * 60 * 1000, NOW)).toBe('in 4 minutes');
    expect(formatRelative(NOW + 10 * 1000, NOW)).toBe('just now');
  });

  it('gives the date beyond 30 days', () => {
    expect(formatRelative(ago(40 * 86400), NOW)).toMatch(/^on /);
  });
});

describe('describeBrowser', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', 'Chrome on Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox on Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15', 'Safari on macOS'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0', 'Edge on Windows'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36', 'Chrome on Android'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari on iOS'],
    ['', 'Browser'],
  ])('%s → %s', (agent, expected) => {
    expect(describeBrowser(agent)).toBe(expected);
  });

  it('stays within the 80 characters a label may have', () => {
    expect(describeBrowser('x'.repeat(500)).length).toBeLessThanOrEqual(80);
  });
});

describe('small formatters', () => {
  it('formats a countdown', () => {
    expect(formatCountdown(300)).toBe('5:00');
    expect(formatCountdown(61.9)).toBe('1:01');
    expect(formatCountdown(-3)).toBe('0:00');
  });

  it('takes the first letter (whole grapheme) as initial', () => {
    expect(initialOf('ana Lima')).toBe('A');
    expect(initialOf('  élodie')).toBe('É');
    expect(initialOf('')).toBe('?');
    expect(initialOf('👩‍💻 Dev')).toBe('👩‍💻');
  });

  it('names roles', () => {
    expect(roleName('owner')).toBe('Owner');
    expect(roleName('supervisor')).toBe('Supervisor');
  });

  it('explains why a browser was logged out', () => {
    expect(logoutReasonText('removed')).toBe('The owner logged this browser out.');
    expect(logoutReasonText('primary-inactive')).toBe(
      'The primary device was inactive for more than 14 days, so every linked device was logged out.',
    );
    expect(logoutReasonText(undefined)).toBe('The owner logged this browser out.');
  });
});

describe('checkName', () => {
  it('accepts 1–80 characters after trimming', () => {
    expect(checkName(' Ana ', 'your name')).toBeNull();
    expect(checkName('x'.repeat(80), 'your name')).toBeNull();
  });

  it('refuses empty and too long names', () => {
    expect(checkName('   ', 'your name')).toBe('Enter your name.');
    expect(checkName('x'.repeat(81), 'your name')).toBe('Your name can be at most 80 characters (now 81).');
  });
});

describe('setupToken', () => {
  it('reads the token from the fragment', () => {
    expect(setupToken('#token=abc-_123')).toBe('abc-_123');
    expect(setupToken('#other=1&token=xyz')).toBe('xyz');
  });

  it('falls back to the query and gives null without one', () => {
    expect(setupToken('', '?token=q')).toBe('q');
    expect(setupToken('#', '')).toBeNull();
  });
});
