package org.duban.task.importer;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.vertx.ext.web.RoutingContext;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.task.plan.PlanViews;
import org.duban.task.OpenApiTags;

/**
 * {@code POST /api/plans/import}: the body is the document itself, plain UTF-8 text (the county notice or the
 * provincial work points), a Word {@code .docx} or an Excel {@code .xlsx}; the format is detected, or named with
 * {@code ?format=notice_text|work_points_text|docx|xlsx}. {@code ?dryRun=true} answers the report without saving.
 * {@code ?adoptedOn=2026-12-07} (生效日期) adopts a plan already under way: due dates before that day count against
 * nobody, and the report's {@code dueBeforeAdoption} lists them for the office to re-date. {@code ?completed=附件1（三）,附件1（五）}
 * with {@code completedReason} marks work already done (办结) when the plan is adopted: those tasks' assignments are made
 * completed, never missed, listed in the report's {@code completedAtImport}.
 * 201 with the plans and the import report; 200 with the existing plan when the same document was imported before.
 * A sub-resource of tasks/PlanResource, the one resource class of {@code /api/plans} (issue 23), so it has no path of
 * its own.
 */
@ApplicationScoped
@Tag(name = OpenApiTags.PLANS, description = OpenApiTags.PLANS_TEXT)
public class PlanImportResource {

    public record ImportAnswer(List<PlanViews.PlanView> plans, boolean existing, boolean dryRun, ImportReport report) {
    }

    @Inject
    PlanImporter importer;

    @Inject
    JsonWebToken token;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(operationId = "importPlan", summary = "导入方案 — import a plan", description = "Supervisors only. The body is the "
            + "document itself: the county notice or the provincial work points as UTF-8 text, a Word .docx or an Excel .xlsx "
            + "(detected, or named by `format`). Tasks, their units (resolved by unit-service) and due dates are read; each unit "
            + "gets its assignments (TaskAssigned). `dryRun=true` answers the report without saving; `adoptedOn` (生效日期) adopts "
            + "a plan already under way: nothing due before that day counts against anyone, and `dueBeforeAdoption` lists it for "
            + "re-dating. The same document imported again answers 200 with the existing plan.")
    @Parameter(name = "format", in = ParameterIn.QUERY, description = "notice_text, work_points_text, docx or xlsx; detected when absent",
            schema = @Schema(type = SchemaType.STRING, enumeration = { "notice_text", "work_points_text",
            "docx", "xlsx" }))
    @Parameter(name = "dryRun", in = ParameterIn.QUERY, description = "true: answer the import report without saving anything")
    @Parameter(name = "adoptedOn", in = ParameterIn.QUERY, description = "生效日期, a day such as 2026-12-07: due dates before it "
            + "count against nobody", schema = @Schema(type = SchemaType.STRING, format = "date"))
    @RequestBody(required = true, content = {
            @Content(mediaType = "text/plain", schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "a county notice", value = """
                    关于印发《XX县2021年重点工作任务分解方案》的通知
                    一、经济发展
                    （一）推进重点项目建设。责任单位：县发展改革局牵头，县财政局配合。完成时限：2021年12月31日前。
                    """)),
            @Content(mediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")),
            @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "201", description = "Imported; Location names the (first) plan",
            headers = @Header(name = "Location", description = "/api/plans/{id}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImportAnswer.class)))
    @APIResponse(responseCode = "200", description = "A dry run's report, or the plan imported before from the same document",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ImportAnswer.class)))
    @APIResponse(responseCode = "400", description = "An empty or unreadable document, an unknown format, a malformed adoptedOn; "
            + "`errors` names it")
    public Response importPlan(@Context RoutingContext rc, @HeaderParam("Content-Type") String contentType,
            @QueryParam("format") String format, @QueryParam("dryRun") boolean dryRun,
            @QueryParam("adoptedOn") String adoptedOn, @QueryParam("completed") String completed,
            @QueryParam("completedReason") String completedReason) {
        LocalDate adopted = date("adoptedOn", adoptedOn);
        DoneAtImport done = DoneAtImport.of(completed, completedReason, token.getName() + " (" + Roles.SUPERVISOR + ")");
        byte[] body = UploadLimit.body(rc); // read by UploadLimit's route, with the document size limit
        PlanWriter.Result result = importer.importDocument(body, contentType, format, dryRun, token.getRawToken(), adopted, done);
        ImportAnswer answer = new ImportAnswer(result.plans(), result.existing(), dryRun, result.report());
        if (result.existing() || dryRun) {
            return Response.ok(answer).build();
        }
        return Response.created(URI.create("/api/plans/" + result.plans().get(0).id())).entity(answer).build();
    }

    /** An optional calendar day (2026-12-07) of a query parameter; a 400 naming it when malformed. */
    static LocalDate date(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw Problem.invalidField(name, "must be a day such as 2026-12-07");
        }
    }
}
