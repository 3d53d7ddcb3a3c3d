package io.switchboard.client;

import io.switchboard.protocol.MessageHeader;

/** A message this device received, verified and decrypted. */
public record ReceivedMessage(long seq, String conversation, MessageHeader header, byte[] content) {

    public String text() {
        return io.switchboard.protocol.MessageContent.readText(content);
    }
}
