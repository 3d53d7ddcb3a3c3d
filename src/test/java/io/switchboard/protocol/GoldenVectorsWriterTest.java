package io.switchboard.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes docs/vectors/java.json when run with {@code -Dvectors.write=true}; otherwise
 * checks that the committed file is what the generator produces, so it cannot silently go stale.
 */
class GoldenVectorsWriterTest {

    private static final Path JAVA_VECTORS = GoldenVectors.DIRECTORY.resolve("java.json");

    @Test
    @EnabledIfSystemProperty(named = "vectors.write", matches = "true")
    void writeJavaVectors() throws IOException {
        Files.createDirectories(JAVA_VECTORS.getParent());
        String json = GoldenVectors.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(GoldenVectors.generate());
        Files.writeString(JAVA_VECTORS, json + "\n", StandardCharsets.UTF_8);
    }

    @Test
    @DisabledIfSystemProperty(named = "vectors.write", matches = "true")
    void committedJavaVectorsAreWhatTheGeneratorProduces() throws IOException {
        // Through text, because a freshly built tree holds longs where a parsed one holds ints.
        JsonNode generated = GoldenVectors.MAPPER.readTree(GoldenVectors.MAPPER.writeValueAsString(GoldenVectors.generate()));
        assertEquals(generated, GoldenVectors.MAPPER.readTree(JAVA_VECTORS.toFile()),
                "java.json is stale: regenerate it with -Dvectors.write=true");
    }
}
