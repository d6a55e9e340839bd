package org.duban.task.importer;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.platform.problem.Problem;
import org.duban.task.deadline.DeadlinePhrase;
import org.duban.task.importer.Parsed.PlanDraft;
import org.duban.task.importer.Parsed.TaskDraft;
import org.duban.task.plan.Plan;

/**
 * Imports a plan document: detects its format, reads it ({@link NoticeText}, {@link WorkPointsText},
 * {@link OfficeTables}), checks every deadline, resolves every unit cell with unit-service, then hands everything
 * to {@link PlanWriter}, which saves it in one transaction (or, for a dry run, rolls it back).
 */
@ApplicationScoped
public class PlanImporter {

    public enum Format {
        /** The county notice as plain text, tables with tabbed cells. */
        NOTICE_TEXT,
        /** Provincial work points in prose, one or more documents. */
        WORK_POINTS_TEXT,
        DOCX,
        XLSX;

        static Format of(String name) {
            for (Format f : values()) {
                if (f.name().equalsIgnoreCase(name.replace('-', '_'))) {
                    return f;
                }
            }
            throw Problem.invalidField("format", "unknown format “" + name + "”: one of notice_text, work_points_text, docx, xlsx");
        }
    }

    /** A document read and resolved, ready to be written. */
    record Prepared(Format format, List<PlanDraft> plans, List<String> digests, List<String> contentDigests,
            Map<UnitResolution.Ask, UnitResolution.Resolved> units, ImportReport report, LocalDate adoptedOn, DoneAtImport done) {
    }

    @Inject
    UnitResolution resolution;

    @Inject
    PlanWriter writer;

    @Inject
    ImporterConfig config;

    public PlanWriter.Result importDocument(byte[] body, String contentType, String format, boolean dryRun, String bearer) {
        return importDocument(body, contentType, format, dryRun, bearer, null, DoneAtImport.NONE);
    }

    /**
     * {@code adoptedOn} (生效日期, may be null): the county adopts a plan already under way on that day; due dates before its
     * start count against nobody, and the report lists them for the office to re-date (issue 22).
     */
    public PlanWriter.Result importDocument(byte[] body, String contentType, String format, boolean dryRun, String bearer,
            LocalDate adoptedOn) {
        return importDocument(body, contentType, format, dryRun, bearer, adoptedOn, DoneAtImport.NONE);
    }

    /**
     * As above; {@code done} names tasks already done (办结) when the plan is adopted ({@link DoneAtImport}): their
     * assignments are made completed, never missed (issue 22).
     */
    PlanWriter.Result importDocument(byte[] body, String contentType, String format, boolean dryRun, String bearer,
            LocalDate adoptedOn, DoneAtImport done) {
        if (body == null || body.length == 0) {
            throw Problem.invalidField("body", "the document is empty");
        }
        if (body.length > config.maxDocumentBytes()) {
            throw tooLarge(body.length, config.maxDocumentBytes());
        }
        ImportReport report = new ImportReport();
        report.bounds = ReadingBounds.of(config).started();
        report.dryRun = dryRun;
        Reading reading = read(body, contentType, format, report);
        Format f = reading.format();
        List<PlanDraft> plans = reading.plans();
        List<String> digests = reading.digests();
        List<String> contentDigests = reading.contentDigests();
        List<String> numbers = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (PlanDraft plan : plans) {
            titles.add(plan.title);
            numbers.add(plan.documentNumber == null ? null : PlanLevel.fold(plan.documentNumber).replaceAll("\\s+", ""));
        }
        var existing = writer.existing(digests, contentDigests, numbers, titles);
        if (existing != null) {
            return existing;
        }
        List<UnitResolution.Ask> asks = new ArrayList<>();
        for (PlanDraft plan : plans) {
            String level = plan.level.name();
            plan.annexes.forEach(a -> a.sections.forEach(s -> s.tasks.forEach(t -> {
                asks.add(new UnitResolution.Ask(t.leadCell(), level));
                asks.add(new UnitResolution.Ask(t.responsibleCell(), level));
            })));
        }
        Map<UnitResolution.Ask, UnitResolution.Resolved> units = resolution.resolveAll(asks, bearer);
        try {
            return writer.write(new Prepared(f, plans, digests, contentDigests, units, report, adoptedOn, done), dryRun);
        } catch (Problem problem) {
            throw problem;
        } catch (RuntimeException e) {
            // Two imports of the same document at once: the second trips over plan.source_digest's uniqueness.
            var raced = writer.existing(digests, null, null, null);
            if (raced != null) {
                return raced;
            }
            throw e;
        }
    }

    /** A document read, its deadlines checked and its digests taken: all of the import that runs on the time budget. */
    record Reading(Format format, List<PlanDraft> plans, List<String> digests, List<String> contentDigests) {
    }

