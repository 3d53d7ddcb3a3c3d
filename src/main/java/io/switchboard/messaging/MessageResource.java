package io.switchboard.messaging;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.Caller;
import io.switchboard.protocol.MessageEnvelope;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/messages")
public class MessageResource {

    private final MessageService messages;
    private final Delivery delivery;
    private final Caller caller;

    MessageResource(MessageService messages, Delivery delivery, Caller caller) {
        this.messages = messages;
        this.delivery = delivery;
        this.caller = caller;
    }

    /** 201 when stored now, 200 when this client message id was stored before (a retry). */
    @POST
    public Response send(@NotNull MessageEnvelope envelope) {
        StoredMessage stored = messages.send(caller.require(), envelope);
        return Response.status(stored.duplicate() ? 200 : 201).entity(stored).build();
    }

    public record Page(List<Delivery.Delivered> messages, long cursor) {
    }

    /** Pull delivery (the WebSocket pushes the same): messages for this device after {@code after}, default its cursor. */
    @GET
    public Page fetch(@QueryParam("after") Long after, @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        AuthenticatedDevice device = caller.require();
        long cursor = delivery.cursor(device.deviceId());
        return new Page(delivery.after(device.deviceId(), after == null ? cursor : after, limit), cursor);
    }

    public record Ack(@Min(1) long upTo) {
    }

    @POST
    @Path("/ack")
    public Response acknowledge(@NotNull @jakarta.validation.Valid Ack ack) {
        delivery.acknowledge(caller.require(), ack.upTo());
        return Response.noContent().build();
    }
}
