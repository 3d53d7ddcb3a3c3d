package io.switchboard.protocol;

import static io.switchboard.protocol.Hex.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Ed25519 rule of protocol §2 on the 17 hand-made cases of ed25519-speccheck, which separate
 * implementations. frontend/test/protocol/ed25519Rule.test.ts asserts the same table, so both sides agree.
 */
class Ed25519RuleTest {

    static final Path CASES = Path.of("src", "test", "resources", "vectors", "ed25519-speccheck", "cases-with-identity-key.json");

    /** What A and R are (prime order is the only kind the rule accepts) and whether S is below L, per case. */
    private static final String[][] EXPECTED = {
        {"small", "small", "canonical"},
        {"small", "small", "canonical"},
        {"small", "mixed", "canonical"},
        {"small", "mixed", "canonical"},
        {"mixed", "small", "canonical"},
        {"mixed", "small", "canonical"},
        {"mixed", "mixed", "canonical"},
        {"mixed", "mixed", "canonical"},
        {"mixed", "prime", "canonical"},
        {"prime", "prime", "not below L"},
        {"prime", "prime", "not below L"},
        {"mixed", "non-canonical", "canonical"},
        {"mixed", "non-canonical", "canonical"},
        {"non-canonical", "mixed", "canonical"},
        {"non-canonical", "mixed", "canonical"},
        {"identity", "identity", "canonical"},
        {"identity", "identity", "canonical"},
    };

    @Test
    void everySpeccheckCaseIsRefusedForTheReasonTheRuleGives() throws IOException {
        JsonNode cases = new ObjectMapper().readTree(CASES.toFile());
        assertEquals(EXPECTED.length, cases.size());
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            byte[] publicKey = bytes(cases.get(i).get("pub_key").asText());
            byte[] message = bytes(cases.get(i).get("message").asText());
            byte[] signature = bytes(cases.get(i).get("signature").asText());
            boolean[] checks = {
                Primitives.isValidEd25519PublicKey(publicKey),
                Primitives.isPrimeOrderPoint(signature, 0),
                Primitives.isCanonicalScalar(signature, Primitives.KEY_SIZE),
            };
            boolean[] expected = {"prime".equals(EXPECTED[i][0]), "prime".equals(EXPECTED[i][1]), "canonical".equals(EXPECTED[i][2])};
            if (!Arrays.equals(checks, expected) || Primitives.ed25519Verify(publicKey, message, signature)) {
                wrong.add("case " + i + " " + String.join("/", EXPECTED[i]));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theIdentityKeyWithRIdentityAndSZeroForgesNothing() {
        byte[] identity = bytes("01" + "00".repeat(31));
        byte[] signature = bytes("01" + "00".repeat(63));
        assertFalse(Primitives.ed25519Verify(identity, "any message".getBytes(), signature));
        assertFalse(Primitives.isValidEd25519PublicKey(identity));
    }

    @Test
    void honestKeysAndSignaturesPassEveryCheck() {
        byte[] seed = bytes("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] signature = Primitives.ed25519Sign(seed, new byte[0]);
        assertTrue(Primitives.isValidEd25519PublicKey(Primitives.ed25519PublicKey(seed)));
        assertTrue(Primitives.isPrimeOrderPoint(signature, 0));
        assertTrue(Primitives.isCanonicalScalar(signature, Primitives.KEY_SIZE));
    }

    @Test
    void sIsRefusedFromLUpwards() {
        byte[] order = bytes("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        byte[] belowOrder = order.clone();
        belowOrder[0]--;
        byte[] signature = new byte[Primitives.SIGNATURE_SIZE];
        System.arraycopy(order, 0, signature, Primitives.KEY_SIZE, Primitives.KEY_SIZE);
        assertFalse(Primitives.isCanonicalScalar(signature, Primitives.KEY_SIZE));
        System.arraycopy(belowOrder, 0, signature, Primitives.KEY_SIZE, Primitives.KEY_SIZE);
        assertTrue(Primitives.isCanonicalScalar(signature, Primitives.KEY_SIZE));
    }
}
