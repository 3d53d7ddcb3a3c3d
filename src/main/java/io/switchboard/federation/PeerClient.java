package io.switchboard.federation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.Set;
import javax.net.ssl.X509TrustManager;
import org.jboss.logging.Logger;

/**
 * Requests to peer providers, with this provider's certificate as the TLS client certificate. The peer's
 * server must prove its domain with a chain ending in the trust the owner entered for it; the request
 * goes to the peer's configured address, with its domain in {@code Host}, at the path its directory names.
 *
 * @implNote Each call is tried up to three times, two and four seconds apart; one that still fails is
 * logged (a consent's user can ask again; a lost notification is §9 of docs/interop.md).
 */
@ApplicationScoped
class PeerClient implements ThirdPartyProvider {

    private static final Logger LOG = Logger.getLogger(PeerClient.class);
    private static final int ATTEMPTS = 3;
    private static final long RETRY_DELAY_MS = 2000;

    private final Vertx vertx;
    private final SwitchboardConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    PeerClient(Vertx vertx, SwitchboardConfig config, Clock clock, ObjectMapper json) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    @Override
    public Optional<String> findUser(Peer peer, String phoneNumber) {
        MimiWire.IdentifierRequest query = new MimiWire.IdentifierRequest(List.of(new MimiWire.QueryElement("phone", phoneNumber)));
        try {
            Buffer answer = post(peer, "identifierQuery", "{domain}", peer.domain(), query).toCompletionStage().toCompletableFuture()
                    .get(config.federation().requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            JsonNode found = readTree(answer);
            return found.path("responseCode").asText().equals("success") && found.path("uri").path(0).isTextual()
                    ? Optional.of(found.path("uri").path(0).asText()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    @Override
    public void requestConsent(Peer peer, MimiWire.ConsentEntry entry) {
        send(peer, "requestConsent", "{targetDomain}", peer.domain(), entry, 1);
    }

    @Override
    public void updateConsent(Peer peer, MimiWire.ConsentEntry entry) {
        send(peer, "updateConsent", "{requesterDomain}", peer.domain(), entry, 1);
    }

    @Override
    public void notify(Peer peer, String roomId, Map<String, Object> notification) {
        send(peer, "notify", "{roomId}", roomId, notification, 1);
    }

    private void send(Peer peer, String endpoint, String placeholder, String value, Object body, int attempt) {
        post(peer, endpoint, placeholder, value, body).onFailure(failure -> {
            if (attempt < ATTEMPTS) {
                vertx.setTimer(RETRY_DELAY_MS * attempt, timer -> send(peer, endpoint, placeholder, value, body, attempt + 1));
            } else {
                LOG.warnf("Third-party chats: %s did not take %s after %d attempts: %s", peer.domain(), endpoint, ATTEMPTS,
                        failure.getMessage());
            }
        });
    }

    /** Looks the endpoint up in the peer's directory and posts {@code body} to it; fails on any status but 2xx. */
    Future<Buffer> post(Peer peer, String endpoint, String placeholder, String value, Object body) {
        HttpClient client = vertx.createHttpClient(options(peer));
        return call(client, peer, HttpMethod.GET, FederationListener.DIRECTORY_PATH, null)
                .compose(directory -> {
                    JsonNode url = readTree(directory).path(endpoint);
                    if (!url.isTextual()) {
                        return Future.failedFuture(peer.domain() + "'s directory has no " + endpoint);
                    }
                    return call(client, peer, HttpMethod.POST, URI.create(url.asText().replace(placeholder, value)).getRawPath(), body);
                })
                .onComplete(done -> client.close());
    }

    private Future<Buffer> call(HttpClient client, Peer peer, HttpMethod method, String path, Object body) {
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
            return outgoing.send(Buffer.buffer(write(body)));
        }).compose(response -> response.body().compose(content -> response.statusCode() / 100 == 2 ? Future.succeededFuture(content)
                : Future.failedFuture(peer.domain() + " answered " + response.statusCode() + " to " + method + " " + path)));
    }

    private HttpClientOptions options(Peer peer) {
        SwitchboardConfig.Federation federation = config.federation();
        return new HttpClientOptions()
                .setSsl(true)
                // the peer's domain is checked by PeerCertificates in the trust manager: the address may be another name
                .setVerifyHost(false)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(federation.certificateFile().orElseThrow())
                        .setKeyPath(federation.keyFile().orElseThrow()))
                .setTrustOptions(TrustOptions.wrap(new PeerServerTrust(peer, clock)))
                .setConnectTimeout((int) federation.requestTimeout().toMillis());
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

    /** Trusts a server chain only when it proves the peer's domain against the peer's configured trust. */
    private record PeerServerTrust(Peer peer, Clock clock) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (!PeerCertificates.proves(List.of(chain), PeerCertificates.parse(peer.trustPem()), peer.domain(), clock.instant())) {
                throw new CertificateException("the server's certificate does not prove " + peer.domain());
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
