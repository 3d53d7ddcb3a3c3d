package io.switchboard.routing;

import io.switchboard.platform.error.DomainException;

/** A team, agent, topic or canned reply named in a request that does not exist. */
public final class RoutingSettingNotFound extends DomainException {

    private RoutingSettingNotFound(String code, String message) {
        super(Kind.NOT_FOUND, code, message);
    }

    static RoutingSettingNotFound team() {
        return new RoutingSettingNotFound("team_not_found", "There is no such team.");
    }

    /** A topic of a new menu that routes to no team. */
    static RoutingSettingNotFound teamOfTopic(String topicLabel) {
        return new RoutingSettingNotFound("team_not_found", "Topic \"" + topicLabel + "\" names a team that does not exist.");
    }

    static RoutingSettingNotFound agent() {
        return new RoutingSettingNotFound("agent_not_found", "There is no such agent.");
    }

    static RoutingSettingNotFound topic() {
        return new RoutingSettingNotFound("topic_not_found", "There is no such topic.");
    }

    static RoutingSettingNotFound cannedReply(String shortcut) {
        return new RoutingSettingNotFound("canned_reply_not_found", "There is no canned reply /" + shortcut + ".");
    }
}
