package org.duban.unit.seed;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.duban.platform.security.Roles;

/** {@code POST /api/units/seed}: load the seed list again; only what is missing is created. */
@Path("/api/units/seed")
public class SeedResource {

    @Inject
    SeedLoader loader;

    @POST
    @RolesAllowed(Roles.ADMIN)
    public SeedLoader.SeedReport reload() {
        return loader.reload();
    }
}
