package io.switchboard.messaging;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationAccess;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.platform.RateLimiter;
import io.switchboard.platform.SwitchboardConfig;
import io.switchboard.protocol.B64u;
import io.switchboard.protocol.ContentKey;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.Envelopes;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.MessageHeader;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.SignedDeviceList;
import io.switchboard.routing.MessageRouting;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Accepts an envelope only when it is signed by the device that sends it and wrapped for exactly
 * the devices of the current lists; otherwise it refuses with what the client needs to refresh its
 * lists and retry ({@link MismatchedDevices}, {@link StaleDeviceLists}). The server never sees a key
 * that opens the content.
 */
@ApplicationScoped
public class MessageService {


    private final MessageWriter writer;
    private final DeviceDirectory directory;
    private final SwitchboardConfig config;
    private final MessageRouting routing;
    private final ConversationAccess access;
    private final RateLimiter limiter;
    private final Clock clock;

    MessageService(MessageWriter writer, DeviceDirectory directory, SwitchboardConfig config, MessageRouting routing,
                   ConversationAccess access, RateLimiter limiter, Clock clock) {
        this.limiter = limiter;
        this.clock = clock;
        this.routing = routing;
        this.access = access;
        this.writer = writer;
        this.directory = directory;
        this.config = config;
    }

    /**
     * Stores the message once and answers after the commit. A replayed client message id that passes
     * every check answers with the stored message instead, so retries are safe.
     */
    public StoredMessage send(AuthenticatedDevice sender, MessageEnvelope envelope) {
        limiter.check(RateLimiter.Purpose.MESSAGE_SEND, sender.deviceId());
        // Every check runs before the duplicate answer: a replay is refused like any other envelope. The writer
        // finds a duplicate in the same statement that would store it, so a first send costs no extra query.
        PendingMessage pending = check(sender, envelope);
        MessageWriter.Written written;
        try {
            written = writer.write(pending).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageNotStored("The server is shutting down; send again.");
        } catch (ExecutionException | TimeoutException e) {
            throw new MessageNotStored("The message could not be stored; send again.");
        }
        // A replay may follow a first attempt that was stored but failed before routing saw it. Routing hears of
        // the conversation the message was stored in, whatever this envelope names.
        afterStored(sender, written, pending.kind());
        return written.message();
    }

    /** Routing hears of every stored message: a customer's queues or reopens, the assignee's accepts the offer. */
    private void afterStored(AuthenticatedDevice sender, MessageWriter.Written written, String kind) {
        String conversationId = written.conversationId();
        StoredMessage stored = written.message();
        if (MessageHeader.KIND_WHISPER.equals(kind)) {
            // Its audit entry was written with it, by the database (migration V19): nothing for routing to hear.
            return;
        } else if (MessageHeader.KIND_FEEDBACK.equals(kind)) {
            // A comment on a resolved conversation's rating: it neither reopens nor queues it.
            return;
        } else if (!sender.business()) {
            routing.customerWrote(conversationId, stored.storedAt(), written.calm());
        } else if (!MessageHeader.KIND_NOTE.equals(kind)) {
            routing.businessWrote(conversationId, sender.deviceId());
        }
    }

    /**
     * Everything the checks need from the database, read before them: the signature check and the key-wrap
     * decoding below are CPU work and must not hold a pooled connection. Two plain reads without a transaction:
     * under READ COMMITTED a transaction gave each statement its own snapshot anyway, and opening one cost more
     * than the reads (docs/performance.md, "Hibernate's share").
     */
    record Context(String conversationId, byte[] senderSigningKey, CurrentLists lists, Set<String> expectedRecipients) {
    }

    Context context(AuthenticatedDevice sender, MessageHeader header) {
        Conversation conversation = access.require(sender, header.conversation());
        DeviceDirectory.SendingState state = directory.sendingState(conversation.counterpart().owner(), sender.deviceId());
        Set<String> expected = recipients(state.businessList(), state.activeBusinessDevices());
        if (!MessageHeader.isInternal(header.kind())) {
            expected.addAll(recipients(state.counterpartList(), state.activeCounterpartDevices()));
        }
        // Protocol 1.1: the sender wraps for itself too, so every stored message has a business holder for history sync.
        expected.add(sender.deviceId());
        return new Context(conversation.id(), B64u.decode(state.senderSigningKey()),
                new CurrentLists(state.businessList(), state.counterpartList()), expected);
    }

    PendingMessage check(AuthenticatedDevice sender, MessageEnvelope envelope) {
        MessageHeader header = envelope.header();
        if (!header.sender().equals(sender.deviceId())) {
            throw new EnvelopeRefused(EnvelopeRefused.SENDER_MISMATCH);
        }
        Context context = context(sender, header);
        if (Math.abs(header.sentAt() - clock.instant().getEpochSecond()) > config.messages().sentAtSkew().toSeconds()) {
            throw new EnvelopeRefused(EnvelopeRefused.SENT_AT_OUT_OF_RANGE);
        }
        if (MessageHeader.isInternal(header.kind()) && !sender.business()) {
            throw new EnvelopeRefused(EnvelopeRefused.NOTES_ARE_INTERNAL);
        }
        if (MessageHeader.KIND_FEEDBACK.equals(header.kind()) && sender.business()) {
            throw new EnvelopeRefused(EnvelopeRefused.FEEDBACK_IS_THE_CUSTOMERS);
        }
        if (MessageHeader.KIND_WHISPER.equals(header.kind())) {
            // The scope rule and "somebody has it" are routing's: a whisper is addressed to the assignee.
            routing.requireMayWhisper(sender, context.conversationId());
        }
        byte[] ciphertext = B64u.decode(envelope.ciphertext());
        if (ciphertext.length > config.messages().maxCiphertextBytes()) {
            throw new MessageTooLarge(config.messages().maxCiphertextBytes());
        }
        boolean signed;
        try {
            signed = Envelopes.verify(envelope, context.senderSigningKey());
        } catch (ProtocolException e) {
            signed = false;
        }
        if (!signed) {
            throw new EnvelopeRefused(EnvelopeRefused.ENVELOPE_SIGNATURE_INVALID);
        }

        long businessVersion = context.lists().business().list().version();
        long counterpartVersion = context.lists().counterpart().list().version();
        if (header.businessListVersion() < businessVersion || header.customerListVersion() < counterpartVersion) {
            throw new StaleDeviceLists(context.lists());
        }
        if (header.businessListVersion() > businessVersion || header.customerListVersion() > counterpartVersion) {
            throw new EnvelopeRefused(EnvelopeRefused.DEVICE_LIST_UNKNOWN);
        }
        MismatchedDevices.between(context.expectedRecipients(), envelope.wraps().keySet(), context.lists()).ifPresent(mismatch -> {
            throw mismatch;
        });
        Map<String, byte[]> wraps = new HashMap<>();
        envelope.wraps().forEach((deviceId, wrap) -> {
            byte[] bytes = B64u.decode(wrap);
            if (bytes.length != ContentKey.WRAP_SIZE) {
                throw new EnvelopeRefused(EnvelopeRefused.WRAP_INVALID);
            }
            wraps.put(deviceId, bytes);
        });
        return new PendingMessage(context.conversationId(), sender.deviceId(), header.clientMessageId(), header.kind(),
                header.toJson().toString(), ciphertext, envelope.signature(), wraps);
    }

    /** The listed devices of an owner that the server has not revoked. */
    private static Set<String> recipients(SignedDeviceList list, Set<String> active) {
        return list.list().devices().stream().map(DeviceEntry::id).filter(active::contains).collect(Collectors.toSet());
    }
}
