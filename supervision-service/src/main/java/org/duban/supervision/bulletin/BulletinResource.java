package org.duban.supervision.bulletin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;

import org.duban.events.supervision.BulletinPublished;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.platform.time.ChineseDates;
import org.duban.supervision.Limits;
import org.duban.supervision.config.SupervisionConfig;
import org.duban.supervision.history.History;

/** 通报: draft from live data, edit, publish (then immutable), export as XLSX and as a printable page. */
@Tag(name = "Bulletins (通报)", description = "通报 — bulletins drafted from live data, edited, published (then immutable) and exported")
@Path("/api/bulletins")
public class BulletinResource {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    BulletinDrafter drafter;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    ObjectMapper json;

    @Inject
    History history;

    @Inject
    SupervisionConfig config;

    @Inject
    SecurityIdentity identity;

    @Inject
    @Location("bulletin.html")
    Template page;

    @Schema(name = "BulletinDraftRequest", description = "What a bulletin draft covers")
    public record DraftRequest(@Size(max = Limits.TITLE) String title, LocalDate periodStart, LocalDate periodEnd, UUID planId,
            @Size(max = Limits.DOCUMENT_NUMBER) String documentNumber) {
    }

    public record Edit(@Size(max = Limits.TITLE) String title, @Size(max = Limits.BULLETIN_TEXT) String text,
            @Size(max = Limits.DOCUMENT_NUMBER) String documentNumber) {
    }

    public record BulletinView(UUID bulletinId, String documentNumber, String title, LocalDate periodStart, LocalDate periodEnd,
            UUID planId, String status, String text, BulletinFigures figures, Instant draftedAt, Instant publishedAt) {
    }

