import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/protocol/bytes';
import {
  aes256Ctr,
  aes256GcmDecrypt,
  aes256GcmEncrypt,
  ed25519Sign,
  ed25519Verify,
  hkdfSha256,
  hmacSha256,
  importEd25519Seed,
  importX25519Private,
  pbkdf2Sha256,
  publicKeyOfExtractablePrivate,
  x25519,
} from '../../src/protocol/primitives';
import { ProtocolError } from '../../src/protocol/protocolError';
import { hex, toHex } from '../support/hex';

describe('Ed25519, RFC 8032 §7.1', () => {
  const cases = [
    {
      name: 'TEST 1 (empty message)',
      secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      message: '',
      signature:
        'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      name: 'TEST 2 (one byte)',
      secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      message: '72',
      signature:
        '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
    {
      name: 'TEST 3 (two bytes)',
      secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
      message: 'af82',
      signature:
        '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    },
  ];

  for (const c of cases) {
    it(`${c.name}: public key, signature and verification`, async () => {
      const privateKey = await importEd25519Seed(hex(c.secret), true);
      expect(toHex(await publicKeyOfExtractablePrivate(privateKey))).toBe(c.publicKey);
      expect(toHex(await ed25519Sign(privateKey, hex(c.message)))).toBe(c.signature);
      expect(await ed25519Verify(hex(c.publicKey), hex(c.message), hex(c.signature))).toBe(true);
    });
  }

  it('rejects a signature over another message', async () => {
    const c = cases[1]!;
    expect(await ed25519Verify(hex(c.publicKey), hex('73'), hex(c.signature))).toBe(false);
  });

  it('returns false for a public key of the wrong length instead of throwing', async () => {
    expect(await ed25519Verify(hex('00'), hex(''), new Uint8Array(64))).toBe(false);
  });
});

describe('X25519, RFC 7748', () => {
  async function scalarMult(scalar: string, u: string): Promise<string> {
    return toHex(await x25519(await importX25519Private(hex(scalar)), hex(u)));
  }

  it('§5.2 first vector', async () => {
    expect(
      await scalarMult(
        'a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4',
        'e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c',
      ),
    ).toBe('c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552');
  });

  it('§5.2 second vector (u-coordinate with the top bit set)', async () => {
    expect(
      await scalarMult(
        '4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d',
        'e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493',
      ),
    ).toBe('95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957');
  });

  it('§6.1 Diffie-Hellman between Alice and Bob', async () => {
    const alicePrivate = '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a';
    const alicePublic = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
    const bobPrivate = '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb';
    const bobPublic = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    expect(toHex(await publicKeyOfExtractablePrivate(await importX25519Private(hex(alicePrivate), true)))).toBe(
      alicePublic,
    );
    expect(toHex(await publicKeyOfExtractablePrivate(await importX25519Private(hex(bobPrivate), true)))).toBe(
      bobPublic,
    );
    expect(await scalarMult(alicePrivate, bobPublic)).toBe(shared);
    expect(await scalarMult(bobPrivate, alicePublic)).toBe(shared);
  });

  it('refuses a low-order peer key, whose shared secret is all zeros', async () => {
    const privateKey = await importX25519Private(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'));
    const zeroPoint = new Uint8Array(32);
    await expect(x25519(privateKey, zeroPoint)).rejects.toBeInstanceOf(ProtocolError);
  });
});

describe('HMAC-SHA256, RFC 4231', () => {
  it('test case 1', async () => {
    const mac = await hmacSha256(new Uint8Array(20).fill(0x0b), utf8('Hi There'));
    expect(toHex(mac)).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
  });

  it('test case 2', async () => {
    const mac = await hmacSha256(utf8('Jefe'), utf8('what do ya want for nothing?'));
    expect(toHex(mac)).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });
});

describe('HKDF-SHA256, RFC 5869', () => {
  it('test case 1', async () => {
    const okm = await hkdfSha256(
      new Uint8Array(22).fill(0x0b),
      hex('000102030405060708090a0b0c'),
      hex('f0f1f2f3f4f5f6f7f8f9'),
      42,
    );
    expect(toHex(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });
});

describe('PBKDF2-HMAC-SHA256, RFC 7914 §11', () => {
  it('P="passwd", S="salt", c=1, dkLen=64', async () => {
    const dk = await pbkdf2Sha256(utf8('passwd'), utf8('salt'), 1, 64);
    expect(toHex(dk)).toBe(
      '55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc' +
        '49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783',
    );
  });
});

describe('AES-256-CTR', () => {
  it('NIST SP 800-38A F.5.5 CTR-AES256.Encrypt', async () => {
    const key = hex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4');
    const counter = hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
    const plaintext = hex(`
      6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51
      30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710`);
    const ciphertext = `
      601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5
      2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6`;
    expect(toHex(await aes256Ctr(key, counter, plaintext))).toBe(toHex(hex(ciphertext)));
  });

  it('carries the counter across all 128 bits, not just the low 64', async () => {
    const key = new Uint8Array(32).fill(7);
    const zeros = new Uint8Array(16);
    const twoBlocks = await aes256Ctr(key, hex('0000000000000000ffffffffffffffff'), new Uint8Array(32));
    const carried = await aes256Ctr(key, hex('00000000000000010000000000000000'), zeros);
    expect(toHex(twoBlocks.subarray(16))).toBe(toHex(carried));
    const wrapped = await aes256Ctr(key, hex('ffffffffffffffffffffffffffffffff'), new Uint8Array(32));
    expect(toHex(wrapped.subarray(16))).toBe(toHex(await aes256Ctr(key, zeros, zeros)));
  });
});

describe('AES-256-GCM, McGrew–Viega GCM specification', () => {
  it('test case 14: zero key, nonce and block', async () => {
    const sealed = await aes256GcmEncrypt(new Uint8Array(32), new Uint8Array(12), new Uint8Array(16));
    expect(toHex(sealed)).toBe('cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
    expect(await aes256GcmDecrypt(new Uint8Array(32), new Uint8Array(12), sealed)).toEqual(new Uint8Array(16));
  });

  const key = hex('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308');
  const nonce = hex('cafebabefacedbaddecaf888');
  const aad = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
  const plaintext = hex(
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
  );

  it('test case 16: with aad, tag appended', async () => {
    const sealed = await aes256GcmEncrypt(key, nonce, plaintext, aad);
    expect(toHex(sealed)).toBe(
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' +
        '76fc6ece0f4e1768cddf8853bb2d551b',
    );
    expect(toHex(await aes256GcmDecrypt(key, nonce, sealed, aad))).toBe(toHex(plaintext));
  });

  it('refuses any changed byte, other aad, other nonce, a short input and wrong lengths', async () => {
    const sealed = await aes256GcmEncrypt(key, nonce, utf8('hello'), utf8('header'));
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i]! ^= 1;
      await expect(aes256GcmDecrypt(key, nonce, tampered, utf8('header'))).rejects.toHaveProperty('code', 'decryption-failed');
    }
    await expect(aes256GcmDecrypt(key, nonce, sealed, utf8('headers'))).rejects.toHaveProperty('code', 'decryption-failed');
    await expect(aes256GcmDecrypt(key, new Uint8Array(12), sealed, utf8('header'))).rejects.toHaveProperty('code', 'decryption-failed');
    await expect(aes256GcmDecrypt(key, nonce, sealed.subarray(0, 15), utf8('header'))).rejects.toHaveProperty('code', 'decryption-failed');
    await expect(aes256GcmEncrypt(key, new Uint8Array(16), utf8('hello'))).rejects.toBeInstanceOf(ProtocolError);
    await expect(aes256GcmEncrypt(key.subarray(0, 16), nonce, utf8('hello'))).rejects.toBeInstanceOf(ProtocolError);
  });
});
