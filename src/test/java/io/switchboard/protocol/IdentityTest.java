package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Device keys, device id and fingerprint (protocol §3). */
class IdentityTest {

    private static final byte[] SIGNING_KEY = Hex.bytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] AGREEMENT_KEY = Hex.bytes("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");

    @Test
    void deviceIdIsTheTruncatedLabelledHashOfTheSigningKey() {
        byte[] digest = Primitives.sha256(Labels.DEVICE_ID.getBytes(StandardCharsets.UTF_8), new byte[] {0}, SIGNING_KEY);
        String id = DeviceId.of(SIGNING_KEY);
        assertEquals(B64u.encode(Arrays.copyOf(digest, 16)), id);
        assertEquals(22, id.length());
    }

    @Test
    void fingerprintIsEightGroupsOfTwentyBitsModuloOneHundredThousand() {
        byte[] digest = Primitives.sha256(Labels.FINGERPRINT.getBytes(StandardCharsets.UTF_8), new byte[] {0}, SIGNING_KEY, AGREEMENT_KEY);
        BigInteger bits = new BigInteger(1, Arrays.copyOf(digest, 20));
        StringBuilder expected = new StringBuilder();
        for (int group = 0; group < 8; group++) {
            int value = bits.shiftRight(160 - 20 * (group + 1)).intValue() & 0xfffff;
            expected.append(group == 0 ? "" : " ").append(String.format("%05d", value % 100_000));
        }
        String fingerprint = Fingerprint.of(SIGNING_KEY, AGREEMENT_KEY);
        assertEquals(expected.toString(), fingerprint);
        assertTrue(fingerprint.matches("\\d{5}( \\d{5}){7}"));
    }

    @Test
    void fingerprintCoversBothKeys() {
        assertNotEquals(Fingerprint.of(SIGNING_KEY, AGREEMENT_KEY), Fingerprint.of(AGREEMENT_KEY, SIGNING_KEY));
    }

    @Test
    void refusesKeysOfTheWrongSize() {
        assertThrows(ProtocolException.class, () -> DeviceId.of(new byte[31]));
        assertThrows(ProtocolException.class, () -> Fingerprint.of(SIGNING_KEY, new byte[33]));
        assertThrows(ProtocolException.class, () -> DeviceKeys.fromPrivate(new byte[32], new byte[16]));
    }

    @Test
    void deviceKeysDerivePublicKeysFromPrivateInputs() {
        byte[] seed = Hex.bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] agreementPrivate = Hex.bytes("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        DeviceKeys keys = DeviceKeys.fromPrivate(seed, agreementPrivate);
        assertArrayEquals(SIGNING_KEY, keys.signingKey());
        assertArrayEquals(AGREEMENT_KEY, keys.agreementKey());
        assertEquals(DeviceId.of(SIGNING_KEY), keys.deviceId());
        assertEquals(Fingerprint.of(SIGNING_KEY, AGREEMENT_KEY), keys.fingerprint());
    }

    @Test
    void signaturesAreBoundToTheirLabel() {
        DeviceKeys keys = DeviceKeys.generate(new SecureRandom());
        byte[] payload = {1, 2, 3};
        byte[] signature = keys.sign(Labels.AUTH, payload);
        assertTrue(DeviceKeys.verify(keys.signingKey(), Labels.AUTH, payload, signature));
        assertFalse(DeviceKeys.verify(keys.signingKey(), Labels.DEVICE_LIST, payload, signature));
    }

    @Test
    void agreementKeysAgree() {
        DeviceKeys alice = DeviceKeys.generate(new SecureRandom());
        DeviceKeys bob = DeviceKeys.generate(new SecureRandom());
        assertArrayEquals(alice.agree(bob.agreementKey()), bob.agree(alice.agreementKey()));
    }

    @Test
    void e164() {
        assertTrue(E164.isValid("+4915112345678"));
        assertTrue(E164.isValid("+12345678"));
        assertTrue(E164.isValid("+123456789012345"));
        for (String invalid : new String[] {"4915112345678", "+1234567", "+1234567890123456", "+0123456789", "+49 151 1234567", "+49151123a5678", ""}) {
            assertFalse(E164.isValid(invalid), invalid);
        }
        assertFalse(E164.isValid(null));
        assertThrows(ProtocolException.class, () -> E164.require("+0123456789"));
    }
}
