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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vertx.ext.web.RoutingContext;

import org.duban.platform.security.Roles;

/**
 * Evidence files (佐证材料): {@code POST /api/assignments/{id}/evidence} (multipart, one part {@code file}; the body read by
 * {@link EvidenceUploadRoute} with its own size limit) → 201 the file's reference; a report names the ids in
 * {@code evidenceFileIds}. {@code GET /api/evidence/{id}} downloads, {@code GET /api/evidence/{id}/meta} describes one,
 * {@code GET /api/assignments/{id}/evidence} lists an assignment's, {@code DELETE /api/evidence/{id}} discards an upload
 * no report names yet.
 */
@Tag(name = "evidence", description = "佐证材料 — evidence files a unit uploads for its progress reports (反馈): uploaded, listed, downloaded, "
        + "discarded before a report names them")
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
    @Operation(operationId = "uploadEvidence", summary = "上传佐证材料 — upload an evidence file",
            description = "The unit's officer (or a supervisor for it), on open work. multipart/form-data with one part `file` "
            + "(its own size limit, larger than the JSON limit); the file is stored with its SHA-256 and SM3 digests and waits "
            + "until a report names it in `evidenceFileIds`.")
    @RequestBody(required = true, content = @Content(mediaType = "multipart/form-data",
            schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "file", properties = @SchemaProperty(name = "file",
            type = SchemaType.STRING, format = "binary", description = "the file, with its name and content type"))))
    @APIResponse(responseCode = "201", description = "Stored; Location is its download",
            headers = @Header(name = "Location", description = "/api/evidence/{id}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EvidenceView.class)))
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponse(responseCode = "409", description = "The assignment is not open, or too many uploads wait for a report; the problem "
            + "names the `state` and `version` it met")
    public Response upload(@PathParam("id") UUID id, @Context RoutingContext rc) {
        EvidenceFile f = evidence.upload(id, EvidenceUploadRoute.upload(rc));
        return Response.created(URI.create("/api/evidence/" + f.id)).entity(EvidenceView.of(f)).build();
    }

    @GET
    @Path("assignments/{id}/evidence")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listEvidence", summary = "An assignment's evidence files",
            description = "Supervisors, leaders, the unit's officers (and the lead unit's). Every file with its digests and the "
            + "report it belongs to. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No assignment with this id")
    @APIResponseSchema(value = EvidenceView[].class, responseCode = "200", responseDescription = "OK")
    public List<EvidenceView> list(@PathParam("id") UUID id) {
        return evidence.ofAssignment(id).stream().map(EvidenceView::of).toList();
    }

    @GET
    @Path("evidence/{id}/meta")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "getEvidenceMeta", summary = "Describe an evidence file",
            description = "Who may read the assignment. Name, type, size, digests, uploader, report. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No evidence file with this id")
    @APIResponseSchema(value = EvidenceView.class, responseCode = "200", responseDescription = "OK")
    public EvidenceView meta(@PathParam("id") UUID id) {
        return EvidenceView.of(evidence.readable(id));
    }

    /** The bytes, streamed from the database a chunk at a time, as an attachment under the name the unit gave. */
    @GET
    @Path("evidence/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "downloadEvidence", summary = "Download an evidence file",
            description = "Who may read the assignment. The bytes as an attachment under the name the unit gave, with its ETag "
            + "(SHA-256) and Repr-Digest. Changes nothing.")
    @APIResponse(responseCode = "200", description = "The file", headers = { @Header(name = "Content-Disposition",
            description = "attachment; filename=…; filename*=UTF-8''…", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Repr-Digest", description = "sha-256=:…: (RFC 9530)", schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = SchemaType.STRING,
            format = "binary")))
    @APIResponse(responseCode = "404", description = "No evidence file with this id")
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
    @Operation(operationId = "discardEvidence", summary = "Discard an evidence upload",
            description = "The uploading unit's officer or a supervisor. Deletes an upload no report names yet; a report's evidence stays.")
    @APIResponse(responseCode = "404", description = "No evidence file with this id")
    @APIResponse(responseCode = "409", description = "A report names the file; the problem names the `state` and `version` it met")
    @APIResponseSchema(value = EvidenceView.class, responseCode = "200", responseDescription = "The discarded file")
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
