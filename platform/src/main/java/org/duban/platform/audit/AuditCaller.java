package org.duban.platform.audit;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.opentelemetry.api.trace.Span;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;

import org.duban.platform.audit.AuditTrail.Actor;

/**
 * Who is acting and from where, as an audit entry records it: the caller of the current request from its token
 * (subject, name, realm roles, {@code unit_id} claim), else the system named after its cause; the request id, the
 * client's address and the trace id. Everything here reads the current request, if any; none of it writes.
 */
@ApplicationScoped
class AuditCaller {

    @Inject
    Instance<SecurityIdentity> identity;

    @Inject
    Instance<JsonWebToken> token;

    @Inject
    Instance<RequestId> requestId;

    @Inject
    Instance<CurrentVertxRequest> vertxRequest;

    /** The caller of the current request, from its token; the system (named after {@code cause}) outside one. */
    Actor actor(String cause) {
        if (!inRequest() || !identity.isResolvable() || identity.get().isAnonymous()) {
            return Actor.system(cause);
        }
        return actorOf(identity.get(), token.isResolvable() ? token.get() : null);
    }

    /** The actor a security identity names (its token's subject, name and unit claim where there is a token). */
    static Actor actorOf(SecurityIdentity who, JsonWebToken jwt) {
        if (jwt == null && who.getPrincipal() instanceof JsonWebToken principal) {
            jwt = principal;
        }
        String principalName = who.getPrincipal() == null ? null : who.getPrincipal().getName();
        if (jwt == null || jwt.getRawToken() == null) {
            return new Actor(principalName == null ? "anonymous" : principalName, principalName,
                    who.getRoles().stream().sorted().toList(), null);
        }
        JsonWebToken t = jwt;
        String subject = Optional.ofNullable(t.getSubject()).orElse(principalName);
        String name = claim(t, "name").or(() -> claim(t, "preferred_username")).or(() -> claim(t, "upn")).orElse(principalName);
        UUID unit = claim(t, "unit_id").map(AuditCaller::uuidOrNull).orElse(null);
        return new Actor(subject, name, who.getRoles().stream().sorted().toList(), unit);
    }

    /** The current request's id ({@link RequestId}), null outside a request. */
    String requestId() {
        return inRequest() && requestId.isResolvable() ? requestId.get().value() : null;
    }

    /** The current request's client address, null outside a request. */
    String address() {
        if (!inRequest() || !vertxRequest.isResolvable()) {
            return null;
        }
        RoutingContext rc = vertxRequest.get().getCurrent();
        return rc == null ? null : addressOf(rc);
    }

    static String addressOf(RoutingContext rc) {
        var remote = rc.request().remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }

    /** The current span's trace id, null when nothing is traced. */
    static String traceId() {
        var context = Span.current().getSpanContext();
        return context.isValid() ? context.getTraceId() : null;
    }

    private static boolean inRequest() {
        return Arc.container() != null && Arc.container().requestContext().isActive();
    }

    private static Optional<String> claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        return value == null ? Optional.empty() : Optional.of(value.toString().replace("\"", "")).filter(s -> !s.isBlank());
    }

    private static UUID uuidOrNull(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
