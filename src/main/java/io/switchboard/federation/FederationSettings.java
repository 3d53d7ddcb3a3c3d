package io.switchboard.federation;

import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** The business's third-party chat settings: which peer providers it allows, and how it trusts them. */
@ApplicationScoped
@Transactional
public class FederationSettings {

    /** What the settings page shows: this provider's domain (null when not configured) and the peers. */
    public record View(String domain, boolean listening, List<Peer> peers) {
    }

    private final PeerStore peers;
    private final FederationListener listener;
    private final SwitchboardConfig config;
    private final Clock clock;

    FederationSettings(PeerStore peers, FederationListener listener, SwitchboardConfig config, Clock clock) {
        this.peers = peers;
        this.listener = listener;
        this.config = config;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public View view() {
        return new View(config.federation().domain().orElse(null), listener.port() >= 0, peers.all());
    }

    /** Adds or changes a peer; a new peer is usually added off and turned on once its trust is checked. */
    public Peer putPeer(String domain, String address, String trustPem, boolean enabled) {
        try {
            PeerCertificates.parse(trustPem);
        } catch (IllegalArgumentException e) {
            throw new FederationRefused(FederationRefused.INVALID_TRUST);
        }
        Peer peer = new Peer(domain.toLowerCase(Locale.ROOT), address, trustPem.strip() + "\n", enabled);
        peers.put(peer, clock.instant());
        return peer;
    }

    /** Forgets a peer with its consents and the messages submitted under them. */
    public void deletePeer(String domain) {
        if (!peers.delete(domain.toLowerCase(Locale.ROOT))) {
            throw new FederationRefused(FederationRefused.PEER_NOT_FOUND);
        }
    }
}
