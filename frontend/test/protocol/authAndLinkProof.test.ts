import { beforeAll, describe, expect, it } from 'vitest';
import { authChallengeSignature } from '../../src/protocol/auth';
import { B64u } from '../../src/protocol/b64u';
import { canonicalJsonBytes } from '../../src/protocol/canonicalJson';
import { Labels, labelled } from '../../src/protocol/labels';
import { formatLinkQr, parseLinkQr } from '../../src/protocol/linkQr';
import { linkProof, verifyLinkProof, type LinkProofFields } from '../../src/protocol/linkProof';
import { ed25519Verify, hmacSha256 } from '../../src/protocol/primitives';
import { ProtocolError } from '../../src/protocol/protocolError';
import { ACCOUNT, fixedBytes, fixedIdentities, type FixedIdentities } from '../support/fixtures';

let ids: FixedIdentities;
beforeAll(async () => {
  ids = await fixedIdentities();
});

describe('auth challenge signature', () => {
  it('signs challenge, device id and origin under the auth label', async () => {
    const keys = ids.companion1.keys;
    const challenge = B64u.encode(await fixedBytes('challenge'));
    const signature = await authChallengeSignature(keys, challenge, 'https://sb.example');
    const signed = (origin: string) =>
      labelled(Labels.AUTH, canonicalJsonBytes({ challenge, deviceId: keys.deviceId, origin }));
    expect(await ed25519Verify(keys.signingKey, signed('https://sb.example'), B64u.decode(signature))).toBe(true);
    expect(await ed25519Verify(keys.signingKey, signed('https://evil.example'), B64u.decode(signature))).toBe(false);
  });
});

describe('link proof', () => {
  async function fields(): Promise<LinkProofFields> {
    const companion = ids.companion1.keys;
    return {
      ref: 'ref-1',
      account: ACCOUNT,
      deviceId: companion.deviceId,
      signingKey: B64u.encode(companion.signingKey),
      agreementKey: B64u.encode(companion.agreementKey),
      primarySigningKey: B64u.encode(ids.primary.keys.signingKey),
      listVersion: 2,
    };
  }

  it('is the labelled HMAC of the canonical fields', async () => {
    const linkKey = await fixedBytes('link key');
    const f = await fields();
    const expected = await hmacSha256(linkKey, labelled(Labels.LINK_PROOF, canonicalJsonBytes(f)));
    expect(await linkProof(linkKey, f)).toBe(B64u.encode(expected));
  });

  it('detects a substituted primary key, a substituted companion key and a wrong link key', async () => {
    const linkKey = await fixedBytes('link key');
    const f = await fields();
    const proof = await linkProof(linkKey, f);
    expect(await verifyLinkProof(linkKey, f, proof)).toBe(true);
    const otherKey = B64u.encode(ids.companion2.keys.signingKey);
    expect(await verifyLinkProof(linkKey, { ...f, primarySigningKey: otherKey }, proof)).toBe(false);
    expect(await verifyLinkProof(linkKey, { ...f, signingKey: otherKey }, proof)).toBe(false);
    expect(await verifyLinkProof(await fixedBytes('other'), f, proof)).toBe(false);
    expect(await verifyLinkProof(linkKey, f, 'not b64u!')).toBe(false);
  });
});

describe('link QR text', () => {
  it('round-trips and refuses anything else', async () => {
    const qr = {
      ref: 'r3f',
      signingKey: ids.companion1.keys.signingKey,
      agreementKey: ids.companion1.keys.agreementKey,
      linkSecret: await fixedBytes('link secret'),
    };
    const text = formatLinkQr(qr);
    expect(text).toMatch(/^SWB1:r3f:[A-Za-z0-9_-]{43}:[A-Za-z0-9_-]{43}:[A-Za-z0-9_-]{43}$/);
    expect(parseLinkQr(text)).toEqual(qr);
    expect(() => parseLinkQr(text.replace('SWB1', 'SWB2'))).toThrow(ProtocolError);
    expect(() => parseLinkQr(`${text}:extra`)).toThrow(ProtocolError);
    expect(() => parseLinkQr(text.slice(0, -1))).toThrow(ProtocolError);
  });
});
