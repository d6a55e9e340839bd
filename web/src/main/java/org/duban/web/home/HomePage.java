package org.duban.web.home;

import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.me.Caller;

/** {@code /}: each user goes to their own start page: the board for the office and leaders, the desk for an officer. */
@Path("/")
@Authenticated
public class HomePage {

    @Inject
    Caller caller;

    @Inject
    Pages pages;

    @Inject
    Template home;

    @GET
    public Object start() {
        if (caller.readsBoard()) {
            return Response.seeOther(URI.create("/board")).build();
        }
        if (caller.isOfficer()) {
            return Response.seeOther(URI.create("/desk")).build();
        }
        TemplateInstance page = pages.page(home);
        return page; // a role with no pages here (admin, auditor): says so
    }
}
