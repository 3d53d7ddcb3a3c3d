package io.switchboard.conversation;

import io.switchboard.auth.AuthenticatedDevice;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Who may touch a conversation: read it, write to it, act on it. Every entry point that names a
 * conversation (REST, WebSocket frames, pushes, attachments) asks here and nowhere else.
 */
@ApplicationScoped
public class ConversationAccess {

    private final ConversationStore conversations;

    ConversationAccess(ConversationStore conversations) {
        this.conversations = conversations;
    }

    /**
     * The rule: every device of the business, whatever its role, and the devices of the conversation's
     * counterpart. Roles decide what a business device may do with a conversation (routing), not
     * whether it may see it.
     */
    public static boolean mayTouch(AuthenticatedDevice device, Conversation conversation) {
        return device.business() || conversation.counterpart().owner().equals(device.owner());
    }

    /** The conversation, if it exists and this device may touch it. */
    public Optional<Conversation> find(AuthenticatedDevice device, String conversationId) {
        return conversations.find(conversationId).filter(conversation -> mayTouch(device, conversation));
    }

    /**
     * The conversation, or {@link ConversationNotFound}: a conversation that is not the caller's gets
     * the same answer as one that does not exist, so nobody learns which conversations exist.
     */
    public Conversation require(AuthenticatedDevice device, String conversationId) {
        return find(device, conversationId).orElseThrow(ConversationNotFound::new);
    }
}
