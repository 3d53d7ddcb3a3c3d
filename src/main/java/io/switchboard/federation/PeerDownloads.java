package io.switchboard.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches an attachment from a peer provider through its {@code proxyDownload} (docs/interop.md §4.7), over the same
 * mutual TLS as every other call to it, so the peer sees this provider asking and never a reader's address. The body
 * is read up to a limit and the transfer cut beyond it.
 */
@ApplicationScoped
class PeerDownloads {

    private final Vertx vertx;
    private final SwitchboardConfig config;
    private final Clock clock;
    private final ObjectMapper json;

    PeerDownloads(Vertx vertx, SwitchboardConfig config, Clock clock, ObjectMapper json) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.json = json;
    }

    /** The bytes at {@code url}; {@code not_found} when the peer has nothing there for this provider. */
    byte[] fetch(Peer peer, String url, long maxBytes) {
        HttpClient client = vertx.createHttpClient(PeerTls.clientOptions(peer, config.federation(), clock));
        try {
            Buffer body = get(client, peer, FederationListener.DIRECTORY_PATH, 64 * 1024)
                    .compose(directory -> {
                        JsonNode template = readTree(directory).path("proxyDownload");
                        if (!template.isTextual() || !template.asText().contains("{downloadUrl}")) {
                            return Future.failedFuture(new FederationRefused(FederationRefused.NOT_FOUND));
                        }
                        String path = URI.create(template.asText().replace("{downloadUrl}", "x")).getRawPath();
                        return get(client, peer, path.substring(0, path.length() - 1) + URLEncoder.encode(url, StandardCharsets.UTF_8), maxBytes);
                    })
                    .toCompletionStage().toCompletableFuture()
                    .get(config.federation().requestTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
            return body.getBytes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownloadRefused(DownloadRefused.PEER_UNAVAILABLE);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FederationRefused refused) {
                throw refused;
            }
            if (e.getCause() instanceof DownloadRefused refused) {
                throw refused;
            }
            throw new DownloadRefused(DownloadRefused.PEER_UNAVAILABLE);
        } catch (TimeoutException e) {
            throw new DownloadRefused(DownloadRefused.PEER_UNAVAILABLE);
        } finally {
            client.close();
        }
    }

    /** A GET whose answer must be 2xx and at most {@code maxBytes}; a peer's 4xx is not found, anything else unavailable. */
    private Future<Buffer> get(HttpClient client, Peer peer, String path, long maxBytes) {
        URI address = URI.create(peer.address());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(address.getHost())
                .setPort(address.getPort() < 0 ? 443 : address.getPort()).setURI(path)
                .setTimeout(config.federation().requestTimeout().toMillis())
                .putHeader("Host", peer.domain())
                .putHeader("From", "mimi@" + config.federation().domain().orElseThrow());
        return client.request(request).compose(HttpClientRequest::send).compose(response -> limited(response, maxBytes));
    }

    private static Future<Buffer> limited(HttpClientResponse response, long maxBytes) {
        Promise<Buffer> result = Promise.promise();
        if (response.statusCode() / 100 == 4) {
            response.request().reset();
            return Future.failedFuture(new FederationRefused(FederationRefused.NOT_FOUND));
        }
        if (response.statusCode() / 100 != 2) {
            response.request().reset();
            return Future.failedFuture(new DownloadRefused(DownloadRefused.PEER_UNAVAILABLE));
        }
        String declared = response.getHeader("Content-Length");
        if (declared != null && declared.matches("[0-9]{1,18}") && Long.parseLong(declared) > maxBytes) {
            response.request().reset();
            return Future.failedFuture(new DownloadRefused(DownloadRefused.TOO_LARGE));
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + (long) chunk.length() > maxBytes) {
                result.tryFail(new DownloadRefused(DownloadRefused.TOO_LARGE));
                response.request().reset();
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(result::tryFail);
        response.endHandler(done -> result.tryComplete(body));
        return result.future();
    }


    private JsonNode readTree(Buffer buffer) {
        try {
            return json.readTree(buffer.getBytes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a peer's directory is not JSON", e);
        }
    }
}
