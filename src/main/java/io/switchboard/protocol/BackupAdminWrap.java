package io.switchboard.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The account authority key's seed wrapped for the backup admin (protocol §7.2): HPKE to the companion's agreement
 * key, so the server keeps only ciphertext and only that device can sign a recovery claim with it.
 * {@code info = "switchboard/backup-admin-wrap/v1" || 0x00 || account}, {@code aad = "switchboard/backup-admin-wrap/v1"
 * || 0x00 || authorityKey}; the wire form is {@code enc || ciphertext}, 80 bytes.
 */
public final class BackupAdminWrap {

    public static final int SIZE = Hpke.ENC_SIZE + RecoveryKey.SIZE + Hpke.TAG_SIZE;

    private BackupAdminWrap() {
    }

    public static byte[] wrap(byte[] agreementKey, String account, byte[] authoritySeed, SecureRandom random) {
        byte[] ephemeral = new byte[Primitives.KEY_SIZE];
        random.nextBytes(ephemeral);
        return wrapWithEphemeral(agreementKey, account, authoritySeed, ephemeral);
    }

    /** {@link #wrap} with a fixed HPKE ephemeral private key: deterministic, for test vectors only. */
    public static byte[] wrapWithEphemeral(byte[] agreementKey, String account, byte[] authoritySeed, byte[] ephemeralPrivate) {
        byte[] authorityKey = Primitives.ed25519PublicKey(Primitives.requireLength(authoritySeed, RecoveryKey.SIZE, "authority seed"));
        return Hpke.sealWithEphemeral(agreementKey, info(account), aad(authorityKey), authoritySeed, ephemeralPrivate).concatenated();
    }

    /**
     * The authority key's seed, opened with the backup admin's agreement key.
     *
     * @throws ProtocolException for another device, account or authority key, or a changed wrap
     */
    public static byte[] unwrap(DeviceKeys backupAdmin, String account, byte[] authorityKey, byte[] wrapped) {
        Primitives.requireLength(wrapped, SIZE, "wrapped authority key");
        byte[] seed = backupAdmin.hpkeOpen(Arrays.copyOf(wrapped, Hpke.ENC_SIZE), info(account), aad(authorityKey),
                Arrays.copyOfRange(wrapped, Hpke.ENC_SIZE, SIZE));
        if (!Arrays.equals(Primitives.ed25519PublicKey(seed), authorityKey)) {
            throw new ProtocolException("the unwrapped seed is not the authority key's");
        }
        return seed;
    }

    private static byte[] info(String account) {
        return Labels.labelled(Labels.BACKUP_ADMIN_WRAP, account.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] aad(byte[] authorityKey) {
        return Labels.labelled(Labels.BACKUP_ADMIN_WRAP, Primitives.requireLength(authorityKey, RecoveryKey.SIZE, "authority key"));
    }
}
