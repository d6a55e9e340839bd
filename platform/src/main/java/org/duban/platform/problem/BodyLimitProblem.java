package org.duban.platform.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A request body declared larger than {@code quarkus.http.limits.max-body-size} is refused with a 413 problem, like
 * every other client error. Quarkus' own check (at {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}) answers the same
 * 413 with an empty body; this route runs just before it with the same rule — the declared Content-Length, nothing
 * read — so it refuses exactly what Quarkus would, and closes the connection as Quarkus does (the client may still be
 * sending). A chunked body over the limit is refused by Quarkus REST while it reads, through the problem mappers.
 * Routes that install their own earlier limit (task-service's plan upload) are not affected.
 */
@ApplicationScoped
public class BodyLimitProblem {

    void install(@Observes Router router, BodyLimitConfig limits) {
        long max = limits.maxBodySize().asLongValue();
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(rc -> refuseOrPass(rc, max));
    }

    private static void refuseOrPass(RoutingContext rc, long max) {
        String declared = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long length;
        try {
            length = declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            length = -1; // Vert.x refuses a malformed length itself
        }
        if (length <= max) {
            rc.next();
            return;
        }
        String body = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\"the request body has "
                + length + " bytes; at most " + max + " are accepted\",\"instance\":" + quoted(rc.normalizedPath()) + "}";
        rc.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(v -> rc.request().connection().close())
                .end(body);
    }

    /** A JSON string literal of a request path (hand-escaped: the path is the only variable text). */
    private static String quoted(String path) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : path.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }
}
