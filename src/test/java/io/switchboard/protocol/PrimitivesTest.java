package io.switchboard.protocol;

import static io.switchboard.protocol.Hex.bytes;
import static io.switchboard.protocol.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The published test vectors for every primitive of protocol §2. */
class PrimitivesTest {

    @ParameterizedTest(name = "RFC 8032 §7.1 test {0}")
    @CsvSource({
        "1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, "
            + "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '', "
            + "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, "
            + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72, "
            + "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "3, c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7, "
            + "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82, "
            + "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void ed25519(int test, String secretKey, String publicKey, String message, String signature) {
        assertEquals(publicKey, hex(Primitives.ed25519PublicKey(bytes(secretKey))));
        assertEquals(signature, hex(Primitives.ed25519Sign(bytes(secretKey), bytes(message))));
        assertTrue(Primitives.ed25519Verify(bytes(publicKey), bytes(message), bytes(signature)));
        byte[] tampered = bytes(signature);
        tampered[0] ^= 1;
        assertFalse(Primitives.ed25519Verify(bytes(publicKey), bytes(message), tampered));
    }

    @Test
    void ed25519VerifyRefusesMalformedInputsWithoutThrowing() {
        byte[] publicKey = bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        assertFalse(Primitives.ed25519Verify(publicKey, new byte[0], new byte[63]));
        assertFalse(Primitives.ed25519Verify(new byte[31], new byte[0], new byte[64]));
    }

    @ParameterizedTest(name = "RFC 7748 §5.2 vector {index}")
    @CsvSource({
        "a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4, "
            + "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c, "
            + "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        "4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d, "
            + "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493, "
            + "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957",
    })
    void x25519(String scalar, String uCoordinate, String output) {
        assertEquals(output, hex(Primitives.x25519(bytes(scalar), bytes(uCoordinate))));
    }

    @Test
    void x25519DiffieHellmanRfc7748Section6_1() {
        byte[] alicePrivate = bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = bytes("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
        byte[] alicePublic = Primitives.x25519PublicKey(alicePrivate);
        byte[] bobPublic = Primitives.x25519PublicKey(bobPrivate);
        assertEquals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", hex(alicePublic));
        assertEquals("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", hex(bobPublic));
        String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
        assertEquals(shared, hex(Primitives.x25519(alicePrivate, bobPublic)));
        assertEquals(shared, hex(Primitives.x25519(bobPrivate, alicePublic)));
    }

    @Test
    void x25519RefusesAllZeroSharedSecret() {
        byte[] privateKey = bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        // u = 0 and u = 1 are small-order points: every scalar maps them to an all-zero result.
        assertThrows(ProtocolException.class, () -> Primitives.x25519(privateKey, new byte[32]));
        byte[] one = new byte[32];
        one[0] = 1;
        assertThrows(ProtocolException.class, () -> Primitives.x25519(privateKey, one));
    }

    @Test
    void hkdfRfc5869TestCase1() {
        byte[] okm = Primitives.hkdfSha256(
                bytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                bytes("000102030405060708090a0b0c"),
                bytes("f0f1f2f3f4f5f6f7f8f9"),
                42);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865", hex(okm));
    }

    @Test
    void hmacRfc4231TestCase1() {
        byte[] mac = Primitives.hmacSha256(bytes("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), ascii("Hi There"));
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", hex(mac));
    }

    @Test
    void hmacRfc4231TestCase2() {
        byte[] mac = Primitives.hmacSha256(ascii("Jefe"), ascii("what do ya want for nothing?"));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", hex(mac));
        assertTrue(Primitives.hmacSha256Verify(ascii("Jefe"), ascii("what do ya want for nothing?"), mac));
        mac[31] ^= 1;
        assertFalse(Primitives.hmacSha256Verify(ascii("Jefe"), ascii("what do ya want for nothing?"), mac));
    }

    @Test
    void pbkdf2Rfc7914Section11() {
        byte[] derived = Primitives.pbkdf2HmacSha256(ascii("passwd"), ascii("salt"), 1, 64);
        assertEquals("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783", hex(derived));
    }

    @Test
    void aesCtrNistSp800_38aF5_5() {
        byte[] ciphertext = Primitives.aes256Ctr(
                bytes("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"),
                bytes("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"),
                bytes("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
                        + "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710"));
        assertEquals("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5"
                + "2b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6", hex(ciphertext));
    }

    @Test
    void aesCtrCarriesAcrossTheWholeCounterBlock() {
        // WebCrypto's length: 128 increments all 16 bytes as one integer: ...00ffffffffffffffff is followed by ...0100...00.
        byte[] key = bytes("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        byte[] iv = bytes("0000000000000000ffffffffffffffff");
        byte[] keystream = Primitives.aes256Ctr(key, iv, new byte[32]);
        var aes = AESEngine.newInstance();
        aes.init(true, new KeyParameter(key));
        byte[] secondBlock = new byte[16];
        aes.processBlock(bytes("00000000000000010000000000000000"), 0, secondBlock, 0);
        assertEquals(hex(secondBlock), hex(Arrays.copyOfRange(keystream, 16, 32)));
    }

    @Test
    void aesGcmSpecificationTestCase14() {
        // McGrew & Viega, The Galois/Counter Mode of Operation, test case 14: AES-256, zero key, nonce and block.
        byte[] zeroKey = new byte[32];
        byte[] zeroNonce = new byte[12];
        byte[] sealed = Primitives.aes256GcmEncrypt(zeroKey, zeroNonce, new byte[16], new byte[0]);
        assertEquals("cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919", hex(sealed));
        assertArrayEquals(new byte[16], Primitives.aes256GcmDecrypt(zeroKey, zeroNonce, sealed, new byte[0]));
    }

    @Test
    void aesGcmSpecificationTestCase16WithAad() {
        byte[] key = bytes("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] nonce = bytes("cafebabefacedbaddecaf888");
        byte[] aad = bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] plaintext = bytes("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] sealed = Primitives.aes256GcmEncrypt(key, nonce, plaintext, aad);
        assertEquals("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                + "76fc6ece0f4e1768cddf8853bb2d551b", hex(sealed));
        assertArrayEquals(plaintext, Primitives.aes256GcmDecrypt(key, nonce, sealed, aad));
    }

    @Test
    void aesGcmRefusesAnyChange() {
        byte[] key = bytes("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] nonce = bytes("cafebabefacedbaddecaf888");
        byte[] aad = ascii("header");
        byte[] sealed = Primitives.aes256GcmEncrypt(key, nonce, ascii("hello"), aad);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 1;
            assertThrows(ProtocolException.class, () -> Primitives.aes256GcmDecrypt(key, nonce, tampered, aad));
        }
        assertThrows(ProtocolException.class, () -> Primitives.aes256GcmDecrypt(key, nonce, sealed, ascii("headers")));
        assertThrows(ProtocolException.class, () -> Primitives.aes256GcmDecrypt(key, new byte[12], sealed, aad));
        assertThrows(ProtocolException.class, () -> Primitives.aes256GcmDecrypt(key, nonce, Arrays.copyOf(sealed, 15), aad));
        assertThrows(ProtocolException.class, () -> Primitives.aes256GcmEncrypt(key, new byte[16], ascii("hello"), aad));
    }

    @Test
    void sha256OfConcatenatedParts() {
        assertArrayEquals(Primitives.sha256(ascii("abc")), Primitives.sha256(ascii("a"), ascii("bc")));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex(Primitives.sha256(ascii("abc"))));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
