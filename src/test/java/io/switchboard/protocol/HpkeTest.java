package io.switchboard.protocol;

import static io.switchboard.protocol.Hex.bytes;
import static io.switchboard.protocol.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. RFC 9180's printed Appendix A
 * has no section for this suite; its vector is in the JSON test vector set that Appendix A refers to
 * (cfrg/draft-irtf-cfrg-hpke test-vectors.json, mode 0, kem_id 32, kdf_id 1, aead_id 2), here its
 * first encryption, which is what a single-shot seal produces.
 */
class HpkeTest {

    static final byte[] INFO = bytes("4f6465206f6e2061204772656369616e2055726e");
    static final byte[] SK_RM = bytes("497b4502664cfea5d5af0b39934dac72242a74f8480451e1aee7d6a53320333d");
    private static final byte[] PK_RM = bytes("430f4b9859665145a6b1ba274024487bd66f03a2dd577d7753c68d7d7d00c00c");
    static final byte[] SK_EM = bytes("179d4b53b6365c45b600c4163b61d95cbc2f4d9e36f1695558dce265ab8bab11");
    private static final byte[] PK_EM = bytes("6c93e09869df3402d7bf231bf540fadd35cd56be14f97178f0954db94b7fc256");
    static final byte[] AAD = bytes("436f756e742d30");
    static final byte[] PT = bytes("4265617574792069732074727574682c20747275746820626561757479");
    private static final String CT = "e5d84cd531cfb583096e7cfa9641bd3079cf3a91cda813c52deb5f512be9931980a41de125a925cdad859d5b7a";

    @Test
    void rfc9180VectorKeysAreConsistent() {
        assertArrayEquals(PK_RM, Primitives.x25519PublicKey(SK_RM));
        assertArrayEquals(PK_EM, Primitives.x25519PublicKey(SK_EM));
    }

    @Test
    void rfc9180VectorSealWithTheFixedEphemeralKey() {
        Hpke.Sealed sealed = Hpke.sealWithEphemeral(PK_RM, INFO, AAD, PT, SK_EM);
        assertEquals(hex(PK_EM), hex(sealed.enc()), "enc is the ephemeral public key");
        assertEquals(CT, hex(sealed.ciphertext()));
        assertEquals(hex(PK_EM) + CT, hex(sealed.concatenated()));
    }

    @Test
    void rfc9180VectorOpen() {
        assertArrayEquals(PT, Hpke.open(SK_RM, PK_EM, INFO, AAD, bytes(CT)));
    }

    @Test
    void roundTripWithFreshEphemeralKeys() {
        DeviceKeys recipient = DeviceKeys.generate(new SecureRandom());
        byte[] info = utf8("info");
        byte[] aad = utf8("aad");
        Hpke.Sealed first = Hpke.seal(recipient.agreementKey(), info, aad, utf8("key material"));
        Hpke.Sealed second = Hpke.seal(recipient.agreementKey(), info, aad, utf8("key material"));
        assertEquals(Hpke.ENC_SIZE, first.enc().length);
        assertEquals(12 + Hpke.TAG_SIZE, first.ciphertext().length);
        assertThrows(AssertionError.class, () -> assertArrayEquals(first.enc(), second.enc()), "each seal has its own ephemeral key");
        assertArrayEquals(utf8("key material"), recipient.hpkeOpen(first.enc(), info, aad, first.ciphertext()));
        assertArrayEquals(utf8("key material"), recipient.hpkeOpen(second.enc(), info, aad, second.ciphertext()));
    }

    @Test
    void openRefusesAnotherRecipientInfoAadOrAnyChangedByte() {
        Hpke.Sealed sealed = Hpke.sealWithEphemeral(PK_RM, INFO, AAD, PT, SK_EM);
        byte[] otherPrivate = Fixtures.agreementPrivate("companion2");
        assertThrows(ProtocolException.class, () -> Hpke.open(otherPrivate, sealed.enc(), INFO, AAD, sealed.ciphertext()));
        assertThrows(ProtocolException.class, () -> Hpke.open(SK_RM, sealed.enc(), utf8("other info"), AAD, sealed.ciphertext()));
        assertThrows(ProtocolException.class, () -> Hpke.open(SK_RM, sealed.enc(), INFO, utf8("other aad"), sealed.ciphertext()));
        for (int i = 0; i < sealed.ciphertext().length; i++) {
            byte[] tampered = sealed.ciphertext().clone();
            tampered[i] ^= 1;
            assertThrows(ProtocolException.class, () -> Hpke.open(SK_RM, sealed.enc(), INFO, AAD, tampered));
        }
        byte[] otherEnc = sealed.enc().clone();
        otherEnc[0] ^= 1;
        assertThrows(ProtocolException.class, () -> Hpke.open(SK_RM, otherEnc, INFO, AAD, sealed.ciphertext()));
    }

    @Test
    void refusesSmallOrderKeysAndWrongLengths() {
        // u = 0 is a small-order point: the DH output would be all zero (RFC 9180 §7.1.4).
        assertThrows(ProtocolException.class, () -> Hpke.sealWithEphemeral(new byte[32], INFO, AAD, PT, SK_EM));
        assertThrows(ProtocolException.class, () -> Hpke.open(SK_RM, new byte[32], INFO, AAD, bytes(CT)));
        assertThrows(ProtocolException.class, () -> Hpke.seal(new byte[31], INFO, AAD, PT));
        assertThrows(ProtocolException.class, () -> Hpke.open(SK_RM, new byte[31], INFO, AAD, bytes(CT)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
