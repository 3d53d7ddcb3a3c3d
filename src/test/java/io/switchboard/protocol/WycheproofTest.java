package io.switchboard.protocol;

import static io.switchboard.protocol.Hex.bytes;
import static io.switchboard.protocol.Hex.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Wycheproof's vectors through the protocol's own wrappers in {@link Primitives} (protocol §11): every
 * valid case gives the expected output, every invalid one is refused. The wrappers are fixed to the
 * sizes the protocol uses, so only those groups run; the counts pin what runs and what is skipped, the
 * same numbers as frontend/test/protocol/wycheproof.test.ts.
 */
class WycheproofTest {

    private static final Path DIRECTORY = Path.of("src", "test", "resources", "vectors", "wycheproof");

    /** Cases that did not behave as expected, described; the other list counts those that ran. */
    private final List<String> failures = new ArrayList<>();
    private int ran;

    @Test
    void x25519() {
        // All cases are valid or acceptable; the wrapper refuses exactly those whose shared secret is all
        // zero, and a device list refuses their public keys.
        forEachCase("x25519_test.json", group -> true, (group, test) -> {
            String expected = test.get("shared").asText();
            boolean mustRefuse = expected.equals("00".repeat(32));
            String got = outcome(() -> hex(Primitives.x25519(bytes(test.get("private").asText()), bytes(test.get("public").asText()))));
            check(test, mustRefuse ? REFUSED : expected, got);
            if (mustRefuse) {
                check(test, "key refused", Primitives.isValidX25519PublicKey(bytes(test.get("public").asText())) ? "key accepted" : "key refused");
            }
        });
        assertOutcome(518);
    }

    @Test
    void ed25519() {
        forEachCase("ed25519_test.json", group -> true, (group, test) -> {
            boolean verifies = Primitives.ed25519Verify(bytes(group.get("publicKey").get("pk").asText()),
                    bytes(test.get("msg").asText()), bytes(test.get("sig").asText()));
            check(test, isValid(test) ? "verifies" : REFUSED, verifies ? "verifies" : REFUSED);
        });
        assertOutcome(151);
    }

    @Test
    void aes256Gcm() {
        // AES-256 only (the protocol's one key size); every nonce size runs: the 12-byte wrapper must refuse the others.
        forEachCase("aes_gcm_test.json", group -> group.get("keySize").asInt() == 256, (group, test) -> {
            byte[] key = bytes(test.get("key").asText());
            byte[] nonce = bytes(test.get("iv").asText());
            byte[] aad = bytes(test.get("aad").asText());
            String sealed = test.get("ct").asText() + test.get("tag").asText();
            boolean protocolNonce = nonce.length == Primitives.GCM_NONCE_SIZE;
            String expectedOpen = isValid(test) && protocolNonce ? test.get("msg").asText() : REFUSED;
            check(test, expectedOpen, outcome(() -> hex(Primitives.aes256GcmDecrypt(key, nonce, bytes(sealed), aad))));
            if (isValid(test)) {
                String expectedSeal = protocolNonce ? sealed : REFUSED;
                check(test, expectedSeal, outcome(() -> hex(Primitives.aes256GcmEncrypt(key, nonce, bytes(test.get("msg").asText()), aad))));
            }
        });
        assertOutcome(105);
    }

    @Test
    void hkdfSha256() {
        forEachCase("hkdf_sha256_test.json", group -> true, (group, test) -> {
            String got = outcome(() -> hex(Primitives.hkdfSha256(bytes(test.get("ikm").asText()), bytes(test.get("salt").asText()),
                    bytes(test.get("info").asText()), test.get("size").asInt())));
            check(test, isValid(test) ? test.get("okm").asText() : REFUSED, got);
        });
        assertOutcome(86);
    }

    @Test
    void hmacSha256() {
        // Full 32-byte tags only: the protocol never truncates a MAC, so the 16-byte-tag groups are skipped.
        forEachCase("hmac_sha256_test.json", group -> group.get("tagSize").asInt() == 256, (group, test) -> {
            byte[] key = bytes(test.get("key").asText());
            byte[] message = bytes(test.get("msg").asText());
            boolean verifies = Primitives.hmacSha256Verify(key, message, bytes(test.get("tag").asText()));
            check(test, isValid(test) ? "verifies" : REFUSED, verifies ? "verifies" : REFUSED);
            if (isValid(test)) {
                check(test, test.get("tag").asText(), hex(Primitives.hmacSha256(key, message)));
            }
        });
        assertOutcome(87);
    }

    @Test
    void pbkdf2HmacSha256() {
        forEachCase("pbkdf2_hmacsha256_test.json", group -> true, (group, test) -> {
            String got = hex(Primitives.pbkdf2HmacSha256(bytes(test.get("password").asText()), bytes(test.get("salt").asText()),
                    test.get("iterationCount").asInt(), test.get("dkLen").asInt()));
            check(test, test.get("dk").asText(), got);
        });
        assertOutcome(60);
    }

    private static final String REFUSED = "refused";

    private interface CaseCheck {
        void run(JsonNode group, JsonNode test);
    }

    private interface Output {
        String get();
    }

    private void forEachCase(String file, Predicate<JsonNode> groupRuns, CaseCheck check) {
        JsonNode vectors;
        try {
            vectors = new ObjectMapper().readTree(DIRECTORY.resolve(file).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode group : vectors.get("testGroups")) {
            if (!groupRuns.test(group)) {
                continue;
            }
            for (JsonNode test : group.get("tests")) {
                ran++;
                check.run(group, test);
            }
        }
    }

    /** The output, or {@link #REFUSED} when the wrapper throws: that is how a wrapper refuses. */
    private static String outcome(Output output) {
        try {
            return output.get();
        } catch (ProtocolException refused) {
            return REFUSED;
        }
    }

    private static boolean isValid(JsonNode test) {
        return !test.get("result").asText().equals("invalid");
    }

    private void check(JsonNode test, String expected, String got) {
        if (!expected.equals(got)) {
            failures.add("tcId " + test.get("tcId").asInt() + " (" + test.get("comment").asText() + "): expected " + expected + ", got " + got);
        }
    }

    private void assertOutcome(int expectedRuns) {
        assertEquals(List.of(), failures);
        assertEquals(expectedRuns, ran, "cases run");
    }
}
