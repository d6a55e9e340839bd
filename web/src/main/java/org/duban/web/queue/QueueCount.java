package org.duban.web.queue;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.me.Caller;
import org.duban.web.api.Api;

/**
 * The header's 待办 count: the items waiting for the caller ({@code GET /api/work-queue}, its {@code total}). The layout
 * reads it as {@code inject:queueCount.total}, so no page has to pass it; read once per request and only when a page
 * renders the header for someone who has a queue (the office, leaders, unit officers).
 */
@Named("queueCount")
@RequestScoped
public class QueueCount {

    @Inject
    Api api;

    @Inject
    Caller caller;

    private Long total;

    /** The number of items waiting, or -1 when there is no queue to count (or notification-service is away). */
    public long getTotal() {
        if (total == null) {
            total = count();
        }
        return total;
    }

    private long count() {
        if (!caller.readsBoard() && !caller.isOfficer()) {
            return -1;
        }
        try {
            Object n = api.map(Service.NOTIFICATION, "/api/work-queue?size=1").get("total");
            return n instanceof Number number ? number.longValue() : -1;
        } catch (ApiException unavailable) {
            return -1; // the header still renders without the count
        }
    }
}
