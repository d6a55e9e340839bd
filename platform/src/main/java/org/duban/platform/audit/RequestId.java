package org.duban.platform.audit;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * The request id an audit entry carries: the caller's {@code X-Request-Id} header (a gateway or the UI sets it),
 * else one made up here; answered back in the same header so a caller can quote it. Quarkus has no request id of
 * its own, hence this small holder.
 */
@RequestScoped
public class RequestId {

    public static final String HEADER = "X-Request-Id";
    /** Longer ids are cut: the header is the caller's, the column is ours. */
    static final int MAX = 128;

    private String value;

    public String value() {
        if (value == null) {
            value = UUID.randomUUID().toString();
        }
        return value;
    }

    /** The caller's id (a method, not a field write: the filters hold a client proxy of this bean). */
    public void use(String given) {
        value = cut(given);
    }

    /** A caller-given id as a column holds it: stripped, at most {@value #MAX} characters; null when blank. */
    static String cut(String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String id = given.strip();
        return id.length() > MAX ? id.substring(0, MAX) : id;
    }

    /** The filters that read and answer the header. */
    public static class Filters {

        @Inject
        RequestId id;

        @ServerRequestFilter
        public void read(ContainerRequestContext request) {
            String given = request.getHeaderString(HEADER);
            if (given != null && !given.isBlank()) {
                id.use(given);
            }
        }

        @ServerResponseFilter
        public void answer(ContainerResponseContext response) {
            response.getHeaders().putSingle(HEADER, id.value());
        }
    }
}
