import type { Bytes } from './bytes';

/*
 * Just enough edwards25519 arithmetic for the point checks of the Ed25519 rule (protocol §2), which
 * WebCrypto does not offer (Bouncy Castle does, as Ed25519.validatePublicKeyFull): decode an encoding
 * strictly and test whether the point lies in the prime-order subgroup. Variable time, which is fine:
 * it only ever sees public values (public keys and the R half of signatures).
 */

const P = 2n ** 255n - 19n;
/** The order of the prime-order subgroup (RFC 8032 §5.1). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function mod(value: bigint): bigint {
  const r = value % P;
  return r >= 0n ? r : r + P;
}

function pow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let b = mod(base);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % P;
    b = (b * b) % P;
  }
  return result;
}

const D = mod(-121665n * pow(121666n, P - 2n));
const D2 = mod(2n * D);
const SQRT_MINUS_ONE = pow(2n, (P - 1n) / 4n);

/** Extended coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x·y = T/Z. */
interface Point {
  x: bigint;
  y: bigint;
  z: bigint;
  t: bigint;
}

const IDENTITY: Point = { x: 0n, y: 1n, z: 1n, t: 0n };

function littleEndian(bytes: Bytes): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/**
 * RFC 8032 §5.1.3 decoding, strictly: y ≥ p and "x = 0 with the sign bit set" are refused, so only
 * the one canonical encoding of each point decodes. Null for anything that is not a curve point.
 */
function decode(encoding: Bytes): Point | null {
  if (encoding.length !== 32) return null;
  const whole = littleEndian(encoding);
  const sign = whole >> 255n;
  const y = whole & ((1n << 255n) - 1n);
  if (y >= P) return null;
  const u = mod(y * y - 1n);
  const v = mod(D * y * y + 1n);
  const v3 = (v * v * v) % P;
  let x = (((u * v3) % P) * pow(u * v3 * v3 * v, (P - 5n) / 8n)) % P;
  const vxx = (v * x * x) % P;
  if (vxx === mod(-u)) x = (x * SQRT_MINUS_ONE) % P;
  else if (vxx !== u) return null;
  if (x === 0n && sign === 1n) return null;
  if ((x & 1n) !== sign) x = P - x;
  return { x, y, z: 1n, t: (x * y) % P };
}

// add-2008-hwcd-3 and dbl-2008-hwcd for a = -1 (Hisil, Wong, Carter, Dawson 2008).
function add(a: Point, b: Point): Point {
  const pa = mod((a.y - a.x) * (b.y - b.x));
  const pb = mod((a.y + a.x) * (b.y + b.x));
  const c = (((a.t * D2) % P) * b.t) % P;
  const d = (2n * a.z * b.z) % P;
  const e = mod(pb - pa);
  const f = mod(d - c);
  const g = (d + c) % P;
  const h = (pb + pa) % P;
  return { x: (e * f) % P, y: (g * h) % P, z: (f * g) % P, t: (e * h) % P };
}

function double(a: Point): Point {
  const pa = (a.x * a.x) % P;
  const pb = (a.y * a.y) % P;
  const c = (2n * a.z * a.z) % P;
  const e = mod((a.x + a.y) * (a.x + a.y) - pa - pb);
  const g = mod(pb - pa);
  const f = mod(g - c);
  const h = mod(-pa - pb);
  return { x: (e * f) % P, y: (g * h) % P, z: (f * g) % P, t: (e * h) % P };
}

function multiply(point: Point, scalar: bigint): Point {
  let result = IDENTITY;
  for (let bit = BigInt(scalar.toString(2).length - 1); bit >= 0n; bit--) {
    result = double(result);
    if ((scalar >> bit) & 1n) result = add(result, point);
  }
  return result;
}

function isIdentity(point: Point): boolean {
  return point.x === 0n && mod(point.y - point.z) === 0n;
}

/**
 * True when `encoding` is the canonical encoding of a curve point of order exactly L: not one of the
 * eight small-order points, and without a small-order component (mixed order).
 */
export function isPrimeOrderPoint(encoding: Bytes): boolean {
  const point = decode(encoding);
  return point !== null && !isIdentity(point) && isIdentity(multiply(point, L));
}

/** True when the 32 little-endian bytes are a scalar below L, the only form of S that RFC 8032 accepts. */
export function isCanonicalScalar(encoding: Bytes): boolean {
  return encoding.length === 32 && littleEndian(encoding) < L;
}
