package org.duban.province.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The transport answer (docs/province-api.md §6): {@code {"code":0,"msg":"ok","msgId":…}}. Codes: 0 accepted, 1 refused
 * (app key, timestamp, nonce, signature; HTTP 401), 2 invalid parameters naming the field (400; 413 for a body over
 * the limit), 3 flow error (409).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Answer(int code, String msg, String msgId) {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int INVALID = 2;
    public static final int FLOW = 3;

    public static Answer ok(String msgId) {
        return new Answer(OK, "ok", msgId);
    }

    public int httpStatus() {
        return switch (code) {
            case OK -> 200;
            case REFUSED -> 401;
            case INVALID -> 400;
            default -> 409;
        };
    }
}
