package org.duban.unit.importer;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.duban.platform.security.Roles;

/**
 * {@code POST /api/units/import}: a CSV ({@code text/csv}) or XLSX file of units as the request body. Answers
 * 200 with the per-row report; with {@code atomic=true} a file with a bad row answers 422 with the report and
 * changes nothing.
 *
 * <pre>curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @units.csv \
 *     http://localhost:8081/api/units/import</pre>
 */
@Path("/api/units/import")
public class ImportResource {

    @Inject
    UnitImporter importer;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes({ Sheet.CSV, Sheet.XLSX })
    public Response importUnits(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("atomic") @DefaultValue("false") boolean atomic, byte[] body) {
        UnitImporter.ImportReport report = importer.importFile(contentType, body, atomic);
        return Response.status(report.applied() ? 200 : 422).entity(report).build();
    }
}
