package org.duban.supervision.evidence;

import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.evidence.EvidenceDownload;
import org.duban.platform.evidence.EvidenceStore;
import org.duban.platform.security.Roles;

/**
 * Evidence files of rectification reports (整改佐证材料) by id: {@code GET /api/evidence/{id}} downloads,
 * {@code GET /api/evidence/{id}/meta} describes, {@code DELETE /api/evidence/{id}} discards an upload no report names yet —
 * the same API as task-service's for progress reports. Uploads and a rectification's list are
 * {@link RectificationEvidenceResource}'s.
 *
 * <p>The same operations as the other service's {@code EvidenceResource}, kept in each service on purpose: an abstract
 * platform resource generic in the view type was tried and changed the OpenAPI document (smallrye-openapi saw neither the
 * inherited {@code @RolesAllowed}, so no security or 401/403, nor the generic return type, so no 200 schema). The steps
 * behind them are shared: platform's {@link org.duban.platform.evidence.EvidenceFiles}.
 */
@Tag(name = "Rectification evidence (整改佐证材料)", description = "整改佐证材料 — evidence files a unit uploads for its rectification "
        + "report: uploaded, listed, downloaded, discarded before a report names them")
@Path("/api/evidence")
public class EvidenceResource {

    /** A file as the lists show it; {@code reportedAt} null while no report names it. */
    public record EvidenceView(UUID id, UUID rectificationId, UUID inspectionId, UUID unitId, Instant reportedAt, String name,
            String contentType, long size, String sha256, String sm3, String uploadedBy, Instant uploadedAt, String href) {
        public static EvidenceView of(EvidenceFile f) {
            return new EvidenceView(f.id, f.rectificationId, f.inspectionId, f.unitId, f.reportedAt, f.name, f.contentType, f.size,
                    f.sha256, f.sm3, f.uploadedBy, f.uploadedAt, "/api/evidence/" + f.id);
        }
    }

    @Inject
    RectificationEvidence evidence;

    @Inject
    EvidenceStore store;

    @GET
    @Path("{id}/meta")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "getRectificationEvidenceMeta", summary = "Describe a rectification evidence file",
            description = "Who may read the rectification. Name, type, size, digests, uploader, report. Changes nothing.")
    @APIResponse(responseCode = "404", description = "No evidence file with this id (or another unit's)")
    @APIResponseSchema(value = EvidenceView.class, responseCode = "200", responseDescription = "OK")
    public EvidenceView meta(@PathParam("id") UUID id) {
        return EvidenceView.of(evidence.readable(id));
    }

    /** The bytes, streamed from the database a chunk at a time, as an attachment under the name the unit gave. */
    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "downloadRectificationEvidence", summary = "Download a rectification evidence file",
            description = "Who may read the rectification. The bytes as an attachment under the name the unit gave, with its ETag "
            + "(SHA-256) and Repr-Digest. Changes nothing.")
    @APIResponse(responseCode = "200", description = "The file", headers = { @Header(name = "Content-Disposition",
            description = "attachment; filename=…; filename*=UTF-8''…", schema = @Schema(type = SchemaType.STRING)),
            @Header(name = "Repr-Digest", description = "sha-256=:…: (RFC 9530)", schema = @Schema(type = SchemaType.STRING)) },
            content = @Content(mediaType = "application/octet-stream", schema = @Schema(type = SchemaType.STRING,
            format = "binary")))
    @APIResponse(responseCode = "404", description = "No evidence file with this id (or another unit's)")
    public Response download(@PathParam("id") UUID id) {
        return EvidenceDownload.of(store, evidence.readable(id));
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Operation(operationId = "discardRectificationEvidence", summary = "Discard a rectification evidence upload",
            description = "The uploading unit's officer or a supervisor. Deletes an upload no report names yet; a report's evidence stays.")
    @APIResponse(responseCode = "404", description = "No evidence file with this id (or another unit's)")
    @APIResponse(responseCode = "409", description = "A report names the file; the problem names the `state`")
    @APIResponseSchema(value = EvidenceView.class, responseCode = "200", responseDescription = "The discarded file")
    public EvidenceView discard(@PathParam("id") UUID id) {
        return EvidenceView.of(evidence.discard(id));
    }
}
