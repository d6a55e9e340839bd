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

import io.quarkus.panache.common.Sort;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

@Path("/api/inbox")
public class InboxResource {

    @Inject
    CallerUnit caller;

    @Inject
    Clock clock;

    public record EntryView(UUID id, String kind, String title, String body, Instant createdAt, boolean read, boolean urgent) {
    }

    public record InboxPage(List<EntryView> items, long unread, long total, int page, int size) {
    }

    /** A unit's inbox, newest first. A unit officer reads only its own unit's. */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
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
    public Marked markAllRead(@QueryParam("unitId") UUID unitId) {
        if (unitId == null) {
            throw Problem.invalidField("unitId", "query parameter is required");
        }
        caller.requireMayActFor(unitId);
        return new Marked(InboxEntry.update("readAt = ?1 where unitId = ?2 and readAt is null", clock.instant(), unitId));
    }
}
