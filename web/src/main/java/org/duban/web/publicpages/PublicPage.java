package org.duban.web.publicpages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/**
 * The public pages (政务公开), no login ({@code quarkus.http.auth.permission.public-pages}): the published bulletins and each
 * published task's public progress summary, with the disclosure catalogue's fields (索引号, 信息名称, 内容概述, 发布机构,
 * 生成日期, 公开日期, 公开方式), and the same catalogue as JSON, CSV and an Atom feed. Everything comes from
 * supervision-service's public endpoints, which serve only what the office published; a withdrawn entry is gone there.
 */
@Path("/public")
public class PublicPage {

    static final Map<String, String> FEEDS = Map.of("disclosure.json", "disclosure", "disclosure.csv", "disclosure.csv",
            "disclosure.atom", "disclosure.atom");

    @Inject
    Template publicDisclosure;

    @Inject
    PublicDisclosure disclosure;

    @GET
    public TemplateInstance show(@QueryParam("planId") UUID planId) {
        List<Map<String, Object>> items = disclosure.catalogue(planId);
        // the plans to choose from: those with something public (from the whole catalogue, not only the chosen plan's)
        Map<String, Object> plans = new LinkedHashMap<>();
        for (Map<String, Object> i : planId == null ? items : disclosure.catalogue(null)) {
            if (i.get("planId") != null) {
                plans.putIfAbsent(i.get("planId").toString(), i.get("planTitle"));
            }
        }
        String query = planId == null ? "" : "?planId=" + planId;
        return publicDisclosure.data("items", items).data("plans", plans.entrySet()).data("planId", planId == null ? "" : planId.toString())
                .data("bulletins", items.stream().filter(i -> "BULLETIN".equals(i.get("kind"))).toList())
                .data("tasks", items.stream().filter(i -> !"BULLETIN".equals(i.get("kind"))).toList()).data("query", query);
    }

    /** The catalogue as supervision-service writes it: {@code disclosure.json}, {@code .csv} or {@code .atom}. */
    @GET
    @Path("/{feed:disclosure\\.(json|csv|atom)}")
    public Response feed(@PathParam("feed") String feed, @QueryParam("planId") UUID planId) {
        PublicDisclosure.Feed f = disclosure.feed(FEEDS.get(feed), planId);
        Response.ResponseBuilder answer = Response.ok(f.body(), f.contentType()).header("Cache-Control", "public, max-age=60");
        if (f.disposition() != null) {
            answer.header("Content-Disposition", f.disposition());
        }
        return answer.build();
    }
}
