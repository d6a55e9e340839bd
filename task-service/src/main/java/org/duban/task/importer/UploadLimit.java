package org.duban.task.importer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/**
 * A document larger than {@code duban.importer.max-document-bytes} is answered 413 with a problem body, before it
 * reaches the resource: the upload is read and discarded first, so the client gets the answer instead of a reset
 * connection. (quarkus.http.limits.max-body-size is set higher, as the outer guard.)
 */
@ApplicationScoped
public class UploadLimit {

    void install(@Observes Router router, ImporterConfig config) {
        int limit = config.maxDocumentBytes();
        router.route("/api/plans/import").order(-2000).handler(rc -> {
            String length = rc.request().getHeader("Content-Length");
            long size;
            try {
                size = length == null ? -1 : Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size <= limit) {
                rc.next();
                return;
            }
            String body = "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\"the document has "
                    + size + " bytes; at most " + limit + " bytes (" + (limit / (1024 * 1024)) + " MiB) are accepted\",\"instance\":\""
                    + rc.request().path() + "\",\"limit\":" + limit + "}";
            rc.request().handler(buffer -> {
            });
            rc.request().endHandler(v -> {
                if (!rc.response().ended()) {
                    rc.response().setStatusCode(413).putHeader("Content-Type", "application/problem+json").end(body);
                }
            });
            rc.request().resume();
        });
    }
}
