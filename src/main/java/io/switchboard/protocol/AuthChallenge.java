package io.switchboard.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Device authentication (protocol §5): the device signs the server's challenge together with its id
 * and the page origin, so a signature obtained by a phishing page on another origin is useless.
 */
public final class AuthChallenge {

    public static final int CHALLENGE_SIZE = 32;

    private AuthChallenge() {
    }

    /** The device's signature; the id in the signed payload is the device's own, derived from its key. */
    public static byte[] signature(DeviceKeys device, byte[] challenge, String origin) {
        return device.sign(Labels.AUTH, payload(challenge, device.deviceId(), origin));
    }

    public static boolean verify(byte[] signingKey, byte[] challenge, String deviceId, String origin, byte[] signature) {
        return DeviceKeys.verify(signingKey, Labels.AUTH, payload(challenge, deviceId, origin), signature);
    }

    private static byte[] payload(byte[] challenge, String deviceId, String origin) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("challenge", B64u.encode(challenge));
        json.put("deviceId", deviceId);
        json.put("origin", origin);
        return CanonicalJson.canonicalJsonBytes(json);
    }
}
