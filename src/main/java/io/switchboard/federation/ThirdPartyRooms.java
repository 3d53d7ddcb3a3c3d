package io.switchboard.federation;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.blobs.BlobService;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.file.Path;

/**
 * A third-party chat as the business's browsers need it to write MIMI content (its URIs and where its attachments
 * are served), and the proxied downloads of its attachments in both directions (docs/interop.md §4.7).
 */
@ApplicationScoped
public class ThirdPartyRooms {

    /**
     * What a business browser needs to write in a third-party room: the provider of the user ({@code source}), the
     * URIs MIMI content names (docs/interop.md §1) and the first part of this provider's asset URLs.
     */
    public record Room(String roomId, String source, String roomUri, String businessUri, String userUri, String assetBase) {
    }

    private final FederationService federation;
    private final ConsentStore consents;
    private final ConversationAccess access;
    private final BlobService blobs;
    private final PeerDownloads downloads;
    private final FederationListener listener;
    private final SwitchboardConfig config;
    private final RemoteChatStore remoteChats;

    ThirdPartyRooms(FederationService federation, ConsentStore consents, ConversationAccess access, BlobService blobs,
                    PeerDownloads downloads, FederationListener listener, SwitchboardConfig config, RemoteChatStore remoteChats) {
        this.federation = federation;
        this.consents = consents;
        this.remoteChats = remoteChats;
        this.access = access;
        this.blobs = blobs;
        this.downloads = downloads;
        this.listener = listener;
        this.config = config;
    }

    /** The room of a conversation this device may read; a local customer's conversation is {@code not_found}. */
    @Transactional
    public Room room(AuthenticatedDevice device, String roomId) {
        access.require(device, roomId);
        Consent consent = consents.findRoom(roomId).orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        String own = federation.ownDomain();
        return new Room(roomId, consent.peerDomain(), "mimi://" + own + "/r/" + roomId, federation.businessUri(),
                new UserUri(consent.peerDomain(), consent.remoteUser()).toString(), AssetUrl.base(own, listener.port()));
    }

    /**
     * The file at {@code url} for a business device reading the room: fetched by this provider from the room's peer
     * (only from URLs at the peer's own domain, so this is not an open proxy) while the room is granted and the peer on.
     */
    public byte[] download(AuthenticatedDevice device, String roomId, String url) {
        Peer peer = grantedPeer(device, roomId);
        if (!AssetUrl.isAt(url, peer.domain())) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        return downloads.fetch(peer, url, config.blobs().maxBytes());
    }

    /** Plain reads, outside any transaction: the fetch after them may take up to the request timeout. */
    private Peer grantedPeer(AuthenticatedDevice device, String roomId) {
        access.require(device, roomId);
        Consent consent = consents.findRoom(roomId).filter(room -> room.state() == Consent.State.GRANTED)
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        return federation.enabledPeer(consent.peerDomain());
    }

    /**
     * A peer's {@code proxyDownload}: the blob at one of this provider's asset URLs, when it was uploaded to a room granted
     * to that peer (by a business device) or to a customer's remote chat with that peer's business that stands granted.
     * Everything else is the one {@code not_found}.
     */
    @Transactional
    public Path forPeer(PeerRequest request, String downloadUrl) {
        Peer peer = federation.authenticate(request);
        String blobId = AssetUrl.blobAt(downloadUrl, federation.ownDomain()).orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        BlobService.Found found = blobs.find(blobId).orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        boolean granted = found.remoteChatId() != null
                ? remoteChats.find(found.remoteChatId())
                        .filter(chat -> chat.peerDomain().equals(peer.domain()) && chat.state() == Consent.State.GRANTED).isPresent()
                : consents.findRoom(found.conversationId())
                        .filter(room -> room.peerDomain().equals(peer.domain()) && room.state() == Consent.State.GRANTED).isPresent();
        if (!granted) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        return found.file();
    }
}
