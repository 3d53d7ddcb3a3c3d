package io.switchboard.platform.error;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Request smuggling behind a proxy needs a body whose end two servers see differently, such as a
 * {@code Content-Length} and a {@code Transfer-Encoding} in one request (RFC 9112 §6.3). The HTTP
 * decoder refuses that combination with 400 and closes the connection; in case a decoder ever takes
 * such a request as chunked instead, every request with a {@code Transfer-Encoding} is also answered
 * on a connection that is then closed, so nothing a proxy took for the rest of its body is read as a
 * request of its own.
 */
@ApplicationScoped
public class MessageFraming {

    void register(@Observes Filters filters) {
        // Priority 900: after the security headers (1000), before the body limits (100 and 1).
        filters.register(context -> {
            if (context.request().getHeader(HttpHeaderNames.TRANSFER_ENCODING) != null) {
                context.response().putHeader(HttpHeaderNames.CONNECTION, "close");
                context.addEndHandler(ended -> context.request().connection().close());
            }
            context.next();
        }, 900);
    }
}
