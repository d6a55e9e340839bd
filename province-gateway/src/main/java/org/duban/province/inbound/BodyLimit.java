package org.duban.province.inbound;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import org.duban.province.config.GatewayConfig;
import org.duban.province.message.Answer;
import org.duban.province.message.Refusal;

/**
 * Refuses a message body over the limit (1 MiB) from its {@code Content-Length}, before the body is read: HTTP 413 with
 * the province's answer format, code 2 naming {@code body}. A body sent without a length is cut off by
 * {@code quarkus.http.limits.max-body-size} and measured again by the resource. Non-blocking (it reads headers only): platform's load shedding has a non-blocking
 * filter, and Quarkus REST runs every non-blocking filter before the first blocking one.
 */
public class BodyLimit {

    private static final Logger LOG = Logger.getLogger(BodyLimit.class);

    @Inject
    GatewayConfig config;

    static Refusal refusal(int max) {
        return new Refusal(Answer.INVALID, "body: larger than " + max + " bytes (1 MiB)", null, 413);
    }

    @ServerRequestFilter(preMatching = true, nonBlocking = true)
    public Response tooLarge(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/api/province/")) {
            return null;
        }
        String length = request.getHeaderString("Content-Length");
        if (length == null) {
            return null;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return null;
        }
        int max = config.inbound().maxBodyBytes();
        if (bytes <= max) {
            return null;
        }
        Refusal r = refusal(max);
        LOG.warnf("refused a %d-byte body on %s (app key %s): code 2, over the limit", bytes, request.getUriInfo().getPath(),
                request.getHeaderString("X-App-Key"));
        return ProvinceMessagesResource.respond(r.httpStatus(), r.answer());
    }
}
