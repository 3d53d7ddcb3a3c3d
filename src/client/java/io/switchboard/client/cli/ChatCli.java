package io.switchboard.client.cli;

import io.switchboard.client.ApiClient;
import io.switchboard.client.ApiCallException;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.protocol.DeviceKeys;
import io.switchboard.protocol.MessageHeader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Chat with the business from a terminal, as a customer, end-to-end encrypted like the web chat.
 *
 * <pre>
 * java -jar target/switchboard-*-client.jar --server http://localhost:8080 --phone +351912345678 --name Maria
 * </pre>
 *
 * The first run asks for the code sent to the phone and keeps this device's keys in
 * {@code ~/.switchboard/<phone>.keys} (readable only by you); later runs sign in with them. Every
 * line typed is sent; incoming messages are printed as they arrive. End with Ctrl-D.
 */
public final class ChatCli {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final String USAGE = "usage: java -jar switchboard-client.jar --phone +351912345678 [--name Maria]"
            + " [--server http://localhost:8080]";

    private final URI server;
    private final String phone;
    private final String name;
    private final Path keyFile;
    private final BufferedReader in;
    private final PrintStream out;

    ChatCli(URI server, String phone, String name, Path keyFile, InputStream in, PrintStream out) {
        this.server = server;
        this.phone = phone;
        this.name = name;
        this.keyFile = keyFile;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
    }

    public static void main(String[] args) throws IOException {
        String server = "http://localhost:8080";
        String phone = null;
        String name = "Customer";
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--server" -> server = args[i + 1];
                case "--phone" -> phone = args[i + 1];
                case "--name" -> name = args[i + 1];
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (phone == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Path keys = Path.of(System.getProperty("user.home"), ".switchboard", phone.replace("+", "") + ".keys");
        System.exit(new ChatCli(URI.create(server), phone, name, keys, System.in, System.out).run());
    }

    int run() throws IOException {
        SwitchboardClient client;
        try {
            client = connect();
        } catch (ApiCallException e) {
            out.println("Could not sign in: " + e.getMessage());
            return 1;
        }
        String conversation = client.myConversation();
        out.println("Connected. Type a message and press Enter; Ctrl-D ends.");
        client.connect(message -> out.printf("[%s] %s: %s%n", LocalTime.now(ZoneId.systemDefault()).format(TIME),
                message.header().sender().equals(client.deviceId()) ? "You" : "Business", message.text()));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            try {
                SwitchboardClient.Sent sent = client.send(conversation, MessageHeader.KIND_TEXT, io.switchboard.protocol.MessageContent.text(line));
                out.printf("[%s] You: %s ✓ (#%d)%n", LocalTime.now(ZoneId.systemDefault()).format(TIME), line, sent.seq());
                waitingLine(client.queuePlace(conversation)).ifPresent(out::println);
            } catch (ApiCallException e) {
                out.println("Not sent: " + e.getMessage());
            }
        }
        client.close();
        return 0;
    }

    /** "You are number 3 in line · about 4 min", only while waiting for an agent. */
    static java.util.Optional<String> waitingLine(SwitchboardClient.QueuePlace place) {
        if (place.position() == null || place.assigned()) {
            return java.util.Optional.empty();
        }
        String where = place.position() == 1 ? "You are next in line" : "You are number " + place.position() + " in line";
        Long seconds = place.estimatedWaitSeconds();
        String wait = seconds == null ? "we'll be with you as soon as someone is free"
                : seconds < 60 ? "less than a minute" : "about " + Math.round(seconds / 60.0) + " min";
        return java.util.Optional.of(where + " · " + wait);
    }

    private SwitchboardClient connect() throws IOException {
        if (Files.exists(keyFile)) {
            ApiClient api = new ApiClient(server, DeviceKeys.load(keyFile));
            api.signIn();
            return new SwitchboardClient(api, Clock.systemUTC(), new SecureRandom());
        }
        DeviceKeys keys = DeviceKeys.generate(new SecureRandom());
        SwitchboardClient client = SwitchboardClient.registerCustomer(new ApiClient(server, keys), phone, name, "Terminal", number -> {
            out.print("Enter the code sent to " + number + ": ");
            out.flush();
            try {
                String code = in.readLine();
                return code == null ? "" : code.strip();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        keys.save(keyFile);
        return client;
    }
}
