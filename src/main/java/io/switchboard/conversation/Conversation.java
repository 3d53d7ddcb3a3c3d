package io.switchboard.conversation;

/**
 * A conversation between the business and one counterpart. Its id is its own: who the other side is
 * comes from {@link #counterpart()}, never from the id.
 */
public record Conversation(String id, Counterpart counterpart) {
}
