package io.switchboard.federation;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a Switchboard provider serves a third-party chat's attachment to peers: {@code https://<domain>[:port]/v1/assets/<blob id>}.
 * Peers never fetch it there directly but through the provider's {@code proxyDownload} (docs/interop.md §4.7).
 */
final class AssetUrl {

    static final String PATH = "/v1/assets/";

    private AssetUrl() {
    }

    /** The first part of every asset URL of this provider, as the directory names its endpoints. */
    static String base(String ownDomain, int port) {
        return "https://" + ownDomain + (port == 443 ? "" : ":" + port) + PATH;
    }

    /** The blob id of an asset URL at {@code domain} (any port), or empty for any other URL. */
    static Optional<String> blobAt(String url, String domain) {
        return parse(url).filter(uri -> uri.getHost().equalsIgnoreCase(domain) && uri.getRawPath().startsWith(PATH))
                .map(uri -> uri.getRawPath().substring(PATH.length()))
                .filter(id -> id.matches("[A-Za-z0-9_-]{1,64}"));
    }

    /** Whether the URL is an https URL whose host is {@code domain}: the only URLs a peer's download is asked for. */
    static boolean isAt(String url, String domain) {
        return parse(url).filter(uri -> uri.getHost().toLowerCase(Locale.ROOT).equals(domain.toLowerCase(Locale.ROOT))).isPresent();
    }

    private static Optional<URI> parse(String url) {
        if (url == null || url.length() > 2048) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
                    && uri.getRawFragment() == null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
