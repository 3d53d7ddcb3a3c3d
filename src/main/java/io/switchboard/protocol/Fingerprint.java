package io.switchboard.protocol;

import java.util.StringJoiner;

/** Protocol §3: eight groups of five digits that people compare to check a device's keys. */
public final class Fingerprint {

    private static final int GROUP_BITS = 20;
    private static final int GROUP_MASK = (1 << GROUP_BITS) - 1;

    private Fingerprint() {
    }

    public static String of(byte[] signingKey, byte[] agreementKey) {
        Primitives.requireLength(signingKey, Primitives.KEY_SIZE, "signing key");
        Primitives.requireLength(agreementKey, Primitives.KEY_SIZE, "agreement key");
        byte[] digest = Primitives.sha256(Labels.labelled(Labels.FINGERPRINT, signingKey, agreementKey));
        StringJoiner groups = new StringJoiner(" ");
        // The first 160 bits as four 40-bit chunks, each holding two 20-bit groups.
        for (int chunk = 0; chunk < 4; chunk++) {
            long bits = 0;
            for (int i = 0; i < 5; i++) {
                bits = (bits << 8) | (digest[chunk * 5 + i] & 0xff);
            }
            groups.add(group(bits >>> GROUP_BITS));
            groups.add(group(bits & GROUP_MASK));
        }
        return groups.toString();
    }

    private static String group(long value) {
        return String.format("%05d", value % 100_000);
    }
}
