package org.duban.notification.digest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Preference;
import org.duban.notification.recipient.Recipients;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

/** Per unit and channel: notices at once ({@code IMMEDIATE}) or one daily digest ({@code DAILY}). */
@Path("/api/notification-preferences/{unitId}")
public class PreferenceResource {

    private static final List<String> CHANNELS = List.of(Recipients.EMAIL, Recipients.WEBHOOK);

    @Inject
    CallerUnit caller;

    @Inject
    Notifier notifier;

    public record ModeRequest(String mode) {
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    public Map<String, String> get(@PathParam("unitId") UUID unitId) {
        caller.requireMayActFor(unitId);
        Map<String, String> modes = new LinkedHashMap<>();
        CHANNELS.forEach(c -> modes.put(c, notifier.modeOf(unitId, c)));
        return modes;
    }

    @PUT
    @Path("/{channel}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.UNIT_OFFICER })
    @Transactional
    public Map<String, String> set(@PathParam("unitId") UUID unitId, @PathParam("channel") String channel, ModeRequest request) {
        caller.requireMayActFor(unitId);
        if (!CHANNELS.contains(channel)) {
            throw Problem.invalidField("channel", "must be one of " + CHANNELS);
        }
        if (request == null || !(Preference.IMMEDIATE.equals(request.mode()) || Preference.DAILY.equals(request.mode()))) {
            throw Problem.invalidField("mode", "must be IMMEDIATE or DAILY");
        }
        Preference p = Preference.findById(new Preference.Key(unitId, channel));
        if (p == null) {
            p = new Preference();
            p.unitId = unitId;
            p.channel = channel;
        }
        p.mode = request.mode();
        p.persist();
        return get(unitId);
    }
}
