package io.switchboard.protocol;

import static io.switchboard.protocol.Fixtures.ACCOUNT;
import static io.switchboard.protocol.Fixtures.COMPANION1;
import static io.switchboard.protocol.Fixtures.NOW;
import static io.switchboard.protocol.Fixtures.PRIMARY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.protocol.DeviceListException.Reason;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void theTextFormIsFourteenGroupsOfFourAndParsesBack() {
        byte[] key = RecoveryKey.generate(random);
        String text = RecoveryKey.format(key);
        assertTrue(text.matches("([2-9A-HJ-NP-Z]{4} ){13}[2-9A-HJ-NP-Z]{4}"), text);
        assertArrayEquals(key, RecoveryKey.parse(" " + text.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "\n"));
    }

    @Test
    void aMistypedCharacterIsRefusedByTheCheck() {
        String text = RecoveryKey.format(RecoveryVectors.RECOVERY_KEY);
        String typo = (text.charAt(5) == 'A' ? "B" : "A");
        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> RecoveryKey.parse(text.substring(0, 5) + typo + text.substring(6)));
        assertTrue(refused.getMessage().contains("check"), refused.getMessage());
        assertThrows(ProtocolException.class, () -> RecoveryKey.parse(text.substring(0, text.length() - 1)));
    }

    @Test
    void onlyTheRightRecoveryKeyAccountAndAuthorityKeyUnwrap() {
        byte[] key = RecoveryKey.generate(random);
        byte[] seed = RecoveryKey.generateAuthoritySeed(random);
        byte[] authorityKey = Primitives.ed25519PublicKey(seed);
        byte[] wrapped = RecoveryKey.wrap(key, ACCOUNT, seed, random);
        assertEquals(RecoveryKey.WRAPPED_SIZE, wrapped.length);
        assertArrayEquals(seed, RecoveryKey.unwrap(key, ACCOUNT, authorityKey, wrapped));
        assertThrows(ProtocolException.class, () -> RecoveryKey.unwrap(RecoveryKey.generate(random), ACCOUNT, authorityKey, wrapped));
        assertThrows(ProtocolException.class, () -> RecoveryKey.unwrap(key, Fixtures.OTHER_ACCOUNT, authorityKey, wrapped));
        assertThrows(ProtocolException.class, () -> RecoveryKey.unwrap(key, ACCOUNT, PRIMARY.signingKey(), wrapped));
    }

    @Test
    void aClaimNeedsACommittedRecoveryKey() {
        SignedDeviceList withoutRecovery = Fixtures.validList();
        DeviceListException refused = assertThrows(DeviceListException.class, () -> DeviceListVerifier.verifyClaim(
                RecoveryVectors.claim().sign(RecoveryVectors.AUTHORITY_SEED), ACCOUNT, PRIMARY.signingKey(), withoutRecovery.list()));
        assertEquals(Reason.BAD_RECOVERY_CLAIM, refused.reason());
    }

    @Test
    void aListWithARecoveryKeyThatIsNoValidKeyIsMalformed() {
        DeviceList body = Fixtures.validBody().withRecoveryKey(B64u.encode(new byte[32]));
        SignedDeviceList signed = new SignedDeviceList(body, B64u.encode(PRIMARY.sign(Labels.DEVICE_LIST, body.canonicalBytes())),
                Map.of(COMPANION1.deviceId(), Fixtures.deviceSignature(COMPANION1, ACCOUNT)));
        DeviceListException refused = assertThrows(DeviceListException.class,
                () -> DeviceListVerifier.verify(signed, ACCOUNT, PRIMARY.signingKey(), 0, NOW));
        assertEquals(Reason.MALFORMED, refused.reason());
    }

    @Test
    void theRecoveryKeyRoundTripsThroughTheWireForm() {
        SignedDeviceList signed = RecoveryVectors.lastAccepted();
        assertEquals(signed, DeviceLists.parse(signed.toJson()));
        assertEquals(RecoveryVectors.AUTHORITY_KEY, DeviceLists.parse(signed.toJson()).list().recoveryKey());
    }
}
