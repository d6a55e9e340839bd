package org.duban.platform.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * A refused bearer token on a route outside Quarkus REST (the health, metrics and OpenAPI probes: proactive
 * authentication refuses a bad token everywhere) is a 401 problem too; on REST endpoints {@link SecurityProblems}
 * answers it. A failure handler on every route, ahead of Quarkus' own (which would end the 401 with an empty body);
 * the challenge quarkus-oidc set is kept.
 */
@ApplicationScoped
public class AuthFailureProblem {

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).failureHandler(rc -> {
            if (!(rc.failure() instanceof AuthenticationFailedException) || rc.response().ended() || rc.response().headWritten()) {
                rc.next();
                return;
            }
            if (rc.response().headers().get("WWW-Authenticate") == null) {
                rc.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            }
            rc.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .end("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"the bearer token was "
                            + "refused: it is expired, not signed by the realm, from another issuer or not meant for Duban\"}");
        });
    }
}
