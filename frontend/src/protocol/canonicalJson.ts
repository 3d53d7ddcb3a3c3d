import { utf8, type Bytes } from './bytes';
import { ProtocolError } from './protocolError';

/** The JSON subset the protocol signs: no floats, no null. */
export type JsonValue = string | number | boolean | JsonValue[] | { [name: string]: JsonValue };

function reject(message: string): never {
  throw new ProtocolError('invalid-json-value', message);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A lone surrogate has no UTF-8 encoding, so two implementations could not agree on its bytes. */
function assertWellFormed(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else reject('string contains a lone surrogate');
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      reject('string contains a lone surrogate');
    }
  }
}

function encodeString(text: string): string {
  assertWellFormed(text);
  // The spec defines the escaping as JSON.stringify's, which for well-formed strings is exactly it.
  return JSON.stringify(text);
}

function encode(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) reject(`not an integer within ±(2^53−1): ${value}`);
      return String(value);
    case 'object': {
      if (value === null) return reject('null is not allowed');
      if (Array.isArray(value)) {
        const items: string[] = [];
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) reject('sparse array');
          items.push(encode(value[i]));
        }
        return `[${items.join(',')}]`;
      }
      if (!isPlainObject(value)) reject('not a plain object');
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, which is what RFC 8785 prescribes.
      const members = Object.keys(record)
        .sort()
        .map((name) => `${encodeString(name)}:${encode(record[name])}`);
      return `{${members.join(',')}}`;
    }
    default:
      return reject(`${typeof value} is not a JSON value`);
  }
}

/** Canonical JSON text (protocol §1); throws ProtocolError('invalid-json-value') outside the subset. */
export function canonicalJson(value: unknown): string {
  return encode(value);
}

export function canonicalJsonBytes(value: unknown): Bytes {
  return utf8(canonicalJson(value));
}
