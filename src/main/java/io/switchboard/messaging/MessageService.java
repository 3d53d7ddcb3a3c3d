package io.switchboard.messaging;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.customer.Customer;
import io.switchboard.device.Device;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.device.DeviceListVersion;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.platform.error.ApiException;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.routing.RoutingService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Accepts an envelope only when it is signed by the device that sends it and wrapped for exactly
 * the devices of the current lists; the client refreshes its lists and retries on 409/410. The
 * server never sees a key that opens the content.
 */
@ApplicationScoped
public class MessageService {

    static final int WRAP_BYTES = 80;

    private final MessageWriter writer;
    private final DeviceDirectory directory;
    private final Delivery delivery;
    private final SwitchboardConfig config;
    private final RoutingService routing;

    MessageService(MessageWriter writer, DeviceDirectory directory, Delivery delivery, SwitchboardConfig config, RoutingService routing) {
        this.routing = routing;
        this.writer = writer;
        this.directory = directory;
        this.delivery = delivery;
        this.config = config;
    }

    /**
     * Stores the message once and answers after the commit. A replayed client message id answers
     * with the stored message instead (even if the lists changed since), so retries are safe.
     */
    public StoredMessage send(AuthenticatedDevice sender, MessageEnvelope envelope) {
        if (envelope.header().sender().equals(sender.deviceId())) {
            var stored = delivery.existing(sender.deviceId(), envelope.header().clientMessageId());
            if (stored.isPresent()) {
                // The first attempt may have stored the message and failed before routing saw it.
                afterStored(sender, envelope.header().conversation(), envelope.header().kind(), stored.get());
                return stored.get();
            }
        }
        PendingMessage pending = check(sender, envelope);
        StoredMessage stored;
        try {
            stored = writer.write(pending).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "unavailable", "The server is shutting down; send again.");
        } catch (ExecutionException | TimeoutException e) {
            throw new ApiException(503, "unavailable", "The message could not be stored; send again.");
        }
        afterStored(sender, pending.conversationId(), pending.kind(), stored);
        return stored;
    }

    /** Routing hears of every stored message: a customer's queues or reopens, the assignee's accepts the offer. */
    private void afterStored(AuthenticatedDevice sender, String conversationId, String kind, StoredMessage stored) {
        if (!sender.business()) {
            routing.customerWrote(conversationId, stored.storedAt());
        } else if (!MessageHeader.KIND_NOTE.equals(kind)) {
            routing.businessWrote(conversationId, sender.deviceId());
        }
    }

    /**
     * Everything the checks need from the database, read in one short transaction: the signature
     * check and the key-wrap decoding below are CPU work and must not hold a pooled connection.
     */
    record Context(String conversationId, byte[] senderSigningKey, SignedDeviceList businessList, SignedDeviceList customerList,
                   Set<String> expectedRecipients) {
    }

    @Transactional
    Context context(AuthenticatedDevice sender, MessageHeader header) {
        Customer conversation = Customer.findById(header.conversation());
        if (conversation == null) {
            throw ApiException.notFound("conversation_not_found", "There is no such conversation.");
        }
        if (!sender.business() && !sender.owner().equals(conversation.id)) {
            throw ApiException.forbidden("conversation_forbidden", "This device is not part of this conversation.");
        }
        Device senderDevice = Device.findById(sender.deviceId());
        SignedDeviceList businessList = directory.currentList();
        SignedDeviceList customerList = DeviceListVersion.latest(conversation.id).map(stored -> directory.parse(stored.document))
                .orElseThrow();
        Set<String> expected = recipients(businessList, Device.BUSINESS);
        if (!MessageHeader.KIND_NOTE.equals(header.kind())) {
            expected.addAll(recipients(customerList, conversation.id));
        }
        expected.remove(sender.deviceId());
        return new Context(conversation.id, B64u.decode(senderDevice.signingKey), businessList, customerList, expected);
    }

    PendingMessage check(AuthenticatedDevice sender, MessageEnvelope envelope) {
        MessageHeader header = envelope.header();
        if (!header.sender().equals(sender.deviceId())) {
            throw ApiException.forbidden("sender_mismatch", "The envelope names another device as its sender.");
        }
        Context context = context(sender, header);
        if (MessageHeader.KIND_NOTE.equals(header.kind()) && !sender.business()) {
            throw ApiException.forbidden("notes_are_internal", "Only the business's devices write private notes.");
        }
        byte[] ciphertext = B64u.decode(envelope.ciphertext());
        if (ciphertext.length > config.messages().maxCiphertextBytes()) {
            throw new ApiException(413, "message_too_large", "The message is larger than "
                    + config.messages().maxCiphertextBytes() / 1024 + " KiB; send long content as an attachment.",
                    Map.of("limit", config.messages().maxCiphertextBytes()));
        }
        boolean signed;
        try {
            signed = Envelopes.verify(envelope, context.senderSigningKey());
        } catch (ProtocolException e) {
            signed = false;
        }
        if (!signed) {
            throw ApiException.badRequest("signature_invalid", "The envelope's signature does not verify with the sender's key.");
        }

        SignedDeviceList businessList = context.businessList();
        SignedDeviceList customerList = context.customerList();
        if (header.businessListVersion() < businessList.list().version() || header.customerListVersion() < customerList.list().version()) {
            throw new ApiException(410, "device_list_stale", "A device list changed; refresh the lists and encrypt again.",
                    lists(businessList, customerList));
        }
        if (header.businessListVersion() > businessList.list().version() || header.customerListVersion() > customerList.list().version()) {
            throw ApiException.badRequest("device_list_unknown", "The envelope names a device list version that does not exist.");
        }
        MismatchedDevices.between(context.expectedRecipients(), envelope.wraps().keySet()).ifPresent(mismatch -> {
            Map<String, Object> details = new LinkedHashMap<>(lists(businessList, customerList));
            details.put("missingDeviceIds", mismatch.missingDeviceIds());
            details.put("extraDeviceIds", mismatch.extraDeviceIds());
            throw new ApiException(409, "mismatched_devices", "The message is not wrapped for exactly the current devices.", details);
        });
        Map<String, byte[]> wraps = new HashMap<>();
        envelope.wraps().forEach((deviceId, wrap) -> {
            byte[] bytes = B64u.decode(wrap);
            if (bytes.length != WRAP_BYTES) {
                throw ApiException.badRequest("wrap_invalid", "Every key wrap must be " + WRAP_BYTES + " bytes.");
            }
            wraps.put(deviceId, bytes);
        });
        return new PendingMessage(context.conversationId(), sender.deviceId(), header.clientMessageId(), header.kind(),
                header.toJson().toString(), ciphertext, envelope.signature(), wraps);
    }

    /** The listed devices of an owner that the server has not revoked. */
    private static Set<String> recipients(SignedDeviceList list, String owner) {
        Set<String> active = Device.activeDevices(owner).stream().map(device -> device.id).collect(Collectors.toSet());
        return list.list().devices().stream().map(DeviceEntry::id).filter(active::contains).collect(Collectors.toSet());
    }

    private static Map<String, Object> lists(SignedDeviceList business, SignedDeviceList customer) {
        return Map.of("businessList", business.toJson(), "customerList", customer.toJson());
    }
}
