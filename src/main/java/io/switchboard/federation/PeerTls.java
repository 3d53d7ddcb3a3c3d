package io.switchboard.federation;

import io.switchboard.platform.SwitchboardConfig;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;

/**
 * How this provider connects to a peer as a client, for every call (PeerClient) and every download
 * (PeerDownloads): TLS 1.3 with this provider's certificate, trusting the server only when its chain
 * proves the peer's domain against the trust the owner configured for that peer.
 */
final class PeerTls {

    private PeerTls() {
    }

    static HttpClientOptions clientOptions(Peer peer, SwitchboardConfig.Federation federation, Clock clock) {
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
