package io.switchboard.supervision;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.conversation.EndReason;
import io.switchboard.routing.events.ConversationAssigned;
import io.switchboard.routing.events.ConversationTransferred;
import io.switchboard.routing.policy.Choice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the assignments and transfers people make to the audit trail, in the transaction that made
 * them (docs/protocol.md §15.8). The router's own assignments are not audited: they are routing, not
 * someone's decision, and the assignment history keeps them. A take-over is audited as one.
 */
@ApplicationScoped
class FloorAudit {

    private final AuditLog audit;

    FloorAudit(AuditLog audit) {
        this.audit = audit;
    }

    void assigned(@Observes ConversationAssigned event) {
        if (event.byDeviceId() == null || (event.reason() != null && Choice.TAKEN_OVER.equals(event.reason().code()))) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("conversation", event.conversationId());
        if (event.teamId() != null) {
            details.put("team", event.teamId());
        }
        if (event.reason() != null) {
            details.put("reason", event.reason().code());
        }
        record(AuditAction.CONVERSATION_ASSIGNED, event.byDeviceId(), event.deviceId(), details);
    }

    void transferred(@Observes ConversationTransferred event) {
        if (event.byDeviceId() == null || event.endReason() == EndReason.TAKEN_OVER) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("conversation", event.conversationId());
        if (event.fromDeviceId() != null) {
            details.put("from", event.fromDeviceId());
        }
        if (event.toTeamId() != null) {
            details.put("team", event.toTeamId());
        }
        record(AuditAction.CONVERSATION_TRANSFERRED, event.byDeviceId(), event.toDeviceId(), details);
    }

    private void record(AuditAction action, String actor, String subject, Map<String, Object> details) {
        if (QuarkusTransaction.isActive()) {
            audit.record(action, actor, subject, details);
        } else {
            QuarkusTransaction.requiringNew().run(() -> audit.record(action, actor, subject, details));
        }
    }
}
