package io.switchboard.federation;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a TLS chain a peer presented proves its domain (RFC 6125, as MIMI's transport requires): the
 * chain ends in one of the certificates the owner entered for that peer (a CA, or the peer's own
 * certificate, pinned), every certificate is valid now, and the leaf names the domain as a DNS
 * subject alternative name. Revocation is not checked: removing or replacing a peer's trust is how a
 * compromised peer is cut off.
 */
final class PeerCertificates {

    private static final int DNS_NAME = 2;

    private PeerCertificates() {
    }

    /** The certificates of a PEM text; refuses text that holds none or anything unparsable. */
    static List<X509Certificate> parse(String pem) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .forEach(certificate -> certificates.add((X509Certificate) certificate));
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificate in the PEM text");
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("the PEM text does not hold X.509 certificates", e);
        }
    }

    static boolean proves(List<X509Certificate> chain, List<X509Certificate> trusted, String domain, Instant now) {
        if (chain.isEmpty() || !namesDomain(chain.get(0), domain)) {
            return false;
        }
        Date at = Date.from(now);
        try {
            for (X509Certificate certificate : chain) {
                certificate.checkValidity(at);
            }
            X509Certificate leaf = chain.get(0);
            if (trusted.contains(leaf)) {
                return true;
            }
            // the path ends before the first certificate that is itself trusted
            List<X509Certificate> path = new ArrayList<>();
            for (X509Certificate certificate : chain) {
                if (trusted.contains(certificate)) {
                    break;
                }
                path.add(certificate);
            }
            Set<TrustAnchor> anchors = trusted.stream().map(certificate -> new TrustAnchor(certificate, null)).collect(Collectors.toSet());
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(at);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean namesDomain(X509Certificate leaf, String domain) {
        try {
            if (leaf.getSubjectAlternativeNames() == null) {
                return false;
            }
            String wanted = domain.toLowerCase(Locale.ROOT);
            return leaf.getSubjectAlternativeNames().stream()
                    .anyMatch(name -> ((Integer) name.get(0)) == DNS_NAME && wanted.equals(((String) name.get(1)).toLowerCase(Locale.ROOT)));
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
