package io.switchboard.federation;

import io.switchboard.device.Device;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.device.DeviceEvents;
import io.switchboard.platform.SwitchboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;

/**
 * A customer here who chats with businesses at peers (docs/interop.md §4.9) changed their signed device list — a
 * browser linked or logged out, or the signature renewed: the provider of each business they have a granted chat with
 * gets the new list as a {@code deviceList} notification (§4.6), so its devices wrap for the new browser before the
 * customer writes again. Queued in the transaction that stores the list, so it goes if and only if the list is stored.
 */
@ApplicationScoped
class UserListUpdates {

    private final RemoteChatStore chats;
    private final PeerStore peers;
    private final DeviceDirectory directory;
    private final ThirdPartyProvider provider;
    private final SwitchboardConfig config;

    UserListUpdates(RemoteChatStore chats, PeerStore peers, DeviceDirectory directory, ThirdPartyProvider provider, SwitchboardConfig config) {
        this.chats = chats;
        this.peers = peers;
        this.directory = directory;
        this.provider = provider;
        this.config = config;
    }

    void onListChanged(@Observes DeviceEvents.ListChanged changed) {
        if (config.federation().domain().isEmpty() || Device.BUSINESS.equals(changed.owner())) {
            return;
        }
        List<RemoteChatStore.RemoteChat> granted = chats.ofCustomer(changed.owner()).stream()
                .filter(chat -> chat.state() == Consent.State.GRANTED && chat.roomId() != null).toList();
        if (granted.isEmpty()) {
            return;
        }
        Map<String, Object> notification = Map.of("type", "deviceList", "deviceList", directory.currentList(changed.owner()).toJson());
        granted.forEach(chat -> peers.find(chat.peerDomain()).filter(Peer::enabled)
                .ifPresent(peer -> provider.notify(peer, chat.roomId(), notification)));
    }
}
