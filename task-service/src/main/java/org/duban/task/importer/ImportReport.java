package org.duban.task.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Everything an import did to the document, so nothing vanishes silently: each normalisation, each skipped line,
 * each unit name and how it resolved, each group still to be designated, each deadline not understood, the
 * proposed links to provincial tasks and the provincial tasks without a county counterpart.
 */
public class ImportReport {

    /** {@code line}: line of the text document, or row of the table (1-based); {@code what}: what was done. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ImportReportLine")
    public record Entry(int line, String kind, String text, String what) {
    }

    /** {@code level}: the registered level of the unit or group the name resolved to. */
    public record UnitLine(int line, String task, String role, String text, String outcome, String match, Double score,
            UUID unitId, UUID groupId, String name, String level, List<String> candidates) {
    }

    /** The assignments a task gets (after one unit, one role): how many LEAD and CO_RESPONSIBLE. */
    public record AssignmentLine(int line, String task, int lead, int coResponsible) {
    }

    /**
     * An annex, the plan its title (or the notice's) cites ({@code cites}) and the plan it is linked to ({@code linkedPlanId},
     * null while that plan is not imported).
     */
    public record AnnexLine(String plan, String label, String title, String cites, UUID linkedPlanId) {
    }

    public record DesignationLine(int line, String task, String role, String group, UUID groupId) {
    }

    /** {@code cadence}: the reporting cadence a recurring phrase sets (P3M for 每季度末), else null. */
    public record DeadlineLine(int line, String task, String phrase, String kind, String dueAt, String note, String cadence) {
        public DeadlineLine(int line, String task, String phrase, String kind, String dueAt, String note) {
            this(line, task, phrase, kind, dueAt, note, null);
        }
    }

    /**
     * A unit a task reached twice (named as lead and a member of a responsible group, named twice, in two groups): it
     * keeps one assignment, in the role it was reached first ({@code kept}, {@code keptHow}); {@code dropped} and
     * {@code droppedHow} say what was merged into it.
     */
    public record MergeLine(int line, String task, UUID unitId, String unit, String kept, String keptHow, String dropped,
            String droppedHow, String what) {
    }

    /** A task marked done at import (办结, {@code ?completed=}): how many assignments it got, all completed, and why. */
    public record DoneLine(int line, String task, int assignments, String reason) {
    }

    public record LinkLine(String plan, String task, UUID taskId, String upstreamPlan, String upstreamTask, UUID upstreamTaskId,
            double score) {
    }

    public record Unmatched(String plan, UUID planId, String number, UUID taskId, String text) {
    }

    public String format;
    public boolean dryRun;
    public final List<Entry> normalisations = new ArrayList<>();
    public final List<Entry> skipped = new ArrayList<>();
    public final List<UnitLine> units = new ArrayList<>();
    public final List<DesignationLine> designations = new ArrayList<>();
    public final List<MergeLine> merges = new ArrayList<>();
    public final List<AssignmentLine> assignments = new ArrayList<>();
    public final List<AnnexLine> annexes = new ArrayList<>();
    public final List<DeadlineLine> deadlines = new ArrayList<>();
    public final List<DeadlineLine> unreadDeadlines = new ArrayList<>();
    public final List<DeadlineLine> proposedMilestones = new ArrayList<>();
    /**
     * With an adoption date (生效日期): every due date (final or milestone) before it, which counts against nobody; the
     * office reviews them and sets new 完成时限 in bulk ({@code POST /api/plans/{id}/due-dates}). {@code dueAt} as
     * 2021年12月31日.
     */
    public final List<DeadlineLine> dueBeforeAdoption = new ArrayList<>();
    /** The tasks marked done at import ({@code ?completed=附件1（三）}): made completed, never missed (issue 22). */
    public final List<DoneLine> completedAtImport = new ArrayList<>();
    public final List<LinkLine> upstreamLinks = new ArrayList<>();
    public final List<Unmatched> upstreamWithoutCounterpart = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();
    /** The reading's limits and time budget (not part of the answer: package-private, so not serialised). */
    ReadingBounds bounds = ReadingBounds.DEFAULT.started();

    void normalised(int line, String text, String what) {
        normalisations.add(new Entry(line, "NORMALISED", text, what));
    }

    void skipped(int line, String text, String why) {
        skipped.add(new Entry(line, "SKIPPED", text, why));
    }

    public long unresolvedUnits() {
        return units.stream().filter(u -> "UNRESOLVED".equals(u.outcome())).count();
    }
}
