package org.duban.web.evidence;

import java.net.URI;

import org.duban.web.config.WebConfig;

/**
 * What evidence files (佐证材料) belong to, and so which service keeps them: an assignment's progress reports
 * (task-service) or a rectification's report (supervision-service). Both services offer the same evidence API (platform's
 * {@code evidence/}): {@code POST {owner}/{id}/evidence}, {@code GET /api/evidence/{id}}, {@code DELETE /api/evidence/{id}}.
 */
public enum Owner {
    /** 进展报告: task-service, {@code /api/assignments/{id}/evidence}; the page's download is {@code /evidence/{id}}. */
    ASSIGNMENT("/api/assignments/", "/evidence/"),
    /** 整改报告: supervision-service, {@code /api/rectifications/{id}/evidence}; the page's download is {@code /evidence/rectification/{id}}. */
    RECTIFICATION("/api/rectifications/", "/evidence/rectification/");

    private final String apiRoot;
    private final String download;

    Owner(String apiRoot, String download) {
        this.apiRoot = apiRoot;
        this.download = download;
    }

    /** The service that keeps this owner's files. */
    URI service(WebConfig config) {
        return this == ASSIGNMENT ? config.services().task() : config.services().supervision();
    }

    /** The service path of the owner's uploads and list. */
    String evidenceOf(Object ownerId) {
        return apiRoot + ownerId + "/evidence";
    }

    /** The page's link that downloads file {@code fileId} through the web module (as the user). */
    public String download(Object fileId) {
        return download + fileId;
    }
}
