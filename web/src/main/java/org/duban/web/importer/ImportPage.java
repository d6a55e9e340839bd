package org.duban.web.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The plan import (supervision office): upload a notice (.txt, .docx, .xlsx), read task-service's dry-run report —
 * every flagged unit name and every deadline phrase — then import it. task-service does all the reading.
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
        return pages.page(importPlan).data("answer", null).data("ticket", null).data("error", null).data("fileName", null);
    }

    /** Uploads the document for a dry run; the answer page shows the report and a button to import it. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public TemplateInstance dryRun(@RestForm("document") FileUpload document) throws IOException {
        requireSupervisor();
        if (document == null || document.size() == 0) {
            return pages.page(importPlan).data("answer", null).data("ticket", null).data("fileName", null)
                    .data("error", "请选择要导入的通知文件（.txt、.docx 或 .xlsx）");
        }
        String name = document.fileName();
        byte[] body = Files.readAllBytes(document.uploadedFile());
        String type = contentType(name);
        try {
            Map<String, Object> answer = toMap(api.postBytes(Service.TASK, "/api/plans/import?dryRun=true", body, type));
            UUID ticket = tickets.keep(identity.getPrincipal().getName(), name, type, body);
            return pages.page(importPlan).data("answer", view(answer)).data("ticket", ticket).data("fileName", name)
                    .data("error", null);
        } catch (ApiException refused) {
            return pages.page(importPlan).data("answer", null).data("ticket", null).data("fileName", name)
                    .data("error", refused.message());
        }
    }

    /** Imports the document the dry run read. */
    @POST
    @Path("/{ticket}")
    public TemplateInstance confirm(@PathParam("ticket") UUID ticketId) {
        requireSupervisor();
        ImportTickets.Ticket ticket = tickets.take(ticketId, identity.getPrincipal().getName());
        if (ticket == null) {
            return pages.page(importPlan).data("answer", null).data("ticket", null).data("fileName", null)
                    .data("error", "预检结果已过期，请重新上传文件");
        }
        try {
            Map<String, Object> answer = toMap(api.postBytes(Service.TASK, "/api/plans/import", ticket.body(), ticket.contentType()));
            return pages.page(importPlan).data("answer", view(answer)).data("ticket", null).data("fileName", ticket.fileName())
                    .data("error", null);
        } catch (ApiException refused) {
            return pages.page(importPlan).data("answer", null).data("ticket", null).data("fileName", ticket.fileName())
                    .data("error", refused.message());
        }
    }

    /**
     * The report with its flagged unit names picked out: those not matched, and those matched only by similarity
     * (an alias is the registry's own, so it is not flagged).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> view(Map<String, Object> answer) {
        Map<String, Object> report = (Map<String, Object>) answer.getOrDefault("report", Map.of());
        List<Map<String, Object>> flagged = new ArrayList<>();
        for (Map<String, Object> u : (List<Map<String, Object>>) report.getOrDefault("units", List.of())) {
            if ("UNRESOLVED".equals(u.get("outcome")) || "FUZZY".equals(u.get("match"))) {
                Map<String, Object> line = new java.util.LinkedHashMap<>(u);
                line.put("verdict", "UNRESOLVED".equals(u.get("outcome")) ? "未匹配" : "近似匹配");
                flagged.add(line);
            }
        }
        Map<String, Object> view = new java.util.LinkedHashMap<>(answer);
        view.put("flagged", flagged);
        return view;
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
