package io.switchboard.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/** The configured public URL and what follows from it. Free of I/O, so the event loop may call it. */
@ApplicationScoped
public class PublicUrl {

    private final String origin;
    private final boolean secureCookies;

    PublicUrl(SwitchboardConfig config) {
        URI uri = URI.create(config.publicUrl());
        this.origin = uri.getScheme() + "://" + uri.getAuthority();
        this.secureCookies = config.sessions().secureCookie().orElse("https".equals(uri.getScheme()));
    }

    /** The only origin pages, sign-in signatures and WebSocket handshakes are accepted from. */
    public String origin() {
        return origin;
    }

    public boolean secureCookies() {
        return secureCookies;
    }
}
