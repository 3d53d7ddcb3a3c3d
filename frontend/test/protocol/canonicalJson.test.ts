import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/protocol/canonicalJson';
import { ProtocolError } from '../../src/protocol/protocolError';

describe('canonical JSON', () => {
  it('sorts members, emits no whitespace and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [true, false, 'x'], c: { z: -42, y: 'ok' } })).toBe(
      '{"a":[true,false,"x"],"b":1,"c":{"y":"ok","z":-42}}',
    );
  });

  it('sorts member names by UTF-16 code units, not code points', () => {
    // U+1F600 is stored as D83D DE00, which sorts before U+FB01 although its code point is higher.
    expect(canonicalJson({ 'ﬁ': 1, '😀': 2, é: 3, z: 4, A: 5, '': 6 })).toBe(
      '{"":6,"A":5,"z":4,"é":3,"😀":2,"ﬁ":1}',
    );
  });

  it('escapes exactly like JSON.stringify and leaves non-ASCII literal', () => {
    expect(canonicalJson('"\\/\b\t\n\f\r\u0000\u001f\u007f é € \u2028')).toBe(
      '"\\"\\\\/\\b\\t\\n\\f\\r\\u0000\\u001f\u007f é € \u2028"',
    );
  });

  it('writes integers in plain decimal up to ±(2^53−1)', () => {
    expect(canonicalJson([0, -1, 1e3, 9007199254740991, -9007199254740991])).toBe(
      '[0,-1,1000,9007199254740991,-9007199254740991]',
    );
  });

  it.each([
    ['a float', 1.5],
    ['null', null],
    ['an unsafe integer', 9007199254740992],
    ['NaN', Number.NaN],
    ['undefined', undefined],
    ['a bigint', 1n],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['a nested null', { a: [1, null] }],
    ['a sparse array', [1, , 3]],
    ['a lone surrogate', '\ud800'],
    ['a lone surrogate in a member name', { '\udc00': 1 }],
  ])('rejects %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(ProtocolError);
  });
});
