package io.switchboard.client;

import io.switchboard.protocol.MessageContent;
import io.switchboard.protocol.MessageHeader;
import java.util.Optional;

/** A message this device received, verified and decrypted. */
public record ReceivedMessage(long seq, String conversation, MessageHeader header, byte[] content) {

    /** The text of a text or note, the caption ({@code ""} for none) of an attachment. */
    public String text() {
        return attachmentKind() ? MessageContent.readAttachment(content).text() : MessageContent.readText(content);
    }

    /**
     * The attachment of an {@code image}, {@code video}, {@code voice} or {@code document} message, empty
     * for text and notes; fetch it with {@link SwitchboardClient#downloadAttachment(ReceivedMessage)}.
     *
     * @throws io.switchboard.protocol.ProtocolException when the content is not valid for the kind (§13.3)
     */
    public Optional<MessageContent.Attachment> attachment() {
        return attachmentKind() ? Optional.of(MessageContent.readAttachment(content).attachment()) : Optional.empty();
    }

    private boolean attachmentKind() {
        return MessageContent.isAttachmentKind(header.kind());
    }
}
