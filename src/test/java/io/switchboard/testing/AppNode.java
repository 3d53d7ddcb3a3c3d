package io.switchboard.testing;

import io.switchboard.platform.EmbeddedDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged app started as its own process, as an operator would run it; for multi-node tests and benchmarks. */
public final class AppNode implements AutoCloseable {

    private final Process process;
    private final URI uri;
    private final Path log;

    private AppNode(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /** Starts {@code target/quarkus-app/quarkus-run.jar} on {@code port} against {@code database} and waits until it is healthy. */
    public static AppNode start(EmbeddedDatabase database, int port, String publicUrl, Path log, Map<String, String> settings,
                                String... jvmOptions) throws Exception {
        AppNode node = new AppNode(launch(database, port, publicUrl, log, settings, jvmOptions), URI.create("http://localhost:" + port), log);
        node.awaitHealthy();
        return node;
    }

    /**
     * Starts the packaged app like {@link #start} but expects it to refuse: returns its exit code once
     * it stopped, and fails if it became healthy instead.
     */
    public static int startExpectingRefusal(EmbeddedDatabase database, int port, String publicUrl, Path log,
                                            Map<String, String> settings) throws Exception {
        Process process = launch(database, port, publicUrl, log, settings, "-Xmx512m");
        try (AppNode node = new AppNode(process, URI.create("http://localhost:" + port), log)) {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                throw new AssertionError("the app neither started nor stopped within 90 s; see " + log);
            }
            return process.exitValue();
        }
    }

    private static Process launch(EmbeddedDatabase database, int port, String publicUrl, Path log, Map<String, String> settings,
                                  String... jvmOptions) throws IOException {
        String jar = System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.management.port=" + managementPort(port));
        command.add("-Dswitchboard.public-url=" + publicUrl);
        database.connectionProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public URI uri() {
        return uri;
    }

    /** Health and metrics are on the management port, which is the HTTP port plus 1000 for test nodes. */
    private static int managementPort(int port) {
        return port + 1000;
    }

    private URI management(String path) {
        return URI.create("http://localhost:" + managementPort(uri.getPort()) + path);
    }

    public long pid() {
        return process.pid();
    }

    private void awaitHealthy() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(management("/q/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("node " + uri + " did not start; see " + log);
    }

    /** The last match of {@code regex}'s first group in the node's log, waiting up to 10 s for it to appear. */
    public String lastLogMatch(String regex) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Pattern pattern = Pattern.compile(regex);
        while (System.nanoTime() < deadline) {
            try {
                Matcher matcher = pattern.matcher(Files.readString(log));
                String found = null;
                while (matcher.find()) {
                    found = matcher.group(1);
                }
                if (found != null) {
                    return found;
                }
                Thread.sleep(100);
            } catch (IOException e) {
                throw new AssertionError(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("nothing matching " + regex + " in " + log);
    }

    /** A metric's value from {@code /q/metrics}, summed over its series. */
    public double metric(String name, String labelFilter) throws Exception {
        String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(management("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name) && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ')
                    && line.contains(labelFilter)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
