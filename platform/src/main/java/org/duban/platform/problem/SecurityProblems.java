package org.duban.platform.problem;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The security layer's refusals as RFC 9457 problems, like every other client error (issue 22): a request without a
 * token where one is needed, a token that fails verification (signature, issuer, audience, expiry) and a token whose
 * roles do not allow the operation. Quarkus' own mappers answer these with an empty body. Quarkus REST hands
 * proactive authentication failures to an exception mapper for {@link AuthenticationFailedException} too, so one place
 * covers both; the priority puts these ahead of the built-in mappers for the same types. A 401 keeps its RFC 6750
 * challenge. The reason a token was refused stays in the log (quarkus-oidc logs it at debug), never in the body.
 */
public class SecurityProblems {

    private static final Logger LOG = Logger.getLogger(SecurityProblems.class);

    @ServerExceptionMapper(priority = Priorities.AUTHENTICATION)
    public Response tokenRefused(AuthenticationFailedException e, UriInfo uri) {
        LOG.infof("refused a bearer token on %s", path(uri));
        return challenge(new Problem(401, "Unauthorized", "the bearer token was refused: it is expired, not signed by the "
                + "realm, from another issuer or not meant for Duban"), uri, "Bearer error=\"invalid_token\"");
    }

    @ServerExceptionMapper(priority = Priorities.AUTHENTICATION)
    public Response tokenMissing(UnauthorizedException e, UriInfo uri) {
        return challenge(new Problem(401, "Unauthorized", "this operation needs a bearer token"), uri, "Bearer");
    }

    @ServerExceptionMapper(priority = Priorities.AUTHENTICATION)
    public Response notAllowed(ForbiddenException e, UriInfo uri) {
        LOG.infof("refused an operation to the caller's roles on %s", path(uri));
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(new Problem(403, "Forbidden", "the caller's roles do not allow this operation").body(path(uri))).build();
    }

    private static Response challenge(Problem problem, UriInfo uri, String challenge) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .entity(problem.body(path(uri))).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}
