import { describe, expect, it } from 'vitest';
import { isE164, normalizeE164 } from '../../src/protocol/e164';
import { ProtocolError } from '../../src/protocol/protocolError';

describe('E.164', () => {
  it.each(['+4915112345678', '+12025550123', '+12345678', '+123456789012345'])('accepts %s', (number) => {
    expect(isE164(number)).toBe(true);
  });

  it.each(['4915112345678', '+0151123456', '+1234567', '+1234567890123456', '+49 151', ' +4915112345678'])(
    'refuses %j',
    (number) => {
      expect(isE164(number)).toBe(false);
    },
  );

  it('normalizes what people type', () => {
    expect(normalizeE164('+49 151 1234-5678')).toBe('+4915112345678');
    expect(normalizeE164('(0049) 151.12345678')).toBe('+4915112345678');
    expect(() => normalizeE164('0151 12345678')).toThrow(ProtocolError);
  });
});
