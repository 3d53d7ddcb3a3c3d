package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.DeviceListException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Recomputes every deterministic output of each side's golden vectors (protocol §11) from the private
 * inputs in the file, so a divergence between the Java and the TypeScript implementation fails here.
 */
class GoldenVectorsTest {

    @TestFactory
    Stream<DynamicNode> javaVectors() {
        return check("java");
    }

    /**
     * Written by the TypeScript implementation's tests. Until that file is committed this fails on
     * purpose: a missing counterpart must not look like a pass.
     */
    @TestFactory
    Stream<DynamicNode> typescriptVectors() {
        return check("typescript");
    }

    /**
     * Generators whose file may still lack the {@code messages} section (§11): the TypeScript side adds
     * it after the Java side. Remove "typescript" here once typescript.json has it.
     */

    private static Stream<DynamicNode> check(String generator) {
        String fileName = generator + ".json";
        Path file = GoldenVectors.DIRECTORY.resolve(fileName);
        if (!Files.exists(file)) {
            return Stream.of(dynamicTest(fileName + " exists", () -> fail(file + " is missing")));
        }
        JsonNode vectors;
        try {
            vectors = GoldenVectors.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return Stream.of(dynamicTest(fileName + " is JSON", () -> fail(file + " is not valid JSON", e)));
        }
        Map<String, JsonNode> identities = identities(vectors);
        List<JsonNode> canonicalJsonCases = elements(vectors, "canonicalJson");
        JsonNode validList = required(vectors, "deviceList");
        String account = required(required(validList, "signed"), "list").get("account").asText();
        return Stream.of(
                dynamicTest("generator is " + generator, () -> assertEquals(generator, text(vectors, "generator"))),
                dynamicTest("identities", () -> checkIdentities(identities)),
                dynamicContainer("canonicalJson", canonicalJsonCases.stream()
                        .map(testCase -> dynamicTest("case " + canonicalJsonCases.indexOf(testCase), () -> checkCanonicalJson(testCase)))),
                dynamicTest("valid device list", () -> checkValidList(validList, identities)),
                dynamicContainer("invalid device lists", elements(vectors, "invalidDeviceLists").stream()
                        .map(invalid -> dynamicTest(describe(invalid), () -> checkInvalidList(invalid, account)))),
                dynamicTest("auth", () -> checkAuth(required(vectors, "auth"), identities)),
                dynamicTest("link proof", () -> checkLinkProof(required(vectors, "linkProof"))),
                dynamicTest("pairing", () -> checkPairing(required(vectors, "pairing"), identities)),
                dynamicTest("hpke", () -> checkHpke(required(vectors, "hpke"))),
                messages(generator, vectors, identities),
                recovery(generator, vectors, identities));
    }

    private static DynamicNode recovery(String generator, JsonNode vectors, Map<String, JsonNode> identities) {
        JsonNode recovery = vectors.get("recovery");
        if (recovery == null) {
            return dynamicTest("recovery", () -> fail(generator + ".json has no \"recovery\" section"));
        }
        List<JsonNode> invalid = elements(recovery, "invalidTakeovers");
        return dynamicContainer("recovery", Stream.of(
                dynamicTest("recovery key and wrap", () -> checkRecoveryKey(recovery)),
                dynamicTest("backup admin wrap", () -> checkBackupWrap(recovery, identities)),
                dynamicTest("claim and takeover", () -> checkTakeover(recovery, identities)),
                dynamicTest("has an invalid takeover for each of its reasons", () -> assertEquals(
                        Set.of(Reason.BAD_RECOVERY_CLAIM, Reason.BAD_SIGNATURE, Reason.STALE_VERSION),
                        invalid.stream().map(vector -> Reason.fromCode(text(vector, "reason"))).collect(Collectors.toSet()))),
                dynamicContainer("invalid takeovers", invalid.stream()
                        .map(vector -> dynamicTest(describe(vector), () -> checkInvalidTakeover(recovery, vector))))));
    }

