package org.duban.platform.evidence;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The early refusal the upload routes share (task-service's {@code importer/UploadLimit}, {@link EvidenceUploadRoute}):
 * they read a large body themselves, on the event loop, before Quarkus REST, so they also answer a refusal
 * themselves. Hand-written because Quarkus's own body limit is global and buffers before the resource could refuse.
 */
public final class UploadRefusal {

    /** What the client already put on the wire is read and dropped up to this many bytes… */
    public static final long LINGER_BYTES = 1024 * 1024;
    /** …or for this long, before the connection is closed. */
    public static final long LINGER_MILLIS = 1000;

    private UploadRefusal() {
    }

    /** The request's declared Content-Length, or -1 when there is none (chunked) or it is not a number. */
    public static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Answers {@code problem} (problem+json); while the client may still be sending, with {@code Connection: close}:
     * what it sends meanwhile is discarded for at most {@link #LINGER_BYTES} bytes or {@link #LINGER_MILLIS} ms, then
     * the connection is closed, so the answer is not lost to a TCP reset.
     */
    public static void refuseAndClose(RoutingContext rc, int status, String problem) {
        if (rc.request().isEnded()) {
            send(rc, status, problem); // nothing more is coming: the connection may serve the next request
            return;
        }
        rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaderValues.CLOSE);
        lingerThenClose(rc);
        send(rc, status, problem);
    }

    /** Answers {@code problem} as problem+json, unless an answer has been sent already. */
    public static void send(RoutingContext rc, int status, String problem) {
        if (!rc.response().ended()) {
            rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json").end(problem);
        }
    }

    private static void lingerThenClose(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        long[] discarded = { 0 };
        Runnable close = () -> request.connection().close();
        long timer = rc.vertx().setTimer(LINGER_MILLIS, t -> close.run());
        // a multipart body's parts too (the evidence route decodes them): read and dropped
        request.uploadHandler(part -> part.handler(chunk -> {
        }));
        request.handler(chunk -> {
            discarded[0] += chunk.length();
            if (discarded[0] > LINGER_BYTES) {
                rc.vertx().cancelTimer(timer);
                close.run();
            }
        });
        request.endHandler(v -> {
            rc.vertx().cancelTimer(timer);
            close.run();
        });
        request.resume();
    }
}
