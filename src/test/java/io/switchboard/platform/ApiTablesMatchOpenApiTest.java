package io.switchboard.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The API tables of docs/protocol.md and the OpenAPI document generated from the resources name the
 * same operations, so the text cannot drift from the code. A table row is any markdown table line
 * whose first cell holds one or more {@code `METHOD /path`} items (a query string after {@code ?} is
 * informative); path parameters compare by position, not by name. Rows outside {@code /api/} (the
 * operators' {@code /q/} endpoints) are not part of the API document and are skipped.
 */
@QuarkusTest
class ApiTablesMatchOpenApiTest {

    private static final Path PROTOCOL = Path.of("docs/protocol.md");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern ROW_ITEM = Pattern.compile("`(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (/[^`?\\s]*)(\\?[^`]*)?`");

    @Test
    void everyOperationIsInTheProtocolsTablesAndEveryRowIsServed() throws Exception {
        Set<String> served = servedOperations();
        Map<String, Integer> documented = documentedOperations();
        assertFalse(served.isEmpty(), "the OpenAPI document lists no operation");
        assertFalse(documented.isEmpty(), "docs/protocol.md has no API table row");

        List<String> problems = new ArrayList<>();
        for (String operation : served) {
            if (!documented.containsKey(operation)) {
                problems.add("served but in no API table of docs/protocol.md: " + operation
                        + " (add a row `" + operation + "` to the table of its section: §12, §13.5 or §14.3)");
            }
        }
        documented.forEach((operation, line) -> {
            if (!served.contains(operation)) {
                problems.add("docs/protocol.md line " + line + " documents " + operation
                        + ", which is not in the OpenAPI document (/q/openapi): fix the row or the resource");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** "METHOD /path" for every operation of /q/openapi, path parameters written {}. */
    private static Set<String> servedOperations() throws Exception {
        String body = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        JsonNode paths = new ObjectMapper().readTree(body).path("paths");
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase() + " " + normalise(path.getKey()));
                }
            });
        }
        return operations;
    }

    /** "METHOD /path" of every table row under /api/, with the first line that documents it. */
    private static Map<String, Integer> documentedOperations() throws Exception {
        List<String> lines = Files.readAllLines(PROTOCOL);
        Map<String, Integer> operations = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                continue;
            }
            int end = line.indexOf('|', 1);
            String firstCell = end < 0 ? line.substring(1) : line.substring(1, end);
            Matcher item = ROW_ITEM.matcher(firstCell);
            while (item.find()) {
                String path = item.group(2);
                if (path.startsWith("/api/")) {
                    operations.putIfAbsent(item.group(1) + " " + normalise(path), i + 1);
                }
            }
        }
        return operations;
    }

    /** Path parameters compare by position: /api/link/requests/{ref} and /api/link/requests/{id} are one path. */
    static String normalise(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.replaceAll("\\{[^}/]*}", "{}");
    }
}