    private static void checkRecoveryKey(JsonNode vector) {
        byte[] key = bytes(vector, "recoveryKey");
        assertEquals(text(vector, "text"), RecoveryKey.format(key));
        assertArrayEquals(key, RecoveryKey.parse(text(vector, "text").toLowerCase(java.util.Locale.ROOT).replace(' ', '-')));
        byte[] seed = bytes(vector, "authoritySeed");
        assertEquals(text(vector, "authorityKey"), B64u.encode(Primitives.ed25519PublicKey(seed)));
        String account = text(vector, "account");
        assertEquals(text(vector, "wrapped"), B64u.encode(RecoveryKey.wrap(key, account, seed, bytes(vector, "nonce"))));
        assertArrayEquals(seed, RecoveryKey.unwrap(key, account, bytes(vector, "authorityKey"), bytes(vector, "wrapped")));
    }

    /** §7.2: the authority key's seed wrapped by HPKE to the backup admin's agreement key, which alone opens it. */
    private static void checkBackupWrap(JsonNode vector, Map<String, JsonNode> identities) {
        DeviceKeys backupAdmin = keys(identities.get(text(vector, "backupAdmin")));
        byte[] seed = bytes(vector, "authoritySeed");
        String account = text(vector, "account");
        assertEquals(text(vector, "backupWrapped"), B64u.encode(BackupAdminWrap.wrapWithEphemeral(backupAdmin.agreementKey(), account, seed,
                bytes(vector, "backupEphemeral"))));
        assertArrayEquals(seed, BackupAdminWrap.unwrap(backupAdmin, account, bytes(vector, "authorityKey"), bytes(vector, "backupWrapped")));
        assertThrows(ProtocolException.class, () -> BackupAdminWrap.unwrap(keys(identities.get("companion2")), account,
                bytes(vector, "authorityKey"), bytes(vector, "backupWrapped")));
    }

    private static void checkTakeover(JsonNode vector, Map<String, JsonNode> identities) {
        String account = text(vector, "account");
        RecoveryClaim.Signed claim = RecoveryClaim.Signed.fromJson(required(vector, "claim"));
        assertEquals(claim.signature(), claim.claim().sign(bytes(vector, "authoritySeed")).signature(), "the authority key's signature");
        SignedDeviceList lastAccepted = DeviceLists.parse(required(vector, "lastAccepted"));
        DeviceListVerifier.verify(lastAccepted, account, bytes(vector, "pinnedPrimaryKey"), 0, required(vector, "now").asLong());
        assertEquals(text(vector, "authorityKey"), lastAccepted.list().recoveryKey());
        byte[] newKey = DeviceListVerifier.verifyTakeover(DeviceLists.parse(required(vector, "takeover")), claim, account,
                bytes(vector, "pinnedPrimaryKey"), lastAccepted.list(), required(vector, "now").asLong());
        assertArrayEquals(keys(identities.get(text(vector, "newPrimary"))).signingKey(), newKey);
    }

    private static void checkInvalidTakeover(JsonNode recovery, JsonNode vector) {
        Reason expected = Reason.fromCode(text(vector, "reason"));
        DeviceListException rejection = assertThrows(DeviceListException.class, () -> DeviceListVerifier.verifyTakeover(
                DeviceLists.parse(required(vector, "takeover")), RecoveryClaim.Signed.fromJson(required(vector, "claim")),
                text(recovery, "account"), bytes(recovery, "pinnedPrimaryKey"),
                DeviceLists.parse(required(recovery, "lastAccepted")).list(), required(recovery, "now").asLong()));
        assertEquals(expected, rejection.reason(), rejection.getMessage());
    }

    private static DynamicNode messages(String generator, JsonNode vectors, Map<String, JsonNode> identities) {
        JsonNode messages = vectors.get("messages");
        if (messages == null) {
            return dynamicTest("messages", () -> fail(generator + ".json has no \"messages\" section"));
        }
        List<JsonNode> envelopes = elements(messages, "envelopes");
        List<JsonNode> invalid = elements(messages, "invalidEnvelopes");
        List<JsonNode> blobs = elements(messages, "blobs");
        return dynamicContainer("messages", Stream.of(
                dynamicTest("has envelopes and blobs", () -> assertTrue(!envelopes.isEmpty() && !blobs.isEmpty())),
                dynamicContainer("envelopes", envelopes.stream()
                        .map(vector -> dynamicTest(text(vector, "description"), () -> checkEnvelope(vector, identities)))),
                dynamicTest("has an invalid envelope for every reason", () -> assertEquals(
                        Set.of(EnvelopeException.Reason.values()),
                        invalid.stream().map(vector -> EnvelopeException.Reason.fromCode(text(vector, "reason"))).collect(Collectors.toSet()))),
                dynamicContainer("invalid envelopes", invalid.stream()
                        .map(vector -> dynamicTest(describe(vector), () -> checkInvalidEnvelope(vector, identities)))),
                dynamicContainer("blobs", blobs.stream()
                        .map(vector -> dynamicTest(text(vector, "description"), () -> checkBlob(vector))))));
    }

