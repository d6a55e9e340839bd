package org.duban.supervision.disclosure;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The public pages' data (政务公开), no login: only what the supervision office marked public, as JSON, CSV and an Atom feed,
 * each entry with the disclosure catalogue's fields — 索引号, 信息名称, 内容概述, 发布机构, 生成日期, 公开日期, 公开方式 (主动公开).
 * In the feed they are Dublin Core terms ({@code dcterms:identifier}, {@code title}, {@code abstract}, {@code publisher},
 * {@code created}, {@code issued}, {@code accessRights}). {@code ?planId=} narrows to one plan.
 */
@Tag(name = "Public disclosure (政务公开)", description = "The public pages data, no login: only what the supervision office made public, with the disclosure catalogue fields (索引号, 信息名称, 内容概述, 发布机构, 生成日期, 公开日期, 公开方式)")
@Path("/api/public")
@PermitAll
public class PublicDisclosureResource {

    static final String ATOM = "http://www.w3.org/2005/Atom";
    static final String DCTERMS = "http://purl.org/dc/terms/";
    /** Short caching: a withdrawal must disappear soon from what proxies and browsers keep. */
    static final String CACHE = "public, max-age=60";

    @Inject
    Disclosure disclosure;

    @Inject
    DisclosureConfig config;

    @GET
    @Path("disclosure")
    @Produces("application/json")
    @Operation(operationId = "publicCatalogue", summary = "政务公开目录 — the public catalogue", description = "Everything public, as JSON, without login; planId narrows to one plan. Cached for 60 s.")
    @APIResponse(responseCode = "200", description = "The public entries",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = Disclosure.PublicItem.class)))
    public Response json(@QueryParam("planId") UUID planId) {
        return Response.ok(disclosure.catalogue(planId)).header(HttpHeaders.CACHE_CONTROL, CACHE).build();
    }

    @GET
    @Path("disclosure/{id}")
    @Produces("application/json")
    @Operation(operationId = "publicEntry", summary = "One public entry", description = "A public entry with its content (the bulletin, or the task summary), without login.")
    @APIResponse(responseCode = "200", description = "The entry",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Disclosure.PublicItem.class)))
    @APIResponse(responseCode = "404", description = "No public entry with this id (never public, or withdrawn)")
    public Response one(@PathParam("id") UUID id) {
        return Response.ok(disclosure.one(id)).header(HttpHeaders.CACHE_CONTROL, CACHE).build();
    }

    /**
     * The catalogue as CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads the Chinese). Written here: one
     * quoting rule, not worth a CSV library; a cell that a spreadsheet would take for a formula (= + - @) is prefixed with
     * an apostrophe (OWASP CSV injection).
     */
    @GET
    @Path("disclosure.csv")
    @Produces("text/csv; charset=UTF-8")
    @Operation(operationId = "publicCatalogueCsv", summary = "政务公开目录 (CSV) — the catalogue as CSV", description = "RFC 4180, UTF-8 with a byte-order mark so that Excel reads the Chinese; a cell a spreadsheet would read as a formula starts with an apostrophe.")
    @APIResponse(responseCode = "200", description = "The CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public Response csv(@QueryParam("planId") UUID planId) {
        StringBuilder out = new StringBuilder("\uFEFF");
        row(out, "索引号", "信息名称", "内容概述", "发布机构", "生成日期", "公开日期", "公开方式", "类别", "办理状态", "完成进度", "牵头单位",
                "最新公开进展");
        for (Disclosure.PublicItem i : disclosure.catalogue(planId)) {
            Disclosure.TaskContent t = i.task();
            row(out, i.indexNumber(), i.title(), i.summary(), i.publisher(), String.valueOf(i.generatedOn()),
                    String.valueOf(i.publishedOn()), i.disclosureMethod(), DisclosureItem.BULLETIN.equals(i.kind()) ? "通报" : "任务进展",
                    t == null ? "" : t.statusLabel(), t == null ? "" : t.percentComplete() + "%",
                    t == null ? "" : String.join("、", t.leadUnits()),
                    t == null || t.lastReport() == null ? "" : t.lastReport().text());
        }
        return Response.ok(out.toString().getBytes(StandardCharsets.UTF_8), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"disclosure.csv\"").header(HttpHeaders.CACHE_CONTROL, CACHE)
                .build();
    }

    /** The catalogue as an Atom feed (RFC 4287), written with the JDK's StAX writer (it escapes). */
    @GET
    @Path("disclosure.atom")
    @Produces("application/atom+xml; charset=UTF-8")
    @Operation(operationId = "publicCatalogueAtom", summary = "政务公开订阅 (Atom) — the catalogue as an Atom feed", description = "RFC 4287, each entry with the catalogue fields as Dublin Core terms (dcterms:identifier = 索引号, title, abstract, publisher, created, issued, accessRights).")
    @APIResponse(responseCode = "200", description = "The feed",
            content = @Content(mediaType = "application/atom+xml", schema = @Schema(type = SchemaType.STRING)))
    public Response atom(@QueryParam("planId") UUID planId) throws XMLStreamException {
        List<Disclosure.PublicItem> items = disclosure.catalogue(planId);
        StringWriter text = new StringWriter();
        XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
        x.writeStartDocument("UTF-8", "1.0");
        x.setDefaultNamespace(ATOM);
        x.setPrefix("dcterms", DCTERMS);
        x.writeStartElement(ATOM, "feed");
        x.writeDefaultNamespace(ATOM);
        x.writeNamespace("dcterms", DCTERMS);
        element(x, ATOM, "id", "urn:uuid:" + UUID.nameUUIDFromBytes(("duban-disclosure:" + planId).getBytes(StandardCharsets.UTF_8)));
        element(x, ATOM, "title", config.publisher() + " 政务公开");
        Instant updated = items.stream().map(Disclosure.PublicItem::updatedAt).max(Instant::compareTo).orElse(Instant.EPOCH);
        element(x, ATOM, "updated", DateTimeFormatter.ISO_INSTANT.format(updated));
        x.writeStartElement(ATOM, "author");
        element(x, ATOM, "name", config.publisher());
        x.writeEndElement();
        x.writeEmptyElement(ATOM, "link");
        x.writeAttribute("rel", "self");
        x.writeAttribute("href", "/api/public/disclosure.atom" + (planId == null ? "" : "?planId=" + planId));
        for (Disclosure.PublicItem i : items) {
            x.writeStartElement(ATOM, "entry");
            element(x, ATOM, "id", "urn:uuid:" + i.id());
            element(x, ATOM, "title", i.title());
            element(x, ATOM, "updated", DateTimeFormatter.ISO_INSTANT.format(i.updatedAt()));
            element(x, ATOM, "summary", i.summary());
            x.writeEmptyElement(ATOM, "link");
            x.writeAttribute("rel", "alternate");
            x.writeAttribute("type", "application/json");
            x.writeAttribute("href", "/api/public/disclosure/" + i.id());
            x.writeEmptyElement(ATOM, "category");
            x.writeAttribute("term", i.kind());
            x.writeAttribute("label", DisclosureItem.BULLETIN.equals(i.kind()) ? "通报" : "任务进展");
            x.writeStartElement(ATOM, "content");
            x.writeAttribute("type", "text");
            x.writeCharacters(content(i));
            x.writeEndElement();
            element(x, DCTERMS, "identifier", i.indexNumber()); // 索引号
            element(x, DCTERMS, "title", i.title()); // 信息名称
            element(x, DCTERMS, "abstract", i.summary()); // 内容概述
            element(x, DCTERMS, "publisher", i.publisher()); // 发布机构
            element(x, DCTERMS, "created", String.valueOf(i.generatedOn())); // 生成日期
            element(x, DCTERMS, "issued", String.valueOf(i.publishedOn())); // 公开日期
            element(x, DCTERMS, "accessRights", i.disclosureMethod()); // 公开方式
            x.writeEndElement();
        }
        x.writeEndElement();
        x.writeEndDocument();
        x.close();
        return Response.ok(text.toString().getBytes(StandardCharsets.UTF_8), "application/atom+xml; charset=UTF-8")
                .header(HttpHeaders.CACHE_CONTROL, CACHE).build();
    }

    private static String content(Disclosure.PublicItem i) {
        if (i.bulletin() != null) {
            Disclosure.BulletinContent b = i.bulletin();
            return b.title() + "（" + b.periodStart() + "至" + b.periodEnd() + "）\n" + (b.text() == null ? "" : b.text());
        }
        Disclosure.TaskContent t = i.task();
        StringBuilder s = new StringBuilder();
        s.append(t.taskNumber() == null ? "" : t.taskNumber()).append(t.title()).append('\n');
        s.append("办理状态：").append(t.statusLabel()).append("；完成进度：").append(t.percentComplete()).append('%');
        s.append("；牵头单位：").append(String.join("、", t.leadUnits()));
        if (t.lastReport() != null) {
            s.append("\n最新进展（").append(t.lastReport().reportedOn()).append("）：").append(t.lastReport().text());
        }
        return s.toString();
    }

    private static void element(XMLStreamWriter x, String ns, String name, String value) throws XMLStreamException {
        x.writeStartElement(ns, name);
        x.writeCharacters(value == null ? "" : value);
        x.writeEndElement();
    }

    private static void row(StringBuilder out, String... cells) {
        for (int c = 0; c < cells.length; c++) {
            String v = cells[c] == null ? "" : cells[c];
            if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
                v = "'" + v;
            }
            out.append(c == 0 ? "" : ",").append('"').append(v.replace("\"", "\"\"")).append('"');
        }
        out.append("\r\n");
    }
}
