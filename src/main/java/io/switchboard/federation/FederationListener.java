package io.switchboard.federation;

import io.quarkus.runtime.ShutdownEvent;
import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.X509TrustManager;
import org.jboss.logging.Logger;

/**
 * The server-to-server listener (docs/interop.md §2): HTTPS with a client certificate required, serving
 * only MIMI's directory and {@code /v1/} endpoints, which it hands to the app's router like any request;
 * {@link MimiResource} answers them only when they arrived here. The TLS layer only makes the peer prove
 * it holds the key of the certificate it shows; whether that certificate proves the domain in
 * {@code From} is decided per request, against the owner's current peer settings, so turning a peer
 * off or changing its trust needs no restart.
 */
@ApplicationScoped
public class FederationListener {

    private static final Logger LOG = Logger.getLogger(FederationListener.class);
    static final String DIRECTORY_PATH = "/.well-known/mimi-protocol-directory";

    private final Vertx vertx;
    private final SwitchboardConfig config;
    private volatile HttpServer server;

    FederationListener(Vertx vertx, SwitchboardConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** The port it listens on, or -1 when federation is not configured. */
    public int port() {
        HttpServer running = server;
        return running == null ? -1 : running.actualPort();
    }

    void start(@Observes Router router) {
        SwitchboardConfig.Federation federation = config.federation();
        if (federation.domain().isEmpty() || federation.certificateFile().isEmpty() || federation.keyFile().isEmpty()) {
            return;
        }
        HttpServerOptions options = new HttpServerOptions()
                .setSsl(true)
                .setClientAuth(ClientAuth.REQUIRED)
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(federation.certificateFile().get()).setKeyPath(federation.keyFile().get()))
                .setTrustOptions(TrustOptions.wrap(ANY_CLIENT_CERTIFICATE))
                .setHost(federation.host())
                .setPort(federation.port());
        try {
            server = vertx.createHttpServer(options)
                    .requestHandler(request -> {
                        String path = request.path();
                        if (path.equals(DIRECTORY_PATH) || path.startsWith("/v1/")) {
                            router.handle(request);
                        } else {
                            request.response().setStatusCode(404).end();
                        }
                    })
                    .listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LOG.infof("Third-party chats: listening for peer providers on %s:%d as %s", federation.host(), server.actualPort(),
                    federation.domain().get());
        } catch (Exception e) {
            LOG.errorf(e, "Third-party chats: the peer listener did not start on port %d", federation.port());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        HttpServer running = server;
        if (running != null) {
            running.close();
        }
    }

    /** Accepts any chain at the handshake; {@link PeerCertificates} judges it per request. */
    private static final X509TrustManager ANY_CLIENT_CERTIFICATE = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // judged per request against the peer named in From
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("the peer listener is a server only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
