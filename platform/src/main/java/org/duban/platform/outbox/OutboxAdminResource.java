package org.duban.platform.outbox;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.security.Roles;

/**
 * Every service's parked outbox rows, for an administrator: {@code GET /api/admin/outbox/parked}, and
 * {@code POST …/{seq}/retry} or {@code …/{seq}/discard} (204; 404 problem if the row is not parked). Part of platform,
 * so every service serves it.
 */
@Path("/api/admin/outbox/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin-outbox", description = "运维 — operations: outbox rows the broker refused for good (parked), for an administrator")
public class OutboxAdminResource {

    @Inject
    ParkedRows parked;

    @Inject
    SecurityIdentity identity;

    @GET
    @Operation(operationId = "listParkedOutboxRows", summary = "List parked outbox rows", description = "Administrators only. "
            + "The events this service could not publish after `duban.outbox.max-attempts` permanent refusals (too large, "
            + "unknown topic, not authorised), oldest first; later events of the same key wait behind each. Changes nothing.")
    public List<ParkedRows.Parked> list() {
        return parked.list();
    }

    @POST
    @Path("/{seq}/retry")
    @Operation(operationId = "retryParkedOutboxRow", summary = "Retry a parked outbox row", description = "Administrators only. "
            + "Puts the parked row back in the relay's queue (after the cause was fixed, e.g. the topic created); the events "
            + "of its key waiting behind it follow once it is sent. Recorded with the administrator's name.")
    @APIResponse(responseCode = "204", description = "The row is queued again")
    @APIResponse(responseCode = "404", description = "No parked row with this sequence number")
    public Response retry(@PathParam("seq") long seq) {
        parked.retry(seq, identity.getPrincipal().getName());
        return Response.noContent().build();
    }

    @POST
    @Path("/{seq}/discard")
    @Operation(operationId = "discardParkedOutboxRow", summary = "Discard a parked outbox row", description = "Administrators "
            + "only. Gives up on the parked event for good (it is never published); the events of its key waiting behind it "
            + "are sent. Recorded with the administrator's name.")
    @APIResponse(responseCode = "204", description = "The row is discarded")
    @APIResponse(responseCode = "404", description = "No parked row with this sequence number")
    public Response discard(@PathParam("seq") long seq) {
        parked.discard(seq, identity.getPrincipal().getName());
        return Response.noContent().build();
    }
}
