package org.duban.supervision.evidence;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

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

import org.duban.platform.evidence.EvidenceUploadRoute;
import org.duban.platform.security.Roles;

/**
 * A rectification's evidence files (整改佐证材料): {@code POST /api/rectifications/{id}/evidence} (multipart, one part
 * {@code file}; the body read by platform's {@link EvidenceUploadRoute} with its own size limit) → 201 the file's
 * reference, which the report ({@code POST /api/rectifications/{id}/report}) names in {@code evidenceFileIds};
 * {@code GET /api/rectifications/{id}/evidence} lists them. Its own class with the full path as its root, beside the
 * inspection resource's {@code /api}.
 *
 * <p>Not shared with the other service's twin ({@code AssignmentEvidenceResource} / {@code RectificationEvidenceResource})
 * through a platform base class: the upload answers a {@code Response} (for its Location), so its 201 schema can only
 * be named by a class literal in {@code @Schema(implementation = …)}, which a generic base cannot give; and both operations' descriptions, 404 and 409
 * texts and operationIds say what the files belong to (open work vs. an ORDERED rectification, the lead unit's reading);
 * and a generic base loses the inherited {@code @RolesAllowed} in the OpenAPI document (see {@code EvidenceResource}).
 * The steps behind them are shared ({@link org.duban.platform.evidence.EvidenceFiles}).
 */
@Tag(name = "Rectification evidence (整改佐证材料)")
@Path("/api/rectifications/{id}/evidence")
public class RectificationEvidenceResource {

    @Inject
    RectificationEvidence evidence;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Operation(operationId = "uploadRectificationEvidence", summary = "上传整改佐证材料 — upload a rectification evidence file",
            description = "The rectification's unit officer (or a supervisor for it), while it is ORDERED. multipart/form-data with "
            + "one part `file` (its own size limit, larger than the JSON limit; PDF, PNG, JPEG, .docx, .xlsx by content); stored "
            + "with its SHA-256 and SM3 digests until the report names it in `evidenceFileIds`.")
    @RequestBody(required = true, content = @Content(mediaType = "multipart/form-data",
            schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "file", properties = @SchemaProperty(name = "file",
            type = SchemaType.STRING, format = "binary", description = "the file, with its name and content type"))))
    @APIResponse(responseCode = "201", description = "Stored; Location is its download",
            headers = @Header(name = "Location", description = "/api/evidence/{id}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EvidenceResource.EvidenceView.class)))
    @APIResponse(responseCode = "404", description = "No rectification with this id (or another unit's)")
    @APIResponse(responseCode = "409", description = "The rectification is not ORDERED, or too many uploads wait for a report; the "
            + "problem names the `state`")
    public Response upload(@PathParam("id") UUID id, @Context RoutingContext rc) {
        EvidenceFile f = evidence.upload(id, EvidenceUploadRoute.upload(rc));
        return Response.created(URI.create("/api/evidence/" + f.id)).entity(EvidenceResource.EvidenceView.of(f)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listRectificationEvidence", summary = "A rectification's evidence files",
            description = "Supervisors, leaders and the unit's officers. Every file with its digests and the report that attached "
            + "it (`reportedAt`). Changes nothing.")
    @APIResponse(responseCode = "404", description = "No rectification with this id (or another unit's)")
    @APIResponseSchema(value = EvidenceResource.EvidenceView[].class, responseCode = "200", responseDescription = "OK")
    public List<EvidenceResource.EvidenceView> list(@PathParam("id") UUID id) {
        return evidence.ofRectification(id).stream().map(EvidenceResource.EvidenceView::of).toList();
    }
}
