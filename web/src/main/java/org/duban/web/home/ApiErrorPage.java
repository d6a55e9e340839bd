package org.duban.web.home;

import jakarta.inject.Inject;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.qute.Template;

import org.duban.web.api.ApiException;

/** A service's refusal shown as a page in Chinese with the service's own status. */
public class ApiErrorPage {

    @Inject
    Template error;

    @ServerExceptionMapper
    public Response refused(ApiException e) {
        return page(e.status() >= 500 ? 503 : e.status(), e.message());
    }

    /** A page this user's roles do not open (the API behind it would answer 403). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return page(403, "无权查看此页面");
    }

    private Response page(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(error.data("message", message).data("status", status).render()).build();
    }
}
