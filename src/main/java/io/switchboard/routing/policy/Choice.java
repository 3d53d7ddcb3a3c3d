package io.switchboard.routing.policy;

/** The agent picked for a conversation and why, as stored with the assignment and shown in the inbox. */
public record Choice(String deviceId, String code, String text) {

    public static final String STICKY = "sticky";
    public static final String ROUND_ROBIN = "round_robin";
    public static final String LEAST_LOADED = "least_loaded";
    public static final String CLAIMED = "claimed";
    public static final String ASSIGNED = "assigned";
    public static final String TRANSFERRED = "transferred";
    public static final String TAKEN_OVER = "taken_over";
}
