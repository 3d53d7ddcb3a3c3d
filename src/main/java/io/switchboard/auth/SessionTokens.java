package io.switchboard.auth;

import io.switchboard.protocol.B64u;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Random bearer tokens (setup links, sessions) of which the database keeps only a hash. */
public final class SessionTokens {

    private SessionTokens() {
    }

    public static String newToken(SecureRandom random) {
        byte[] token = new byte[32];
        random.nextBytes(token);
        return B64u.encode(token);
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