    private static void checkEnvelope(JsonNode vector, Map<String, JsonNode> identities) {
        DeviceKeys sender = keys(identities.get(text(vector, "sender")));
        MessageHeader header = MessageHeader.fromJson(required(vector, "header"));
        byte[] contentKey = bytes(vector, "contentKey");
        byte[] content = CanonicalJson.canonicalJsonBytes(required(vector, "content"));
        Map<String, DeviceKeys> recipients = new TreeMap<>();
        Map<String, byte[]> agreementKeys = new TreeMap<>();
        Map<String, byte[]> ephemeralKeys = new TreeMap<>();
        elements(vector, "recipients").forEach(recipient -> {
            DeviceKeys keys = keys(identities.get(text(recipient, "identity")));
            recipients.put(keys.deviceId(), keys);
            agreementKeys.put(keys.deviceId(), keys.agreementKey());
            ephemeralKeys.put(keys.deviceId(), bytes(recipient, "ephemeralPrivate"));
        });

        MessageEnvelope expected = Envelopes.parse(required(vector, "envelope"));
        MessageEnvelope sealed = Envelopes.seal(sender, header, content, agreementKeys, contentKey, bytes(vector, "nonce"), ephemeralKeys);
        assertEquals(expected.header(), header, "the envelope carries the header");
        assertEquals(expected.ciphertext(), sealed.ciphertext(), "ciphertext");
        assertEquals(expected.wraps().keySet(), sealed.wraps().keySet(), "one wrap per recipient");
        sealed.wraps().forEach((deviceId, wrap) -> assertEquals(expected.wraps().get(deviceId), wrap, "wrap for " + deviceId));
        assertEquals(expected.signature(), sealed.signature(), "signature");

        assertTrue(Envelopes.verify(expected, sender.signingKey()), "the signature verifies");
        recipients.forEach((deviceId, recipient) -> {
            assertArrayEquals(contentKey, Envelopes.unwrapKey(expected, recipient), deviceId + " unwraps the content key");
            assertArrayEquals(content, Envelopes.receive(expected, sender.signingKey(), recipient), deviceId + " receives the content");
        });
        if (Set.of(MessageHeader.KIND_TEXT, MessageHeader.KIND_NOTE).contains(header.kind())) {
            assertEquals(text(required(vector, "content"), "text"), MessageContent.readText(content));
        } else {
            MessageContent.AttachmentContent read = MessageContent.readAttachment(content);
            assertEquals(text(required(vector, "content"), "text"), read.text());
            assertArrayEquals(content, MessageContent.attachment(read.text(), read.attachment()), "attachment content re-encodes to the same bytes");
        }
    }

    private static void checkInvalidEnvelope(JsonNode vector, Map<String, JsonNode> identities) {
        EnvelopeException.Reason expected = EnvelopeException.Reason.fromCode(text(vector, "reason"));
        DeviceKeys sender = keys(identities.get(text(vector, "sender")));
        DeviceKeys recipient = keys(identities.get(text(vector, "recipient")));
        EnvelopeException rejection = assertThrows(EnvelopeException.class,
                () -> Envelopes.receive(Envelopes.parse(required(vector, "envelope")), sender.signingKey(), recipient));
        assertEquals(expected, rejection.reason(), rejection.getMessage());
    }

    private static void checkBlob(JsonNode vector) {
        byte[] key = bytes(vector, "key");
        assertEquals(text(vector, "encrypted"), B64u.encode(Blobs.encrypt(key, bytes(vector, "nonce"), bytes(vector, "plaintext"))));
        assertArrayEquals(bytes(vector, "plaintext"), Blobs.decrypt(key, bytes(vector, "encrypted")));
    }

