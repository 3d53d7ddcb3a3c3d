package io.switchboard.protocol;

import static io.switchboard.protocol.Fixtures.ACCOUNT;
import static io.switchboard.protocol.Fixtures.COMPANION1;
import static io.switchboard.protocol.Fixtures.NOW;
import static io.switchboard.protocol.Fixtures.PRIMARY;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;

/**
 * The Java side's golden vectors (protocol §11): every private input is fixed, so every output is
 * deterministic and the TypeScript implementation can recompute and compare all of it.
 */
final class GoldenVectors {

    static final Path DIRECTORY = Path.of("docs", "vectors");
    static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    static final String ORIGIN = "http://localhost:8080";
    static final String LINK_REF = "lr_9f2c41d0";
    static final String PAIRING_REF = "lr_5b7e02aa";
    static final String PAIRING_CODE = "K7QM3XPD";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GoldenVectors() {
    }

    static ObjectNode generate() {
        ObjectNode vectors = JSON.objectNode();
        vectors.put("generator", "java");
        ArrayNode identities = vectors.putArray("identities");
        for (String name : List.of("primary", "companion1", "companion2")) {
            identities.add(identity(name));
        }
        vectors.set("canonicalJson", canonicalJsonCases());
        vectors.set("deviceList", validList());
        ArrayNode invalid = vectors.putArray("invalidDeviceLists");
        InvalidLists.all().forEach(invalidList -> invalid.add(invalidList(invalidList)));
        vectors.set("auth", auth());
        vectors.set("linkProof", linkProof());
        vectors.set("pairing", pairing());
        vectors.set("hpke", hpke());
        vectors.set("messages", MessageVectors.generate());
        vectors.set("recovery", RecoveryVectors.generate());
        return vectors;
    }

    private static ObjectNode identity(String name) {
        DeviceKeys keys = DeviceKeys.fromPrivate(Fixtures.signingSeed(name), Fixtures.agreementPrivate(name));
        ObjectNode identity = JSON.objectNode();
        identity.put("name", name);
        identity.put("signingSeed", B64u.encode(Fixtures.signingSeed(name)));
        identity.put("agreementPrivate", B64u.encode(Fixtures.agreementPrivate(name)));
        identity.put("signingKey", keys.signingKeyB64u());
        identity.put("agreementKey", keys.agreementKeyB64u());
        identity.put("deviceId", keys.deviceId());
        identity.put("fingerprint", keys.fingerprint());
        return identity;
    }

    private static ArrayNode canonicalJsonCases() {
        ObjectNode utf16Order = JSON.objectNode();
        String[] names = {"\uE000", "\uD83D\uDE00", "é", "ÿ", "aa", "a", "B", "10", "9", ""};
        for (int i = 0; i < names.length; i++) {
            utf16Order.put(names[i], i);
        }
        ArrayNode cases = JSON.arrayNode();
        for (JsonNode value : List.of(
                parse("{\"b\":1,\"a\":2,\"c\":{\"z\":true,\"y\":false}}"),
                parse("[3,1,2,\"x\",[],{},[[]]]"),
                parse("{\"max\":9007199254740991,\"min\":-9007199254740991,\"zero\":0,\"negative\":-1}"),
                utf16Order,
                JSON.textNode("quote\" backslash\\ \b\t\n\f\r \u0000\u0001\u001f\u007f é ☃ \uD83D\uDE00 \u2028 </script>"),
                JSON.booleanNode(true),
                Fixtures.validBody().toJson())) {
            ObjectNode testCase = cases.addObject();
            testCase.set("value", value);
            testCase.put("canonical", CanonicalJson.canonicalJson(value));
        }
        return cases;
    }

    private static ObjectNode validList() {
        ObjectNode vector = JSON.objectNode();
        vector.put("now", NOW);
        vector.put("pinnedPrimaryKey", PRIMARY.signingKeyB64u());
        vector.set("signed", Fixtures.validList().toJson());
        return vector;
    }

    private static ObjectNode invalidList(InvalidLists.Case invalid) {
        ObjectNode vector = JSON.objectNode();
        vector.put("reason", invalid.reason().code());
        vector.put("description", invalid.name());
        vector.put("now", invalid.now());
        vector.put("pinnedPrimaryKey", B64u.encode(invalid.pinnedPrimaryKey()));
        vector.put("lastAcceptedVersion", invalid.lastAcceptedVersion());
        vector.set("signed", invalid.signed());
        return vector;
    }

    private static ObjectNode auth() {
        byte[] challenge = Fixtures.fixedBytes("challenge", AuthChallenge.CHALLENGE_SIZE);
        ObjectNode vector = JSON.objectNode();
        vector.put("identity", "companion1");
        vector.put("challenge", B64u.encode(challenge));
        vector.put("origin", ORIGIN);
        vector.put("signature", B64u.encode(AuthChallenge.signature(COMPANION1, challenge, ORIGIN)));
        return vector;
    }

