package org.duban.web.importer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

import org.duban.web.api.ApiException;
import org.duban.web.api.Service;
import org.duban.web.home.Page;

/**
 * The plan import (supervision office): upload a notice (.txt, .docx, .xlsx) with an optional 生效日期, read
 * task-service's dry-run report — every flagged unit name and every deadline phrase — confirm the names matched only
 * by similarity against the registry's, then import it. task-service does all the reading.
 */
@Path("/import")
@Authenticated
public class ImportPage extends Page {

    static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Inject
    ImportTickets tickets;

    @Inject
    SecurityIdentity identity;

    @Inject
    Template importPlan;

    @GET
    public TemplateInstance form() {
        requireSupervisor();
        return form(null, null, null, null, null);
    }

    /**
     * Uploads the document for a dry run, with an optional 生效日期 ({@code adoptedOn}: due dates before it count against
     * nobody); the answer page shows the report, the names to confirm and a button to import it.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public TemplateInstance dryRun(@RestForm("document") FileUpload document, @RestForm String adoptedOn) throws IOException {
        requireSupervisor();
        String adopted = adoptedOn == null || adoptedOn.isBlank() ? null : adoptedOn.strip();
        if (document == null || document.size() == 0) {
            return form(null, null, null, adopted, "请选择要导入的通知文件（.txt、.docx 或 .xlsx）");
        }
        String name = document.fileName();
        byte[] body = Files.readAllBytes(document.uploadedFile());
        String type = contentType(name);
        try {
            Map<String, Object> answer = view(toMap(api.postBytes(Service.TASK, importPath(true, adopted), body, type)));
            UUID ticket = tickets.keep(identity.getPrincipal().getName(), name, type, body, adopted, answer);
            return form(answer, ticket, name, adopted, null);
        } catch (ApiException refused) {
            return form(null, null, name, adopted, refused.message());
        }
    }

    /**
     * Imports the document the dry run read, once every name matched only by similarity is confirmed (a ticked box
     * per name, {@code confirmed}); otherwise the report again, naming those left.
     */
    @POST
    @Path("/{ticket}")
    public TemplateInstance confirm(@PathParam("ticket") UUID ticketId, @RestForm("confirmed") List<String> confirmed) {
        requireSupervisor();
        String owner = identity.getPrincipal().getName();
        ImportTickets.Ticket ticket = tickets.peek(ticketId, owner);
        if (ticket == null) {
            return form(null, null, null, null, "预检结果已过期，请重新上传文件");
        }
        List<String> left = unconfirmed(ticket.report(), confirmed);
        if (!left.isEmpty()) {
            return form(ticket.report(), ticketId, ticket.fileName(), ticket.adoptedOn(),
                    "请逐一核对近似匹配的单位名称后再导入：" + String.join("、", left));
        }
        tickets.take(ticketId, owner);
        try {
            Map<String, Object> answer = toMap(api.postBytes(Service.TASK, importPath(false, ticket.adoptedOn()),
                    ticket.body(), ticket.contentType()));
            return form(view(answer), null, ticket.fileName(), ticket.adoptedOn(), null);
        } catch (ApiException refused) {
            return form(null, null, ticket.fileName(), ticket.adoptedOn(), refused.message());
        }
    }

    private TemplateInstance form(Map<String, Object> answer, UUID ticket, String fileName, String adoptedOn, String error) {
        return pages.page(importPlan).data("answer", answer).data("ticket", ticket).data("fileName", fileName)
                .data("adoptedOn", adoptedOn == null ? "" : adoptedOn).data("error", error);
    }

    /** task-service's import, as a dry run or not, with the 生效日期 when one was given. */
    static String importPath(boolean dryRun, String adoptedOn) {
        List<String> query = new ArrayList<>();
        if (dryRun) {
            query.add("dryRun=true");
        }
        if (adoptedOn != null) {
            query.add("adoptedOn=" + URLEncoder.encode(adoptedOn, StandardCharsets.UTF_8));
        }
        return "/api/plans/import" + (query.isEmpty() ? "" : "?" + String.join("&", query));
    }

    /**
     * The report with its flagged unit names picked out: those not matched (never assigned: the registry needs the name
     * first), and those matched only by similarity, which the supervisor confirms one by one against the registry's name
     * ({@code key}) before importing. An alias is the registry's own, so it is not flagged.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> view(Map<String, Object> answer) {
        Map<String, Object> report = (Map<String, Object>) answer.getOrDefault("report", Map.of());
        List<Map<String, Object>> flagged = new ArrayList<>();
        for (Map<String, Object> u : (List<Map<String, Object>>) report.getOrDefault("units", List.of())) {
            boolean unresolved = "UNRESOLVED".equals(u.get("outcome"));
            if (unresolved || "FUZZY".equals(u.get("match"))) {
                Map<String, Object> line = new LinkedHashMap<>(u);
                line.put("verdict", unresolved ? "未匹配" : "近似匹配");
                line.put("key", unresolved ? null : u.get("line") + ":" + u.get("text") + "=" + u.get("name"));
                flagged.add(line);
            }
        }
        Map<String, Object> view = new LinkedHashMap<>(answer);
        view.put("flagged", flagged);
        view.put("toConfirm", flagged.stream().filter(f -> f.get("key") != null).count());
        return view;
    }

    /** The similar-name matches of the report not among {@code confirmed}, as 原文→名录名称. */
    @SuppressWarnings("unchecked")
    static List<String> unconfirmed(Map<String, Object> view, List<String> confirmed) {
        Set<String> ticked = confirmed == null ? Set.of() : new HashSet<>(confirmed);
        List<String> left = new ArrayList<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) view.getOrDefault("flagged", List.of())) {
            if (f.get("key") != null && !ticked.contains(f.get("key"))) {
                left.add("第" + f.get("line") + "行「" + f.get("text") + "」→「" + f.get("name") + "」");
            }
        }
        return left;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Object answer) {
        return (Map<String, Object>) answer;
    }

    static String contentType(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".docx")) {
            return DOCX;
        }
        if (name.endsWith(".xlsx")) {
            return XLSX;
        }
        return "text/plain; charset=UTF-8";
    }
}
