package io.switchboard.audit;

import io.switchboard.auth.Caller;
import io.switchboard.platform.Ids;
import io.switchboard.platform.error.ValidationFailed;
import io.switchboard.protocol.Role;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The audit trail for owners and admins (docs/protocol.md §15.8): newest first, filtered, and as CSV. */
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/audit")
public class AuditResource {

    static final int MAX_EXPORT = 100_000;

    private final AuditLog audit;
    private final Caller caller;

    AuditResource(AuditLog audit, Caller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    public List<AuditLog.AuditEntry> recent(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
                                            @QueryParam("action") @Size(max = 30) List<@Pattern(regexp = "[a-z.-]{1,40}") String> actions,
                                            @QueryParam("device") @Size(max = 50) List<@Pattern(regexp = Ids.PATTERN) String> devices,
                                            @QueryParam("from") String from, @QueryParam("to") String to,
                                            @QueryParam("before") @Min(1) Long before) {
        caller.requireRole(Role.ADMINS);
        return audit.search(filter(actions, devices, from, to, before), limit);
    }

    @GET
    @Path("/export.csv")
    @Produces("text/csv; charset=utf-8")
    public Response export(@QueryParam("action") @Size(max = 30) List<@Pattern(regexp = "[a-z.-]{1,40}") String> actions,
                           @QueryParam("device") @Size(max = 50) List<@Pattern(regexp = Ids.PATTERN) String> devices,
                           @QueryParam("from") String from, @QueryParam("to") String to) {
        String csv = audit.exportCsv(caller.requireRole(Role.ADMINS).deviceId(), filter(actions, devices, from, to, null), MAX_EXPORT);
        return Response.ok(csv, "text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"audit.csv\"").build();
    }

    private static AuditLog.Filter filter(List<String> actions, List<String> devices, String from, String to, Long before) {
        Set<String> known = new HashSet<>();
        for (String action : actions == null ? List.<String>of() : actions) {
            if (AuditAction.fromCode(action).isEmpty()) {
                throw new ValidationFailed(Map.of("action", "unknown action " + action));
            }
            known.add(action);
        }
        return new AuditLog.Filter(known, devices == null ? Set.of() : Set.copyOf(devices), instant(from, "from"), instant(to, "to"), before);
    }

    private static Instant instant(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationFailed(Map.of(field, "must be an instant such as 2026-12-01T00:00:00Z"));
        }
    }
}
