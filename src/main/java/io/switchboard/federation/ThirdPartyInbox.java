package io.switchboard.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.customer.CustomerService;
import io.switchboard.messaging.MessageService;
import io.switchboard.messaging.StoredMessage;
import io.switchboard.platform.error.DomainException;
import io.switchboard.protocol.DeviceEntry;
import io.switchboard.protocol.MessageEnvelope;
import io.switchboard.protocol.Role;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Messages from users of peer providers enter the business's conversations the way a local customer's do
 * (docs/interop.md §4.4 and §7): the user becomes a customer with their signed device list, and the
 * envelope goes through {@link MessageService} on behalf of the user's sending device, with every check
 * a local customer's envelope gets — signature, wraps for exactly the current devices of both lists —
 * and then into routing's queue.
 *
 * @implNote Each step commits on its own, so the message writer sees the new customer. A retry after a
 * failure between the steps repeats them: the customer is found, the envelope is recognised by its client
 * message id, and the MIMI message id is recorded once.
 */
@ApplicationScoped
class ThirdPartyInbox {

    private final FederationService federation;
    private final CustomerService customers;
    private final MessageService messages;
    private final ObjectMapper json;

    ThirdPartyInbox(FederationService federation, CustomerService customers, MessageService messages, ObjectMapper json) {
        this.federation = federation;
        this.customers = customers;
        this.messages = messages;
        this.json = json;
    }

    /**
     * A retry of a recorded message id is answered as a duplicate; the envelope is offered once more only to
     * learn its seq, and if that replay is refused (the lists changed since) the answer has no seq.
     */
    MimiWire.SubmissionAccepted submit(PeerRequest request, String roomId, MimiWire.Submission submission) {
        FederationService.Admitted admitted = federation.admit(request, roomId, submission);
        if (admitted.duplicate()) {
            try {
                return new MimiWire.SubmissionAccepted(submission.messageId(), true, store(roomId, admitted, submission).seq());
            } catch (DomainException e) {
                return new MimiWire.SubmissionAccepted(submission.messageId(), true, null);
            }
        }
        StoredMessage stored = store(roomId, admitted, submission);
        federation.record(roomId, submission);
        return new MimiWire.SubmissionAccepted(submission.messageId(), stored.duplicate(), stored.seq());
    }

    private StoredMessage store(String roomId, FederationService.Admitted admitted, MimiWire.Submission submission) {
        MessageEnvelope envelope = MessageEnvelope.fromJson(json.valueToTree(submission.envelope()));
        if (submission.deviceList() == null) {
            throw new FederationRefused(FederationRefused.DEVICE_LIST_REQUIRED);
        }
        SignedDeviceList list = SignedDeviceList.fromJson(json.valueToTree(submission.deviceList()));
        customers.registerThirdParty(roomId, admitted.remoteUser(), list);
        DeviceEntry sender = list.list().devices().stream().filter(entry -> entry.id().equals(envelope.header().sender())).findFirst()
                .orElseThrow(() -> new FederationRefused(FederationRefused.SENDER_NOT_LISTED));
        // the customer's id is the room's, and it owns the devices: the envelope is checked as that customer's device sent it
        return messages.send(new AuthenticatedDevice(sender.id(), roomId, sender.primary() ? Role.OWNER : Role.MEMBER, sender.primary(),
                false), envelope);
    }
}
