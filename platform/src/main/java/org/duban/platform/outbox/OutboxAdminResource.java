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
public class OutboxAdminResource {

    @Inject
    ParkedRows parked;

    @Inject
    SecurityIdentity identity;

    @GET
    public List<ParkedRows.Parked> list() {
        return parked.list();
    }

    @POST
    @Path("/{seq}/retry")
    public Response retry(@PathParam("seq") long seq) {
        parked.retry(seq, identity.getPrincipal().getName());
        return Response.noContent().build();
    }

    @POST
    @Path("/{seq}/discard")
    public Response discard(@PathParam("seq") long seq) {
        parked.discard(seq, identity.getPrincipal().getName());
        return Response.noContent().build();
    }
}
