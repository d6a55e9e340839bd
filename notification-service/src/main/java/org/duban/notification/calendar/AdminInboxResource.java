package org.duban.notification.calendar;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.notification.inbox.InboxEntry;
import org.duban.notification.inbox.InboxResource;
import org.duban.platform.security.Roles;

import io.quarkus.panache.common.Sort;

/**
 * The admin role's inbox ({@link CalendarNotices#ADMIN_INBOX}): notices for whoever administers Duban rather than for a
 * unit, today the 1 December notice that next year's working-day calendar is not known. Newest first, the latest 100.
 */
@Tag(name = "Inbox (收件箱)", description = "The notices each unit receives in Duban: 交办, 催办, 红黄牌, 督查, 整改, 通报 …")
@Path("/api/admin/inbox")
public class AdminInboxResource {

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    @Operation(operationId = "listAdminInbox", summary = "管理员收件箱 — the admin inbox", description = "Notices for whoever administers Duban rather than for a unit (today the 1 December notice that next year working-day calendar is not known), newest first, the latest 100. Role admin; changes nothing.")
    @APIResponse(responseCode = "200", description = "The entries, newest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = InboxResource.EntryView.class)))
    public List<InboxResource.EntryView> list() {
        return InboxEntry.<InboxEntry> find("unitId", Sort.descending("createdAt"), CalendarNotices.ADMIN_INBOX).page(0, 100).list()
                .stream().map(e -> new InboxResource.EntryView(e.id, e.kind, e.title, e.body, e.createdAt, e.readAt != null, e.urgent))
                .toList();
    }
}
