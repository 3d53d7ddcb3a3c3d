package io.switchboard.federation;

import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * MIMI's endpoints for peer providers (docs/interop.md §4). They answer only requests that came over
 * the mutually authenticated {@link FederationListener}; on the public port they do not exist. They are
 * left out of the OpenAPI document, which describes the API of this provider's own clients.
 */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MimiResource {

    private final FederationService federation;
    private final ThirdPartyInbox inbox;
    private final FederationListener listener;
    private final RemoteChatService remoteChats;

    MimiResource(FederationService federation, ThirdPartyInbox inbox, FederationListener listener, RemoteChatService remoteChats) {
        this.remoteChats = remoteChats;
        this.federation = federation;
        this.inbox = inbox;
        this.listener = listener;
    }

    @POST
    @Path("/identifierQuery/{domain}")
    @Operation(hidden = true)
    public MimiWire.IdentifierResponse identifierQuery(@Context HttpServerRequest request, @PathParam("domain") String domain,
                                                       @Valid @NotNull MimiWire.IdentifierRequest body) {
        return federation.identifierQuery(peer(request), domain, body);
    }

    @POST
    @Path("/requestConsent/{targetDomain}")
    @Operation(hidden = true)
    public Response requestConsent(@Context HttpServerRequest request, @PathParam("targetDomain") String targetDomain,
                                   @Valid @NotNull MimiWire.ConsentEntry body) {
        federation.requestConsent(peer(request), targetDomain, body);
        return Response.status(201).build();
    }

    @POST
    @Path("/updateConsent/{requesterDomain}")
    @Operation(hidden = true)
    public Response updateConsent(@Context HttpServerRequest request, @PathParam("requesterDomain") String requesterDomain,
                                  @Valid @NotNull MimiWire.ConsentEntry body) {
        // a grant or revoke for a request this provider's customer made, or for one the business made
        if (remoteChats.concernsCustomer(body)) {
            remoteChats.consentUpdated(peer(request), requesterDomain, body);
        } else {
            federation.updateConsent(peer(request), requesterDomain, body);
        }
        return Response.status(201).build();
    }

    @POST
    @Path("/submitMessage/{roomId}")
    @Operation(hidden = true)
    public Response submitMessage(@Context HttpServerRequest request, @PathParam("roomId") String roomId,
                                  @Valid @NotNull MimiWire.Submission body) {
        MimiWire.SubmissionAccepted accepted = inbox.submit(peer(request), roomId, body);
        return Response.status(accepted.duplicate() ? 200 : 201).entity(accepted).build();
    }

    @POST
    @Path("/notify/{roomId}")
    @Operation(hidden = true)
    public Response notify(@Context HttpServerRequest request, @PathParam("roomId") String roomId, @Valid @NotNull MimiWire.Notification body) {
        // the room of a customer here with a peer's business, or of the business here with a peer's user
        if (remoteChats.hasRoom(roomId)) {
            remoteChats.notified(peer(request), roomId, body);
        } else {
            federation.notify(peer(request), roomId, body);
        }
        return Response.status(201).build();
    }

    @POST
    @Path("/keyMaterial/{targetDomain}")
    @Operation(hidden = true)
    public Map<String, Object> keyMaterial(@Context HttpServerRequest request, @PathParam("targetDomain") String targetDomain,
                                           @Valid @NotNull MimiWire.KeyMaterialRequest body) {
        return Map.of("deviceList", federation.keyMaterial(peer(request), targetDomain, body).toJson());
    }

    /** The request as a peer's: only over the peer listener's TLS, with the chain it showed. */
    private PeerRequest peer(HttpServerRequest request) {
        return peer(request, listener.port());
    }

    static PeerRequest peer(HttpServerRequest request, int port) {
        if (port < 0 || !request.isSSL() || request.localAddress() == null || request.localAddress().port() != port) {
            throw new NotFoundException();
        }
        try {
            List<X509Certificate> chain = request.connection().peerCertificates().stream()
                    .map(certificate -> (X509Certificate) certificate).toList();
            return new PeerRequest(request.getHeader("From"), request.getHeader("Host"), chain);
        } catch (SSLPeerUnverifiedException e) {
            throw new NotFoundException();
        }
    }
}
