package org.duban.platform.problem;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: raise it anywhere in a request and the caller gets {@code application/problem+json}
 * with the status, a title, a detail a person can act on, and extension members naming the field, line or
 * state at fault.
 */
public class Problem extends RuntimeException {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public Problem(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "Bad Request", detail);
    }

    /** A request field is wrong; {@code field} names it in the body's {@code errors}. */
    public static Problem invalidField(String field, String detail) {
        return new Problem(400, "Invalid field", field + ": " + detail)
                .with("errors", java.util.List.of(Map.of("field", field, "message", detail)));
    }

    public static Problem notFound(String detail) {
        return new Problem(404, "Not Found", detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(409, "Conflict", detail);
    }

    public static Problem forbidden(String detail) {
        return new Problem(403, "Forbidden", detail);
    }

    public static Problem unavailable(String detail) {
        return new Problem(503, "Service Unavailable", detail);
    }

    public Problem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The JSON body. {@code type} stays {@code about:blank}: the status and title say what kind it is. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extensions);
        return body;
    }
}