    private static void checkIdentities(Map<String, JsonNode> identities) {
        assertEquals(List.of("companion1", "companion2", "primary"), identities.keySet().stream().sorted().toList());
        identities.forEach((name, identity) -> {
            DeviceKeys keys = keys(identity);
            assertEquals(text(identity, "signingKey"), keys.signingKeyB64u(), name + " signingKey");
            assertEquals(text(identity, "agreementKey"), keys.agreementKeyB64u(), name + " agreementKey");
            assertEquals(text(identity, "deviceId"), keys.deviceId(), name + " deviceId");
            assertEquals(text(identity, "fingerprint"), keys.fingerprint(), name + " fingerprint");
        });
    }

    private static void checkCanonicalJson(JsonNode testCase) {
        assertEquals(text(testCase, "canonical"), CanonicalJson.canonicalJson(required(testCase, "value")));
    }

    private static void checkValidList(JsonNode vector, Map<String, JsonNode> identities) {
        SignedDeviceList signed = DeviceLists.parse(required(vector, "signed"));
        DeviceList list = signed.list();
        DeviceListVerifier.verify(signed, list.account(), bytes(vector, "pinnedPrimaryKey"),
                vector.path("lastAcceptedVersion").asLong(0), required(vector, "now").asLong());

        assertEquals(2, list.version(), "the valid list has version 2");
        DeviceKeys primary = keys(identities.get("primary"));
        DeviceKeys companion = keys(identities.get("companion1"));
        assertEquals(List.of(primary.deviceId(), companion.deviceId()).stream().sorted().toList(),
                list.devices().stream().map(DeviceEntry::id).toList(), "the valid list holds primary and companion1");
        assertEquals(B64u.encode(primary.sign(Labels.DEVICE_LIST, list.canonicalBytes())), signed.signature(),
                "primary's signature over CJSON(list)");
        assertEquals(B64u.encode(DeviceLists.deviceSignature(companion, list.account(), primary.signingKey())),
                signed.deviceSignatures().get(companion.deviceId()), "companion1's device signature");
    }

    private static void checkInvalidList(JsonNode vector, String account) {
        Reason expected = Reason.fromCode(text(vector, "reason"));
        DeviceListException rejection = assertThrows(DeviceListException.class, () -> DeviceListVerifier.verify(
                DeviceLists.parse(required(vector, "signed")), account, bytes(vector, "pinnedPrimaryKey"),
                required(vector, "lastAcceptedVersion").asLong(), required(vector, "now").asLong()));
        assertEquals(expected, rejection.reason(), rejection.getMessage());
    }

    private static void checkAuth(JsonNode vector, Map<String, JsonNode> identities) {
        DeviceKeys device = keys(identities.get(text(vector, "identity")));
        byte[] challenge = bytes(vector, "challenge");
        String origin = text(vector, "origin");
        assertEquals(text(vector, "signature"), B64u.encode(AuthChallenge.signature(device, challenge, origin)));
        assertTrue(AuthChallenge.verify(device.signingKey(), challenge, device.deviceId(), origin, bytes(vector, "signature")));
    }

    private static void checkHpke(JsonNode vector) {
        byte[] recipientPrivate = bytes(vector, "recipientPrivate");
        assertEquals(text(vector, "recipientPublic"), B64u.encode(Primitives.x25519PublicKey(recipientPrivate)));
        Hpke.Sealed sealed = Hpke.sealWithEphemeral(bytes(vector, "recipientPublic"), bytes(vector, "info"), bytes(vector, "aad"),
                bytes(vector, "plaintext"), bytes(vector, "ephemeralPrivate"));
        assertEquals(text(vector, "enc"), B64u.encode(sealed.enc()));
        assertEquals(text(vector, "ciphertext"), B64u.encode(sealed.ciphertext()));
        assertEquals(text(vector, "plaintext"), B64u.encode(Hpke.open(recipientPrivate, bytes(vector, "enc"), bytes(vector, "info"),
                bytes(vector, "aad"), bytes(vector, "ciphertext"))));
    }

    private static void checkLinkProof(JsonNode vector) {
        byte[] linkKey = bytes(vector, "linkKey");
        byte[] proof = LinkProof.compute(linkKey, text(vector, "ref"), text(vector, "account"), text(vector, "deviceId"),
                text(vector, "signingKey"), text(vector, "agreementKey"), text(vector, "primarySigningKey"),
                required(vector, "listVersion").asLong());
        assertEquals(text(vector, "proof"), B64u.encode(proof));
        assertTrue(LinkProof.verify(linkKey, text(vector, "ref"), text(vector, "account"), text(vector, "deviceId"),
                text(vector, "signingKey"), text(vector, "agreementKey"), text(vector, "primarySigningKey"),
                required(vector, "listVersion").asLong(), bytes(vector, "proof")));
    }

