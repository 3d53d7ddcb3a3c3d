import type { Bytes } from '../bytes';
import { ProtocolError } from '../protocolError';

/**
 * The part of the CBOR data model (RFC 8949) that MIMI content uses, mirroring Java's `CborValue`:
 * integers (as bigint when beyond 2^53), byte and text strings, arrays, maps in encoded order, tags,
 * false, true and null. Floats are left out: the content draft strongly discourages them.
 */
export type CborValue =
  | { kind: 'int'; value: bigint }
  | { kind: 'bytes'; value: Bytes }
  | { kind: 'text'; value: string }
  | { kind: 'array'; items: CborValue[] }
  | { kind: 'map'; entries: CborEntry[] }
  | { kind: 'tag'; tag: bigint; content: CborValue }
  | { kind: 'simple'; value: 20 | 21 | 22 };

export interface CborEntry {
  key: CborValue;
  value: CborValue;
}

export const CBOR_NULL: CborValue = { kind: 'simple', value: 22 };
export const CBOR_FALSE: CborValue = { kind: 'simple', value: 20 };
export const CBOR_TRUE: CborValue = { kind: 'simple', value: 21 };

/** Arrays, maps and tags inside each other, as in Java's `Cbor.MAX_DEPTH`. */
export const CBOR_MAX_DEPTH = 16;
const MAX_INT = (1n << 63n) - 1n;

export const cborInt = (value: number | bigint): CborValue => ({ kind: 'int', value: BigInt(value) });
export const cborText = (value: string): CborValue => ({ kind: 'text', value });
export const cborBytes = (value: Uint8Array): CborValue => ({ kind: 'bytes', value: Uint8Array.from(value) });
export const cborArray = (items: CborValue[]): CborValue => ({ kind: 'array', items });

