package io.switchboard.protocol;

import java.security.SecureRandom;

/**
 * A device's two key pairs (protocol §3): Ed25519 for signing and a separate X25519 pair for key
 * agreement. Private halves stay inside this object; only public keys and signatures leave it.
 */
public final class DeviceKeys {

    private final byte[] signingSeed;
    private final byte[] agreementPrivate;
    private final byte[] signingKey;
    private final byte[] agreementKey;

    private DeviceKeys(byte[] signingSeed, byte[] agreementPrivate) {
        this.signingSeed = Primitives.requireLength(signingSeed, Primitives.KEY_SIZE, "signing seed").clone();
        this.agreementPrivate = Primitives.requireLength(agreementPrivate, Primitives.KEY_SIZE, "agreement private key").clone();
        this.signingKey = Primitives.ed25519PublicKey(this.signingSeed);
        this.agreementKey = Primitives.x25519PublicKey(this.agreementPrivate);
    }

    public static DeviceKeys generate(SecureRandom random) {
        byte[] signingSeed = new byte[Primitives.KEY_SIZE];
        byte[] agreementPrivate = new byte[Primitives.KEY_SIZE];
        random.nextBytes(signingSeed);
        random.nextBytes(agreementPrivate);
        return new DeviceKeys(signingSeed, agreementPrivate);
    }

    public static DeviceKeys fromPrivate(byte[] signingSeed, byte[] agreementPrivate) {
        return new DeviceKeys(signingSeed, agreementPrivate);
    }

    /**
     * Keeps the keys in a file only the current user can read, for a device that is a program on
     * someone's own machine (the command-line chat). Browsers never do this: their keys are
     * non-extractable WebCrypto keys.
     */
    public void save(java.nio.file.Path file) throws java.io.IOException {
        String text = "{\"signingSeed\":\"" + B64u.encode(signingSeed) + "\",\"agreementPrivate\":\"" + B64u.encode(agreementPrivate) + "\"}";
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        java.nio.file.Files.createDirectories(parent);
        java.nio.file.Path temp = java.nio.file.Files.createTempFile(parent, ".keys", ".tmp",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        java.nio.file.Files.writeString(temp, text);
        java.nio.file.Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static DeviceKeys load(java.nio.file.Path file) throws java.io.IOException {
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.nio.file.Files.readString(file));
        return fromPrivate(B64u.decodeExact(StrictJson.string(json, "signingSeed"), Primitives.KEY_SIZE),
                B64u.decodeExact(StrictJson.string(json, "agreementPrivate"), Primitives.KEY_SIZE));
    }

    /** Raw 32-byte Ed25519 public key. */
    public byte[] signingKey() {
        return signingKey.clone();
    }

    /** Raw 32-byte X25519 public key. */
    public byte[] agreementKey() {
        return agreementKey.clone();
    }

    public String signingKeyB64u() {
        return B64u.encode(signingKey);
    }

    public String agreementKeyB64u() {
        return B64u.encode(agreementKey);
    }

    public String deviceId() {
        return DeviceId.of(signingKey);
    }

    public String fingerprint() {
        return Fingerprint.of(signingKey, agreementKey);
    }

    /** Ed25519 over {@code label || 0x00 || payload}; the label keeps a signature from being replayed in another context. */
    public byte[] sign(String label, byte[] payload) {
        return Primitives.ed25519Sign(signingSeed, Labels.labelled(label, payload));
    }

    /** Ed25519 verification of a signature made with {@link #sign(String, byte[])}. */
    public static boolean verify(byte[] signingKey, String label, byte[] payload, byte[] signature) {
        return Primitives.ed25519Verify(signingKey, Labels.labelled(label, payload), signature);
    }

    /** HPKE {@code OpenBase} (§13) with the agreement private key as {@code skR}; see {@link Hpke#open}. */
    public byte[] hpkeOpen(byte[] enc, byte[] info, byte[] aad, byte[] ciphertext) {
        return Hpke.open(agreementPrivate, enc, info, aad, ciphertext);
    }

    /** X25519 of the agreement key with a peer's agreement key. */
    public byte[] agree(byte[] peerAgreementKey) {
        return Primitives.x25519(agreementPrivate, peerAgreementKey);
    }
}
