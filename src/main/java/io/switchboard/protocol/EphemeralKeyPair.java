package io.switchboard.protocol;

import java.security.SecureRandom;

/** A one-time X25519 key pair for the pairing exchange (protocol §6.2). */
public final class EphemeralKeyPair {

    private final byte[] privateKey;
    private final byte[] publicKey;

    private EphemeralKeyPair(byte[] privateKey) {
        this.privateKey = Primitives.requireLength(privateKey, Primitives.KEY_SIZE, "X25519 private key").clone();
        this.publicKey = Primitives.x25519PublicKey(this.privateKey);
    }

    public static EphemeralKeyPair generate(SecureRandom random) {
        byte[] privateKey = new byte[Primitives.KEY_SIZE];
        random.nextBytes(privateKey);
        return new EphemeralKeyPair(privateKey);
    }

    public static EphemeralKeyPair fromPrivate(byte[] privateKey) {
        return new EphemeralKeyPair(privateKey);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** X25519 with the peer's ephemeral public key; refuses an all-zero result. */
    public byte[] agree(byte[] peerPublicKey) {
        return Primitives.x25519(privateKey, peerPublicKey);
    }
}
