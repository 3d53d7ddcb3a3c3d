package io.switchboard.federation;

import io.switchboard.audit.AuditAction;
import io.switchboard.audit.AuditLog;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The business's third-party chat settings: which peer providers it allows, how it trusts them, and where the
 * inbox shows their chats. Every change is audited ({@code third-party-settings.changed}).
 */
@ApplicationScoped
@Transactional
public class FederationSettings {

    /** What the settings page shows: this provider's domain (null when not configured) and the peers. */
    public record View(String domain, boolean listening, List<Peer> peers) {
    }

    private final PeerStore peers;
    private final PeerClient client;
    private final FolderStore folder;
    private final FederationListener listener;
    private final SwitchboardConfig config;
    private final AuditLog audit;
    private final Clock clock;
    private final Event<FolderPushes.FolderChanged> folderChanged;

    FederationSettings(PeerStore peers, FolderStore folder, FederationListener listener, SwitchboardConfig config, AuditLog audit,
                       Clock clock, Event<FolderPushes.FolderChanged> folderChanged, PeerClient client) {
        this.peers = peers;
        this.client = client;
        this.folder = folder;
        this.listener = listener;
        this.config = config;
        this.audit = audit;
        this.clock = clock;
        this.folderChanged = folderChanged;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public View view() {
        return new View(config.federation().domain().orElse(null), listener.port() >= 0, peers.all());
    }

    /** Adds or changes a peer; a new peer is usually added off and turned on once its trust is checked. */
    public Peer putPeer(String actorDeviceId, String domain, String address, String trustPem, boolean enabled) {
        try {
            PeerCertificates.parse(trustPem);
        } catch (IllegalArgumentException e) {
            throw new FederationRefused(FederationRefused.INVALID_TRUST);
        }
        Peer peer = new Peer(domain.toLowerCase(Locale.ROOT), address, trustPem.strip() + "\n", enabled);
        peers.put(peer, clock.instant());
        client.forget(peer.domain());
        audit.record(AuditAction.THIRD_PARTY_SETTINGS_CHANGED, actorDeviceId, null, Map.of("peer", peer.domain(), "enabled", enabled));
        return peer;
    }

    /** Forgets a peer with its consents and the messages submitted under them. */
    public void deletePeer(String actorDeviceId, String domain) {
        String peer = domain.toLowerCase(Locale.ROOT);
        if (!peers.delete(peer)) {
            throw new FederationRefused(FederationRefused.PEER_NOT_FOUND);
        }
        client.forget(peer);
        audit.record(AuditAction.THIRD_PARTY_SETTINGS_CHANGED, actorDeviceId, null, Map.of("peer", peer, "removed", true));
    }

    /** Where the inbox shows third-party chats; every business device may read it. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ThirdPartyFolder folder() {
        return folder.get();
    }

    /** Moves the third-party chats in every open inbox at once (after commit); setting the same value again changes nothing. */
    public ThirdPartyFolder setFolder(String actorDeviceId, ThirdPartyFolder wanted) {
        if (folder.get() != wanted) {
            folder.put(wanted, clock.instant(), actorDeviceId);
            audit.record(AuditAction.THIRD_PARTY_SETTINGS_CHANGED, actorDeviceId, null, Map.of("folder", wanted.code()));
            folderChanged.fire(new FolderPushes.FolderChanged());
        }
        return wanted;
    }
}
