import type { Bytes } from '../../src/protocol/bytes';

export function hex(text: string): Bytes {
  const compact = text.replace(/\s+/g, '');
  return Uint8Array.from(compact.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
