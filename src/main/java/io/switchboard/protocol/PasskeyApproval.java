package io.switchboard.protocol;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Optional;

/**
 * The WebAuthn challenge of an owner's passkey approval (protocol §7.1). It commits to the account, the kind
 * of change and its exact subject, so an assertion made for one change approves no other; the server's
 * random nonce makes each challenge single-use.
 */
public final class PasskeyApproval {

    /** The changes a passkey approves, in their wire spelling. */
    public enum Change {
        /** Approving a link request: the subject is {@link #listSubject} of the approved list. */
        LINK("link"),
        /** A list that logs a device out or changes a role: {@link #listSubject} of that list. */
        LIST("list"),
        /** Registering a further passkey: the subject is the new credential's id (b64u). */
        PASSKEY_ADD("passkey-add"),
        /** Deleting a passkey: the subject is its credential id (b64u). */
        PASSKEY_REMOVAL("passkey-removal");

        private final String wire;

        Change(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Optional<Change> fromWire(String wire) {
            return Arrays.stream(values()).filter(change -> change.wire.equals(wire)).findFirst();
        }
    }

    private PasskeyApproval() {
    }

    /** {@code b64u(SHA-256(CJSON(list)))}: names one list body exactly. */
    public static String listSubject(DeviceList list) {
        return B64u.encode(Primitives.sha256(list.canonicalBytes()));
    }

    /** {@code SHA-256("switchboard/passkey-approval/v1" || 0x00 || CJSON({account, change, nonce, subject}))}. */
    public static byte[] challenge(String account, Change change, String subject, String nonce) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("account", account);
        json.put("change", change.wire());
        json.put("nonce", nonce);
        json.put("subject", subject);
        return Primitives.sha256(Labels.labelled(Labels.PASSKEY_APPROVAL, CanonicalJson.canonicalJsonBytes(json)));
    }
}
