package org.duban.unit.seed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.security.Roles;

/** {@code POST /api/units/seed}: load the seed list again; only what is missing is created. */
@Tag(name = "unit-import", description = "单位导入 — loading units in bulk: the seed list and CSV/XLSX files")
@Path("/api/units/seed")
public class SeedResource {

    @Inject
    SeedLoader loader;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "reloadUnitSeed", summary = "Load the seed units again", description = "Administrators only. Loads "
            + "the seed list (seed/registry-seed.json) again: only what is missing is created, each announced like a registration. "
            + "Answers what was created and what existed.")
    public SeedLoader.SeedReport reload() {
        return loader.reload();
    }
}
