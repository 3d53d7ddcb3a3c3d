package io.switchboard.protocol;

import static io.switchboard.protocol.Fixtures.ACCOUNT;
import static io.switchboard.protocol.Fixtures.COMPANION1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pairing-code exchange of protocol §6.2, run between a companion and a primary. */
class PairingTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REF = "lr_5b7e02aa";

    /** What the two sides end up with after one exchange. */
    private record Outcome(byte[] companionLinkKey, byte[] primaryLinkKey, boolean confirmed) {
    }

    @Test
    void sameCodeGivesBothSidesTheSameLinkKeyAndTheConfirmVerifies() {
        String code = PairingCode.generate(RANDOM);
        // The owner types what the companion shows, in whatever case and spacing.
        Outcome outcome = exchange(code, PairingCode.format(code).toLowerCase(Locale.ROOT));
        assertArrayEquals(outcome.companionLinkKey(), outcome.primaryLinkKey());
        assertTrue(outcome.confirmed());
    }

    @Test
    void wrongCodeGivesDifferentLinkKeysAndTheConfirmFails() {
        Outcome outcome = exchange("K7QM3XPD", "K7QM3XPE");
        assertFalse(Arrays.equals(outcome.companionLinkKey(), outcome.primaryLinkKey()));
        assertFalse(outcome.confirmed());
    }

    private static Outcome exchange(String companionCode, String primaryCode) {
        byte[] salt = new byte[Pairing.SALT_SIZE];
        RANDOM.nextBytes(salt);

        EphemeralKeyPair companionEphemeral = EphemeralKeyPair.generate(RANDOM);
        byte[] companionPasswordKey = Pairing.passwordKey(companionCode, salt);
        byte[] pake1 = Pairing.seal(companionPasswordKey, companionEphemeral.publicKey(), RANDOM);

        EphemeralKeyPair primaryEphemeral = EphemeralKeyPair.generate(RANDOM);
        byte[] primaryPasswordKey = Pairing.passwordKey(primaryCode, salt);
        byte[] pake2 = Pairing.seal(primaryPasswordKey, primaryEphemeral.publicKey(), RANDOM);
        byte[] primaryShared = primaryEphemeral.agree(Pairing.open(primaryPasswordKey, pake1));
        byte[] primaryLinkKey = Pairing.linkKey(primaryShared, salt, REF);

        byte[] companionShared = companionEphemeral.agree(Pairing.open(companionPasswordKey, pake2));
        byte[] companionLinkKey = Pairing.linkKey(companionShared, salt, REF);
        byte[] confirm = Pairing.confirm(companionLinkKey, REF, ACCOUNT, COMPANION1.deviceId(), COMPANION1.signingKeyB64u(),
                COMPANION1.agreementKeyB64u(), B64u.encode(pake1), B64u.encode(pake2));

        boolean confirmed = Pairing.verifyConfirm(primaryLinkKey, REF, ACCOUNT, COMPANION1.deviceId(), COMPANION1.signingKeyB64u(),
                COMPANION1.agreementKeyB64u(), B64u.encode(pake1), B64u.encode(pake2), confirm);
        return new Outcome(companionLinkKey, primaryLinkKey, confirmed);
    }

    @Test
    void sealSetsTheMaskBitAndOpenClearsIt() {
        byte[] passwordKey = Fixtures.fixedBytes("password key", 32);
        byte[] ephemeralPublic = EphemeralKeyPair.generate(RANDOM).publicKey();
        byte[] iv = Fixtures.fixedBytes("iv", 16);
        for (boolean mask : new boolean[] {true, false}) {
            byte[] sealed = Pairing.seal(passwordKey, ephemeralPublic, iv, mask);
            assertEquals(Pairing.SEALED_SIZE, sealed.length);
            assertArrayEquals(iv, Arrays.copyOf(sealed, 16));
            byte[] decrypted = Primitives.aes256Ctr(passwordKey, iv, Arrays.copyOfRange(sealed, 16, 48));
            assertEquals(mask, (decrypted[31] & 0x80) != 0);
            byte[] opened = Pairing.open(passwordKey, sealed);
            assertEquals(0, opened[31] & 0x80);
            assertArrayEquals(ephemeralPublic, opened);
        }
    }

    @Test
    void sealPicksTheMaskBitAtRandom() {
        byte[] passwordKey = Fixtures.fixedBytes("password key", 32);
        byte[] ephemeralPublic = EphemeralKeyPair.generate(RANDOM).publicKey();
        Set<Boolean> maskBits = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            byte[] sealed = Pairing.seal(passwordKey, ephemeralPublic, RANDOM);
            byte[] decrypted = Primitives.aes256Ctr(passwordKey, Arrays.copyOf(sealed, 16), Arrays.copyOfRange(sealed, 16, 48));
            maskBits.add((decrypted[31] & 0x80) != 0);
        }
        assertEquals(Set.of(true, false), maskBits);
    }

    @Test
    void openRefusesAnythingButFortyEightBytes() {
        assertThrows(ProtocolException.class, () -> Pairing.open(new byte[32], new byte[47]));
    }

    @Test
    void passwordKeyDependsOnCodeAndSaltButNotOnHowTheCodeWasTyped() {
        byte[] salt = Fixtures.fixedBytes("salt", 32);
        assertArrayEquals(Pairing.passwordKey("K7QM3XPD", salt), Pairing.passwordKey(" k7qm-3xpd", salt));
        assertNotEquals(Hex.hex(Pairing.passwordKey("K7QM3XPD", salt)), Hex.hex(Pairing.passwordKey("K7QM3XPE", salt)));
        assertThrows(ProtocolException.class, () -> Pairing.passwordKey("K7QM3XPD", new byte[16]));
    }

    @Test
    void generatedCodesUseTheAlphabet() {
        for (int i = 0; i < 100; i++) {
            String code = PairingCode.generate(RANDOM);
            assertEquals(PairingCode.LENGTH, code.length());
            assertTrue(code.chars().allMatch(c -> PairingCode.ALPHABET.indexOf(c) >= 0), code);
        }
        assertEquals(32, PairingCode.ALPHABET.length());
    }

    @Test
    void codesAreShownAsTwoGroupsOfFour() {
        assertEquals("K7QM-3XPD", PairingCode.format("k7qm3xpd"));
    }

    @Test
    void normalizeUpperCasesAndDropsHyphensAndSpaces() {
        assertEquals("K7QM3XPD", PairingCode.normalize(" k7qm - 3XPd "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"K7QM-3XP0", "K7QM-3XPI", "K7QM-3XP", "K7QM-3XPDD", "K7QM_3XPD", "K7QM\t3XPD", ""})
    void refusesWhatIsNotACode(String input) {
        assertFalse(PairingCode.isValid(input));
        assertThrows(ProtocolException.class, () -> PairingCode.normalize(input));
    }
}
