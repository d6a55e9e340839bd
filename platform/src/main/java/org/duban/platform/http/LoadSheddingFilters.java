package org.duban.platform.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.vertx.ext.web.RoutingContext;

/**
 * The two moments of a Quarkus REST request that {@link LoadShedding} needs: routed to its endpoint (a non-blocking
 * filter, on the event loop, before the request is handed to the worker pool) and started by a worker (an ordinary
 * filter, which Quarkus REST runs on the worker for a blocking endpoint). A request refused while it waited is not
 * run: its answer has gone.
 */
public class LoadSheddingFilters {

    @Inject
    LoadShedding shedding;

    @ServerRequestFilter(nonBlocking = true, priority = 1)
    public void routed(RoutingContext rc) {
        shedding.queued(rc);
    }

    @ServerRequestFilter(priority = 1)
    public Response started(RoutingContext rc) {
        if (shedding.start(rc)) {
            return null;
        }
        // already answered 503 by the wait's timer; this answer is never written (the response has ended)
        return Response.status(503).build();
    }
}
