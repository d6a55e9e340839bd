package org.duban.task.importer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import org.duban.task.upload.UploadRefusal;

/**
 * The upload of {@code POST /api/plans/import}, read here with a counting limit before anything else sees it (order
 * -2000: before Quarkus's own body size check and before authentication, so the refusal costs nothing): a body over
 * {@code duban.importer.max-document-bytes} is answered 413 problem+json at once, never buffered.
 * <ul>
 * <li>A declared Content-Length over the limit: 413 before a byte of the body is read (a client that sent
 * {@code Expect: 100-continue} never sends it).</li>
 * <li>A chunked body (no length declared): counted as it arrives, 413 the moment it passes the limit.</li>
 * </ul>
 * After a 413 the connection is closed ({@code Connection: close}); what the client had already put on the wire is
 * discarded for a bounded while first ({@link UploadRefusal}, shared with the evidence upload), so the answer is not
 * lost to a TCP reset. A body within the limit is kept in the routing context ({@link #body}) for {@link PlanImportResource}:
 * hand-written, because Quarkus's own limit ({@code quarkus.http.limits.max-body-size}) is global, 1 MiB for the JSON
 * endpoints, and it would buffer a chunked upload up to that limit before the resource could refuse it.
 */
@ApplicationScoped
public class UploadLimit {

    static final String BODY = UploadLimit.class.getName() + ".body";

    void install(@Observes Router router, ImporterConfig config) {
        int limit = config.maxDocumentBytes();
        router.post("/api/plans/import").order(-2000).handler(rc -> read(rc, limit));
    }

    /** The upload as read by the limit's route (empty when there was none). */
    static byte[] body(RoutingContext rc) {
        Buffer body = rc.get(BODY);
        return body == null ? new byte[0] : body.getBytes();
    }

    private static void read(RoutingContext rc, int limit) {
        HttpServerRequest request = rc.request();
        long declared = UploadRefusal.declaredLength(request);
        if (declared > limit) {
            refuse(rc, declared, limit);
            return;
        }
        if (request.isEnded()) {
            // a body handler installed before this route (none is, today) has read the body already
            Buffer read = rc.body() == null ? null : rc.body().buffer();
            if (read != null && read.length() > limit) {
                refuse(rc, read.length(), limit);
                return;
            }
            rc.put(BODY, read == null ? Buffer.buffer() : read);
            rc.next();
            return;
        }
        if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 8192);
        request.handler(chunk -> {
            if (rc.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                refuse(rc, body.length() + chunk.length(), limit);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!rc.response().ended()) {
                rc.put(BODY, body);
                // read and checked here: Quarkus's global check of the declared length (order -2, for JSON
                // endpoints quarkus.http.limits.max-body-size) must not refuse a document it allows
                request.headers().remove(HttpHeaders.CONTENT_LENGTH);
                rc.next();
            }
        });
        request.resume();
    }

    private static void refuse(RoutingContext rc, long size, int limit) {
        HttpServerRequest request = rc.request();
        boolean chunked = request.getHeader(HttpHeaders.CONTENT_LENGTH) == null;
        String detail = chunked ? "the document has more than " + limit + " bytes" : "the document has " + size + " bytes";
        String body = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\"" + detail + "; at most "
                + limit + " bytes (" + (limit / (1024 * 1024)) + " MiB) are accepted\",\"instance\":\"" + request.path()
                + "\",\"setting\":\"duban.importer.max-document-bytes\",\"limit\":" + limit + "}";
        UploadRefusal.refuseAndClose(rc, 413, body);
    }
}
