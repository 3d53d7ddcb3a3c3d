package io.switchboard.conversation;

/**
 * A conversation exists, with its counterpart; fired inside the transaction that opened it (observe
 * it after success, like the routing events). It waits for nobody until the counterpart writes.
 */
public record ConversationOpened(String conversationId, Counterpart counterpart) {
}
