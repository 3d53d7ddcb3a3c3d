import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesEqual, utf8, type Bytes } from '../../src/protocol/bytes';
import { DeviceKeys } from '../../src/protocol/deviceKeys';
import { AES_128_GCM_SUITE, AES_256_GCM_SUITE, Hpke, HpkeInternals, type HpkeSuite } from '../../src/protocol/hpke';
import { importX25519Private } from '../../src/protocol/primitives';
import { ProtocolError } from '../../src/protocol/protocolError';
import { hex, toHex } from '../support/hex';

const INFO = hex('4f6465206f6e2061204772656369616e2055726e'); // "Ode on a Grecian Urn"
const PLAINTEXT = hex('4265617574792069732074727574682c20747275746820626561757479'); // "Beauty is truth, truth beauty"

describe('RFC 9180 Appendix A.1.1: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode', () => {
  const a1 = {
    ikmE: '7268600d403fce431561aef583ee1613527cff655c1343f29812e66706df3234',
    pkEm: '37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431',
    skEm: '52c4a758a802cd8b936eceea314432798d5baf2d7e9235dc084ab1b9cfa2f736',
    ikmR: '6db9df30aa07dd42ee5e8181afdb977e538f5e1fec8a06223f33f7013e525037',
    pkRm: '3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d',
    skRm: '4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8',
    sharedSecret: 'fe0e18c9f024ce43799ae393c7e8fe8fce9d218875e8227b0187c04e7d2ea1fc',
    key: '4531685d41d65f03dc48f6b8302c05b0',
    baseNonce: '56d890e5accaaf011cff4b7d',
    exporterSecret: '45ff1c2e220db587171952c0592d5f5ebe103f1561a2614e38f2ffd47e99e3f8',
    encryptions: [
      { seq: 0, aad: '436f756e742d30', ct: 'f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a96d8770ac83d07bea87e13c512a' },
      { seq: 1, aad: '436f756e742d31', ct: 'af2d7e9ac9ae7e270f46ba1f975be53c09f8d875bdc8535458c2494e8a6eab251c03d0c22a56b8ca42c2063b84' },
      { seq: 4, aad: '436f756e742d34', ct: '583bd32bc67a5994bb8ceaca813d369bca7b2a42408cddef5e22f880b631215a09fc0012bc69fccaa251c0246d' },
      { seq: 255, aad: '436f756e742d323535', ct: '7175db9717964058640a3a11fb9007941a5d1757fda1a6935c805c21af32505bf106deefec4a49ac38d71c9e0a' },
      { seq: 256, aad: '436f756e742d323536', ct: '957f9800542b0b8891badb026d79cc54597cb2d225b54c00c5238c25d05c30e3fbeda97d2e0e1aba483a2df9f2' },
    ],
  };

  it('DeriveKeyPair reproduces skEm/pkEm and skRm/pkRm', async () => {
    const ephemeral = await Hpke.deriveKeyPair(hex(a1.ikmE));
    expect(toHex(ephemeral.privateKey)).toBe(a1.skEm);
    expect(toHex(ephemeral.publicKey)).toBe(a1.pkEm);
    const recipient = await Hpke.deriveKeyPair(hex(a1.ikmR));
    expect(toHex(recipient.privateKey)).toBe(a1.skRm);
    expect(toHex(recipient.publicKey)).toBe(a1.pkRm);
  });

  it('Encap with skEm, Decap with a non-extractable skRm, and the key schedule', async () => {
    const { sharedSecret, enc } = await HpkeInternals.encap(hex(a1.pkRm), hex(a1.skEm));
    expect(toHex(enc)).toBe(a1.pkEm);
    expect(toHex(sharedSecret)).toBe(a1.sharedSecret);
    const recipient = { privateKey: await importX25519Private(hex(a1.skRm), false), publicKey: hex(a1.pkRm) };
    expect(toHex(await HpkeInternals.decap(enc, recipient))).toBe(a1.sharedSecret);

    const schedule = await HpkeInternals.keySchedule(AES_128_GCM_SUITE, sharedSecret, INFO);
    expect(toHex(schedule.key)).toBe(a1.key);
    expect(toHex(schedule.baseNonce)).toBe(a1.baseNonce);
    expect(toHex(schedule.exporterSecret)).toBe(a1.exporterSecret);
    for (const { seq, aad, ct } of a1.encryptions) {
      expect(toHex(await HpkeInternals.contextSeal(schedule, seq, hex(aad), PLAINTEXT)), `seq ${seq}`).toBe(ct);
      expect(toHex(await HpkeInternals.contextOpen(schedule, seq, hex(aad), hex(ct))), `seq ${seq}`).toBe(toHex(PLAINTEXT));
    }
  });

  it('single-shot seal and open give the sequence-0 ciphertext', async () => {
    const sealed = await HpkeInternals.sealBaseWith(AES_128_GCM_SUITE, hex(a1.pkRm), INFO, hex('436f756e742d30'), PLAINTEXT, {
      ephemeralPrivate: hex(a1.skEm),
    });
    expect(toHex(sealed.enc)).toBe(a1.pkEm);
    expect(toHex(sealed.ciphertext)).toBe(a1.encryptions[0]!.ct);
    const recipient = { privateKey: await importX25519Private(hex(a1.skRm)), publicKey: hex(a1.pkRm) };
    const opened = await HpkeInternals.openBaseWith(AES_128_GCM_SUITE, recipient, sealed.enc, INFO, hex('436f756e742d30'), sealed.ciphertext);
    expect(toHex(opened)).toBe(toHex(PLAINTEXT));
  });
});

