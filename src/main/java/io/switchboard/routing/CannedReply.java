package io.switchboard.routing;

/** A reply agents insert by typing its shortcut. */
public record CannedReply(String shortcut, String text) {
}
