package io.switchboard.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        return search(new Filter(Set.of(), Set.of(), null, null, null), limit);
    }

    /**
     * Which entries: of these actions and devices (as actor or subject; empty: any), in
     * {@code [from, to)}, older than entry {@code before} (the page before), newest first.
     */
    public record Filter(Set<String> actions, Set<String> devices, Instant from, Instant to, Long before) {
    }

    @Transactional
    public List<AuditEntry> search(Filter filter, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> parameters = new HashMap<>();
        if (!filter.actions().isEmpty()) {
            where.append(" and action in :actions");
            parameters.put("actions", filter.actions());
        }
        if (!filter.devices().isEmpty()) {
            where.append(" and (actorDeviceId in :devices or subjectDeviceId in :devices)");
            parameters.put("devices", filter.devices());
        }
        if (filter.from() != null) {
            where.append(" and occurredAt >= :from");
            parameters.put("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and occurredAt < :to");
            parameters.put("to", filter.to());
        }
        if (filter.before() != null) {
            where.append(" and id < :before");
            parameters.put("before", filter.before());
        }
        return AuditEvent.<AuditEvent>find(where + " order by id desc", parameters).page(0, limit).list().stream()
                .map(this::toEntry)
                .toList();
    }

    /** The entries of the filter as CSV (at most {@code limit}, newest first); the export itself is recorded first, so it lists itself. */
    @Transactional
    public String exportCsv(String actorDeviceId, Filter filter, int limit) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("actions", List.copyOf(filter.actions()));
        details.put("devices", List.copyOf(filter.devices()));
        if (filter.from() != null) {
            details.put("from", filter.from().toString());
        }
        if (filter.to() != null) {
            details.put("to", filter.to().toString());
        }
        record(AuditAction.AUDIT_EXPORTED, actorDeviceId, null, details);
        StringBuilder csv = new StringBuilder("id,at,action,actor_device_id,subject_device_id,details\r\n");
        for (AuditEntry entry : search(filter, limit)) {
            csv.append(entry.id()).append(',').append(entry.at()).append(',').append(entry.action()).append(',')
                    .append(nullToEmpty(entry.actorDeviceId())).append(',').append(nullToEmpty(entry.subjectDeviceId())).append(',')
                    .append(quoted(details(entry))).append("\r\n");
        }
        return csv.toString();
    }

    private String details(AuditEntry entry) {
        try {
            return json.writeValueAsString(entry.details());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** RFC 4180 quoting; details are JSON objects, so they never start with a formula character. */
    private static String quoted(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
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
