package org.duban.platform.inbox;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.security.Roles;

/**
 * Every service's dead-letter topics, for an administrator: {@code GET /api/admin/dead-letters?topic=<consumed topic>}
 * lists {@code <topic>.dlq}; {@code POST /api/admin/dead-letters/replay} with {@code {"topic": …, "records":
 * [{"partition": 0, "offset": 3}]}} replays the chosen records to their consumer (idempotent: see
 * {@link DeadLetterReplay}). Part of platform, so every service serves it.
 */
@Path("/api/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
@Tag(name = "admin-dead-letters", description = "运维 — operations: events a consumer could never apply (dead letters), listed and replayed by an administrator")
public class DeadLetterResource {

    @Inject
    DeadLetterReplay replay;

    @Inject
    SecurityIdentity identity;

    /** What to replay: the consumed topic and the chosen records' places on its dead-letter topic. */
    public record ReplayRequest(@NotNull String topic, @NotEmpty List<DeadLetterReplay.@Valid @NotNull Position> records) {
    }

    @GET
    @Operation(operationId = "listDeadLetters", summary = "List dead letters of a consumed topic", description = "Administrators "
            + "only. The records on `<topic>.dlq` for a topic this service consumes, from `fromOffset`, at most `limit`: "
            + "reason, original topic, partition, offset, event id and type. Changes nothing.")
    @APIResponse(responseCode = "400", description = "`topic` is not a topic this service consumes, or `fromOffset`/`limit` out of range")
    @APIResponseSchema(value = DeadLetterReplay.DeadLetter[].class, responseCode = "200", responseDescription = "The dead letters, by offset")
    public List<DeadLetterReplay.DeadLetter> list(@QueryParam("topic") String topic,
            @QueryParam("fromOffset") @DefaultValue("0") @PositiveOrZero long fromOffset,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return replay.list(topic, fromOffset, limit);
    }

    @POST
    @Path("/replay")
    @Operation(operationId = "replayDeadLetters", summary = "Replay chosen dead letters", description = "Administrators only. "
            + "Sends the chosen records of `<topic>.dlq` back to their consumer once the cause is fixed; consumption is "
            + "idempotent (platform's EventInbox), so a record already applied changes nothing. Answers the records replayed.")
    @APIResponse(responseCode = "404", description = "No such partition or no record at the given offset of the dead-letter topic")
    @APIResponseSchema(value = DeadLetterReplay.DeadLetter[].class, responseCode = "200", responseDescription = "The records replayed")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<DeadLetterReplay.DeadLetter> replay(@Valid @NotNull ReplayRequest request) {
        List<DeadLetterReplay.DeadLetter> replayed = replay.replay(request.topic(), request.records(), identity.getPrincipal().getName());
        org.duban.platform.audit.AuditTrail.current().entry("dead-letters.replay", "TOPIC", request.topic()).after(java.util.Map.of("records", request.records().size(), "replayed", replayed.size())).recordAlone(); // issue 20
        return replayed;
    }
}
