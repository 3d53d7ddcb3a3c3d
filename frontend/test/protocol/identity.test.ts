import { describe, expect, it } from 'vitest';
import { B64u } from '../../src/protocol/b64u';
import { utf8 } from '../../src/protocol/bytes';
import { deviceIdOf } from '../../src/protocol/deviceId';
import { DeviceKeys } from '../../src/protocol/deviceKeys';
import { fingerprintOf } from '../../src/protocol/fingerprint';
import { Labels, labelled } from '../../src/protocol/labels';
import { ed25519Verify, sha256 } from '../../src/protocol/primitives';
import { ProtocolError } from '../../src/protocol/protocolError';
import { fixedBytes } from '../support/fixtures';
import { toHex } from '../support/hex';

describe('b64u', () => {
  it('encodes without padding using the URL alphabet', () => {
    expect(B64u.encode(Uint8Array.from([0xfb, 0xff, 0xbf]))).toBe('-_-_');
    expect(B64u.encode(Uint8Array.from([0xff]))).toBe('_w');
    expect(toHex(B64u.decode('-_-_'))).toBe('fbffbf');
  });

  it.each(['_w==', '_x', 'a', '+/', 'ab cd'])('refuses %j', (text) => {
    expect(() => B64u.decode(text)).toThrow(ProtocolError);
  });

  it('insists on the prescribed length when asked', () => {
    expect(() => B64u.decodeExact('AAAA', 32)).toThrow(ProtocolError);
  });
});

describe('labels', () => {
  it('puts one zero byte between label and payload', () => {
    expect(toHex(labelled(Labels.AUTH, Uint8Array.from([1, 2])))).toBe(`${toHex(utf8('switchboard/auth/v1'))}000102`);
  });
});

describe('device identity', () => {
  it('derives the id from the first 16 bytes of the labelled hash of the signing key', async () => {
    const signingKey = await fixedBytes('some signing key');
    const digest = await sha256(labelled(Labels.DEVICE_ID, signingKey));
    const id = await deviceIdOf(signingKey);
    expect(id).toHaveLength(22);
    expect(toHex(B64u.decode(id))).toBe(toHex(digest.subarray(0, 16)));
  });

  it('prints the fingerprint as eight 20-bit groups modulo 100000', async () => {
    const signingKey = await fixedBytes('fingerprint signing');
    const agreementKey = await fixedBytes('fingerprint agreement');
    const digest = await sha256(labelled(Labels.FINGERPRINT, Uint8Array.from([...signingKey, ...agreementKey])));
    const bits = Array.from(digest.subarray(0, 20), (byte) => byte.toString(2).padStart(8, '0')).join('');
    const expected = Array.from({ length: 8 }, (_, i) =>
      String(parseInt(bits.slice(i * 20, i * 20 + 20), 2) % 100000).padStart(5, '0'),
    ).join(' ');
    const fingerprint = await fingerprintOf(signingKey, agreementKey);
    expect(fingerprint).toBe(expected);
    expect(fingerprint).toMatch(/^\d{5}( \d{5}){7}$/);
  });

  it('generates non-extractable keys whose signatures verify under the raw public key', async () => {
    const keys = await DeviceKeys.generate();
    expect(keys.signingKeyPair.privateKey.extractable).toBe(false);
    expect(keys.agreementKeyPair.privateKey.extractable).toBe(false);
    expect(keys.signingKey).toHaveLength(32);
    expect(keys.agreementKey).toHaveLength(32);
    expect(keys.deviceId).toBe(await deviceIdOf(keys.signingKey));
    const signature = await keys.sign(Labels.AUTH, utf8('payload'));
    expect(await ed25519Verify(keys.signingKey, labelled(Labels.AUTH, utf8('payload')), signature)).toBe(true);
    expect(await ed25519Verify(keys.signingKey, labelled(Labels.LINK_PROOF, utf8('payload')), signature)).toBe(false);
  });

  it('rebuilds the same identity from stored key pairs', async () => {
    const keys = await DeviceKeys.generate();
    const again = await DeviceKeys.fromKeyPairs(keys.signingKeyPair, keys.agreementKeyPair);
    expect(again.deviceId).toBe(keys.deviceId);
    expect(await again.fingerprint()).toBe(await keys.fingerprint());
  });

  it('imports fixed private keys without leaving them extractable', async () => {
    const keys = await DeviceKeys.fromPrivate(await fixedBytes('seed'), await fixedBytes('agreement'));
    expect(keys.signingKeyPair.privateKey.extractable).toBe(false);
    expect(keys.agreementPrivateKey.extractable).toBe(false);
  });
});