    @POST
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(operationId = "draftBulletin", summary = "起草通报 — draft a bulletin", description = "The supervision office drafts a bulletin for a period (periodStart..periodEnd, calendar days in Beijing time), optionally for one plan: the figures (due, on time, late, lagging units) are computed from live data and the text written from them; the title defaults to 关于…至…工作推进情况的通报. Status DRAFT; recorded in its history with who drafted it. Announces nothing until published.")
    @RequestBody(required = true, description = "The period, and optionally title, plan and 文号",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "November", value = """
            {"periodStart": "2026-11-01", "periodEnd": "2026-11-30", "documentNumber": "县督查〔2026〕12号"}""") }))
    @APIResponse(responseCode = "201", description = "The draft",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BulletinView.class), examples = { @ExampleObject(name = "draft", value = """
            {"bulletinId": "a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d", "documentNumber": "县督查〔2026〕12号", "title": "关于2026年11月1日至2026年11月30日工作推进情况的通报", "periodStart": "2026-11-01", "periodEnd": "2026-11-30", "planId": null, "status": "DRAFT", "text": "一、总体情况\\n期内到期 12 件，按时办结 10 件……", "figures": null, "draftedAt": "2026-12-07T02:00:00Z", "publishedAt": null}""") }))
    @APIResponse(responseCode = "400", description = "periodStart or periodEnd missing, or periodEnd before periodStart; title or documentNumber too long")
    public Response draft(@Valid DraftRequest request) {
        if (request == null || request.periodStart() == null) {
            throw Problem.invalidField("periodStart", "a bulletin covers a period: give periodStart and periodEnd");
        }
        if (request.periodEnd() == null) {
            throw Problem.invalidField("periodEnd", "a bulletin covers a period: give periodStart and periodEnd");
        }
        if (request.periodEnd().isBefore(request.periodStart())) {
            throw Problem.invalidField("periodEnd", "the period ends before it starts (" + request.periodStart() + " … "
                    + request.periodEnd() + ")");
        }
        BulletinFigures figures = drafter.figures(request.periodStart(), request.periodEnd(), request.planId());
        Bulletin b = new Bulletin();
        b.bulletinId = UUID.randomUUID();
        b.title = request.title() == null || request.title().isBlank()
                ? "关于" + ChineseDates.day(request.periodStart()) + "至" + ChineseDates.day(request.periodEnd()) + "工作推进情况的通报"
                : request.title().strip();
        b.documentNumber = blankToNull(request.documentNumber());
        b.periodStart = request.periodStart();
        b.periodEnd = request.periodEnd();
        b.planId = request.planId();
        b.figures = write(figures);
        b.text = BulletinDrafter.text(figures);
        b.status = Bulletin.DRAFT;
        b.draftedAt = clock.instant();
        b.persist();
        history.record(History.BULLETIN, b.bulletinId, "DRAFTED", identity.getPrincipal().getName(), null, null,
                History.fields("title", b.title, "text", b.text), b.draftedAt);
        return Response.status(201).entity(view(b)).build();
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "listBulletins", summary = "通报列表 — the bulletins", description = "Every bulletin, drafts and published, latest drafted first. Supervisor and leader; changes nothing.")
    @APIResponse(responseCode = "200", description = "The bulletins",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = BulletinView.class)))
    public List<BulletinView> list() {
        return Bulletin.<Bulletin> list("order by draftedAt desc").stream().map(this::view).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "getBulletin", summary = "One bulletin", description = "A bulletin with its text and figures.")
    @APIResponse(responseCode = "200", description = "The bulletin",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BulletinView.class)))
    @APIResponse(responseCode = "404", description = "No bulletin with this id")
    public BulletinView get(@PathParam("id") UUID id) {
        return view(find(id));
    }

    /** The supervisor edits the draft's title and text; a published bulletin is immutable (409). */
    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(operationId = "editBulletin", summary = "修改通报 — edit a draft", description = "The supervision office edits a draft text, and optionally its title and 文号; every version is kept in the bulletin history with who edited it. A published bulletin cannot change.")
    @RequestBody(required = true, description = "The new text, and optionally title and 文号",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "edit", value = """
            {"title": "关于11月份重点工作推进情况的通报", "text": "一、总体情况\\n……", "documentNumber": "县督查〔2026〕12号"}""") }))
    @APIResponse(responseCode = "200", description = "The edited draft",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BulletinView.class)))
    @APIResponse(responseCode = "400", description = "text blank; a field too long")
    @APIResponse(responseCode = "404", description = "No bulletin with this id")
    @APIResponse(responseCode = "409", description = "The bulletin is already PUBLISHED")
    public BulletinView edit(@PathParam("id") UUID id, @Valid Edit edit) {
        Bulletin b = find(id);
        requireDraft(b);
        if (edit == null || edit.text() == null || edit.text().isBlank()) {
            throw Problem.invalidField("text", "a bulletin needs its text");
        }
        // each version is kept (title and text before and after, who edited, when): an edit overwrites nothing
        Map<String, Object> before = History.fields("title", b.title, "text", b.text, "documentNumber", b.documentNumber);
        if (edit.title() != null && !edit.title().isBlank()) {
            b.title = edit.title().strip();
        }
        if (edit.documentNumber() != null) {
            b.documentNumber = blankToNull(edit.documentNumber());
        }
        b.text = edit.text();
        history.record(History.BULLETIN, b.bulletinId, "EDITED", identity.getPrincipal().getName(), null, before,
                History.fields("title", b.title, "text", b.text, "documentNumber", b.documentNumber), clock.instant());
        return view(b);
    }

    @POST
    @Path("/{id}/publish")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    @Operation(operationId = "publishBulletin", summary = "印发通报 — publish a bulletin", description = "The supervision office publishes a draft: PUBLISHED and immutable from now on, recorded with who published it, and announced (BulletinPublished, naming the lagging units, who get a notice).")
    @APIResponse(responseCode = "200", description = "The bulletin, PUBLISHED",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = BulletinView.class), examples = { @ExampleObject(name = "published", value = """
            {"bulletinId": "a9b8c7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d", "documentNumber": "县督查〔2026〕12号", "title": "关于2026年11月1日至2026年11月30日工作推进情况的通报", "periodStart": "2026-11-01", "periodEnd": "2026-11-30", "planId": null, "status": "PUBLISHED", "text": "一、总体情况\\n期内到期 12 件，按时办结 10 件……", "figures": null, "draftedAt": "2026-12-07T02:00:00Z", "publishedAt": "2026-12-07T03:00:00Z"}""") }))
    @APIResponse(responseCode = "404", description = "No bulletin with this id")
    @APIResponse(responseCode = "409", description = "The bulletin is already PUBLISHED")
    public BulletinView publish(@PathParam("id") UUID id) {
        Bulletin b = find(id);
        requireDraft(b);
        b.status = Bulletin.PUBLISHED;
        b.publishedAt = clock.instant();
        b.publishedBy = identity.getPrincipal().getName();
        history.record(History.BULLETIN, b.bulletinId, "PUBLISHED", b.publishedBy, null, null,
                History.fields("title", b.title, "text", b.text), b.publishedAt);
        BulletinFigures f = read(b.figures);
        outbox.publish(new BulletinPublished(b.bulletinId, b.title, b.periodStart, b.periodEnd, b.planId,
                f.lagging().stream().map(BulletinFigures.LaggingUnit::unitId).toList(), b.publishedAt));
        return view(b);
    }

    @GET
    @Path("/{id}/export.xlsx")
    @Produces(XLSX)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "exportBulletinXlsx", summary = "通报导出 (Excel) — export as XLSX", description = "The bulletin title, text and figures as an Excel workbook, as an attachment. Changes nothing.")
    @APIResponse(responseCode = "200", description = "The workbook",
            content = @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "No bulletin with this id")
    public Response xlsx(@PathParam("id") UUID id) throws IOException {
        Bulletin b = find(id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BulletinWorkbook.write(b.title, b.text, read(b.figures), out);
        return Response.ok(out.toByteArray(), XLSX)
                .header("Content-Disposition", "attachment; filename=\"bulletin-" + b.bulletinId + ".xlsx\"").build();
    }

    @GET
    @Path("/{id}/export.html")
    @Produces(MediaType.TEXT_HTML)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "exportBulletinHtml", summary = "通报导出 (HTML) — the printable page", description = "The bulletin laid out as a 通报: 文号, title, body, the table of figures, then 落款 and the date (a draft says it is a draft instead of a date).")
    @APIResponse(responseCode = "200", description = "The page",
            content = @Content(mediaType = "text/html", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No bulletin with this id")
    public String html(@PathParam("id") UUID id) {
        Bulletin b = find(id);
        // laid out as a 通报: 文号, title, body, the table, then 落款 and the date (a draft says so instead of a date)
        return page.data("b", b).data("f", read(b.figures)).data("paragraphs", List.of(b.text.split("\n")))
                .data("issuer", config.bulletins().issuer())
                .data("date", b.publishedAt == null ? null : ChineseDates.day(b.publishedAt)).render();
    }

    /** Every version of the bulletin (drafted, each edit with what it replaced) and its publication, with who did it. */
    @GET
    @Path("/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "bulletinHistory", summary = "A bulletin history", description = "Drafted, each edit with what it replaced, and the publication, each with who did it.")
    @APIResponse(responseCode = "200", description = "The steps, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = History.Step.class)))
    @APIResponse(responseCode = "404", description = "No bulletin with this id")
    public List<History.Step> history(@PathParam("id") UUID id) {
        find(id);
        return History.of(History.BULLETIN, id);
    }

    private static void requireDraft(Bulletin b) {
        if (Bulletin.PUBLISHED.equals(b.status)) {
            throw Problem.conflict("a published bulletin cannot be changed").with("state", b.status);
        }
    }

    private static Bulletin find(UUID id) {
        Bulletin b = Bulletin.findById(id);
        if (b == null) {
            throw Problem.notFound("no bulletin " + id);
        }
        return b;
    }

    private BulletinView view(Bulletin b) {
        return new BulletinView(b.bulletinId, b.documentNumber, b.title, b.periodStart, b.periodEnd, b.planId, b.status, b.text, read(b.figures),
                b.draftedAt, b.publishedAt);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private String write(BulletinFigures f) {
        try {
            return json.writeValueAsString(f);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private BulletinFigures read(String figures) {
        try {
            return json.readValue(figures, BulletinFigures.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
