package org.duban.notification.calendar;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.duban.notification.inbox.InboxEntry;
import org.duban.notification.inbox.InboxResource;
import org.duban.platform.security.Roles;

import io.quarkus.panache.common.Sort;

/**
 * The admin role's inbox ({@link CalendarNotices#ADMIN_INBOX}): notices for whoever administers Duban rather than for a
 * unit, today the 1 December notice that next year's working-day calendar is not known. Newest first, the latest 100.
 */
@Path("/api/admin/inbox")
public class AdminInboxResource {

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public List<InboxResource.EntryView> list() {
        return InboxEntry.<InboxEntry> find("unitId", Sort.descending("createdAt"), CalendarNotices.ADMIN_INBOX).page(0, 100).list()
                .stream().map(e -> new InboxResource.EntryView(e.id, e.kind, e.title, e.body, e.createdAt, e.readAt != null, e.urgent))
                .toList();
    }
}
