package io.switchboard.platform.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input the request's shape allows but a rule refuses: either named fields with what each must be
 * (as Bean Validation reports them), or one sentence about the input as a whole.
 */
public final class ValidationFailed extends DomainException {

    private final Map<String, Object> fields;

    /** Refuses the input as a whole, for a rule across fields or beyond one field's own constraints. */
    public ValidationFailed(String message) {
        super(Kind.INVALID, "validation_failed", message);
        this.fields = Map.of();
    }

    /** Refuses named fields; each value says what the field must be. */
    public ValidationFailed(Map<String, ?> fields) {
        super(Kind.INVALID, "validation_failed", "Some fields are missing or invalid.");
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static ValidationFailed field(String field, String mustBe) {
        return new ValidationFailed(Map.of(field, mustBe));
    }

    @Override
    public Map<String, Object> details() {
        return fields.isEmpty() ? Map.of() : Map.of("fields", fields);
    }
}
