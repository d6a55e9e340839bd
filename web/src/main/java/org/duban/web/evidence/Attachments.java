package org.duban.web.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import org.duban.web.config.WebConfig;

/**
 * The files a unit officer attaches to a progress report (报送进展, task-service) or a rectification report (整改报告,
 * supervision-service): checked against the limits first (so a file too large is refused before it is sent on), uploaded
 * one by one to the owner's service, and discarded again when a later file or the report itself is refused, so nothing
 * stays waiting that the officer did not mean to keep. Every refusal is a sentence in Chinese naming the file. Both
 * services apply the same limits ({@code duban.evidence.*}, platform's {@code EvidenceConfig}), which the web module
 * mirrors in {@code duban.web.evidence.*}.
 */
@ApplicationScoped
public class Attachments {

    /** A refusal to show on the form. */
    public static class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    @Inject
    WebConfig config;

    @Inject
    EvidenceClient client;

    /** What the form tells the officer before the choice: the limits in words. */
    public String limits() {
        WebConfig.Evidence e = config.evidence();
        return "可附 PDF、图片（PNG、JPEG）、Word（.docx）、Excel（.xlsx），每个文件不超过 " + Sizes.human(e.maxFileBytes()) + "，每次最多 "
                + e.maxReportFiles() + " 个、合计不超过 " + Sizes.human(e.maxReportBytes()) + "。";
    }

    /** The files the browser sent, without the empty part of a file input left empty. */
    public static List<FileUpload> chosen(List<FileUpload> files) {
        if (files == null) {
            return List.of();
        }
        return files.stream().filter(f -> f.fileName() != null && !f.fileName().isBlank()).toList();
    }

    /** A progress report's files: {@link #upload(Owner, UUID, List)} for an assignment. */
    public List<String> upload(UUID assignmentId, List<FileUpload> files) {
        return upload(Owner.ASSIGNMENT, assignmentId, files);
    }

    /** Checks and uploads {@code files}; answers the evidence ids in order, or throws {@link Refused} with nothing left behind. */
    public List<String> upload(Owner owner, UUID ownerId, List<FileUpload> files) {
        WebConfig.Evidence limits = config.evidence();
        if (files.size() > limits.maxReportFiles()) {
            throw new Refused("一次报送最多附 " + limits.maxReportFiles() + " 个文件，本次选了 " + files.size() + " 个。");
        }
        long total = 0;
        for (FileUpload f : files) {
            if (f.size() > limits.maxFileBytes()) {
                throw new Refused("文件「" + f.fileName() + "」有 " + Sizes.human(f.size()) + "，超过单个文件上限 "
                        + Sizes.human(limits.maxFileBytes()) + "，未报送。");
            }
            total += f.size();
        }
        if (total > limits.maxReportBytes()) {
            throw new Refused("所附文件合计 " + Sizes.human(total) + "，超过每次报送的上限 " + Sizes.human(limits.maxReportBytes()) + "，未报送。");
        }
        List<String> ids = new ArrayList<>();
        for (FileUpload f : files) {
            try {
                Map<String, Object> uploaded = client.upload(owner, ownerId, f.uploadedFile(), f.fileName(), f.contentType());
                ids.add(String.valueOf(uploaded.get("id")));
            } catch (EvidenceClient.Refused refused) {
                discard(owner, ids);
                throw new Refused(message(f.fileName(), refused.refusal));
            }
        }
        return ids;
    }

    /** Discards uploads a refused progress report did not take. */
    public void discard(List<String> ids) {
        discard(Owner.ASSIGNMENT, ids);
    }

    /** Discards uploads a refused report did not take. */
    public void discard(Owner owner, List<String> ids) {
        ids.forEach(id -> client.discard(owner, id));
    }

    /** The service's refusal of one file, in words. */
    static String message(String fileName, EvidenceClient.Refusal r) {
        String file = "文件「" + fileName + "」";
        String detail = r.text("detail");
        return switch (r.status()) {
            case 413 -> file + "超过单个文件上限" + (r.text("limit") == null ? "" : " " + Sizes.human(Long.parseLong(r.text("limit"))))
                    + "，未报送。";
            case 415 -> file + "的类型不被接受" + (r.text("detectedType") == null ? "" : "（按内容识别为 " + r.text("detectedType") + "）")
                    + "：只收 PDF、PNG、JPEG 图片、Word（.docx）和 Excel（.xlsx），未报送。";
            case 401 -> "登录已过期，请重新登录后再报送。";
            case 403 -> file + "未能上传：无权为此事项上传材料。";
            case 409 -> file + "未能上传：" + (detail == null ? "状态已变化，请刷新后重试" : detail) + "。";
            case 503 -> file + "未能上传：服务暂不可用，请稍后重试。";
            default -> file + "未能上传（" + r.status() + "）" + (detail == null ? "" : "：" + detail) + "。";
        };
    }
}
