package io.switchboard.events;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.switchboard.auth.AuthService;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.Unauthenticated;
import io.switchboard.platform.PublicUrl;
import io.vertx.core.http.Cookie;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Authenticates every WebSocket at the handshake: the {@code Origin} must be the configured public
 * origin (a cookie alone would let any site's page open the socket) and the session cookie valid.
 */
@ApplicationScoped
public class EventSocketHandshake implements HttpUpgradeCheck {

    private final AuthService auth;
    private final PublicUrl publicUrl;

    EventSocketHandshake(AuthService auth, PublicUrl publicUrl) {
        this.auth = auth;
        this.publicUrl = publicUrl;
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        String origin = context.httpRequest().getHeader("Origin");
        if (origin == null || !origin.equals(publicUrl.origin())) {
            return CheckResult.rejectUpgrade(403);
        }
        Cookie cookie = context.httpRequest().getCookie(AuthService.COOKIE);
        if (cookie == null) {
            return CheckResult.rejectUpgrade(401);
        }
        return Uni.createFrom().item(() -> authenticate(cookie.getValue()))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(device -> {
                    if (device == null) {
                        return CheckResult.rejectUpgradeSync(401);
                    }
                    EventSocket.remember(context.userData(), device);
                    return CheckResult.permitUpgradeSync();
                });
    }

    private AuthenticatedDevice authenticate(String token) {
        try {
            return auth.authenticate(token);
        } catch (Unauthenticated e) {
            return null;
        }
    }
}
