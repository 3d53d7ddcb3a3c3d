package io.switchboard.federation;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a request from a peer claims and proves: its {@code From} ({@code mimi@<peer domain>}), its
 * {@code Host} (this provider's domain, the port ignored) and the certificate chain of its TLS connection.
 */
public record PeerRequest(String from, String host, List<X509Certificate> chain) {

    public PeerRequest {
        chain = List.copyOf(chain);
    }
}
