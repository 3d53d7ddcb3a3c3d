package io.switchboard.federation;

/**
 * Something a customer's devices show of one of their remote chats changed after the transaction that fires it: its
 * consent, a message of the business or of another of their devices, a message's place at the business's provider,
 * or the business side's marks. {@link RemoteChatPushes} tells the customer's open pages.
 */
record RemoteChatChanged(String customerId, String chatId) {
}
