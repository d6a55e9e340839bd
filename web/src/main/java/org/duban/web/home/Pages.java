package org.duban.web.home;

import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

import org.duban.web.api.Api;
import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.me.Caller;

/** What every page's frame needs: who is logged in and, for a unit officer, the unread count of the inbox. */
@RequestScoped
public class Pages {

    @Inject
    Caller caller;

    @Inject
    Api api;

    public TemplateInstance page(Template template) {
        TemplateInstance page = template.data("me", caller).data("unread", unread());
        return page;
    }

    /** The unit's unread notices (a unit officer's header), or -1 when there is no inbox to count. */
    public long unread() {
        if (!caller.isOfficer()) {
            return -1;
        }
        try {
            Map<String, Object> inbox = api.map(Service.NOTIFICATION, "/api/inbox?size=1&unitId=" + caller.unitId());
            return ((Number) inbox.get("unread")).longValue();
        } catch (ApiException unavailable) {
            return -1; // the frame still renders when notification-service is away
        }
    }
}