    private static void checkPairing(JsonNode vector, Map<String, JsonNode> identities) {
        DeviceKeys companion = keys(identities.get(text(vector, "identity")));
        byte[] salt = bytes(vector, "salt");
        String ref = text(vector, "ref");
        EphemeralKeyPair companionEphemeral = EphemeralKeyPair.fromPrivate(bytes(vector, "companionEphemeralPrivate"));
        EphemeralKeyPair primaryEphemeral = EphemeralKeyPair.fromPrivate(bytes(vector, "primaryEphemeralPrivate"));

        byte[] passwordKey = Pairing.passwordKey(text(vector, "code"), salt);
        assertEquals(text(vector, "passwordKey"), B64u.encode(passwordKey), "passwordKey");
        byte[] pake1 = Pairing.seal(passwordKey, companionEphemeral.publicKey(), bytes(vector, "iv1"), required(vector, "mask1").asBoolean());
        byte[] pake2 = Pairing.seal(passwordKey, primaryEphemeral.publicKey(), bytes(vector, "iv2"), required(vector, "mask2").asBoolean());
        assertEquals(text(vector, "pake1"), B64u.encode(pake1), "pake1");
        assertEquals(text(vector, "pake2"), B64u.encode(pake2), "pake2");
        assertArrayEquals(companionEphemeral.publicKey(), Pairing.open(passwordKey, pake1), "pake1 opens to the companion's ephemeral key");
        assertArrayEquals(primaryEphemeral.publicKey(), Pairing.open(passwordKey, pake2), "pake2 opens to the primary's ephemeral key");

        byte[] companionLinkKey = Pairing.linkKey(companionEphemeral.agree(Pairing.open(passwordKey, pake2)), salt, ref);
        byte[] primaryLinkKey = Pairing.linkKey(primaryEphemeral.agree(Pairing.open(passwordKey, pake1)), salt, ref);
        assertEquals(text(vector, "linkKey"), B64u.encode(companionLinkKey), "companion's linkKey");
        assertEquals(text(vector, "linkKey"), B64u.encode(primaryLinkKey), "primary's linkKey");

        String account = text(vector, "account");
        byte[] confirm = Pairing.confirm(companionLinkKey, ref, account, companion.deviceId(), companion.signingKeyB64u(),
                companion.agreementKeyB64u(), text(vector, "pake1"), text(vector, "pake2"));
        assertEquals(text(vector, "confirm"), B64u.encode(confirm), "confirm");
        assertTrue(Pairing.verifyConfirm(primaryLinkKey, ref, account, companion.deviceId(), companion.signingKeyB64u(),
                companion.agreementKeyB64u(), text(vector, "pake1"), text(vector, "pake2"), bytes(vector, "confirm")));
    }

    private static Map<String, JsonNode> identities(JsonNode vectors) {
        Map<String, JsonNode> byName = new TreeMap<>();
        elements(vectors, "identities").forEach(identity -> byName.put(text(identity, "name"), identity));
        return byName;
    }

    private static DeviceKeys keys(JsonNode identity) {
        assertNotNull(identity, "identity named in the vector is listed");
        return DeviceKeys.fromPrivate(bytes(identity, "signingSeed"), bytes(identity, "agreementPrivate"));
    }

    private static String describe(JsonNode invalid) {
        String reason = text(invalid, "reason");
        return invalid.has("description") ? reason + ": " + text(invalid, "description") : reason;
    }

    private static List<JsonNode> elements(JsonNode parent, String member) {
        List<JsonNode> elements = new ArrayList<>();
        required(parent, member).elements().forEachRemaining(elements::add);
        return elements;
    }

    private static JsonNode required(JsonNode parent, String member) {
        JsonNode value = parent.get(member);
        if (value == null) {
            throw new AssertionError("vector lacks \"" + member + "\"");
        }
        return value;
    }

    private static String text(JsonNode parent, String member) {
        return required(parent, member).asText();
    }

    private static byte[] bytes(JsonNode parent, String member) {
        return B64u.decode(text(parent, member));
    }
}
