package io.switchboard.testing;

import io.switchboard.protocol.B64u;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Map;

/**
 * A software authenticator for the API tests: an ES256 passkey built with the JDK alone, answering WebAuthn
 * ceremonies exactly as a browser and a platform authenticator would put them on the wire ("none" attestation,
 * user present and verified, a signature counter that goes up by one per assertion).
 */
public final class SoftPasskey {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int UP = 0x01;
    private static final int UV = 0x04;
    private static final int AT = 0x40;

    private final KeyPair keys;
    public final byte[] credentialId = new byte[16];
    private final String origin;
    private final String rpId;
    /** The signature counter; a test sets it back to play a cloned authenticator. */
    public long counter;
    /** Whether the authenticator reports the user as verified (a button-only security key does not). */
    public boolean verifiesUser = true;

    public SoftPasskey(String origin, String rpId) {
        this.origin = origin;
        this.rpId = rpId;
        RANDOM.nextBytes(credentialId);
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            keys = generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static SoftPasskey forTests() {
        return new SoftPasskey(TestDevice.ORIGIN, "localhost");
    }

    public String id() {
        return B64u.encode(credentialId);
    }

    /** The body of {@code POST /api/passkeys} answering a registration challenge. */
    public Map<String, Object> registration(String challenge, String name) {
        ByteArrayOutputStream authData = authenticatorData(UP | (verifiesUser ? UV : 0) | AT);
        authData.writeBytes(new byte[16]);
        authData.write(credentialId.length >> 8);
        authData.write(credentialId.length);
        authData.writeBytes(credentialId);
        authData.writeBytes(coseKey());
        ByteArrayOutputStream attestation = new ByteArrayOutputStream();
        attestation.write(0xA3);
        text(attestation, "fmt");
        text(attestation, "none");
        text(attestation, "attStmt");
        attestation.write(0xA0);
        text(attestation, "authData");
        bytes(attestation, authData.toByteArray());
        return Map.of("challenge", challenge, "clientDataJSON", B64u.encode(clientData("webauthn.create", challenge)),
                "attestationObject", B64u.encode(attestation.toByteArray()), "name", name);
    }

    /** The body of {@code POST /api/passkeys/assertions} signing {@code challenge}. */
    public Map<String, Object> assertion(String challenge) {
        counter++;
        byte[] authData = authenticatorData(UP | (verifiesUser ? UV : 0)).toByteArray();
        byte[] clientData = clientData("webauthn.get", challenge);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(authData);
            signer.update(MessageDigest.getInstance("SHA-256").digest(clientData));
            return Map.of("challenge", challenge, "credentialId", id(), "clientDataJSON", B64u.encode(clientData),
                    "authenticatorData", B64u.encode(authData), "signature", B64u.encode(signer.sign()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] clientData(String type, String challenge) {
        return ("{\"type\":\"" + type + "\",\"challenge\":\"" + challenge + "\",\"origin\":\"" + origin + "\",\"crossOrigin\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private ByteArrayOutputStream authenticatorData(int flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.writeBytes(MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        out.write(flags);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) counter).array());
        return out;
    }

    /** COSE_Key of an EC2 P-256 key for ES256: {1: 2, 3: -7, -1: 1, -2: x, -3: y}. */
    private byte[] coseKey() {
        ECPublicKey key = (ECPublicKey) keys.getPublic();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xA5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21});
        bytes(out, unsigned32(key.getW().getAffineX()));
        out.write(0x22);
        bytes(out, unsigned32(key.getW().getAffineY()));
        return out.toByteArray();
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, out, 32 - length, length);
        return out;
    }

    private static void text(ByteArrayOutputStream out, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.write(0x60 | utf8.length);
        out.writeBytes(utf8);
    }

    private static void bytes(ByteArrayOutputStream out, byte[] value) {
        if (value.length < 24) {
            out.write(0x40 | value.length);
        } else if (value.length < 256) {
            out.write(0x58);
            out.write(value.length);
        } else {
            out.write(0x59);
            out.write(value.length >> 8);
            out.write(value.length);
        }
        out.writeBytes(value);
    }
}
