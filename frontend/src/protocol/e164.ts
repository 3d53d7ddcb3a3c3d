import { ProtocolError } from './protocolError';

const E164 = /^\+[1-9][0-9]{7,14}$/;

/** `+`, then 8 to 15 digits, the first not 0 (protocol §4). */
export function isE164(text: string): boolean {
  return E164.test(text);
}

/** Accepts what people type ("+49 151 1234-5678", "(0049) ...") and returns the strict form or throws. */
export function normalizeE164(input: string): string {
  let compact = input.replace(/[\s\-().\/]/g, '');
  if (compact.startsWith('00')) compact = `+${compact.slice(2)}`;
  if (!isE164(compact)) throw new ProtocolError('invalid-phone-number', 'not an E.164 number');
  return compact;
}
