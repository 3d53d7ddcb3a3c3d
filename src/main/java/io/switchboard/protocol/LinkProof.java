package io.switchboard.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The primary's proof to a new companion (protocol §6) that it holds the link key. It covers both the
 * companion's keys as the primary saw them and the primary's key as the companion will pin it, so a
 * relay that swaps either key is detected. Keys are b64u, as they appear in the device list.
 */
public final class LinkProof {

    private LinkProof() {
    }

    public static byte[] compute(byte[] linkKey, String ref, String account, String deviceId, String signingKey,
                                 String agreementKey, String primarySigningKey, long listVersion) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("ref", ref);
        json.put("account", account);
        json.put("deviceId", deviceId);
        json.put("signingKey", signingKey);
        json.put("agreementKey", agreementKey);
        json.put("primarySigningKey", primarySigningKey);
        json.put("listVersion", listVersion);
        return Primitives.hmacSha256(linkKey, Labels.labelled(Labels.LINK_PROOF, CanonicalJson.canonicalJsonBytes(json)));
    }

    /** Constant-time comparison with the recomputed proof. */
    public static boolean verify(byte[] linkKey, String ref, String account, String deviceId, String signingKey,
                                 String agreementKey, String primarySigningKey, long listVersion, byte[] proof) {
        byte[] expected = compute(linkKey, ref, account, deviceId, signingKey, agreementKey, primarySigningKey, listVersion);
        return Primitives.constantTimeEquals(expected, proof);
    }
}
