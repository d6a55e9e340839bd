package org.duban.web.desk;

import java.net.URI;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.Service;
import org.duban.web.home.Page;

/** The unit's inbox (notification-service), newest first, with its unread count; mark one or all read. */
@Path("/inbox")
@Authenticated
public class InboxPage extends Page {

    @Inject
    Template inbox;

    @GET
    public TemplateInstance show() {
        String unitId = requireOfficer();
        return pages.page(inbox).data("page", api.map(Service.NOTIFICATION, "/api/inbox?size=200&unitId=" + unitId));
    }

    @POST
    @Path("/{id}/read")
    public Response read(@PathParam("id") UUID id) {
        requireOfficer();
        api.post(Service.NOTIFICATION, "/api/inbox/" + id + "/read", null);
        return Response.seeOther(URI.create("/inbox")).build();
    }

    @POST
    @Path("/read-all")
    public Response readAll() {
        String unitId = requireOfficer();
        api.post(Service.NOTIFICATION, "/api/inbox/read-all?unitId=" + unitId, null);
        return Response.seeOther(URI.create("/inbox")).build();
    }
}
