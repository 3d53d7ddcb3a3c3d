package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The approval challenge of protocol §7.1; frontend/test/protocol/passkeyApproval.test.ts checks the same value. */
class PasskeyApprovalTest {

    static final String SUBJECT = "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg";
    static final String NONCE = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";

    @Test
    void theChallengeIsTheLabelledHashOfTheCanonicalChange() {
        assertEquals("e6dTDtueEos9FuD8UyIqPXTAqGW-mckvFAlZFLh_UwM",
                B64u.encode(PasskeyApproval.challenge("+4915112345678", PasskeyApproval.Change.LINK, SUBJECT, NONCE)));
    }

    @Test
    void everyPartChangesTheChallenge() {
        byte[] link = PasskeyApproval.challenge("+4915112345678", PasskeyApproval.Change.LINK, SUBJECT, NONCE);
        assertNotEquals(B64u.encode(link), B64u.encode(PasskeyApproval.challenge("+4915112345678", PasskeyApproval.Change.LIST, SUBJECT, NONCE)));
        assertNotEquals(B64u.encode(link), B64u.encode(PasskeyApproval.challenge("+4915112345679", PasskeyApproval.Change.LINK, SUBJECT, NONCE)));
        assertNotEquals(B64u.encode(link), B64u.encode(PasskeyApproval.challenge("+4915112345678", PasskeyApproval.Change.LINK, NONCE, SUBJECT)));
    }

    @Test
    void changesHaveTheirWireNames() {
        for (PasskeyApproval.Change change : PasskeyApproval.Change.values()) {
            assertEquals(change, PasskeyApproval.Change.fromWire(change.wire()).orElseThrow());
        }
        assertEquals("passkey-removal", PasskeyApproval.Change.PASSKEY_REMOVAL.wire());
    }
}
