package io.switchboard.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Everything an operator may tune, with the defaults documented in README.md. */
@ConfigMapping(prefix = "switchboard")
public interface SwitchboardConfig {

    /**
     * The URL people open, e.g. {@code https://inbox.example.com}. Its origin is the only
     * {@code Origin} a WebSocket handshake and a signed auth challenge are accepted from, and the
     * setup link printed at first start is built from it.
     */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /**
     * Where the server keeps its files; the embedded PostgreSQL (used when no database URL is
     * configured) lives in its {@code postgres} subdirectory. Read once before Quarkus starts, by
     * {@link EmbeddedDatabase}, so it must be given as {@code SWITCHBOARD_DATA_DIR} or {@code -Dswitchboard.data-dir}.
     */
    @WithDefault("data")
    String dataDir();

    Setup setup();

    Devices devices();

    Passkeys passkeys();

    Recovery recovery();

    Sessions sessions();

    Linking linking();

    Customers customers();

    Messages messages();

    Blobs blobs();

    Routing routing();

    Database database();

    Events events();

    Federation federation();

    Reports reports();

    interface Reports {

        /** How often a node looks for report zones whose day cells are still being filled (docs/metrics.md, "Rollups"). */
        @WithDefault("PT1S")
        Duration zoneFillInterval();
    }

    interface Database {
        /**
         * Whether the embedded PostgreSQL (no database URL configured) runs durable: {@code fsync},
         * {@code synchronous_commit} and {@code full_page_writes} on, so an acknowledged message survives a
         * power cut. {@code false} is a fast mode for tests only. Read before Quarkus starts, by
         * {@link EmbeddedDatabase}: give it as {@code SWITCHBOARD_DATABASE_EMBEDDED_DURABLE} or a {@code -D} property.
         */
        @WithDefault("true")
        boolean embeddedDurable();
    }

    /** Third-party chats with peer providers (docs/interop.md); off unless a domain, certificate and key are set. */
    interface Federation {
        /** This provider's domain, as peers name it in {@code Host} and certificates; unset, no listener starts. */
        Optional<String> domain();

        /** The port of the server-to-server HTTPS listener (mutual TLS); 0 picks a free one. */
        @WithDefault("8443")
        int port();

        /** The address the server-to-server listener binds to. */
        @WithDefault("0.0.0.0")
        String host();

        /** PEM file with this provider's certificate chain (leaf first), for {@link #domain()}, used as server and client. */
        Optional<String> certificateFile();

        /** PEM file with the PKCS#8 private key of that certificate. */
        Optional<String> keyFile();

        /** Identifier queries one peer provider may make per minute, counted for all nodes together. */
        @WithDefault("60")
        int identifierQueriesPerMinute();

        /** How long a request to a peer may take before it counts as failed. */
        @WithDefault("PT10S")
        Duration requestTimeout();

        /**
         * The longest wait between two attempts of a call a peer has not taken yet (docs/interop.md §4.8): waits
         * double from one second up to this.
         */
        @WithDefault("PT5M")
        Duration retryMaxDelay();
    }

    interface Events {
        /** Event WebSockets one device may hold open on one node; more are closed at once. */
        @WithDefault("5")
        int maxConnectionsPerDevice();
    }

    interface Setup {
        /** How long the one-time setup link printed at first start stays valid. */
        @WithDefault("PT24H")
        Duration tokenLifetime();

        /** Setup attempts one client address may make per minute. */
        @WithDefault("10")
        int attemptsPerMinute();
    }

    interface Devices {
        /** Companion devices an account may link besides the primary (WhatsApp's limit is 4). */
        @WithDefault("4")
        int maxCompanions();

        /** Companions are logged out when the primary has been inactive for longer than this. */
        @WithDefault("P14D")
        Duration primaryInactivityLimit();

        /** How often the inactivity rule is checked. */
        @WithDefault("PT1M")
        Duration inactivityCheckInterval();

        /** Last-active times are written at most this often per device, to spare the database. */
        @WithDefault("PT30S")
        Duration activityResolution();
    }

    interface Passkeys {
        /**
         * Whether every change of the business's device list needs the owner's passkey even before one is
         * registered. Off by default: an owner whose browser has no authenticator with user verification can
         * still link devices, until the first passkey is registered; from then on every change needs one.
         */
        @WithDefault("false")
        boolean required();

        /** How long a registration or approval challenge may be answered. */
        @WithDefault("PT5M")
        Duration challengeLifetime();

        /** The relying party name authenticators show when a passkey is created. */
        @WithDefault("Switchboard")
        String rpName();
    }

    interface Recovery {
        /**
         * How long a recovery by the recovery key stays pending (protocol §7.3): every surviving device shows it and
         * any of the owner's or an admin's devices can cancel it; only after it can the new browser take over.
         */
        @WithDefault("PT72H")
        Duration vetoWindow();
    }

    interface Sessions {
        /** A session unused for this long expires; the device re-authenticates with its key. */
        @WithDefault("PT30M")
        Duration idleTimeout();

        /** A session expires this long after it was created, however busy. */
        @WithDefault("PT12H")
        Duration absoluteTimeout();

        /** How long a sign-in challenge may be answered. */
        @WithDefault("PT60S")
        Duration challengeLifetime();

        /**
         * Sign-in challenges one client address may ask for per minute, for any devices. Counted per
         * address, not per device: device ids are public, so a per-device count would let anyone use up
         * a victim's budget.
         */
        @WithDefault("60")
        int challengesPerMinute();

