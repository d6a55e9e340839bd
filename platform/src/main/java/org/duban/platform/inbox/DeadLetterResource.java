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
public class DeadLetterResource {

    @Inject
    DeadLetterReplay replay;

    @Inject
    SecurityIdentity identity;

    /** What to replay: the consumed topic and the chosen records' places on its dead-letter topic. */
    public record ReplayRequest(@NotNull String topic, @NotEmpty List<DeadLetterReplay.@Valid @NotNull Position> records) {
    }

    @GET
    public List<DeadLetterReplay.DeadLetter> list(@QueryParam("topic") String topic,
            @QueryParam("fromOffset") @DefaultValue("0") @PositiveOrZero long fromOffset,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return replay.list(topic, fromOffset, limit);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<DeadLetterReplay.DeadLetter> replay(@Valid @NotNull ReplayRequest request) {
        return replay.replay(request.topic(), request.records(), identity.getPrincipal().getName());
    }
}
