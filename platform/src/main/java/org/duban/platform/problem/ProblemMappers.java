package org.duban.platform.problem;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every client error into an RFC 9457 body. Hand-written because the Quarkiverse http-problem
 * extension does not resolve for this Quarkus line here; the format is small and fixed by the RFC.
 * The security layer's own 401 and 403 are problems too ({@link SecurityProblems}, {@link AuthFailureProblem}).
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(Problem problem, UriInfo uri) {
        return respond(problem, uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", fieldOf(v), "message", v.getMessage()))
                .sorted((a, b) -> a.get("field").compareTo(b.get("field")))
                .toList();
        String detail = errors.stream().map(m -> m.get("field") + ": " + m.get("message")).collect(Collectors.joining("; "));
        return respond(new Problem(400, "Invalid request", detail).with("errors", errors), uri);
    }

    /**
     * Declared for the subtypes too: Quarkus ships its own (non-problem) mapper for mismatched input. The answer names
     * the field and the position and says what was expected in plain words; Jackson's own message is not passed on
     * (it names Java types, e.g. {@code java.time.Instant}), only logged at debug.
     */
    @ServerExceptionMapper({ JsonProcessingException.class, MismatchedInputException.class, InvalidFormatException.class })
    public Response unreadable(JsonProcessingException e, UriInfo uri) {
        LOG.debugf("unreadable request body on %s: %s", uri == null ? "?" : uri.getPath(), e.getOriginalMessage());
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String expected = "must be " + expected(m.getTargetType());
            return respond(Problem.badRequest("request body: " + field + " " + expected + where)
                    .with("errors", List.of(Map.of("field", field, "message", expected))), uri);
        }
        return respond(Problem.badRequest("request body is not valid JSON for this endpoint" + where), uri);
    }

    /** What a JSON value of this Java type looks like, for people who have never seen the Java type. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class && type != char.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == java.util.UUID.class) {
            return "a UUID such as 3f2c9a64-1b7e-4c1a-9d7e-2a5b6c8d9e01";
        }
        if (type == java.time.LocalDate.class) {
            return "a date such as 2021-12-31";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "a date and time such as 2021-12-31T23:59:59+08:00";
        }
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "text";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status == 401 || status == 403) {
            return e.getResponse();
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri); // Quarkus' JSON reader wraps a malformed body into a bare 400
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        return respond(new Problem(status, title, e.getMessage()), uri);
    }

    /**
     * Anything unforeseen: a 500 problem that says where to look (the log, by the problem's {@code id}) without
     * sending the stack trace to the client. Quarkus's own mappers for security exceptions are more specific and
     * still answer 401/403.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (databaseUnreachable(e)) {
            LOG.warnf("database unreachable on %s: %s", uri == null ? "?" : uri.getPath(), e.getMessage());
            return respond(Problem.unavailable("the database is unreachable or restarting; try again shortly"), uri);
        }
        String id = java.util.UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s on %s", id, uri == null ? "?" : uri.getPath());
        return respond(new Problem(500, "Internal Server Error", "an unexpected failure; the service log has it under id " + id)
                .with("id", id), uri);
    }

    /**
     * A lost or refused database connection (SQLState class 08, or 57P01..57P03: the server shutting down or not yet
     * accepting): the request may succeed when retried, so it is a 503, not the client's fault and not a bug.
     */
    private static boolean databaseUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ProblemMappers.class);

    private static Response respond(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.body(uri == null ? null : uri.getPath()))
                .build();
    }

    /** {@code create.arg0.name} → {@code name}: the field as the client sent it. */
    private static String fieldOf(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        String[] parts = path.split("\\.");
        int start = parts.length > 2 ? 2 : parts.length - 1;
        return String.join(".", java.util.Arrays.copyOfRange(parts, start, parts.length));
    }
}
