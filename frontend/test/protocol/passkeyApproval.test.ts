import { describe, expect, it } from 'vitest';
import { B64u, canonicalJsonBytes, listSubject, passkeyApprovalChallenge } from '../../src/protocol';
import { sha256 } from '../../src/protocol/primitives';
import { listOf } from '../support/fixtures';

// The same value as src/test/java/io/switchboard/protocol/PasskeyApprovalTest.java (protocol §7.1).
const SUBJECT = 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg';
const NONCE = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('passkey approval challenge', () => {
  it('is the labelled hash of the canonical change, as the Java side computes it', async () => {
    expect(B64u.encode(await passkeyApprovalChallenge('+4915112345678', 'link', SUBJECT, NONCE))).toBe('e6dTDtueEos9FuD8UyIqPXTAqGW-mckvFAlZFLh_UwM');
  });

  it('differs for another kind of change', async () => {
    const link = B64u.encode(await passkeyApprovalChallenge('+4915112345678', 'link', SUBJECT, NONCE));
    expect(B64u.encode(await passkeyApprovalChallenge('+4915112345678', 'list', SUBJECT, NONCE))).not.toBe(link);
  });

  it('names a list by the hash of its canonical body', async () => {
    const list = listOf([]);
    expect(await listSubject(list)).toBe(B64u.encode(await sha256(canonicalJsonBytes(list))));
  });
});
