package io.switchboard.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What the server pushes on {@code /ws/events}; {@code type} tells the client which. */
public interface ServerEvent {

    @JsonProperty("type")
    String type();

    record Hello(String deviceId) implements ServerEvent {
        public String type() {
            return "hello";
        }
    }

    record LoggedOut(String reason) implements ServerEvent {
        public String type() {
            return "logged-out";
        }
    }

    record DeviceListChanged(String owner, long version) implements ServerEvent {
        public String type() {
            return "device-list";
        }
    }

    record LinkRequestChanged(String ref, String status) implements ServerEvent {
        public String type() {
            return "link-request";
        }
    }

    record RecoveryChanged(String id, String status) implements ServerEvent {
        public String type() {
            return "recovery";
        }
    }
}