        /** Wrong answers to one device's challenges per minute before further wrong answers get 429; a right one always passes. */
        @WithDefault("10")
        int failedSignInsPerMinute();

        /** Overrides whether the session cookie is marked Secure; by default it is when the public URL is https. */
        Optional<Boolean> secureCookie();
    }

    interface Linking {
        /** How long a QR reference or pairing code may be used. */
        @WithDefault("PT5M")
        Duration requestLifetime();

        /** Code attempts on one pairing request before it is locked. */
        @WithDefault("5")
        int maxPairingAttempts();

        /** Link requests one client address may open per minute. */
        @WithDefault("10")
        int requestsPerMinute();
    }

    interface Customers {
        /** How long a phone verification code may be entered. */
        @WithDefault("PT10M")
        Duration codeLifetime();

        /** Wrong codes allowed per verification before it is locked. */
        @WithDefault("5")
        int maxCodeAttempts();

        /** Verification codes one phone number may be sent per hour at the request of one client address. */
        @WithDefault("5")
        int codesPerPhonePerAddressPerHour();

        /**
         * Verification codes one phone number may be sent per hour in all, whoever asks: bounds the texts a
         * number receives; a stranger from one address uses up only their own share of it.
         */
        @WithDefault("20")
        int codesPerPhonePerHour();

        /** Verifications one client address may start per minute. */
        @WithDefault("10")
        int verificationsPerMinute();

        /** Browsers a customer may link besides their first one. */
        @WithDefault("2")
        int maxCompanions();
    }

    interface Messages {
        /** Largest accepted message ciphertext, in bytes (text and notes; attachments are blobs). */
        @WithDefault("32768")
        int maxCiphertextBytes();

        /** Undelivered envelopes are kept at least this long. */
        @WithDefault("P30D")
        Duration retention();

        /** Most messages one group commit writes in one transaction. */
        @WithDefault("256")
        int maxBatch();

        /** A newly linked device gets the history of this many days, re-wrapped by another device. */
        @WithDefault("P365D")
        Duration historyWindow();

        /** How often messages older than both the retention and the history window are deleted. */
        @WithDefault("PT1H")
        Duration purgeInterval();

        /** Messages one device may send per minute; more are refused with {@code 429 rate_limited}. */
        @WithDefault("120")
        int sendsPerMinute();

        /**
         * How far a header's {@code sentAt} (the sender's clock) may be from the server's time, either way;
         * further is refused with {@code 400 sent_at_out_of_range}. Wide enough for a message that waited
         * in an offline outbox.
         */
        @WithDefault("P7D")
        Duration sentAtSkew();
    }

    interface Blobs {
        /**
         * Largest accepted encrypted attachment blob, in bytes, as uploaded: nonce and tag included, so
         * the attachment's plaintext may have at most 28 bytes less. A larger upload is refused with
         * {@code 413 attachment_too_large} before anything is stored. The HTTP server's own body limit
         * ({@code quarkus.http.limits.max-body-size}) follows this value.
         */
        @WithDefault("16777216")
        long maxBytes();

        /**
         * Where blob files are kept; by default the {@code blobs} subdirectory of {@link #dataDir()}.
         * Uploads are written to its {@code .incoming} subdirectory first and moved into place
         * atomically, so it must be one file system. With several app nodes it must be shared by all.
         */
        Optional<String> directory();

        /** Blobs one device may upload per minute; more are refused with {@code 429 rate_limited}. */
        @WithDefault("30")
        int uploadsPerMinute();

        /**
         * Bytes of blobs one conversation may hold; an upload past it is refused with
         * {@code 413 conversation_storage_full}.
         */
        @WithDefault("1073741824")
        long maxBytesPerConversation();

        /**
         * A blob that no message has claimed this long after its upload is deleted: a blob counts as
         * claimed once its uploader stores a message in the same conversation after it (the message that
         * carries its key).
         */
        @WithDefault("PT24H")
        Duration unclaimedLifetime();

        /** How often unclaimed blobs are looked for. */
        @WithDefault("PT1H")
        Duration cleanupInterval();
    }

    interface Routing {
        /** Conversations an agent may have open (or pending) at once unless an admin set their own. */
        @WithDefault("5")
        int defaultCapacity();

        /** How long an agent whose last connection closed keeps their conversations. */
        @WithDefault("PT60S")
        Duration gracePeriod();

        /** How long an assigned agent has to open or answer a conversation before it goes to the next one. */
        @WithDefault("PT60S")
        Duration offerTimeout();

        /** Policy for conversations without a team: {@code manual}, {@code round_robin} or {@code least_loaded}. */
        @WithDefault("least_loaded")
        String defaultPolicy();

        /** Whether conversations without a team prefer the customer's previous agent. */
        @WithDefault("true")
        boolean defaultSticky();

        /** How long after their last assignment ended the previous agent is preferred (no-team conversations). */
        @WithDefault("PT24H")
        Duration defaultStickyFor();

        /** Assignments from a queue in this window give the wait estimate shown to customers. */
        @WithDefault("PT1H")
        Duration estimateWindow();

        /** How often an app node tells the others (through the database) that it is alive. */
        @WithDefault("PT10S")
        Duration nodeHeartbeat();

        /** A node silent for this long is dead: its agents' connections no longer count as presence. */
        @WithDefault("PT30S")
        Duration nodeTimeout();
    }
}
