package io.switchboard.messaging;

import io.switchboard.auth.AuthenticatedDevice;
import io.switchboard.auth.Caller;
import io.switchboard.customer.Customer;
import io.switchboard.customer.CustomerService;
import io.switchboard.device.DeviceDirectory;
import io.switchboard.platform.error.ApiException;
import io.switchboard.protocol.SignedDeviceList;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
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
import java.time.Instant;
import java.util.List;

/** Conversations as metadata: who, when, how far delivered and read. Content stays on the devices. */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/api/conversations")
public class ConversationResource {

    private final Caller caller;
    private final CustomerService customers;
    private final DeviceDirectory directory;
    private final Delivery delivery;
    private final EntityManager entityManager;

    ConversationResource(Caller caller, CustomerService customers, DeviceDirectory directory, Delivery delivery,
                         EntityManager entityManager) {
        this.caller = caller;
        this.customers = customers;
        this.directory = directory;
        this.delivery = delivery;
        this.entityManager = entityManager;
    }

    public record Summary(String id, String phone, String name, Instant createdAt, long lastSeq) {
    }

    @GET
    @Transactional(Transactional.TxType.SUPPORTS)
    @SuppressWarnings("unchecked")
    public List<Summary> list() {
        caller.requireBusiness();
        List<Object[]> rows = entityManager.createNativeQuery("""
                select c.id, c.phone, c.name, c.created_at, coalesce(max(m.seq), 0)
                from customer c left join message m on m.conversation_id = c.id
                group by c.id order by coalesce(max(m.seq), 0) desc, c.created_at desc""").getResultList();
        return rows.stream().map(row -> new Summary((String) row[0], (String) row[1], (String) row[2],
                Delivery.toInstant(row[3]), ((Number) row[4]).longValue())).toList();
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
