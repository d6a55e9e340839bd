package org.duban.platform.problem;

import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** A probe endpoint with the parameter types every service uses, for {@link ParameterProblemsTest}. */
@Path("/probe/parameters/{id}")
@PermitAll
public class ParameterProbeResource {

    public enum Colour { RED, YELLOW }

    @GET
    public String read(@PathParam("id") UUID id, @QueryParam("colour") Colour colour, @QueryParam("open") Boolean open,
            @QueryParam("limit") Integer limit) {
        return id + " " + colour + " " + open + " " + limit;
    }
}
