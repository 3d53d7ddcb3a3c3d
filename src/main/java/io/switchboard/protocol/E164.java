package io.switchboard.protocol;

import java.util.regex.Pattern;

/** The business number format accounts use (protocol §4): {@code +} then 8 to 15 digits, the first not 0. */
public final class E164 {

    private static final Pattern NUMBER = Pattern.compile("\\+[1-9][0-9]{7,14}");

    private E164() {
    }

    public static boolean isValid(String number) {
        return number != null && NUMBER.matcher(number).matches();
    }

    public static String require(String number) {
        if (!isValid(number)) {
            throw new ProtocolException("not an E.164 number: " + number);
        }
        return number;
    }
}
