package io.switchboard.routing;

import io.switchboard.conversation.ConversationState;
import io.switchboard.conversation.ConversationStatus;
import io.switchboard.events.ServerEvent;
import java.util.List;

/** The routing frames pushed on {@code /ws/events} (docs/protocol.md §14.4): what devices are told, not what happened. */
public final class RoutingFrames {

    private RoutingFrames() {
    }

    public record ConversationFrame(ConversationState conversation) implements ServerEvent {
        public String type() {
            return "conversation";
        }
    }

    /** The conversation states of one push, for a connection that asked for batches (§14.4). */
    public record ConversationsFrame(List<ConversationState> conversations) implements ServerEvent {
        public String type() {
            return "conversations";
        }
    }

    /** The agents of one push, for a connection that asked for batches (§14.4). */
    public record AgentsFrame(List<AgentView> agents) implements ServerEvent {
        public String type() {
            return "agents";
        }
    }

    public record AgentFrame(AgentView agent) implements ServerEvent {
        public String type() {
            return "agent";
        }
    }

    public record ActivityFrame(String conversation, String deviceId, String person, String activity) implements ServerEvent {
        public String type() {
            return "activity";
        }
    }

    public record QueueFrame(String conversation, ConversationStatus status, Integer position, Long estimatedWaitSeconds, boolean assigned)
            implements ServerEvent {
        QueueFrame(QueuePlace place) {
            this(place.conversation(), place.status(), place.position(), place.estimatedWaitSeconds(), place.assigned());
        }

        public String type() {
            return "queue";
        }
    }

    /**
     * Admins changed the routing settings; {@code changed} says which list to read again: {@code teams}, {@code topics}
     * or {@code canned-replies}. Open pages refresh instead of waiting for a reload.
     */
    public record SettingsFrame(String changed) implements ServerEvent {
        public String type() {
            return "settings";
        }
    }
}
