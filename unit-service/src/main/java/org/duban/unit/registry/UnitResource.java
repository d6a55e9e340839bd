package org.duban.unit.registry;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;

@Path("/api/units")
public class UnitResource {

    @Inject
    UnitRegistry registry;

    public record NewUnit(
            @NotBlank @Size(max = 200) String name,
            @NotNull UnitKind kind,
            @NotNull UnitLevel level,
            UUID parentId,
            List<@NotBlank @Size(max = 200) String> aliases) {
    }

    public record UnitView(UUID id, String name, List<String> aliases, UnitKind kind, UnitLevel level, UUID parentId,
            String status) {
        static UnitView of(Unit u) {
            return new UnitView(u.id, u.name, List.copyOf(u.aliases), u.kind, u.level, u.parentId, u.status);
        }
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    public Response register(@Valid @NotNull NewUnit request) {
        Unit unit = registry.register(request);
        return Response.created(URI.create("/api/units/" + unit.id)).entity(UnitView.of(unit)).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    public Page<UnitView> list(@QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        var query = Unit.findAll(io.quarkus.panache.common.Sort.by("name"));
        List<UnitView> items = query.page(page, size).<Unit> list().stream().map(UnitView::of).toList();
        return new Page<>(items, page, size, query.count());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER, Roles.INTEGRATION })
    public UnitView get(@PathParam("id") UUID id) {
        Unit unit = Unit.findById(id);
        if (unit == null) {
            throw Problem.notFound("no unit " + id);
        }
        return UnitView.of(unit);
    }
}
