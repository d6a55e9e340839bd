package org.duban.platform.evidence;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.duban.platform.problem.Problem;

/**
 * The checks every service makes of evidence files the same way: an upload as {@link EvidenceUploadRoute} read it (400 for
 * a wrong form or an empty file, 413 over {@code max-file-bytes}), the client's file name made safe to keep and show, and
 * a report's list of files ({@link #attach}: each named once, at most {@code max-report-files} of at most
 * {@code max-report-bytes} together, 413 above). What a file must belong to for a report to name it is the caller's check.
 */
public final class EvidenceLimits {

    /** What a report does with one file it names (its index in {@code evidenceFileIds} for the problem's field). */
    @FunctionalInterface
    public interface Attach {
        /** Checks and attaches file {@code id} ({@code field} names it in a problem); answers its size in bytes. */
        long attach(UUID id, String field);
    }

    private EvidenceLimits() {
    }

    /** The upload's bytes are there and within {@code max-file-bytes}; else the 400 or 413 problem naming {@code file}. */
    public static void requireReceived(EvidenceUploadRoute.Upload upload, EvidenceConfig config) {
        if (upload == null || upload.error() != null) {
            throw Problem.invalidField("file", upload == null ? "no upload" : upload.error());
        }
        if (upload.size() == 0) {
            throw Problem.invalidField("file", "the file is empty");
        }
        if (upload.size() > config.maxFileBytes()) {
            throw tooLarge("file", "the file has " + upload.size() + " bytes; at most " + config.maxFileBytes() + " are accepted",
                    "duban.evidence.max-file-bytes", config.maxFileBytes());
        }
    }

    /**
     * {@code owner} (e.g. "assignment …") has {@code pending} uploads no report names yet: at {@code max-pending-files} a
     * further upload is 409, so uploads do not pile up unreported.
     */
    public static void requireRoom(String owner, long pending, EvidenceConfig config) {
        if (pending >= config.maxPendingFiles()) {
            throw Problem.conflict(owner + " already has " + pending + " uploads no report names yet; attach them"
                    + " to a report or discard some (DELETE /api/evidence/{id})").with("maxPendingFiles", config.maxPendingFiles());
        }
    }

    /**
     * A report names {@code ids} ({@code evidenceFileIds}): each is handed to {@code each} once, in order (a second
     * naming is a 400), after the count is checked against {@code max-report-files} and before their total size is
     * checked against {@code max-report-bytes} (413 for either, so the caller's transaction rolls back what it attached).
     */
    public static void attach(List<UUID> ids, EvidenceConfig config, Attach each) {
        if (ids.size() > config.maxReportFiles()) {
            throw tooLarge("evidenceFileIds", ids.size() + " files; a report attaches at most " + config.maxReportFiles(),
                    "duban.evidence.max-report-files", config.maxReportFiles());
        }
        Set<UUID> seen = new HashSet<>();
        long total = 0;
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            String field = "evidenceFileIds[" + i + "]";
            if (id == null) {
                throw Problem.invalidField(field, "an evidence file id is required");
            }
            if (!seen.add(id)) {
                throw Problem.invalidField(field, "file " + id + " is named twice");
            }
            total += each.attach(id, field);
        }
        if (total > config.maxReportBytes()) {
            throw tooLarge("evidenceFileIds", "the files have " + total + " bytes together; a report attaches at most "
                    + config.maxReportBytes(), "duban.evidence.max-report-bytes", config.maxReportBytes());
        }
    }

    /** The client's file name without any directory part or control characters, at most 200 characters. */
    public static String fileName(String given) {
        String name = given == null ? "" : given;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            name = "evidence";
        }
        if (name.length() > 200) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
            name = name.substring(0, 200 - ext.length()) + ext;
        }
        return name;
    }

    /** 413 problem naming {@code field}, with the {@code setting} to change and its {@code limit}. */
    public static Problem tooLarge(String field, String detail, String setting, long limit) {
        return new Problem(413, "Content Too Large", detail).with("setting", setting).with("limit", limit)
                .with("errors", List.of(Map.of("field", field, "message", detail)));
    }
}