/**
 * The protocol's exact suite. RFC 9180's test-vectors.json entry for mode 0, KEM 0x0020, KDF 0x0001,
 * AEAD 0x0002, in the accumulated form of Go's crypto/internal/hpke/testdata/rfc9180.json: the inputs
 * (ikmE, ikmR) and enc are the RFC's; `encryptions` is the first 16 bytes of SHAKE128 over 1000
 * sequential ciphertexts whose aad and plaintext are drawn from a SHAKE128("") stream, `exports`
 * the same over 1000 exported secrets of lengths 0..999.
 */
describe('RFC 9180 test vector: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, base mode', () => {
  const v = {
    ikmE: '2cd7c601cefb3d42a62b04b7a9041494c06c7843818e0ce28a8f704ae7ab20f9',
    ikmR: 'dac33b0e9db1b59dbbea58d59a14e7b5896e9bdf98fad6891e99d1686492b9ee',
    skRm: '497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d',
    pkRm: '430f4b9859665145a6b1ba274024487bd66f03a2dd577d7753c68d7d7d00c00c',
    enc: '6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256',
    encryptions: '1702e73e1e71705faa8241022af1deea',
    exports: '5cb678bf1c52afbd9afb58b8f7c1ced3',
  };

  /** drawRandomInput of the Go test: one length byte, then that many bytes. */
  function drawer(): () => Bytes {
    const stream = createHash('shake128', { outputLength: 2 * 1000 * 257 }).digest();
    let offset = 0;
    return () => {
      const length = stream[offset]!;
      const out = new Uint8Array(stream.subarray(offset + 1, offset + 1 + length));
      offset += 1 + length;
      return out;
    };
  }

  async function schedules(suite: HpkeSuite) {
    const ephemeral = await Hpke.deriveKeyPair(hex(v.ikmE));
    const { sharedSecret, enc } = await HpkeInternals.encap(hex(v.pkRm), ephemeral.privateKey);
    const recipientKeys = await Hpke.deriveKeyPair(hex(v.ikmR));
    const recipient = { privateKey: await importX25519Private(recipientKeys.privateKey), publicKey: recipientKeys.publicKey };
    return {
      enc,
      recipientKeys,
      sender: await HpkeInternals.keySchedule(suite, sharedSecret, INFO),
      receiver: await HpkeInternals.keySchedule(suite, await HpkeInternals.decap(enc, recipient), INFO),
    };
  }

  it('enc and the recipient key pair', async () => {
    const { enc, recipientKeys } = await schedules(AES_256_GCM_SUITE);
    expect(toHex(enc)).toBe(v.enc);
    expect(toHex(recipientKeys.privateKey)).toBe(v.skRm);
    expect(toHex(recipientKeys.publicKey)).toBe(v.pkRm);
  });

  it('1000 accumulated encryptions', async () => {
    const { sender, receiver } = await schedules(AES_256_GCM_SUITE);
    expect(sender.key.length).toBe(32);
    const draw = drawer();
    const sink = createHash('shake128', { outputLength: 16 });
    for (let seq = 0; seq < 1000; seq++) {
      const aad = draw();
      const plaintext = draw();
      const ciphertext = await HpkeInternals.contextSeal(sender, seq, aad, plaintext);
      sink.update(ciphertext);
      expect(bytesEqual(await HpkeInternals.contextOpen(receiver, seq, aad, ciphertext), plaintext)).toBe(true);
    }
    expect(sink.digest('hex')).toBe(v.encryptions);
  }, 30_000);

  it('1000 accumulated exports', async () => {
    const { sender, receiver } = await schedules(AES_256_GCM_SUITE);
    const draw = drawer();
    const sink = createHash('shake128', { outputLength: 16 });
    for (let length = 0; length < 1000; length++) {
      const context = draw();
      const value = await HpkeInternals.exportSecret(AES_256_GCM_SUITE, sender, context, length);
      sink.update(value);
      expect(bytesEqual(await HpkeInternals.exportSecret(AES_256_GCM_SUITE, receiver, context, length), value)).toBe(true);
    }
    expect(sink.digest('hex')).toBe(v.exports);
  }, 30_000);

  it("the JSON vector set's first encryption (seq 0): skEm from ikmE, then a single-shot seal and open", async () => {
    const ephemeral = await Hpke.deriveKeyPair(hex(v.ikmE));
    expect(toHex(ephemeral.privateKey)).toBe('179d4b53b6365c45b600c4163b61d95cbc2f4d9e36f1695558dce265ab8bab11');
    const aad = hex('436f756e742d30');
    const ct = 'e5d84cd531cfb583096e7cfa9641bd3079cf3a91cda813c52deb5f512be9931980a41de125a925cdad859d5b7a';
    const sealed = await Hpke.sealBase(hex(v.pkRm), INFO, aad, PLAINTEXT, { ephemeralPrivate: ephemeral.privateKey });
    expect(toHex(sealed.enc)).toBe(v.enc);
    expect(toHex(sealed.ciphertext)).toBe(ct);
    const recipient = { privateKey: await importX25519Private(hex(v.skRm)), publicKey: hex(v.pkRm) };
    expect(toHex(await Hpke.openBase(recipient, hex(v.enc), INFO, aad, hex(ct)))).toBe(toHex(PLAINTEXT));
  });

  it('Hpke.sealBase/openBase are this suite, single shot', async () => {
    const ephemeral = await Hpke.deriveKeyPair(hex(v.ikmE));
    const { sender } = await schedules(AES_256_GCM_SUITE);
    const sealed = await Hpke.sealBase(hex(v.pkRm), INFO, utf8('aad'), PLAINTEXT, { ephemeralPrivate: ephemeral.privateKey });
    expect(toHex(sealed.enc)).toBe(v.enc);
    expect(toHex(sealed.ciphertext)).toBe(toHex(await HpkeInternals.contextSeal(sender, 0, utf8('aad'), PLAINTEXT)));
  });
});