    /** The protocol's one HPKE suite on the inputs of RFC 9180's vector for it (§2), sealed by this side. */
    private static ObjectNode hpke() {
        byte[] recipientPublic = Primitives.x25519PublicKey(HpkeTest.SK_RM);
        Hpke.Sealed sealed = Hpke.sealWithEphemeral(recipientPublic, HpkeTest.INFO, HpkeTest.AAD, HpkeTest.PT, HpkeTest.SK_EM);
        ObjectNode vector = JSON.objectNode();
        vector.put("recipientPrivate", B64u.encode(HpkeTest.SK_RM));
        vector.put("recipientPublic", B64u.encode(recipientPublic));
        vector.put("ephemeralPrivate", B64u.encode(HpkeTest.SK_EM));
        vector.put("info", B64u.encode(HpkeTest.INFO));
        vector.put("aad", B64u.encode(HpkeTest.AAD));
        vector.put("plaintext", B64u.encode(HpkeTest.PT));
        vector.put("enc", B64u.encode(sealed.enc()));
        vector.put("ciphertext", B64u.encode(sealed.ciphertext()));
        return vector;
    }

    private static ObjectNode linkProof() {
        byte[] linkKey = Fixtures.fixedBytes("link-secret", 32);
        ObjectNode vector = JSON.objectNode();
        vector.put("linkKey", B64u.encode(linkKey));
        vector.put("ref", LINK_REF);
        vector.put("account", ACCOUNT);
        vector.put("deviceId", COMPANION1.deviceId());
        vector.put("signingKey", COMPANION1.signingKeyB64u());
        vector.put("agreementKey", COMPANION1.agreementKeyB64u());
        vector.put("primarySigningKey", PRIMARY.signingKeyB64u());
        vector.put("listVersion", Fixtures.VERSION);
        vector.put("proof", B64u.encode(LinkProof.compute(linkKey, LINK_REF, ACCOUNT, COMPANION1.deviceId(),
                COMPANION1.signingKeyB64u(), COMPANION1.agreementKeyB64u(), PRIMARY.signingKeyB64u(), Fixtures.VERSION)));
        return vector;
    }

    private static ObjectNode pairing() {
        byte[] salt = Fixtures.fixedBytes("pairing-salt", Pairing.SALT_SIZE);
        byte[] companionEphemeralPrivate = Fixtures.fixedBytes("companion-ephemeral", 32);
        byte[] primaryEphemeralPrivate = Fixtures.fixedBytes("primary-ephemeral", 32);
        byte[] iv1 = Fixtures.fixedBytes("iv1", 16);
        byte[] iv2 = Fixtures.fixedBytes("iv2", 16);
        EphemeralKeyPair companionEphemeral = EphemeralKeyPair.fromPrivate(companionEphemeralPrivate);
        EphemeralKeyPair primaryEphemeral = EphemeralKeyPair.fromPrivate(primaryEphemeralPrivate);

        byte[] passwordKey = Pairing.passwordKey(PAIRING_CODE, salt);
        byte[] pake1 = Pairing.seal(passwordKey, companionEphemeral.publicKey(), iv1, true);
        byte[] pake2 = Pairing.seal(passwordKey, primaryEphemeral.publicKey(), iv2, false);
        byte[] linkKey = Pairing.linkKey(companionEphemeral.agree(Pairing.open(passwordKey, pake2)), salt, PAIRING_REF);
        byte[] confirm = Pairing.confirm(linkKey, PAIRING_REF, ACCOUNT, COMPANION1.deviceId(), COMPANION1.signingKeyB64u(),
                COMPANION1.agreementKeyB64u(), B64u.encode(pake1), B64u.encode(pake2));

        ObjectNode vector = JSON.objectNode();
        vector.put("code", PAIRING_CODE);
        vector.put("salt", B64u.encode(salt));
        vector.put("ref", PAIRING_REF);
        vector.put("account", ACCOUNT);
        vector.put("identity", "companion1");
        vector.put("companionEphemeralPrivate", B64u.encode(companionEphemeralPrivate));
        vector.put("primaryEphemeralPrivate", B64u.encode(primaryEphemeralPrivate));
        vector.put("iv1", B64u.encode(iv1));
        vector.put("mask1", true);
        vector.put("iv2", B64u.encode(iv2));
        vector.put("mask2", false);
        vector.put("passwordKey", B64u.encode(passwordKey));
        vector.put("pake1", B64u.encode(pake1));
        vector.put("pake2", B64u.encode(pake2));
        vector.put("linkKey", B64u.encode(linkKey));
        vector.put("confirm", B64u.encode(confirm));
        return vector;
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
