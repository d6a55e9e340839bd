package org.duban.platform.evidence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.netty.handler.codec.http.HttpHeaderValues;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;


/**
 * The body of an evidence upload (multipart/form-data, one part {@code file}; task-service's
 * {@code POST /api/assignments/{id}/evidence}, supervision-service's {@code POST /api/rectifications/{id}/evidence}), read
 * here, before Quarkus REST sees the request, with its own limit: the rest of a service takes 1 MiB bodies
 * ({@code quarkus.http.limits.max-body-size}, a global setting), an evidence file up to {@code duban.evidence.max-file-bytes}.
 * A service installs it on its path with {@link #install} (from an {@code @Observes Router} method) and says who may
 * upload at all; whether the caller may upload for this assignment or rectification is the resource's check afterwards.
 * <ul>
 * <li>it runs after authentication and the HTTP permission checks (order -50; Quarkus' authentication filter is at -200),
 * so an anonymous caller, or one without the role to upload, is refused before a byte of the body is read;</li>
 * <li>the multipart body is decoded by Vert.x (Netty's {@code HttpPostRequestDecoder}, a maintained decoder) and the file
 * part streamed to a file on disk: memory stays bounded whatever the size, never a whole file in a buffer;</li>
 * <li>the raw body is counted as it arrives: over {@code max-file-bytes} plus {@link #MULTIPART_OVERHEAD} (the part's
 * headers and boundaries) → 413 problem+json at once and the connection closed; a declared Content-Length over it → 413
 * before anything is read.</li>
 * </ul>
 * The file on disk ({@link Upload}) is handed to the resource in the routing context ({@link #upload}), and deleted when
 * the response ends, whatever happened.
 */
public final class EvidenceUploadRoute {

    private static final Logger LOG = Logger.getLogger(EvidenceUploadRoute.class);

    static final String UPLOAD = EvidenceUploadRoute.class.getName() + ".upload";
    /** Room for the multipart framing around the file: boundaries, part headers, a long file name. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;
    static final String FILE_PART = "file";

    /** What was received: the file on disk, the name the client gave, its size; {@code error} when the form was wrong. */
    public record Upload(Path file, String fileName, long size, String error) {
    }

    private EvidenceUploadRoute() {
    }

