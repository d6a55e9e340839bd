package org.duban.web.me;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.duban.web.api.Api;
import org.duban.web.api.Service;

/**
 * Who is logged in, as the services see the token ({@code GET /api/me}), read once per request. The pages decide
 * what to show from it, so no page offers what the API would refuse.
 */
@RequestScoped
public class Caller {

    @Inject
    Api api;

    private Map<String, Object> me;

    private Map<String, Object> me() {
        if (me == null) {
            me = api.map(Service.TASK, "/api/me");
        }
        return me;
    }

    public String name() {
        Object name = me().get("name");
        return name == null ? username() : name.toString();
    }

    public String username() {
        return String.valueOf(me().get("username"));
    }

    @SuppressWarnings("unchecked")
    public List<String> roles() {
        return (List<String>) me().getOrDefault("roles", List.of());
    }

    public boolean isSupervisor() {
        return roles().contains("supervisor");
    }

    public boolean isLeader() {
        return roles().contains("leader");
    }

    /** Reads the county-wide board: the supervision office and the leaders. */
    public boolean readsBoard() {
        return isSupervisor() || isLeader();
    }

    public boolean isOfficer() {
        return Boolean.TRUE.equals(me().get("unitOfficer")) && unitId() != null;
    }

    /** The unit a unit officer acts for, or null. */
    public String unitId() {
        Object unit = me().get("unitId");
        return unit == null ? null : unit.toString();
    }

    /** The role as the page header shows it. */
    public String roleLabel() {
        if (isSupervisor()) {
            return "督查室";
        }
        if (isLeader()) {
            return "领导";
        }
        if (isOfficer()) {
            return "单位联络员";
        }
        return String.join("、", roles());
    }
}
