package org.duban.web.cards;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
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
import org.duban.web.home.Page;

/**
 * 红黄牌 (supervision-service's cards): the office and leaders see every open card, the office lifts one with a
 * reason; a unit officer sees its unit's ledger and acknowledges a card.
 */
@Path("/cards")
@Authenticated
public class CardsPage extends Page {

    @Inject
    Template cards;

    @GET
    public TemplateInstance show() {
        String query;
        if (caller.readsBoard()) {
            query = "/api/warnings?open=true";
        } else if (caller.isOfficer()) {
            query = "/api/warnings?unitId=" + caller.unitId();
        } else {
            throw new ForbiddenException();
        }
        return pages.page(cards).data("cards", api.list(Service.SUPERVISION, query));
    }

    @POST
    @Path("/{id}/acknowledge")
    public Response acknowledge(@PathParam("id") UUID id) {
        requireOfficer();
        api.post(Service.SUPERVISION, "/api/warnings/" + id + "/acknowledge", null);
        return Response.seeOther(URI.create("/cards")).build();
    }

    @POST
    @Path("/{id}/lift")
    public Response lift(@PathParam("id") UUID id, @RestForm String reason) {
        requireSupervisor();
        api.post(Service.SUPERVISION, "/api/warnings/" + id + "/lift", Map.of("reason", reason == null ? "" : reason));
        return Response.seeOther(URI.create("/cards")).build();
    }
}