describe('Hpke with device keys', () => {
  it('round trip to a generated, non-extractable agreement key', async () => {
    const device = await DeviceKeys.generate();
    const recipient = { privateKey: device.agreementPrivateKey, publicKey: device.agreementKey };
    const sealed = await Hpke.sealBase(device.agreementKey, utf8('info'), utf8('aad'), utf8('secret'));
    expect(sealed.enc.length).toBe(Hpke.ENC_LENGTH);
    expect(sealed.ciphertext.length).toBe(6 + Hpke.TAG_LENGTH);
    expect(new TextDecoder().decode(await Hpke.openBase(recipient, sealed.enc, utf8('info'), utf8('aad'), sealed.ciphertext))).toBe('secret');
  });

  it('fresh ephemeral keys: sealing twice gives different output', async () => {
    const device = await DeviceKeys.generate();
    const a = await Hpke.sealBase(device.agreementKey, utf8('i'), utf8('a'), utf8('p'));
    const b = await Hpke.sealBase(device.agreementKey, utf8('i'), utf8('a'), utf8('p'));
    expect(bytesEqual(a.enc, b.enc)).toBe(false);
  });

  it('refuses a wrong key, info, aad, enc or ciphertext with hpke-open-failed', async () => {
    const device = await DeviceKeys.generate();
    const other = await DeviceKeys.generate();
    const recipient = { privateKey: device.agreementPrivateKey, publicKey: device.agreementKey };
    const otherRecipient = { privateKey: other.agreementPrivateKey, publicKey: other.agreementKey };
    const mixedRecipient = { privateKey: device.agreementPrivateKey, publicKey: other.agreementKey };
    const { enc, ciphertext } = await Hpke.sealBase(device.agreementKey, utf8('info'), utf8('aad'), utf8('secret'));
    const flipped = (bytes: Bytes, index: number) => {
      const copy = bytes.slice();
      copy[index]! ^= 1;
      return copy;
    };
    const attempts = [
      () => Hpke.openBase(otherRecipient, enc, utf8('info'), utf8('aad'), ciphertext),
      // Right private key, wrong public key in the KEM context.
      () => Hpke.openBase(mixedRecipient, enc, utf8('info'), utf8('aad'), ciphertext),
      () => Hpke.openBase(recipient, enc, utf8('other info'), utf8('aad'), ciphertext),
      () => Hpke.openBase(recipient, enc, utf8('info'), utf8('other aad'), ciphertext),
      () => Hpke.openBase(recipient, flipped(enc, 3), utf8('info'), utf8('aad'), ciphertext),
      () => Hpke.openBase(recipient, enc.subarray(1), utf8('info'), utf8('aad'), ciphertext),
      () => Hpke.openBase(recipient, new Uint8Array(32), utf8('info'), utf8('aad'), ciphertext),
      () => Hpke.openBase(recipient, enc, utf8('info'), utf8('aad'), flipped(ciphertext, ciphertext.length - 1)),
      () => Hpke.openBase(recipient, enc, utf8('info'), utf8('aad'), ciphertext.subarray(0, 10)),
    ];
    for (const attempt of attempts) {
      const opening = attempt();
      await expect(opening).rejects.toBeInstanceOf(ProtocolError);
      await expect(opening).rejects.toHaveProperty('code', 'hpke-open-failed');
    }
  });

  it('refuses to seal to the all-zero (low-order) public key', async () => {
    await expect(Hpke.sealBase(new Uint8Array(32), utf8('i'), utf8('a'), utf8('p'))).rejects.toHaveProperty(
      'code',
      'invalid-agreement-key',
    );
  });
});
