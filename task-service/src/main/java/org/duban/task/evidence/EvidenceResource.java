package org.duban.task.evidence;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.vertx.ext.web.RoutingContext;

import org.duban.platform.security.Roles;

/**
 * Evidence files (佐证材料): {@code POST /api/assignments/{id}/evidence} (multipart, one part {@code file}; the body read by
 * {@link EvidenceUploadRoute} with its own size limit) → 201 the file's reference; a report names the ids in
 * {@code evidenceFileIds}. {@code GET /api/evidence/{id}} downloads, {@code GET /api/evidence/{id}/meta} describes one,
 * {@code GET /api/assignments/{id}/evidence} lists an assignment's, {@code DELETE /api/evidence/{id}} discards an upload
 * no report names yet.
 */
@Path("/api")
public class EvidenceResource {

    /** A file as the lists show it; {@code reportId} null while no report names it. */
    public record EvidenceView(UUID id, UUID assignmentId, UUID taskId, UUID unitId, UUID reportId, String name,
            String contentType, long size, String sha256, String sm3, String uploadedBy, Instant uploadedAt, Instant attachedAt,
            String href) {
        static EvidenceView of(EvidenceFile f) {
            return new EvidenceView(f.id, f.assignmentId, f.taskId, f.unitId, f.reportId, f.name, f.contentType, f.size, f.sha256,
                    f.sm3, f.uploadedBy, f.uploadedAt, f.attachedAt, "/api/evidence/" + f.id);
        }
    }

    @Inject
    Evidence evidence;

    @Inject
    EvidenceStore store;

    @POST
    @Path("assignments/{id}/evidence")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    public Response upload(@PathParam("id") UUID id, @Context RoutingContext rc) {
        EvidenceFile f = evidence.upload(id, EvidenceUploadRoute.upload(rc));
        return Response.created(URI.create("/api/evidence/" + f.id)).entity(EvidenceView.of(f)).build();
    }

    @GET
    @Path("assignments/{id}/evidence")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<EvidenceView> list(@PathParam("id") UUID id) {
        return evidence.ofAssignment(id).stream().map(EvidenceView::of).toList();
    }

    @GET
    @Path("evidence/{id}/meta")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public EvidenceView meta(@PathParam("id") UUID id) {
        return EvidenceView.of(evidence.readable(id));
    }

    /** The bytes, streamed from the database a chunk at a time, as an attachment under the name the unit gave. */
    @GET
    @Path("evidence/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public Response download(@PathParam("id") UUID id) {
        EvidenceFile f = evidence.readable(id);
        UUID fileId = f.id;
        int chunks = f.chunks;
        StreamingOutput body = out -> store.copy(fileId, chunks, out);
        return Response.ok(body, f.contentType)
                .header(HttpHeaders.CONTENT_LENGTH, f.size)
                .header("Content-Disposition", contentDisposition(f.name))
                .header(HttpHeaders.ETAG, "\"" + f.sha256 + "\"")
                // RFC 9530: the digest of the bytes sent, so a client can check what it received
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(f.sha256)) + ":")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .build();
    }

    @DELETE
    @Path("evidence/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    public EvidenceView discard(@PathParam("id") UUID id) {
        return EvidenceView.of(evidence.discard(id));
    }

    /**
     * {@code attachment; filename="…"; filename*=UTF-8''…} (RFC 6266 with RFC 8187 for a Chinese name): the quoted name is
     * an ASCII stand-in, the starred one the real name percent-encoded. URLEncoder is the form encoder: its {@code +} for a
     * space and its bare {@code *} are not attr-chars, hence the two replacements.
     */
    static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7e]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A");
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
