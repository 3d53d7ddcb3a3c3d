package io.switchboard.protocol;

import java.util.HexFormat;

/** Test vectors in RFCs are hex; whitespace is allowed so they can be copied as printed. */
final class Hex {

    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
