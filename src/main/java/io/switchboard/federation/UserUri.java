package io.switchboard.federation;

import io.switchboard.protocol.E164;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user in third-party chats: {@code mimi://<provider domain>/u/<E.164 number>}. The phone number is the
 * only thing about a person that crosses to the other provider (docs/interop.md §3).
 */
record UserUri(String domain, String phoneNumber) {

    private static final Pattern FORM = Pattern.compile("mimi://([a-z0-9.-]{1,253})/u/(\\+[0-9]{8,15})");

    UserUri {
        domain = domain.toLowerCase(Locale.ROOT);
        E164.require(phoneNumber);
    }

    /** The user a URI names, or {@code null} when it is not of this form. */
    static UserUri parse(String uri) {
        Matcher matcher = uri == null ? null : FORM.matcher(uri.toLowerCase(Locale.ROOT));
        if (matcher == null || !matcher.matches() || !E164.isValid(matcher.group(2))) {
            return null;
        }
        return new UserUri(matcher.group(1), matcher.group(2));
    }

    @Override
    public String toString() {
        return "mimi://" + domain + "/u/" + phoneNumber;
    }
}
