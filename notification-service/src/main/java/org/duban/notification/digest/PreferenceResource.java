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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.notification.delivery.Notifier;
import org.duban.notification.delivery.Preference;
import org.duban.notification.recipient.Recipients;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

/** Per unit and channel: notices at once ({@code IMMEDIATE}) or one daily digest ({@code DAILY}). */
@Tag(name = "Notification preferences (通知方式)", description = "Per unit and channel (email, webhook): notices at once (IMMEDIATE) or in one daily digest (DAILY)")
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
    @Operation(operationId = "getPreferences", summary = "通知方式 — a unit preferences", description = "The mode of each channel (email, webhook) for the unit: IMMEDIATE (each notice at once) or DAILY (one digest a day); urgent notices always go at once. A unit officer reads only its own unit.")
    @APIResponse(responseCode = "200", description = "Mode per channel",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Map.class), examples = { @ExampleObject(name = "modes", value = """
            {"email": "IMMEDIATE", "webhook": "DAILY"}""") }))
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
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
    @Operation(operationId = "setPreference", summary = "设置通知方式 — choose a channel mode", description = "Sets the mode of one channel (email or webhook) for the unit: IMMEDIATE or DAILY. An admin, a supervisor or the unit own officer. Answers every channel mode.")
    @RequestBody(required = true, description = "The mode",
            content = @Content(mediaType = "application/json", examples = { @ExampleObject(name = "daily digest", value = """
            {"mode": "DAILY"}""") }))
    @APIResponse(responseCode = "200", description = "Mode per channel, after the change",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Map.class), examples = { @ExampleObject(name = "modes", value = """
            {"email": "IMMEDIATE", "webhook": "DAILY"}""") }))
    @APIResponse(responseCode = "400", description = "channel not email or webhook; mode not IMMEDIATE or DAILY")
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
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
        org.duban.platform.audit.AuditTrail.current().record("preference.set", "UNIT", unitId, org.duban.platform.audit.AuditTrail.fields("channel", channel, "mode", p.mode), org.duban.platform.audit.AuditTrail.fields("channel", channel, "mode", request.mode())); // issue 20
        p.mode = request.mode();
        p.persist();
        return get(unitId);
    }
}
