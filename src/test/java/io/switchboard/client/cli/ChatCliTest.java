package io.switchboard.client.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.client.ReceivedMessage;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.testing.ApiTest;
import io.switchboard.testing.CapturingPhoneVerifier;
import io.switchboard.testing.Clients;
import io.switchboard.testing.TestDevice;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ChatCliTest extends ApiTest {

    static final String PHONE = "+351912345678";

    @Inject
    CapturingPhoneVerifier verifier;

    @Test
    void aPersonChatsWithTheBusinessFromATerminalAndComesBackWithTheSameKeys() throws Exception {
        TestDevice owner = primary();
        List<ReceivedMessage> atBusiness = new CopyOnWriteArrayList<>();
        SwitchboardClient business = Clients.of(owner, clock);
        business.connect(atBusiness::add).connected().get(10, TimeUnit.SECONDS);
        Path keyFile = Files.createTempDirectory("cli").resolve("keys");

        Terminal first = new Terminal(keyFile);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.output().contains("Enter the code sent to " + PHONE));
        first.type(verifier.lastCodeFor(PHONE));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.output().contains("Connected."));
        first.type("Hello from a terminal");
        await().atMost(Duration.ofSeconds(10)).until(() -> atBusiness.size() == 1);
        assertEquals("Hello from a terminal", atBusiness.get(0).text());
        // Nobody is available (the owner starts away), so the terminal says where the customer is in line.
        await().atMost(Duration.ofSeconds(10)).until(() -> first.output().contains("You are next in line"));

        business.sendText(atBusiness.get(0).conversation(), "Hi! How can we help?");
        await().atMost(Duration.ofSeconds(10)).until(() -> first.output().contains("Business: Hi! How can we help?"));
        assertEquals(0, first.end());
        assertTrue(Files.exists(keyFile));

        Terminal again = new Terminal(keyFile);
        await().atMost(Duration.ofSeconds(10)).until(() -> again.output().contains("Connected."));
        again.type("It's me again");
        await().atMost(Duration.ofSeconds(10)).until(() -> atBusiness.size() == 2);
        assertEquals(atBusiness.get(0).header().sender(), atBusiness.get(1).header().sender(), "the same device came back");
        assertEquals(0, again.end());
        business.close();
    }

    /** The CLI running with a pipe for its keyboard and a buffer for its screen. */
    private static final class Terminal {
        private final PipedOutputStream keyboard = new PipedOutputStream();
        private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> exit;

        Terminal(Path keyFile) throws Exception {
            PipedInputStream in = new PipedInputStream(keyboard);
            PrintStream out = new PrintStream(screen, true, StandardCharsets.UTF_8);
            ChatCli cli = new ChatCli(Clients.BASE, PHONE, "Maria", keyFile, in, out);
            exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return cli.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void type(String line) throws Exception {
            keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        }

        String output() {
            synchronized (screen) {
                return screen.toString(StandardCharsets.UTF_8);
            }
        }

        int end() throws Exception {
            keyboard.close();
            return exit.get(10, TimeUnit.SECONDS);
        }
    }
}
