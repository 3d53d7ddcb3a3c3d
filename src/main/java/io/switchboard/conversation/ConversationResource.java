package io.switchboard.conversation;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.Caller;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** A conversation's lists and receipts; its routing state and actions are routing's ({@code routing.ConversationRoutingResource}). */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/conversations")
public class ConversationResource {

    private final Caller caller;
    private final ConversationAccess access;
    private final DeviceDirectory directory;
    private final Receipts receipts;

    ConversationResource(Caller caller, ConversationAccess access, DeviceDirectory directory, Receipts receipts) {
        this.caller = caller;
        this.access = access;
        this.directory = directory;
        this.receipts = receipts;
    }

    /**
     * The counterpart's phone and name; {@code customerList} is the counterpart's list and {@code customerId} its owner, which
     * names its earlier versions (their wire names predate counterparts).
     */
    public record Detail(String id, String phone, String name, String customerId, SignedDeviceList businessList, SignedDeviceList customerList,
                         List<Receipts.ReceiptChanged> receipts) {
    }

    /** Both signed lists: what a device needs to encrypt to this conversation. */
    @GET
    @Path("/{id}")
    public Detail get(@PathParam("id") String id) {
        Conversation conversation = access.require(caller.require(), id);
        Counterpart counterpart = conversation.counterpart();
        return new Detail(conversation.id(), counterpart.phone(), counterpart.name(), counterpart.owner(), directory.currentList(),
                directory.currentList(counterpart.owner()), receipts.of(conversation.id()));
    }

    public record Read(@Min(1) long seq) {
    }

    @POST
    @Path("/{id}/read")
    public Response read(@PathParam("id") String id, @Valid @NotNull Read read) {
        AuthenticatedDevice device = caller.require();
        receipts.markRead(device, access.require(device, id), read.seq());
        return Response.noContent().build();
    }
}
