package io.switchboard.messaging;

import java.util.Map;

/** A checked message waiting for the next group commit; all binary values already decoded. */
public record PendingMessage(String conversationId, String senderDeviceId, String clientMessageId, String kind, String header,
                      byte[] ciphertext, String signature, Map<String, byte[]> wraps) {
}
