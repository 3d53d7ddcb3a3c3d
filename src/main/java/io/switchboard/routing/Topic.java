package io.switchboard.routing;

/** A choice on the customers' topic menu: the team that handles it and the priority it gives. */
public record Topic(String id, String label, String teamId, int priority) {
}
