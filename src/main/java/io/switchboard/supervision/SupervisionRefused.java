package io.switchboard.supervision;

import io.switchboard.platform.error.DomainException;
import java.util.Map;

/** Supervision's refusals; the HTTP status follows the kind (platform.error.ApiExceptionMappers). */
public class SupervisionRefused extends DomainException {

    private final Map<String, Object> details;

    private SupervisionRefused(Kind kind, String code, String message, Map<String, Object> details) {
        super(kind, code, message);
        this.details = details;
    }

    @Override
    public Map<String, Object> details() {
        return details;
    }

    /** The same shape as a failed annotation check: {@code details.fields} maps each field to what is wrong. */
    static SupervisionRefused invalid(Map<String, String> fields) {
        return new SupervisionRefused(Kind.INVALID, "validation_failed", "Some fields are missing or invalid.", Map.of("fields", fields));
    }

    static SupervisionRefused outOfScope() {
        return new SupervisionRefused(Kind.FORBIDDEN, "team_out_of_scope", "You supervise other teams.", Map.of());
    }

    static SupervisionRefused roleRequired() {
        return new SupervisionRefused(Kind.FORBIDDEN, "role_required", "Your role does not allow this.", Map.of());
    }

    static SupervisionRefused teamNotFound() {
        return new SupervisionRefused(Kind.NOT_FOUND, "team_not_found", "There is no such team.", Map.of());
    }
}
