package org.duban.provincesim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the other side answered to one request this instance sent: the HTTP status and, when the body was the
 * transport answer of docs/province-api.md §6, its {@code code}, {@code msg} and {@code msgId} (null otherwise).
 *
 * @param status   HTTP status, or 0 when the message was only written to the changes feed (not pushed)
 * @param code     the answer's code (0 ok, 1 refused, 2 invalid, 3 flow error), or null
 * @param msg      the answer's msg, or null
 * @param msgId    the answer's msgId, or null
 * @param body     the raw answer body ("" when none)
 * @param sentMsgId the msgId of the message sent (null for a raw body)
 * @param envelope the envelope sent (null for a raw body)
 */
public record Answer(int status, Integer code, String msg, String msgId, String body, String sentMsgId, JsonNode envelope) {

    /** HTTP 200 with code 0. */
    public boolean ok() {
        return status == 200 && code != null && code == 0;
    }
}
