package org.duban.task.importer;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.vertx.ext.web.RoutingContext;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.task.plan.PlanViews;

/**
 * {@code POST /api/plans/import}: the body is the document itself, plain UTF-8 text (the county notice or the
 * provincial work points), a Word {@code .docx} or an Excel {@code .xlsx}; the format is detected, or named with
 * {@code ?format=notice_text|work_points_text|docx|xlsx}. {@code ?dryRun=true} answers the report without saving.
 * {@code ?adoptedOn=2026-12-07} (生效日期) adopts a plan already under way: due dates before that day count against
 * nobody, and the report's {@code dueBeforeAdoption} lists them for the office to re-date. {@code ?completed=附件1（三）,附件1（五）}
 * with {@code completedReason} marks work already done (办结) when the plan is adopted: those tasks' assignments are made
 * completed, never missed, listed in the report's {@code completedAtImport}.
 * 201 with the plans and the import report; 200 with the existing plan when the same document was imported before.
 */
@Path("/api/plans/import")
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