    /**
     * Reads uploads to {@code path} (a Vert.x path, e.g. {@code /api/rectifications/:id/evidence}) ahead of the resource;
     * a caller {@code mayUpload} refuses is answered 403 with {@code forbidden} before the body is read.
     */
    public static void install(Router router, String path, EvidenceConfig config, Predicate<SecurityIdentity> mayUpload,
            String forbidden) throws IOException {
        Path directory = config.uploadDirectory().map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "duban-evidence-uploads"));
        Files.createDirectories(directory);
        long limit = config.maxFileBytes() + MULTIPART_OVERHEAD;
        router.post(path).order(-50).handler(rc -> read(rc, directory, limit, config.maxFileBytes(), mayUpload, forbidden));
    }

    /** The upload as read by the route (null when the route did not run). */
    public static Upload upload(RoutingContext rc) {
        return rc.get(UPLOAD);
    }

    private static void read(RoutingContext rc, Path directory, long limit, long fileLimit, Predicate<SecurityIdentity> mayUpload,
            String forbidden) {
        HttpServerRequest request = rc.request();
        SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
            refuse(rc, 401, "Unauthorized", "a bearer token is required", null);
            return;
        }
        if (!mayUpload.test(identity)) {
            refuse(rc, 403, "Forbidden", forbidden, null);
            return;
        }
        long declared = UploadRefusal.declaredLength(request);
        if (declared > limit) {
            tooLarge(rc, "the upload has " + declared + " bytes", fileLimit);
            return;
        }
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            refuse(rc, 415, "Unsupported Media Type",
                    "send the file as multipart/form-data with one part named \"" + FILE_PART + "\"", "file");
            return;
        }
        if (request.isEnded()) {
            refuse(rc, 400, "Invalid field", "the upload was read before it reached the evidence route", "file");
            return;
        }
        // deleted when the response ends, whatever happened to the request
        Path file = directory.resolve(UUID.randomUUID() + ".upload");
        rc.addEndHandler(v -> rc.vertx().fileSystem().delete(file.toString()).onFailure(e -> {
            // nothing was written (a refusal before the file part), or already gone
        }));
        long[] received = { 0 };
        @SuppressWarnings("unchecked")
        Future<Void>[] written = new Future[1];
        String[] name = new String[1];
        String[] error = new String[1];
        if (HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            rc.response().writeContinue();
        }
        request.setExpectMultipart(true);
        request.uploadHandler((HttpServerFileUpload part) -> {
            if (!FILE_PART.equals(part.name()) || written[0] != null) {
                error[0] = written[0] != null ? "one file per upload: a second file part was sent"
                        : "the file part must be named \"" + FILE_PART + "\", not \"" + part.name() + "\"";
                part.handler(chunk -> {
                }); // read and dropped
                return;
            }
            name[0] = part.filename();
            written[0] = part.streamToFileSystem(file.toString());
        });
        request.handler(chunk -> {
            if (rc.response().ended()) {
                return;
            }
            received[0] += chunk.length();
            if (received[0] > limit) {
                tooLarge(rc, "the upload has more than " + limit + " bytes", fileLimit);
            }
        });
        request.exceptionHandler(e -> {
            if (!rc.response().ended()) {
                LOG.debugf("evidence upload failed: %s", e.toString());
                refuse(rc, 400, "Invalid field", "the multipart body could not be read", "file");
            }
        });
        request.endHandler(v -> {
            if (rc.response().ended()) {
                return;
            }
            Future<Void> done = written[0] == null ? Future.succeededFuture() : written[0];
            done.onComplete(result -> {
                if (rc.response().ended()) {
                    return;
                }
                if (result.failed()) {
                    LOG.warnf("evidence upload could not be written to %s: %s", file, result.cause().toString());
                    refuse(rc, 500, "Internal Server Error", "the upload could not be stored for checking", null);
                    return;
                }
                String problem = error[0] != null ? error[0]
                        : written[0] == null ? "no file: send one part named \"" + FILE_PART + "\" with a file name" : null;
                long size = 0;
                if (problem == null) {
                    try {
                        size = Files.size(file);
                    } catch (IOException e) {
                        problem = "the upload could not be read back";
                    }
                }
                rc.put(UPLOAD, new Upload(problem == null ? file : null, name[0], size, problem));
                // read and checked here: Quarkus's global check of the declared length (order -2, for the JSON endpoints'
                // quarkus.http.limits.max-body-size) must not refuse the upload it allows
                request.headers().remove(HttpHeaders.CONTENT_LENGTH);
                rc.next();
            });
        });
        request.resume();
    }

    private static void tooLarge(RoutingContext rc, String what, long fileLimit) {
        String detail = what + "; a file may have at most " + fileLimit + " bytes (" + (fileLimit / (1024 * 1024)) + " MiB)";
        UploadRefusal.refuseAndClose(rc, 413, "{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":"
                + json(detail) + ",\"instance\":" + json(rc.request().path()) + ",\"setting\":\"duban.evidence.max-file-bytes\",\"limit\":"
                + fileLimit + ",\"errors\":[{\"field\":\"file\",\"message\":" + json(detail) + "}]}");
    }

    /** A refusal; a body the client is still sending is discarded (bounded), then the connection closed. */
    private static void refuse(RoutingContext rc, int status, String title, String detail, String field) {
        UploadRefusal.refuseAndClose(rc, status, "{\"type\":\"about:blank\",\"title\":" + json(title) + ",\"status\":" + status
                + ",\"detail\":" + json(detail) + ",\"instance\":" + json(rc.request().path())
                + (field == null ? "" : ",\"errors\":[{\"field\":" + json(field) + ",\"message\":" + json(detail) + "}]") + "}");
    }

    /** A JSON string literal (the problem bodies are written here, on the event loop; Vert.x's Jackson does the quoting). */
    static String json(String s) {
        return Json.encode(s);
    }
}
