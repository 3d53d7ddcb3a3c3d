package io.switchboard.routing;

import io.switchboard.events.ServerEvent;

/** The routing frames pushed on {@code /ws/events} (docs/protocol.md §14.4). */
public final class RoutingEvents {

    private RoutingEvents() {
    }

    public record ConversationEvent(ConversationState conversation) implements ServerEvent {
        public String type() {
            return "conversation";
        }
    }

    public record AgentEvent(AgentView agent) implements ServerEvent {
        public String type() {
            return "agent";
        }
    }

    public record ActivityEvent(String conversation, String deviceId, String person, String activity) implements ServerEvent {
        public String type() {
            return "activity";
        }
    }

    public record QueueEvent(String conversation, String status, Integer position, Long estimatedWaitSeconds, boolean assigned)
            implements ServerEvent {
        QueueEvent(QueuePlace place) {
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
    public record SettingsEvent(String changed) implements ServerEvent {
        public String type() {
            return "settings";
        }
    }
}
