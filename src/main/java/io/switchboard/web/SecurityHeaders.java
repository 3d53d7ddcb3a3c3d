package io.switchboard.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Headers on every answer of the public port — pages, scripts, API, errors — that tell browsers
 * to run only this server's own scripts and styles, never to show it inside a frame, never to send
 * its addresses to other sites, and never to guess a type. The pages load their Vite bundles and
 * style sheets from this origin and build everything else in script, so nothing inline is needed;
 * {@code blob:} is allowed for images and media because attachments are shown from the decrypted
 * bytes in the browser.
 */
@ApplicationScoped
public class SecurityHeaders {

    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' blob:",
            "media-src 'self' blob:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    void register(@Observes Filters filters) {
        // Before every other filter, so refusals made by filters (413, 400) carry the headers too.
        filters.register(context -> {
            MultiMap headers = context.response().headers();
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Content-Type-Options", "nosniff");
            context.next();
        }, 1000);
    }
}
