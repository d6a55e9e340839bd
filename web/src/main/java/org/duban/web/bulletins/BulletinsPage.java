package org.duban.web.bulletins;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.Service;
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/**
 * 通报 (supervision-service's bulletins): the office drafts one from live data for a period, reads it and publishes
 * it; leaders read them.
 */
@Path("/bulletins")
@Authenticated
public class BulletinsPage extends Page {

    @Inject
    Template bulletins;

    @Inject
    Template bulletin;

    @GET
    public TemplateInstance list() {
        requireBoardReader();
        LocalDate today = LocalDate.now(Dates.ZONE);
        return pages.page(bulletins).data("bulletins", api.list(Service.SUPERVISION, "/api/bulletins"))
                .data("periodStart", today.withDayOfMonth(1)).data("periodEnd", today);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance show(@PathParam("id") UUID id) {
        requireBoardReader();
        return pages.page(bulletin).data("b", api.map(Service.SUPERVISION, "/api/bulletins/" + id));
    }

    @POST
    public Response draft(@RestForm String periodStart, @RestForm String periodEnd, @RestForm String title) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("periodStart", periodStart);
        body.put("periodEnd", periodEnd);
        if (title != null && !title.isBlank()) {
            body.put("title", title);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> drafted = (Map<String, Object>) api.post(Service.SUPERVISION, "/api/bulletins", body);
        return Response.seeOther(URI.create("/bulletins/" + drafted.get("bulletinId"))).build();
    }

    @POST
    @Path("/{id}/publish")
    public Response publish(@PathParam("id") UUID id) {
        requireSupervisor();
        api.post(Service.SUPERVISION, "/api/bulletins/" + id + "/publish", null);
        return Response.seeOther(URI.create("/bulletins/" + id)).build();
    }


}