function reject(message: string): never {
  throw new ProtocolError('invalid-cbor', `CBOR: ${message}`);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/** Two values are equal when they encode to the same bytes. */
export function cborEquals(a: CborValue, b: CborValue): boolean {
  return compareBytes(encodeCbor(a), encodeCbor(b)) === 0;
}

export function cborMapGet(map: CborValue, key: CborValue): CborValue | undefined {
  if (map.kind !== 'map') return undefined;
  return map.entries.find((entry) => cborEquals(entry.key, key))?.value;
}

/**
 * Deterministic encoding (RFC 8949 §4.2.1), as MIMI content requires: shortest forms, definite lengths,
 * map keys sorted by their encoded bytes. Mirrors Java's `Cbor.encode`.
 */
export function encodeCbor(value: CborValue): Bytes {
  const out: number[] = [];
  write(value, out);
  return Uint8Array.from(out);
}

function write(value: CborValue, out: number[]): void {
  switch (value.kind) {
    case 'int':
      // a negative n is encoded as major type 1 with argument -1 - n
      if (value.value >= 0n) head(0, value.value, out);
      else head(1, -1n - value.value, out);
      return;
    case 'bytes':
      head(2, BigInt(value.value.length), out);
      out.push(...value.value);
      return;
    case 'text': {
      const content = new TextEncoder().encode(value.value);
      head(3, BigInt(content.length), out);
      out.push(...content);
      return;
    }
    case 'array':
      head(4, BigInt(value.items.length), out);
      for (const item of value.items) write(item, out);
      return;
    case 'map': {
      const entries = value.entries
        .map((entry) => [encodeCbor(entry.key), encodeCbor(entry.value)] as const)
        .sort((a, b) => compareBytes(a[0], b[0]));
      for (let i = 1; i < entries.length; i++) {
        if (compareBytes(entries[i - 1]![0], entries[i]![0]) === 0) reject('a map repeats a key');
      }
      head(5, BigInt(entries.length), out);
      for (const [key, item] of entries) out.push(...key, ...item);
      return;
    }
    case 'tag':
      head(6, value.tag, out);
      write(value.content, out);
      return;
    case 'simple':
      out.push(0xe0 | value.value);
  }
}

function head(majorType: number, argument: bigint, out: number[]): void {
  const major = majorType << 5;
  if (argument > MAX_INT) reject('integers beyond 2^63 - 1 are not supported');
  if (argument < 24n) {
    out.push(major | Number(argument));
    return;
  }
  const size = argument <= 0xffn ? 1 : argument <= 0xffffn ? 2 : argument <= 0xffffffffn ? 4 : 8;
  out.push(major | { 1: 24, 2: 25, 4: 26, 8: 27 }[size]!);
  for (let i = size - 1; i >= 0; i--) out.push(Number((argument >> BigInt(8 * i)) & 0xffn));
}

/**
 * Accepts exactly what `encodeCbor` writes, so a decoded value encodes back to the same bytes; anything
 * else (longer forms, indefinite lengths, unsorted or repeated keys, invalid UTF-8, floats, trailing
 * bytes, nesting deeper than `CBOR_MAX_DEPTH`) is refused. Mirrors Java's `Cbor.decode`.
 */
export function decodeCbor(encoded: Uint8Array): CborValue {
  const reader = new Reader(encoded);
  const value = reader.read(0);
  if (reader.position !== encoded.length) reject(`${encoded.length - reader.position} bytes after the value`);
  return value;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

class Reader {
  position = 0;

  constructor(private readonly input: Uint8Array) {}

  read(depth: number): CborValue {
    if (depth > CBOR_MAX_DEPTH) reject(`nested deeper than ${CBOR_MAX_DEPTH}`);
    const initial = this.next();
    const majorType = initial >>> 5;
    const additional = initial & 0x1f;
    if (majorType === 7) {
      if (additional < 20 || additional > 22) reject('only false, true and null are accepted among simple values and floats');
      return { kind: 'simple', value: additional as 20 | 21 | 22 };
    }
    const argument = this.argument(additional);
    switch (majorType) {
      case 0:
        return { kind: 'int', value: argument };
      case 1:
        return { kind: 'int', value: -1n - argument };
      case 2:
        return { kind: 'bytes', value: this.take(argument) };
      case 3:
        try {
          return { kind: 'text', value: STRICT_UTF8.decode(this.take(argument)) };
        } catch (error) {
          if (error instanceof ProtocolError) throw error;
          return reject('a text string is not valid UTF-8');
        }
      case 4: {
        const items: CborValue[] = [];
        for (let i = 0n; i < argument; i++) items.push(this.read(depth + 1));
        return { kind: 'array', items };
      }
      case 5: {
        const entries: CborEntry[] = [];
        let previousKey: Uint8Array | undefined;
        for (let i = 0n; i < argument; i++) {
          const keyStart = this.position;
          const key = this.read(depth + 1);
          const encodedKey = this.input.subarray(keyStart, this.position);
          if (previousKey && compareBytes(previousKey, encodedKey) >= 0) {
            reject('map keys are not in deterministic order or repeat');
          }
          previousKey = encodedKey;
          entries.push({ key, value: this.read(depth + 1) });
        }
        return { kind: 'map', entries };
      }
      default:
        return { kind: 'tag', tag: argument, content: this.read(depth + 1) };
    }
  }

  private argument(additional: number): bigint {
    if (additional < 24) return BigInt(additional);
    const size = { 24: 1, 25: 2, 26: 4, 27: 8 }[additional];
    if (size === undefined) reject('indefinite lengths and reserved forms are not accepted');
    let value = 0n;
    for (let i = 0; i < size; i++) value = (value << 8n) | BigInt(this.next());
    if (value > MAX_INT) reject('integers beyond 2^63 - 1 are not supported');
    const smallest = { 1: 24n, 2: 0x100n, 4: 0x10000n, 8: 0x100000000n }[size]!;
    if (value < smallest) reject('an argument is not in its shortest form');
    return value;
  }

  private next(): number {
    if (this.position >= this.input.length) reject('the value ends early');
    return this.input[this.position++]!;
  }

  private take(length: bigint): Bytes {
    if (length > BigInt(this.input.length - this.position)) reject('the value ends early');
    const taken = this.input.slice(this.position, this.position + Number(length));
    this.position += Number(length);
    return taken;
  }
}
