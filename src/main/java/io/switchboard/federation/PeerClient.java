package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Requests to peer providers, with this provider's certificate as the TLS client certificate. The peer's
 * server must prove its domain with a chain ending in the trust the owner entered for it; the request
 * goes to the peer's configured address, with its domain in {@code Host}, at the path its directory names.
 *
 * Questions that wait for their answer (identifier query, key material) are asked at once; everything
 * else goes through the {@link PeerOutbox}, so it arrives even if the peer or this provider is down for a while.
 */
@ApplicationScoped
class PeerClient implements ThirdPartyProvider {

    private static final Logger LOG = Logger.getLogger(PeerClient.class);

    private final Vertx vertx;
    private final SwitchboardConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final PeerOutbox outbox;
    private final Map<String, PeerConnection> connections = new java.util.concurrent.ConcurrentHashMap<>();

    PeerClient(Vertx vertx, SwitchboardConfig config, Clock clock, ObjectMapper json, PeerOutbox outbox) {
        this.outbox = outbox;
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Optional<String> findUser(Peer peer, String phoneNumber) {
        MimiWire.IdentifierRequest query = new MimiWire.IdentifierRequest(List.of(new MimiWire.QueryElement("phone", phoneNumber)));
        return ask(peer, "identifierQuery", peer.domain(), query)
                .filter(found -> found.path("responseCode").asText().equals("success") && found.path("uri").path(0).isTextual())
                .map(found -> found.path("uri").path(0).asText());
    }

    @Override
    public Optional<JsonNode> keyMaterial(Peer peer, MimiWire.KeyMaterialRequest request) {
        return ask(peer, "keyMaterial", peer.domain(), request).map(answer -> answer.path("deviceList")).filter(JsonNode::isObject);
    }

    @Override
    public void requestConsent(Peer peer, MimiWire.ConsentEntry entry) {
        outbox.enqueue(peer.domain(), "requestConsent", peer.domain(), entry, null);
    }

    @Override
    public void updateConsent(Peer peer, MimiWire.ConsentEntry entry) {
        outbox.enqueue(peer.domain(), "updateConsent", peer.domain(), entry, null);
    }

    @Override
    public void notify(Peer peer, String roomId, Map<String, Object> notification) {
        outbox.enqueue(peer.domain(), "notify", roomId, notification, null);
    }

    @Override
    public void submit(Peer peer, String roomId, MimiWire.Submission submission, byte[] messageId) {
        outbox.enqueue(peer.domain(), "submitMessage", roomId, submission, messageId);
    }

    /** Posts and waits for the answer; not found, refused and unreachable all come back empty. */
    private Optional<JsonNode> ask(Peer peer, String endpoint, String value, Object body) {
        try {
            Buffer answer = post(peer, endpoint, value, write(body)).toCompletionStage().toCompletableFuture()
                    .get(config.federation().requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            return Optional.of(readTree(answer));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            // the caller answers "not found" either way; the operator needs to tell a refusal from an unreachable peer
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof PeerAnswered answered && answered.status == 404) {
                LOG.debugf("%s: %s", endpoint, cause.getMessage());
            } else {
                LOG.warnf("%s to %s came back empty: %s", endpoint, peer.domain(), cause.toString());
            }
            return Optional.empty();
        }
    }

    /** A queued call, sent as it was queued; fails with {@link PeerAnswered} when the peer answered but not with 2xx. */
    Future<Buffer> deliver(PeerOutbox.Call call) {
        return post(call.peer(), call.endpoint(), call.target(), call.body());
    }

    /** The peer answered, with a status other than 2xx. */
    static final class PeerAnswered extends RuntimeException {
        final int status;
        final String body;

        PeerAnswered(String message, int status, String body) {
            super(message, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    /**
     * Looks the endpoint up in the peer's directory and posts {@code body} to it, with {@code value} in place of the
     * URL's placeholder; fails on any status but 2xx.
     */
    Future<Buffer> post(Peer peer, String endpoint, String value, byte[] body) {
        PeerConnection connection = connection(peer);
        JsonNode known = connection.directory;
        Future<JsonNode> directory = known != null ? Future.succeededFuture(known)
                : call(connection.client, peer, HttpMethod.GET, FederationListener.DIRECTORY_PATH, null).map(this::readTree)
                        .compose(found -> found != null && found.isObject() ? Future.succeededFuture(found)
                                : Future.failedFuture(peer.domain() + "'s directory is not a JSON object"))
                        .onSuccess(found -> connection.directory = found);
        return directory.compose(found -> {
                    JsonNode url = found.path(endpoint);
                    if (!url.isTextual()) {
                        return Future.failedFuture(peer.domain() + "'s directory has no " + endpoint);
                    }
                    return call(connection.client, peer, HttpMethod.POST,
                            URI.create(url.asText().replaceFirst("\\{[A-Za-z]+}", value)).getRawPath(), body);
                })
                // a peer that moved its endpoints or restarted is asked for its directory again
                .onFailure(failure -> connection.directory = null);
    }

    /**
     * A peer's pooled keep-alive client and its directory as last read. Made again when the peer's settings (address,
     * trust, on/off) change, so a new trust applies to the next call; this provider's own certificate is read when it
     * is made.
     */
    private static final class PeerConnection {
        final Peer peer;
        final HttpClient client;
        volatile JsonNode directory;

        PeerConnection(Peer peer, HttpClient client) {
            this.peer = peer;
            this.client = client;
        }
    }

    /**
     * The peer's settings were saved (or the peer removed): the next call starts with a new client and reads the directory
     * again, even when the settings are the same as before — a peer saved again is often one that moved or restarted, and a
     * client kept from before may hold a keep-alive connection and a directory from the server that was there then.
     */
    void forget(String domain) {
        PeerConnection gone = connections.remove(domain);
        if (gone != null) {
            gone.client.close();
        }
    }

    private PeerConnection connection(Peer peer) {
        return connections.compute(peer.domain(), (domain, current) -> {
            if (current != null && current.peer.equals(peer)) {
                return current;
            }
            if (current != null) {
                current.client.close();
            }
            return new PeerConnection(peer, vertx.createHttpClient(PeerTls.clientOptions(peer, config.federation(), clock)));
        });
    }

    private Future<Buffer> call(HttpClient client, Peer peer, HttpMethod method, String path, byte[] body) {
        URI address = URI.create(peer.address());
        RequestOptions request = new RequestOptions().setMethod(method).setHost(address.getHost())
                .setPort(address.getPort() < 0 ? 443 : address.getPort()).setURI(path)
                .setTimeout(config.federation().requestTimeout().toMillis())
                .putHeader("Host", peer.domain())
                .putHeader("From", "mimi@" + config.federation().domain().orElseThrow())
                .putHeader("Accept", "application/json");
        return client.request(request).compose(outgoing -> {
            if (body == null) {
                return outgoing.send();
            }
            outgoing.putHeader("Content-Type", "application/json");
            return outgoing.send(Buffer.buffer(body));
        }).compose(response -> response.body().compose(content -> response.statusCode() / 100 == 2 ? Future.succeededFuture(content)
                : Future.failedFuture(new PeerAnswered(peer.domain() + " answered " + response.statusCode() + " to " + method + " " + path,
                        response.statusCode(), content.toString()))));
    }


    private JsonNode readTree(Buffer buffer) {
        try {
            return json.readTree(buffer.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a peer's directory is not JSON", e);
        }
    }

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
