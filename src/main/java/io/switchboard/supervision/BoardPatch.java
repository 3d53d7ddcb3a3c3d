package io.switchboard.supervision;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.switchboard.events.ServerEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code board-patch} frame (docs/protocol.md §15.3): what changed from the board of version {@code from} to the board
 * of {@code version}, both of one scope. Rows are whole: a changed conversation or agent is sent entire, a new one too,
 * a removed one by id; {@code overall} and {@code teams} (the whole list, a few rows) only when they changed. Applied to
 * board {@code from}, it gives board {@code version} exactly; a client on any other version asks for the whole board.
 */
public record BoardPatch(long from, long version, Instant generatedAt,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Board.Summary overall,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<Board.TeamRow> teams,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Board.AgentRow> agents,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> removedAgents,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Board.ConversationRow> conversations,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> removedConversations) implements ServerEvent {

    @Override
    public String type() {
        return "board-patch";
    }

    /** From {@code before} to {@code after}; {@link #changesNothing()} when only the time they were computed at differs. */
    static BoardPatch between(long from, long version, Board before, Board after) {
        return new BoardPatch(from, version, after.generatedAt(),
                after.overall().equals(before.overall()) ? null : after.overall(),
                after.teams().equals(before.teams()) ? null : after.teams(),
                changed(before.agents(), after.agents(), Board.AgentRow::deviceId),
                removed(before.agents(), after.agents(), Board.AgentRow::deviceId),
                changed(before.conversations(), after.conversations(), Board.ConversationRow::id),
                removed(before.conversations(), after.conversations(), Board.ConversationRow::id));
    }

    boolean changesNothing() {
        return overall == null && teams == null && agents.isEmpty() && removedAgents.isEmpty() && conversations.isEmpty()
                && removedConversations.isEmpty();
    }

    private static <T> List<T> changed(List<T> before, List<T> after, Function<T, String> id) {
        Map<String, T> old = new HashMap<>();
        before.forEach(row -> old.put(id.apply(row), row));
        List<T> changed = new ArrayList<>();
        for (T row : after) {
            if (!row.equals(old.get(id.apply(row)))) {
                changed.add(row);
            }
        }
        return changed;
    }

    private static <T> List<String> removed(List<T> before, List<T> after, Function<T, String> id) {
        Set<String> still = new HashSet<>();
        after.forEach(row -> still.add(id.apply(row)));
        List<String> removed = new ArrayList<>();
        for (T row : before) {
            if (!still.contains(id.apply(row))) {
                removed.add(id.apply(row));
            }
        }
        return removed;
    }
}