    /** Reads the document within {@code report.bounds} (sizes and time budget): 4xx problems for what it refuses. */
    static Reading read(byte[] body, String contentType, String format, ImportReport report) {
        Format f = format == null || format.isBlank() ? detect(body, contentType) : Format.of(format);
        report.format = f.name();
        List<PlanDraft> plans = switch (f) {
            case NOTICE_TEXT -> List.of(NoticeText.read(text(body), report));
            case WORK_POINTS_TEXT -> WorkPointsText.read(text(body), report);
            case DOCX -> List.of(OfficeTables.docx(body, report));
            case XLSX -> List.of(OfficeTables.xlsx(body, report));
        };
        checkDeadlines(plans, report.bounds);
        List<String> digests = new ArrayList<>();
        List<String> contentDigests = new ArrayList<>();
        for (PlanDraft plan : plans) {
            digests.add(digest(plan));
            contentDigests.add(contentDigest(plan));
            report.bounds.tick(plan.line);
        }
        return new Reading(f, plans, digests, contentDigests);
    }

    public static Problem tooLarge(long size, int limit) {
        return new Problem(413, "Content Too Large", "the document has " + size + " bytes; at most " + limit
                + " bytes (" + (limit / (1024 * 1024)) + " MiB) are accepted").with("limit", limit);
    }

    /** Every 完成时限 must be a date that exists: {@code 2021年13月} is a 400 naming its line. */
    private static void checkDeadlines(List<PlanDraft> plans, ReadingBounds bounds) {
        for (PlanDraft plan : plans) {
            for (var annex : plan.annexes) {
                for (var section : annex.sections) {
                    for (TaskDraft t : section.tasks) {
                        bounds.tick(t.line());
                        try {
                            DeadlinePhrase.read(t.deadlineCell(), plan.issuedOn);
                            DeadlinePhrase.datedPhrasesIn(t.text());
                        } catch (DeadlinePhrase.Invalid e) {
                            throw ImportProblems.atLine(t.line(), "deadline", "task " + t.number() + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
    }

    static Format detect(byte[] body, String contentType) {
        if (body.length > 4 && body[0] == 'P' && body[1] == 'K') {
            // the central directory's names only: detection inflates nothing
            List<String> names = OfficeZip.names(body);
            if (names != null) {
                if (names.stream().anyMatch(n -> n.startsWith("word/"))) {
                    return Format.DOCX;
                }
                if (names.stream().anyMatch(n -> n.startsWith("xl/"))) {
                    return Format.XLSX;
                }
            }
            throw Problem.invalidField("document", "a zip archive that is neither a Word (.docx) nor an Excel (.xlsx) document");
        }
        String text = text(body);
        if (NoticeText.looksLikeNotice(text)) {
            return Format.NOTICE_TEXT;
        }
        if (WorkPointsText.looksLikeWorkPoints(text)) {
            return Format.WORK_POINTS_TEXT;
        }
        throw ImportProblems.atLine(1, "document", "not a responsibility table: no header row 事项|省重点任务|牵头单位|责任单位|完成时限 "
                + "(tab-separated cells) and no provincial task paragraphs （一）…（X牵头，Y按职责分工负责）");
    }

    static String text(byte[] body) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
            if (s.startsWith("\uFEFF")) {
                s = s.substring(1);
            }
            if (s.isBlank()) {
                throw Problem.invalidField("body", "the document is empty (only white space)");
            }
            return s;
        } catch (CharacterCodingException e) {
            throw Problem.invalidField("body", "the document is neither UTF-8 text nor a .docx/.xlsx file");
        }
    }

    /** Of the document as read (so the same notice as text twice, or re-saved, finds its plan). */
    static String digest(PlanDraft plan) {
        StringBuilder s = new StringBuilder();
        s.append(plan.level).append('|').append(plan.title).append('|').append(plan.documentNumber).append('|').append(plan.issuedOn);
        for (var a : plan.annexes) {
            s.append("\nA|").append(a.label).append('|').append(a.title);
            for (var sec : a.sections) {
                s.append("\nS|").append(sec.label).append('|').append(sec.title);
                for (TaskDraft t : sec.tasks) {
                    s.append("\nT|").append(t.number()).append('|').append(t.text()).append('|').append(t.leadCell()).append('|')
                            .append(t.responsibleCell()).append('|').append(t.deadlineCell());
                }
            }
        }
        String normalised = Normalizer.normalize(s.toString(), Normalizer.Form.NFKC).replaceAll("\\s+", "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Of what the document says, whatever its format: level, then per annex each task's number, text, unit cells and due
     * date (not the phrase: an Excel date cell and 2021年底 are one date), without spaces and punctuation. The same notice
     * as text, .docx and .xlsx has one content digest.
     */
    static String contentDigest(PlanDraft plan) {
        StringBuilder s = new StringBuilder().append(plan.level);
        for (var a : plan.annexes) {
            s.append("\nA");
            for (var sec : a.sections) {
                for (TaskDraft t : sec.tasks) {
                    DeadlinePhrase.Reading r = DeadlinePhrase.read(t.deadlineCell(), plan.issuedOn);
                    s.append("\nT|").append(t.ordinal()).append('|').append(t.text()).append('|').append(t.leadCell()).append('|')
                            .append(t.responsibleCell()).append('|').append(r.kind()).append('|').append(r.dueAt());
                }
            }
        }
        String normalised = Normalizer.normalize(s.toString(), Normalizer.Form.NFKC).replaceAll("[\\s\\p{P}&&[^|]]+", "");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Plan.Level levelOf(PlanDraft plan) {
        return plan.level;
    }
}
