import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/protocol/bytes';
import { isCanonicalScalar, isPrimeOrderPoint } from '../../src/protocol/edwards25519';
import {
  ed25519Sign,
  ed25519Verify,
  importEd25519Seed,
  isValidEd25519PublicKey,
  publicKeyOfExtractablePrivate,
} from '../../src/protocol/primitives';
import { hex } from '../support/hex';

/**
 * The Ed25519 rule of protocol §2 on the 17 hand-made cases of ed25519-speccheck, which separate
 * implementations. Ed25519RuleTest.java asserts the same table, so both sides agree.
 */
const CASES = fileURLToPath(
  new URL('../../../src/test/resources/vectors/ed25519-speccheck/cases-with-identity-key.json', import.meta.url),
);

/** What A and R are (prime order is the only kind the rule accepts) and whether S is below L, per case. */
const EXPECTED: [string, string, string][] = [
  ['small', 'small', 'canonical'],
  ['small', 'small', 'canonical'],
  ['small', 'mixed', 'canonical'],
  ['small', 'mixed', 'canonical'],
  ['mixed', 'small', 'canonical'],
  ['mixed', 'small', 'canonical'],
  ['mixed', 'mixed', 'canonical'],
  ['mixed', 'mixed', 'canonical'],
  ['mixed', 'prime', 'canonical'],
  ['prime', 'prime', 'not below L'],
  ['prime', 'prime', 'not below L'],
  ['mixed', 'non-canonical', 'canonical'],
  ['mixed', 'non-canonical', 'canonical'],
  ['non-canonical', 'mixed', 'canonical'],
  ['non-canonical', 'mixed', 'canonical'],
  ['identity', 'identity', 'canonical'],
  ['identity', 'identity', 'canonical'],
];

interface SpeccheckCase {
  message: string;
  pub_key: string;
  signature: string;
}

describe('the Ed25519 rule of §2 on ed25519-speccheck', () => {
  const cases = JSON.parse(readFileSync(CASES, 'utf8')) as SpeccheckCase[];

  it('has the 17 cases', () => {
    expect(cases).toHaveLength(EXPECTED.length);
  });

  cases.forEach((c, index) => {
    const [a, r, s] = EXPECTED[index]!;
    it(`case ${index} (A ${a}, R ${r}, S ${s}) is refused, for that reason`, async () => {
      const publicKey = hex(c.pub_key);
      const signature = hex(c.signature);
      expect([
        isValidEd25519PublicKey(publicKey),
        isPrimeOrderPoint(signature.subarray(0, 32)),
        isCanonicalScalar(signature.subarray(32)),
      ]).toEqual([a === 'prime', r === 'prime', s === 'canonical']);
      expect(await ed25519Verify(publicKey, hex(c.message), signature)).toBe(false);
    });
  });
});

describe('the Ed25519 rule of §2', () => {
  it('the identity key with R = identity, S = 0 forges nothing', async () => {
    const identity = hex(`01${'00'.repeat(31)}`);
    expect(isValidEd25519PublicKey(identity)).toBe(false);
    expect(await ed25519Verify(identity, utf8('any message'), hex(`01${'00'.repeat(63)}`))).toBe(false);
  });

  it('honest keys and signatures pass every check', async () => {
    const privateKey = await importEd25519Seed(hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60'), true);
    const signature = await ed25519Sign(privateKey, new Uint8Array());
    expect(isValidEd25519PublicKey(await publicKeyOfExtractablePrivate(privateKey))).toBe(true);
    expect(isPrimeOrderPoint(signature.subarray(0, 32))).toBe(true);
    expect(isCanonicalScalar(signature.subarray(32))).toBe(true);
  });

  it('S is refused from L upwards', () => {
    const order = hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010');
    const belowOrder = order.slice();
    belowOrder[0]! -= 1;
    expect(isCanonicalScalar(order)).toBe(false);
    expect(isCanonicalScalar(belowOrder)).toBe(true);
  });
});
