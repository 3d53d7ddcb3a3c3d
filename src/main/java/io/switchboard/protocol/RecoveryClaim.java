package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A recovery claim (protocol §7.3): the account authority key names a new primary that is to replace the
 * pinned one. Signed with the authority key's seed, which only the holder of the recovery key can unwrap.
 *
 * @param newPrimary the primary entry the takeover list will carry (primary, role owner)
 */
public record RecoveryClaim(String type, String account, String authorityKey, String replacedPrimaryKey, DeviceEntry newPrimary,
                            long issuedAt) {

    public static final String TYPE = "switchboard/recovery-claim/v1";

    public RecoveryClaim {
        DeviceEntry.requirePresent(type, "type");
        DeviceEntry.requirePresent(account, "account");
        DeviceEntry.requirePresent(authorityKey, "authorityKey");
        DeviceEntry.requirePresent(replacedPrimaryKey, "replacedPrimaryKey");
        DeviceEntry.requirePresent(newPrimary, "newPrimary");
    }

    public static RecoveryClaim of(String account, String authorityKey, String replacedPrimaryKey, DeviceEntry newPrimary, long issuedAt) {
        return new RecoveryClaim(TYPE, account, authorityKey, replacedPrimaryKey, newPrimary, issuedAt);
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("type", type);
        json.put("account", account);
        json.put("authorityKey", authorityKey);
        json.put("replacedPrimaryKey", replacedPrimaryKey);
        json.set("newPrimary", newPrimary.toJson());
        json.put("issuedAt", issuedAt);
        return json;
    }

    public byte[] canonicalBytes() {
        return CanonicalJson.canonicalJsonBytes(toJson());
    }

    public static RecoveryClaim fromJson(JsonNode json) {
        StrictJson.object(json, "recovery claim", "type", "account", "authorityKey", "replacedPrimaryKey", "newPrimary", "issuedAt");
        return new RecoveryClaim(StrictJson.string(json, "type"), StrictJson.string(json, "account"),
                StrictJson.string(json, "authorityKey"), StrictJson.string(json, "replacedPrimaryKey"),
                DeviceEntry.fromJson(json.get("newPrimary")), StrictJson.integer(json, "issuedAt"));
    }

    /** The wire form: the claim and the authority key's signature over it. */
    public record Signed(RecoveryClaim claim, String signature) {

        public Signed {
            DeviceEntry.requirePresent(claim, "claim");
            DeviceEntry.requirePresent(signature, "signature");
        }

        public ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            json.set("claim", claim.toJson());
            json.put("signature", signature);
            return json;
        }

        public static Signed fromJson(JsonNode json) {
            StrictJson.object(json, "signed recovery claim", "claim", "signature");
            return new Signed(RecoveryClaim.fromJson(json.get("claim")), StrictJson.string(json, "signature"));
        }
    }

    /** Signs with the authority key's seed (unwrapped from the recovery key); the claim must name that key. */
    public Signed sign(byte[] authoritySeed) {
        if (!B64u.encode(Primitives.ed25519PublicKey(authoritySeed)).equals(authorityKey)) {
            throw new ProtocolException("the claim names another authority key");
        }
        return new Signed(this, B64u.encode(Primitives.ed25519Sign(authoritySeed, Labels.labelled(Labels.RECOVERY_CLAIM, canonicalBytes()))));
    }
}
