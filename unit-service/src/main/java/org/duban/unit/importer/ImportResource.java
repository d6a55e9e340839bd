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

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.security.Roles;

/**
 * {@code POST /api/units/import}: a CSV ({@code text/csv}) or XLSX file of units as the request body. Answers
 * 200 with the per-row report; with {@code atomic=true} a file with a bad row answers 422 with the report and
 * changes nothing.
 *
 * <pre>curl -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' --data-binary @units.csv \
 *     http://localhost:8081/api/units/import</pre>
 */
@Tag(name = "unit-import", description = "单位导入 — loading units in bulk: the seed list and CSV/XLSX files")
@Path("/api/units/import")
public class ImportResource {

    @Inject
    UnitImporter importer;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes({ Sheet.CSV, Sheet.XLSX })
    @Operation(operationId = "importUnits", summary = "导入单位 — import units from CSV or XLSX",
            description = "Administrators only. The body is the file (text/csv or an XLSX workbook), one unit a row with a header "
            + "row (name or 名称, kind, level, parent, …); existing units are updated, new ones registered, each announced. With "
            + "`atomic=true` a file with a bad row changes nothing and answers 422 with the report.")
    @RequestBody(required = true, content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "two units", value = "name,kind,level\n县卫生健康局,GOVERNMENT_DEPARTMENT,COUNTY\n城关镇人民政府,TOWNSHIP_GOVERNMENT,TOWNSHIP\n")),
            @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    schema = @Schema(type = SchemaType.STRING, format = "binary")) })
    @APIResponse(responseCode = "200", description = "The per-row report (applied)", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = org.duban.unit.importer.UnitImporter.ImportReport.class)))
    @APIResponse(responseCode = "422", description = "atomic=true and a row was refused: the report, nothing changed",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = org.duban.unit.importer.UnitImporter.ImportReport.class)))
    public Response importUnits(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @QueryParam("atomic") @DefaultValue("false") boolean atomic, byte[] body) {
        UnitImporter.ImportReport report = importer.importFile(contentType, body, atomic);
        return Response.status(report.applied() ? 200 : 422).entity(report).build();
    }
}
