package org.duban.web.bulletins;

import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;

import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.format.Dates;
import org.duban.web.home.Page;

/**
 * 通报 (supervision-service's bulletins): the office drafts one from live data for a period, edits its title, 文号 and
 * text, and publishes it; the office and leaders read and export it (XLSX, and the HTML laid out as a 通报), and print
 * the page (the print stylesheet gives a clean 通报 for 打印/另存为PDF).
 */
@Path("/bulletins")
@Authenticated
public class BulletinsPage extends Page {

    @Inject
    Template bulletins;

    @Inject
    Template bulletin;

    @Inject
    BulletinCalls calls;

    @GET
    public TemplateInstance list() {
        return listPage(null);
    }

    @GET
    @Path("/{id}")
    public TemplateInstance show(@PathParam("id") UUID id, @jakarta.ws.rs.QueryParam("saved") String saved) {
        return page(id, null, null).data("saved", saved != null);
    }

    @POST
    public Object draft(@RestForm String periodStart, @RestForm String periodEnd, @RestForm String title,
            @RestForm String documentNumber) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("periodStart", blankToNull(periodStart));
        body.put("periodEnd", blankToNull(periodEnd));
        body.put("title", blankToNull(title));
        body.put("documentNumber", blankToNull(documentNumber));
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> drafted = (Map<String, Object>) api.post(Service.SUPERVISION, "/api/bulletins", body);
            return Response.seeOther(URI.create("/bulletins/" + drafted.get("bulletinId"))).build();
        } catch (ApiException refused) {
            return listPage(refused.message());
        }
    }

    /** The draft's title, 文号 and text as edited (a published bulletin is immutable: the API answers 409). */
    @POST
    @Path("/{id}/edit")
    public Object edit(@PathParam("id") UUID id, @RestForm String title, @RestForm String documentNumber, @RestForm String text) {
        requireSupervisor();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title == null ? "" : title);
        body.put("documentNumber", documentNumber == null ? "" : documentNumber);
        body.put("text", text == null ? "" : text);
        try {
            calls.edit(id.toString(), body);
        } catch (ApiException refused) {
            return page(id, refused.message(), body);
        }
        return Response.seeOther(URI.create("/bulletins/" + id + "?saved=1")).build();
    }

    @POST
    @Path("/{id}/publish")
    public Response publish(@PathParam("id") UUID id) {
        requireSupervisor();
        api.post(Service.SUPERVISION, "/api/bulletins/" + id + "/publish", null);
        return Response.seeOther(URI.create("/bulletins/" + id)).build();
    }

    /** The XLSX workbook (概况, 单位排名, 滞后事项, 红黄牌, 督查发现), as a download. */
    @GET
    @Path("/{id}/export.xlsx")
    public Response xlsx(@PathParam("id") UUID id) {
        requireBoardReader();
        BulletinCalls.File file = calls.export(id.toString(), "xlsx");
        return Response.ok(file.body(), file.contentType())
                .header("Content-Disposition", "attachment; filename=\"bulletin-" + id + ".xlsx\"").build();
    }

    /** The HTML laid out as a 通报 (文号, title, body, table, 落款 and date), shown as it is: print it or save it. */
    @GET
    @Path("/{id}/export.html")
    public Response html(@PathParam("id") UUID id) {
        requireBoardReader();
        BulletinCalls.File file = calls.export(id.toString(), "html");
        return Response.ok(file.body(), "text/html; charset=UTF-8")
                .header("Content-Disposition", "inline; filename=\"bulletin-" + id + ".html\"")
                // the service's own page: no scripts of ours run in it
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'").build();
    }

    private TemplateInstance listPage(String error) {
        requireBoardReader();
        LocalDate today = LocalDate.now(Dates.ZONE);
        return pages.page(bulletins).data("bulletins", api.list(Service.SUPERVISION, "/api/bulletins"))
                .data("periodStart", today.withDayOfMonth(1)).data("periodEnd", today).data("error", error);
    }

    private TemplateInstance page(UUID id, String error, Map<String, Object> typed) {
        requireBoardReader();
        Map<String, Object> b = api.map(Service.SUPERVISION, "/api/bulletins/" + id);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("title", b.get("title"));
        form.put("documentNumber", b.get("documentNumber") == null ? "" : b.get("documentNumber"));
        form.put("text", b.get("text"));
        if (typed != null) {
            form.putAll(typed);
        }
        String text = b.get("text") == null ? "" : b.get("text").toString();
        return pages.page(bulletin).data("b", b).data("form", form).data("error", error).data("saved", false)
                .data("paragraphs", List.of(text.split("\\R")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
