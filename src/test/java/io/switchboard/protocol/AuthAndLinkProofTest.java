package io.switchboard.protocol;

import static io.switchboard.protocol.Fixtures.ACCOUNT;
import static io.switchboard.protocol.Fixtures.COMPANION1;
import static io.switchboard.protocol.Fixtures.COMPANION2;
import static io.switchboard.protocol.Fixtures.PRIMARY;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The challenge signature (protocol §5) and the link proof (protocol §6). */
class AuthAndLinkProofTest {

    private static final String ORIGIN = "http://localhost:8080";
    private static final byte[] CHALLENGE = Fixtures.fixedBytes("challenge", AuthChallenge.CHALLENGE_SIZE);
    private static final byte[] LINK_KEY = Fixtures.fixedBytes("link-secret", 32);
    private static final String REF = "lr_9f2c41d0";

    @Test
    void authSignatureVerifiesForItsChallengeDeviceAndOrigin() {
        byte[] signature = AuthChallenge.signature(COMPANION1, CHALLENGE, ORIGIN);
        assertTrue(AuthChallenge.verify(COMPANION1.signingKey(), CHALLENGE, COMPANION1.deviceId(), ORIGIN, signature));
    }

    @Test
    void authSignatureFailsForAnythingElse() {
        byte[] signature = AuthChallenge.signature(COMPANION1, CHALLENGE, ORIGIN);
        assertFalse(AuthChallenge.verify(COMPANION1.signingKey(), CHALLENGE, COMPANION1.deviceId(), "https://evil.example", signature));
        assertFalse(AuthChallenge.verify(COMPANION1.signingKey(), CHALLENGE, COMPANION2.deviceId(), ORIGIN, signature));
        assertFalse(AuthChallenge.verify(COMPANION1.signingKey(), Fixtures.fixedBytes("other challenge", 32), COMPANION1.deviceId(), ORIGIN, signature));
        assertFalse(AuthChallenge.verify(COMPANION2.signingKey(), CHALLENGE, COMPANION1.deviceId(), ORIGIN, signature));
    }

    @Test
    void linkProofVerifiesWithTheSameInputs() {
        byte[] proof = linkProof(COMPANION1.signingKeyB64u(), PRIMARY.signingKeyB64u(), 2);
        assertTrue(LinkProof.verify(LINK_KEY, REF, ACCOUNT, COMPANION1.deviceId(), COMPANION1.signingKeyB64u(),
                COMPANION1.agreementKeyB64u(), PRIMARY.signingKeyB64u(), 2, proof));
    }

    @Test
    void linkProofDetectsASubstitutedKeyOrVersion() {
        byte[] proof = linkProof(COMPANION1.signingKeyB64u(), PRIMARY.signingKeyB64u(), 2);
        assertFalse(LinkProof.verify(LINK_KEY, REF, ACCOUNT, COMPANION1.deviceId(), COMPANION2.signingKeyB64u(),
                COMPANION1.agreementKeyB64u(), PRIMARY.signingKeyB64u(), 2, proof));
        assertFalse(LinkProof.verify(LINK_KEY, REF, ACCOUNT, COMPANION1.deviceId(), COMPANION1.signingKeyB64u(),
                COMPANION1.agreementKeyB64u(), COMPANION2.signingKeyB64u(), 2, proof));
        assertFalse(LinkProof.verify(LINK_KEY, REF, ACCOUNT, COMPANION1.deviceId(), COMPANION1.signingKeyB64u(),
                COMPANION1.agreementKeyB64u(), PRIMARY.signingKeyB64u(), 3, proof));
        assertFalse(LinkProof.verify(Fixtures.fixedBytes("other secret", 32), REF, ACCOUNT, COMPANION1.deviceId(),
                COMPANION1.signingKeyB64u(), COMPANION1.agreementKeyB64u(), PRIMARY.signingKeyB64u(), 2, proof));
    }

    private static byte[] linkProof(String companionSigningKey, String primarySigningKey, long listVersion) {
        return LinkProof.compute(LINK_KEY, REF, ACCOUNT, COMPANION1.deviceId(), companionSigningKey,
                COMPANION1.agreementKeyB64u(), primarySigningKey, listVersion);
    }
}
