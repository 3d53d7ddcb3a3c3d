package io.switchboard.federation;

/**
 * The consent between a user at a peer and a user here, and the room their messages go to. Once
 * granted it covers both directions; a revoke or cancel from either side ends it (docs/interop.md §5).
 */
record Consent(String peerDomain, String remoteUser, String localUser, State state, String roomId) {

    enum State {
        REQUESTED, GRANTED, REVOKED;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State of(String column) {
            return valueOf(column.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
