package io.switchboard.federation;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.blobs.BlobService;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.E164;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * The steps of the customer side that wait for the business's provider (docs/interop.md §4.9): finding the business by
 * its number and fetching its key material. They run outside any transaction, as a peer may take up to the request
 * timeout to answer; what is stored is {@link RemoteChatService}'s.
 */
@ApplicationScoped
public class RemoteChats {

    private final RemoteChatService service;
    private final FederationService federation;
    private final ThirdPartyProvider provider;
    private final PeerDownloads downloads;
    private final BlobService blobs;
    private final FederationListener listener;
    private final SwitchboardConfig config;

    RemoteChats(RemoteChatService service, FederationService federation, ThirdPartyProvider provider, PeerDownloads downloads,
                BlobService blobs, FederationListener listener, SwitchboardConfig config) {
        this.service = service;
        this.federation = federation;
        this.provider = provider;
        this.downloads = downloads;
        this.blobs = blobs;
        this.listener = listener;
        this.config = config;
    }

    /**
     * A customer asks for the business with this number at a peer. A peer this provider does not allow, and a number the
     * peer does not find (or a peer that does not allow this provider), are the same {@code not_found}, and nothing is stored.
     */
    RemoteChatService.Chat start(AuthenticatedDevice caller, String domain, String phoneNumber) {
        if (!E164.isValid(phoneNumber)) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        Peer peer = federation.enabledPeer(domain);
        UserUri business = provider.findUser(peer, phoneNumber).map(UserUri::parse)
                .filter(found -> found.equals(new UserUri(peer.domain(), phoneNumber)))
                .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
        return service.request(caller, peer, business);
    }

    /**
     * The chat with both lists a device needs to write: the customer's own, and the business's as its provider hands it
     * out to this customer (key material), which the device verifies against the business's pinned primary key before it
     * encrypts. {@code businessList} is null while consent is not granted, or when the peer does not answer.
     */
    /**
     * {@code userUri}: the customer as this provider names them to the peer, for the sender of MIMI content; {@code assetBase}:
     * the first part of the asset URLs of the customer's files (their external parts' {@code url}, docs/interop.md §1).
     */
    public record Detail(RemoteChatService.Chat chat, JsonNode businessList, JsonNode customerList, String userUri, String assetBase) {
    }

    Detail detail(AuthenticatedDevice caller, String chatId) {
        RemoteChatService.Writing writing = service.writing(caller, chatId);
        JsonNode businessList = writing.chat().state() != Consent.State.GRANTED ? null
                : provider.keyMaterial(writing.peer(), new MimiWire.KeyMaterialRequest(writing.customerUri(), writing.businessUri())).orElse(null);
        if (businessList != null) {
            // refuse to hand out what is not a signed list of the business's number; the device still verifies the signature
            SignedDeviceList parsed = SignedDeviceList.fromJson(businessList);
            if (!parsed.list().account().equals(writing.chat().businessNumber())) {
                businessList = null;
            }
        }
        return new Detail(RemoteChatService.view(writing.chat()), businessList, writing.customerList().toJson(), writing.customerUri(),
                AssetUrl.base(federation.ownDomain(), listener.port()));
    }

    /**
     * A file of the chat while it is granted and the peer allowed. The customer's own (an asset URL of this provider) is read
     * here, when it was uploaded to this chat. The business's is fetched by this provider from the business's provider (its
     * {@code proxyDownload}, docs/interop.md §4.7), so the peer never sees the customer's address: only URLs at the peer's own
     * domain, at most the blob size limit.
     */
    byte[] download(AuthenticatedDevice caller, String chatId, String url) {
        RemoteChatService.Writing writing = granted(caller, chatId);
        String ownBlob = AssetUrl.blobAt(url, federation.ownDomain()).orElse(null);
        if (ownBlob != null) {
            BlobService.Found found = blobs.find(ownBlob).filter(blob -> writing.chat().id().equals(blob.remoteChatId()))
                    .orElseThrow(() -> new FederationRefused(FederationRefused.NOT_FOUND));
            try {
                return Files.readAllBytes(found.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (!AssetUrl.isAt(url, writing.peer().domain())) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        return downloads.fetch(writing.peer(), url, config.blobs().maxBytes());
    }

    /**
     * A file the customer's device is about to send in the chat (encrypted, docs/protocol.md §13.3), stored here for the
     * business's provider to fetch through {@code proxyDownload}; only while the chat is granted and the peer allowed.
     */
    BlobService.Uploaded upload(AuthenticatedDevice caller, String chatId, InputStream body) {
        return blobs.uploadToRemoteChat(caller, granted(caller, chatId).chat().id(), body);
    }

    private RemoteChatService.Writing granted(AuthenticatedDevice caller, String chatId) {
        RemoteChatService.Writing writing = service.writing(caller, chatId);
        if (writing.chat().state() != Consent.State.GRANTED) {
            throw new FederationRefused(FederationRefused.NOT_FOUND);
        }
        return writing;
    }
}
