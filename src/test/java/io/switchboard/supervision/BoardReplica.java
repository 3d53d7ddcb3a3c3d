package io.switchboard.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The board as a client following one connection's {@code board} and {@code board-patch} frames holds it
 * (docs/protocol.md §15.3), replayed from the frames in the order they arrived. A patch that does not start from the
 * version held fails the test: on one connection, frames are never lost or reordered.
 */
final class BoardReplica {

    private static final ObjectMapper JSON = new ObjectMapper();

    long version = -1;
    int wholeBoards;
    int patches;
    JsonNode overall;
    JsonNode teams;
    final Map<String, JsonNode> agents = new LinkedHashMap<>();
    final Map<String, JsonNode> conversations = new LinkedHashMap<>();

    static BoardReplica of(List<String> frames) {
        BoardReplica replica = new BoardReplica();
        frames.forEach(replica::accept);
        return replica;
    }

    static boolean isBoardFrame(String frame) {
        return frame.contains("\"type\":\"board\"") || frame.contains("\"type\":\"board-patch\"");
    }

    private void accept(String text) {
        JsonNode frame = read(text);
        switch (frame.path("type").asText()) {
            case "board" -> {
                long next = frame.path("version").asLong();
                assertEquals(true, next > version, "a whole board is newer than anything before it: " + next + " after " + version);
                version = next;
                wholeBoards++;
                JsonNode board = frame.path("board");
                overall = board.path("overall");
                teams = board.path("teams");
                agents.clear();
                board.path("agents").forEach(agent -> agents.put(agent.path("deviceId").asText(), agent));
                conversations.clear();
                board.path("conversations").forEach(row -> conversations.put(row.path("id").asText(), row));
            }
            case "board-patch" -> {
                assertEquals(version, frame.path("from").asLong(), "a patch starts from the version held");
                version = frame.path("version").asLong();
                patches++;
                if (frame.hasNonNull("overall")) {
                    overall = frame.path("overall");
                }
                if (frame.hasNonNull("teams")) {
                    teams = frame.path("teams");
                }
                frame.path("removedAgents").forEach(id -> agents.remove(id.asText()));
                frame.path("agents").forEach(agent -> agents.put(agent.path("deviceId").asText(), agent));
                frame.path("removedConversations").forEach(id -> conversations.remove(id.asText()));
                frame.path("conversations").forEach(row -> conversations.put(row.path("id").asText(), row));
            }
            default -> { }
        }
    }

    /** Whether this is the board {@code GET /api/supervision/board} answers (apart from when each was computed). */
    boolean sameAs(String board) {
        BoardReplica read = new BoardReplica();
        read.accept("{\"type\":\"board\",\"version\":0,\"board\":" + board + "}");
        return version >= 0 && overall.equals(read.overall) && teams.equals(read.teams) && agents.equals(read.agents)
                && conversations.equals(read.conversations);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
