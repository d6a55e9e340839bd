package org.duban.platform.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.security.spi.runtime.AuthorizationFailureEvent;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.ext.web.RoutingContext;

/**
 * The security layer's refusals as audit entries (issue 20): Quarkus fires an {@link AuthenticationFailureEvent} for a
 * bearer token it refuses (bad signature, issuer, audience, expiry) and an {@link AuthorizationFailureEvent} for an
 * operation the caller may not call (no token where one is needed: {@code security.unauthenticated}; roles that do not
 * allow it: {@code security.forbidden}). Observed asynchronously, so the event loop never waits for the database; each
 * entry is its own transaction, within {@link SecurityEventBudget}. A 403 the application answers itself (a unit officer
 * asking for another unit's data: {@code Problem.forbidden}) raises no such event: {@link #applicationRefusal} records it
 * from the response, unless the security layer's event already covers the request (marked on the routing context).
 */
@ApplicationScoped
public class SecurityEvents {

    public static final String TOKEN_REFUSED = "security.token-refused";
    public static final String UNAUTHENTICATED = "security.unauthenticated";
    public static final String FORBIDDEN = "security.forbidden";
    public static final String SIGNATURE_REFUSED = "security.signature-refused";

    /** Routing-context key: the security layer's event covers this request's refusal. */
    static final String RECORDED = SecurityEvents.class.getName() + ".recorded";

    @Inject
    AuditTrail trail;

    @Inject
    CurrentVertxRequest vertxRequest;

    @Inject
    RequestId requestIds;

    /** Marks the request (synchronously, before its answer) so that {@link #applicationRefusal} does not record it twice. */
    void mark(@Observes AuthorizationFailureEvent event) {
        RoutingContext rc = routingContext(event.getEventProperties());
        if (rc != null) {
            rc.put(RECORDED, Boolean.TRUE);
        }
    }

    /** A 403 answered by the application (not by a role check): recorded off the request's thread. */
    @ServerResponseFilter
    public void applicationRefusal(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 403) {
            return;
        }
        RoutingContext rc = vertxRequest.getCurrent();
        if (rc != null && rc.get(RECORDED) != null) {
            return;
        }
        AuditTrail.Actor actor = trail.currentActor(null);
        String address = address(rc);
        String target = rc != null ? target(rc) : request.getMethod() + " " + request.getUriInfo().getPath();
        String requestId = requestIds.value();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", 403);
        details.put("check", "application");
        Infrastructure.getDefaultWorkerPool().execute(() -> trail.security(FORBIDDEN,
                AuditTrail.SYSTEM.equals(actor.subject()) ? null : actor, address, target, details, requestId));
    }

    void tokenRefused(@ObservesAsync AuthenticationFailureEvent event) {
        RoutingContext rc = routingContext(event.getEventProperties());
        Map<String, Object> details = new LinkedHashMap<>();
        Throwable failure = event.getAuthenticationFailure();
        details.put("status", 401);
        if (failure != null) {
            details.put("failure", failure.getClass().getSimpleName());
        }
        trail.security(TOKEN_REFUSED, null, address(rc), target(rc), details, header(rc));
    }

    void refused(@ObservesAsync AuthorizationFailureEvent event) {
        RoutingContext rc = routingContext(event.getEventProperties());
        SecurityIdentity who = event.getSecurityIdentity();
        boolean anonymous = who == null || who.isAnonymous();
        boolean unauthenticated = anonymous || event.getAuthorizationFailure() instanceof UnauthorizedException;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", unauthenticated ? 401 : 403);
        if (event.getAuthorizationContext() != null) {
            details.put("check", event.getAuthorizationContext());
        }
        trail.security(unauthenticated ? UNAUTHENTICATED : FORBIDDEN, anonymous ? null : AuditCaller.actorOf(who, null),
                address(rc), target(rc), details, header(rc));
    }

    private static RoutingContext routingContext(Map<String, Object> properties) {
        if (properties == null) {
            return null;
        }
        for (Object value : properties.values()) {
            if (value instanceof RoutingContext rc) {
                return rc;
            }
        }
        return null;
    }

    private static String address(RoutingContext rc) {
        return rc == null ? null : AuditCaller.addressOf(rc);
    }

    private static String target(RoutingContext rc) {
        return rc == null ? null : rc.request().method().name() + " " + rc.request().path();
    }

    private static String header(RoutingContext rc) {
        return rc == null ? null : rc.request().getHeader(RequestId.HEADER);
    }
}
