package org.duban.platform.problem;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.duban.platform.security.Roles;

/** An endpoint only admins may call, for {@link SecurityProblemsTest}'s 403. */
@Path("/probe/admin-only")
@RolesAllowed(Roles.ADMIN)
public class SecurityProbeResource {

    @GET
    public String read() {
        return "admin";
    }
}
