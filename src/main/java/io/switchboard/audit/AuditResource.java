package io.switchboard.audit;

import io.switchboard.auth.Caller;
import io.switchboard.protocol.Role;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.List;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/audit")
public class AuditResource {

    private final AuditLog audit;
    private final Caller caller;

    AuditResource(AuditLog audit, Caller caller) {
        this.audit = audit;
        this.caller = caller;
    }

    @GET
    public List<AuditLog.AuditEntry> recent(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        caller.requireRole(Role.ADMINS);
        return audit.recent(limit);
    }
}
