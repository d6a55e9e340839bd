package org.duban.task.upload;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * The early refusal of {@code importer/UploadLimit}, which reads a large body itself before Quarkus REST and so answers a
 * refusal itself. The refusal is platform's {@link org.duban.platform.evidence.UploadRefusal}, shared with the evidence
 * uploads of task-service and supervision-service; this class only keeps the importer's call sites where they are.
 */
public final class UploadRefusal {

    private UploadRefusal() {
    }

    /** The request's declared Content-Length, or -1 when there is none (chunked) or it is not a number. */
    public static long declaredLength(HttpServerRequest request) {
        return org.duban.platform.evidence.UploadRefusal.declaredLength(request);
    }

    /** Answers {@code problem} (problem+json), discarding for a bounded while what the client still sends, then closing. */
    public static void refuseAndClose(RoutingContext rc, int status, String problem) {
        org.duban.platform.evidence.UploadRefusal.refuseAndClose(rc, status, problem);
    }
}
