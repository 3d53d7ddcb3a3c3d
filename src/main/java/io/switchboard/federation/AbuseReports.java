package io.switchboard.federation;

import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.conversation.ConversationAccess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Abuse reports in third-party rooms (MIMI's {@code reportAbuse}, docs/interop.md §4.10). MIMI sends them to the room's
 * hub, which is the business's provider: a peer's user reports the business here, and the business's own reports are
 * recorded here too. Both land in the audit trail, where owners and admins see them; neither is forwarded.
 */
@ApplicationScoped
public class AbuseReports {

    /** One allegedly abusive message as the reporting user's client quotes it: its MIMI content (b64u), not verified here. */
    public record AbusiveMessage(@NotNull @Pattern(regexp = "[A-Za-z0-9_-]{1,200000}") String messageContent) {
    }

    /** MIMI's AbuseReport in JSON: {@code reasonCode} 0 (the draft has no taxonomy yet). */
    public record PeerReport(@Size(max = 300) String reportingUser, @NotBlank @Size(max = 300) String allegedAbuserUri,
                             @PositiveOrZero @Max(255) int reasonCode, @NotNull @Size(max = 2000) String note,
                             @Size(max = 10) List<@Valid @NotNull AbusiveMessage> messages) {
    }

    /** A business device's report of the room's user. */
    public record BusinessReport(@NotNull @Size(max = 2000) String note) {
    }

    private final FederationService federation;
    private final ConsentStore consents;
    private final ConversationAccess access;
    private final AuditLog audit;

    AbuseReports(FederationService federation, ConsentStore consents, ConversationAccess access, AuditLog audit) {
        this.federation = federation;
        this.consents = consents;
        this.access = access;
        this.audit = audit;
    }

    /** A peer's user reports the business in a room granted to that peer; anything else is the one {@code not_found}. */
    @Transactional
    public void fromPeer(PeerRequest request, String roomId, PeerReport report) {
        Peer peer = federation.authenticate(request);
        Consent room = consents.findRoom(roomId)
                .filter(found -> found.peerDomain().equals(peer.domain()) && found.state() == Consent.State.GRANTED)
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        if (!federation.businessUri().equals(report.allegedAbuserUri())) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        Map<String, Object> details = details(room, "from-peer", report.note());
        details.put("reasonCode", report.reasonCode());
        details.put("messages", report.messages() == null ? 0 : report.messages().size());
        audit.record(AuditAction.THIRD_PARTY_ABUSE_REPORTED, null, null, details);
    }

    /** A business device reports the room's user; a local customer's conversation is {@code not_found}. */
    @Transactional
    public void fromBusiness(AuthenticatedDevice device, String roomId, BusinessReport report) {
        access.require(device, roomId);
        Consent room = consents.findRoom(roomId).orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        audit.record(AuditAction.THIRD_PARTY_ABUSE_REPORTED, device.deviceId(), null, details(room, "by-business", report.note()));
    }

    private static Map<String, Object> details(Consent room, String direction, String note) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("direction", direction);
        details.put("room", room.roomId());
        details.put("peer", room.peerDomain());
        details.put("user", room.remoteUser());
        details.put("note", note);
        return details;
    }
}
