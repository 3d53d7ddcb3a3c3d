package io.switchboard.auth;

import io.switchboard.protocol.Role;
import io.vertx.core.http.Cookie;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.enterprise.context.RequestScoped;
import java.util.Set;

/**
 * The device behind the current request, resolved from the session cookie on first use. Every
 * resource method that needs a device asks for it here, with the role it needs.
 */
@RequestScoped
public class Caller {

    private final CurrentVertxRequest request;
    private final AuthService auth;
    private AuthenticatedDevice device;

    Caller(CurrentVertxRequest request, AuthService auth) {
        this.request = request;
        this.auth = auth;
    }

    public AuthenticatedDevice require() {
        if (device == null) {
            device = auth.authenticate(sessionToken());
        }
        return device;
    }

    /** A device of the business (any role), not a customer's. */
    public AuthenticatedDevice requireBusiness() {
        AuthenticatedDevice caller = require();
        if (!caller.business()) {
            throw new NotPermitted(NotPermitted.BUSINESS_DEVICE_REQUIRED);
        }
        return caller;
    }

    /** A customer's browser, not the business's. */
    public AuthenticatedDevice requireCustomer() {
        AuthenticatedDevice caller = require();
        if (caller.business()) {
            throw new NotPermitted(NotPermitted.CUSTOMER_DEVICE_REQUIRED);
        }
        return caller;
    }

    /** The business's primary device. */
    public AuthenticatedDevice requirePrimary() {
        AuthenticatedDevice caller = requireBusiness();
        if (!caller.primary()) {
            throw new NotPermitted(NotPermitted.PRIMARY_REQUIRED);
        }
        return caller;
    }

    /** A business device with one of these roles. */
    public AuthenticatedDevice requireRole(Set<Role> roles) {
        AuthenticatedDevice caller = requireBusiness();
        if (!roles.contains(caller.role())) {
            throw new NotPermitted(NotPermitted.ROLE_REQUIRED);
        }
        return caller;
    }

    public String sessionToken() {
        Cookie cookie = request.getCurrent().request().getCookie(AuthService.COOKIE);
        return cookie == null ? null : cookie.getValue();
    }
}
