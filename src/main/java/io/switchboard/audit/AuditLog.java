package io.switchboard.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Appends to the audit trail inside the caller's transaction, so an undone change leaves no entry. */
@ApplicationScoped
public class AuditLog {

    private final Clock clock;
    private final ObjectMapper json;

    AuditLog(Clock clock, ObjectMapper json) {
        this.clock = clock;
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(AuditAction action, String actorDeviceId, String subjectDeviceId, Map<String, ?> details) {
        AuditEvent event = new AuditEvent();
        event.occurredAt = clock.instant();
        event.action = action.code();
        event.actorDeviceId = actorDeviceId;
        event.subjectDeviceId = subjectDeviceId;
        try {
            event.details = json.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details must be plain JSON values", e);
        }
        event.persist();
    }

    @Transactional
    public List<AuditEntry> recent(int limit) {
        return AuditEvent.<AuditEvent>find("order by occurredAt desc, id desc").page(0, limit).list().stream()
                .map(this::toEntry)
                .toList();
    }

    private AuditEntry toEntry(AuditEvent event) {
        try {
            return new AuditEntry(event.id, event.occurredAt, event.action, event.actorDeviceId, event.subjectDeviceId,
                    json.readValue(event.details, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored audit details are not JSON", e);
        }
    }

    public record AuditEntry(long id, java.time.Instant at, String action, String actorDeviceId, String subjectDeviceId,
                             Map<?, ?> details) {
    }
}
