package io.switchboard.federation;

import io.switchboard.protocol.E164;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * "New third-party chat": the business asks a peer for a number and, when the peer has such a user who
 * may be found, asks for their consent. The conversation opens when the user grants it with their
 * device list (docs/interop.md §4.3).
 */
@ApplicationScoped
public class ThirdPartyChats {

    private final FederationService federation;
    private final ThirdPartyProvider provider;

    ThirdPartyChats(FederationService federation, ThirdPartyProvider provider) {
        this.federation = federation;
        this.provider = provider;
    }

    /** What the agent sees: the room, and whether the user still has to accept. */
    public record Started(String roomId, String state) {
    }

    /** The peer is asked outside any transaction: it may take up to the request timeout to answer. */
    Started start(String domain, String phoneNumber) {
        if (!E164.isValid(phoneNumber)) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        Peer peer = federation.enabledPeer(domain);
        String target = provider.findUser(peer, phoneNumber).orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        UserUri user = UserUri.parse(target);
        if (user == null || !user.equals(new UserUri(peer.domain(), phoneNumber))) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        Consent consent = federation.requested(peer, phoneNumber);
        if (consent.state() != Consent.State.GRANTED) {
            provider.requestConsent(peer, new MimiWire.ConsentEntry("request", federation.businessUri(), target, consent.roomId()));
        }
        return new Started(consent.roomId(), consent.state().column());
    }
}
