package org.duban.notification.inbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.panache.common.Sort;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

@Tag(name = "Inbox (收件箱)", description = "The notices each unit receives in Duban: 交办, 催办, 红黄牌, 督查, 整改, 通报 …")
@Path("/api/inbox")
public class InboxResource {

    @Inject
    CallerUnit caller;

    @Inject
    Clock clock;

    @Schema(name = "InboxEntry", description = "One notice in a unit inbox")
    public record EntryView(UUID id, String kind, String title, String body, Instant createdAt, boolean read, boolean urgent) {
    }

    public record InboxPage(List<EntryView> items, long unread, long total, int page, int size) {
    }

    /** A unit's inbox, newest first. A unit officer reads only its own unit's. */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "listInbox", summary = "收件箱 — a unit inbox", description = "A unit notices, newest first, a page at a time, with the count of unread ones. A unit officer reads only its own unit inbox; supervisor and leader any unit. Changes nothing.")
    @APIResponse(responseCode = "200", description = "One page of the inbox",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InboxPage.class), examples = { @ExampleObject(name = "inbox", value = """
            {"items": [{"id": "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d", "kind": "ASSIGNED", "title": "新交办任务：建设“互联网+督查”平台", "body": "贵单位为（一）建设“互联网+督查”平台的牵头单位，请于2021年12月31日前完成。", "createdAt": "2026-12-07T02:00:00Z", "read": false, "urgent": false}], "unread": 1, "total": 1, "page": 0, "size": 50}""") }))
    @APIResponse(responseCode = "400", description = "unitId missing; page or size out of range")
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
    public InboxPage list(@QueryParam("unitId") UUID unitId,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        if (unitId == null) {
            throw Problem.invalidField("unitId", "query parameter is required");
        }
        caller.requireMayActFor(unitId);
        var query = InboxEntry.find("unitId", Sort.descending("createdAt"), unitId);
        List<EntryView> items = query.page(page, size).<InboxEntry> list().stream()
                .map(e -> new EntryView(e.id, e.kind, e.title, e.body, e.createdAt, e.readAt != null, e.urgent)).toList();
        return new InboxPage(items, InboxEntry.count("unitId = ?1 and readAt is null", unitId), query.count(), page, size);
    }

    /** Marks one entry read (已读). A unit officer may mark only its own unit's. */
    @POST
    @Path("/{id}/read")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Transactional
    @Operation(operationId = "markInboxEntryRead", summary = "已读 — mark a notice read", description = "Marks one inbox entry read (a second time changes nothing). A unit officer may mark only its own unit entries.")
    @APIResponse(responseCode = "200", description = "The entry, read",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = EntryView.class)))
    @APIResponse(responseCode = "403", description = "The entry belongs to another unit")
    @APIResponse(responseCode = "404", description = "No inbox entry with this id")
    public EntryView markRead(@PathParam("id") UUID id) {
        InboxEntry e = InboxEntry.findById(id);
        if (e == null) {
            throw Problem.notFound("inbox entry " + id);
        }
        caller.requireMayActFor(e.unitId);
        if (e.readAt == null) {
            e.readAt = clock.instant();
        }
        return new EntryView(e.id, e.kind, e.title, e.body, e.createdAt, true, e.urgent);
    }

    public record Marked(long marked) {
    }

    /** Marks every unread entry of the unit read. */
    @POST
    @Path("/read-all")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Transactional
    @Operation(operationId = "markInboxRead", summary = "全部已读 — mark every notice of the unit read", description = "Marks every unread entry of the unit read and says how many.")
    @APIResponse(responseCode = "200", description = "How many entries were marked",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Marked.class)))
    @APIResponse(responseCode = "400", description = "unitId missing")
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
    public Marked markAllRead(@QueryParam("unitId") UUID unitId) {
        if (unitId == null) {
            throw Problem.invalidField("unitId", "query parameter is required");
        }
        caller.requireMayActFor(unitId);
        return new Marked(InboxEntry.update("readAt = ?1 where unitId = ?2 and readAt is null", clock.instant(), unitId));
    }
}
