import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  aes256GcmDecrypt,
  aes256GcmEncrypt,
  ed25519Verify,
  GCM_NONCE_LENGTH,
  hkdfSha256,
  hmacSha256,
  hmacSha256Verify,
  importX25519Private,
  isValidX25519PublicKey,
  pbkdf2Sha256,
  x25519,
} from '../../src/protocol/primitives';
import { ProtocolError } from '../../src/protocol/protocolError';
import { hex, toHex } from '../support/hex';

/**
 * Wycheproof's vectors through the protocol's own wrappers (protocol §11): every valid case gives the
 * expected output, every invalid one is refused. The wrappers are fixed to the sizes the protocol
 * uses, so only those groups run; the counts pin what runs, the same numbers as WycheproofTest.java.
 */
type Test = Record<string, unknown> & { tcId: number; comment: string; result: 'valid' | 'invalid' | 'acceptable' };
type Group = Record<string, unknown> & { tests: Test[] };

const REFUSED = 'refused';

function load(file: string): Group[] {
  const path = fileURLToPath(new URL(`../../../src/test/resources/vectors/wycheproof/${file}`, import.meta.url));
  return (JSON.parse(readFileSync(path, 'utf8')) as { testGroups: Group[] }).testGroups;
}

/** The output, or REFUSED when the wrapper throws its ProtocolError: that is how a wrapper refuses. */
async function outcome(output: () => Promise<Uint8Array>): Promise<string> {
  try {
    return toHex(await output());
  } catch (error) {
    if (error instanceof ProtocolError) return REFUSED;
    throw error;
  }
}

const h = (test: Test, name: string) => hex(test[name] as string);
const isValid = (test: Test) => test.result !== 'invalid';

/** Runs every case of the groups that run; returns the failures, described, and how many ran. */
async function run(
  file: string,
  groupRuns: (group: Group) => boolean,
  check: (group: Group, test: Test, expect: (expected: string, got: string) => void) => Promise<void>,
): Promise<{ failures: string[]; ran: number }> {
  const failures: string[] = [];
  let ran = 0;
  for (const group of load(file).filter(groupRuns)) {
    for (const test of group.tests) {
      ran++;
      await check(group, test, (expected, got) => {
        if (expected !== got) failures.push(`tcId ${test.tcId} (${test.comment}): expected ${expected}, got ${got}`);
      });
    }
  }
  return { failures, ran };
}

describe('Wycheproof through the protocol wrappers', () => {
  it('X25519: the expected secret, or refused exactly when it is all zero (and a list refuses that key)', async () => {
    const result = await run('x25519_test.json', () => true, async (_group, test, expectEqual) => {
      const shared = test.shared as string;
      const got = await outcome(async () => x25519(await importX25519Private(h(test, 'private')), h(test, 'public')));
      expectEqual(shared === '00'.repeat(32) ? REFUSED : shared, got);
      if (shared === '00'.repeat(32)) {
        expectEqual('key refused', isValidX25519PublicKey(h(test, 'public')) ? 'key accepted' : 'key refused');
      }
    });
    expect(result).toEqual({ failures: [], ran: 518 });
  });

  it('Ed25519', async () => {
    const result = await run('ed25519_test.json', () => true, async (group, test, expectEqual) => {
      const publicKey = hex((group.publicKey as { pk: string }).pk);
      const verifies = await ed25519Verify(publicKey, h(test, 'msg'), h(test, 'sig'));
      expectEqual(isValid(test) ? 'verifies' : REFUSED, verifies ? 'verifies' : REFUSED);
    });
    expect(result).toEqual({ failures: [], ran: 151 });
  });

  // AES-256 only (the protocol's one key size); every nonce size runs: the 12-byte wrapper must refuse the others.
  it('AES-256-GCM', async () => {
    const result = await run('aes_gcm_test.json', (group) => group.keySize === 256, async (_group, test, expectEqual) => {
      const [key, nonce, aad] = [h(test, 'key'), h(test, 'iv'), h(test, 'aad')];
      const sealed = `${test.ct as string}${test.tag as string}`;
      const protocolNonce = nonce.length === GCM_NONCE_LENGTH;
      const expectedOpen = isValid(test) && protocolNonce ? (test.msg as string) : REFUSED;
      expectEqual(expectedOpen, await outcome(() => aes256GcmDecrypt(key, nonce, hex(sealed), aad)));
      if (isValid(test)) {
        expectEqual(protocolNonce ? sealed : REFUSED, await outcome(() => aes256GcmEncrypt(key, nonce, h(test, 'msg'), aad)));
      }
    });
    expect(result).toEqual({ failures: [], ran: 105 });
  });

  it('HKDF-SHA256', async () => {
    const result = await run('hkdf_sha256_test.json', () => true, async (_group, test, expectEqual) => {
      const got = await outcome(() => hkdfSha256(h(test, 'ikm'), h(test, 'salt'), h(test, 'info'), test.size as number));
      expectEqual(isValid(test) ? (test.okm as string) : REFUSED, got);
    });
    expect(result).toEqual({ failures: [], ran: 86 });
  });

  // Full 32-byte tags only: the protocol never truncates a MAC, so the 16-byte-tag groups are skipped.
  it('HMAC-SHA256', async () => {
    const result = await run('hmac_sha256_test.json', (group) => group.tagSize === 256, async (_group, test, expectEqual) => {
      const [key, message] = [h(test, 'key'), h(test, 'msg')];
      const verifies = await hmacSha256Verify(key, message, h(test, 'tag'));
      expectEqual(isValid(test) ? 'verifies' : REFUSED, verifies ? 'verifies' : REFUSED);
      if (isValid(test)) expectEqual(test.tag as string, toHex(await hmacSha256(key, message)));
    });
    expect(result).toEqual({ failures: [], ran: 87 });
  });

  it('PBKDF2-HMAC-SHA256', async () => {
    const result = await run('pbkdf2_hmacsha256_test.json', () => true, async (_group, test, expectEqual) => {
      const got = await pbkdf2Sha256(h(test, 'password'), h(test, 'salt'), test.iterationCount as number, test.dkLen as number);
      expectEqual(test.dk as string, toHex(got));
    });
    expect(result).toEqual({ failures: [], ran: 60 });
  });
});
