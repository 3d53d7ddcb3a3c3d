package io.switchboard.messaging;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.Caller;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerService;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.platform.error.ApiException;
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

/** A conversation's lists and receipts; its routing state is in {@code routing.ConversationRoutingResource}. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/conversations")
public class ConversationResource {

    private final Caller caller;
    private final CustomerService customers;
    private final DeviceDirectory directory;
    private final Delivery delivery;

    ConversationResource(Caller caller, CustomerService customers, DeviceDirectory directory, Delivery delivery) {
        this.caller = caller;
        this.customers = customers;
        this.directory = directory;
        this.delivery = delivery;
    }

    public record Detail(String id, String phone, String name, SignedDeviceList businessList, SignedDeviceList customerList,
                         List<Delivery.ReceiptChanged> receipts) {
    }

    /** Both signed lists: what a device needs to encrypt to this conversation. */
    @GET
    @Path("/{id}")
    public Detail get(@PathParam("id") String id) {
        Customer customer = visible(caller.require(), id);
        return new Detail(customer.id, customer.phone, customer.name, directory.currentList(), customers.currentList(customer.id),
                delivery.receipts(customer.id));
    }

    public record Read(@Min(1) long seq) {
    }

    @POST
    @Path("/{id}/read")
    public Response read(@PathParam("id") String id, @Valid @NotNull Read read) {
        AuthenticatedDevice device = caller.require();
        visible(device, id);
        delivery.markRead(device, id, read.seq());
        return Response.noContent().build();
    }

    private static Customer visible(AuthenticatedDevice device, String id) {
        Customer customer = Customer.findById(id);
        if (customer == null || (!device.business() && !device.owner().equals(id))) {
            throw ApiException.notFound("conversation_not_found", "There is no such conversation.");
        }
        return customer;
    }
}
