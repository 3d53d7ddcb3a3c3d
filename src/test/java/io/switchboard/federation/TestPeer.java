package io.switchboard.federation;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A peer provider played by a test, over real mutual TLS: a client that calls the app's peer listener
 * with its own certificate, and a server that takes the app's calls back (its directory and
 * {@code updateConsent}) and records them. It trusts the app's provider only through the app's CA.
 */
public final class TestPeer implements AutoCloseable {

    /** What the app sent to this peer. */
    public record Received(HttpMethod method, String path, String host, String from, String body) {
    }

    /** The app's answer to a call. */
    public record Answer(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    final String domain;
    public final List<Received> received = new CopyOnWriteArrayList<>();
    /** The numbers this peer's identifier query finds. */
    public final java.util.Set<String> findable = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The files this peer's proxyDownload serves, by their asset URL. */
    public final java.util.Map<String, byte[]> assets = new java.util.concurrent.ConcurrentHashMap<>();
    private final Vertx vertx;
    private final TestCa.Issued identity;
    private final String appCaPem;
    private final int appPort;
    private HttpServer server;

    public TestPeer(Vertx vertx, String domain, TestCa.Issued identity, String appCaPem, int appPort) {
        this.vertx = vertx;
        this.domain = domain;
        this.identity = identity;
        this.appCaPem = appCaPem;
        this.appPort = appPort;
    }

    /** Starts the peer's own listener; returns its address for the app's peer settings. */
    public String listen() throws Exception {
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setClientAuth(ClientAuth.REQUIRED)
                        .setKeyCertOptions(keyCert(identity))
                        .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(appCaPem)))
                        .setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    received.add(new Received(request.method(), request.path(), request.getHeader("Host"), request.getHeader("From"),
                            body.toString()));
                    if (request.path().equals("/.well-known/mimi-protocol-directory")) {
                        request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                                .put("identifierQuery", "https://" + domain + "/v1/identifierQuery/{domain}")
                                .put("requestConsent", "https://" + domain + "/v1/requestConsent/{targetDomain}")
                                .put("updateConsent", "https://" + domain + "/v1/updateConsent/{requesterDomain}")
                                .put("submitMessage", "https://" + domain + "/v1/submitMessage/{roomId}")
                                .put("notify", "https://" + domain + "/v1/notify/{roomId}")
                                .put("proxyDownload", "https://" + domain + "/v1/proxyDownload/{downloadUrl}").encode());
                    } else if (request.path().startsWith("/v1/proxyDownload/")) {
                        byte[] asset = assets.get(java.net.URLDecoder.decode(request.path().substring("/v1/proxyDownload/".length()),
                                java.nio.charset.StandardCharsets.UTF_8));
                        if (asset == null) {
                            request.response().setStatusCode(404).end();
                        } else {
                            request.response().putHeader("Content-Type", "application/octet-stream").end(Buffer.buffer(asset));
                        }
                    } else if (request.path().startsWith("/v1/identifierQuery/")) {
                        String number = new JsonObject(body.toString()).getJsonArray("queryElements").getJsonObject(0).getString("searchValue");
                        if (findable.contains(number)) {
                            request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("responseCode", "success")
                                    .put("uri", new io.vertx.core.json.JsonArray().add("mimi://" + domain + "/u/" + number)).encode());
                        } else {
                            request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                                    .end(new JsonObject().put("code", "not_found").put("message", "This user was not found.").encode());
                        }
                    } else {
                        request.response().setStatusCode(201).end();
                    }
                }))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return "https://127.0.0.1:" + server.actualPort();
    }

    public Answer post(String path, JsonObject body) {
        return call(identity, "mimi@" + domain, HttpMethod.POST, path, body);
    }

    Answer get(String path) {
        return call(identity, "mimi@" + domain, HttpMethod.GET, path, null);
    }

    /** A GET whose answer is bytes (a proxied download). */
    record Download(int status, byte[] body) {
    }

    Download download(String path) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false)
                .setKeyCertOptions(keyCert(identity))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(appCaPem))));
        try {
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(appPort).setURI(path)
                    .putHeader("Host", FederationTestResource.DOMAIN).putHeader("From", "mimi@" + domain);
            return client.request(options).compose(request -> request.send())
                    .compose(response -> response.body().map(content -> new Download(response.statusCode(), content.getBytes())))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the call to the app failed: " + e, e);
        } finally {
            client.close();
        }
    }

    /** A call with any certificate and any From, to play a stranger or an impostor. */
    Answer call(TestCa.Issued certificate, String from, HttpMethod method, String path, JsonObject body) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(false)
                .setKeyCertOptions(keyCert(certificate))
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(appCaPem))));
        try {
            RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(appPort).setURI(path)
                    .putHeader("Host", FederationTestResource.DOMAIN).putHeader("From", from).putHeader("Accept", "application/json");
            return client.request(options)
                    .compose(request -> body == null ? request.send()
                            : request.putHeader("Content-Type", "application/json").send(body.toBuffer()))
                    .compose(response -> response.body().map(content -> new Answer(response.statusCode(), content.toString())))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the call to the app failed: " + e, e);
        } finally {
            client.close();
        }
    }

    private static PemKeyCertOptions keyCert(TestCa.Issued issued) {
        return new PemKeyCertOptions().addCertValue(Buffer.buffer(issued.certificatePem())).addKeyValue(Buffer.buffer(issued.keyPem()));
    }

    @Override
    /** Waits until the listener and its connections are closed, so that the next test's peer never meets this one's. */
    public void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the test peer did not close", e);
            }
        }
    }
}
