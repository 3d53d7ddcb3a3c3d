package io.switchboard.platform;

/** What an id the server made looks like in a path or a body: b64u, at most 22 characters (16 random bytes). */
public final class Ids {

    public static final String PATTERN = "[A-Za-z0-9_-]{1,22}";

    private Ids() {
    }
}
