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
    public record Entry(int line, String kind, String text, String what) {
    }

    public record UnitLine(int line, String task, String role, String text, String outcome, String match, Double score,
            UUID unitId, UUID groupId, String name, List<String> candidates) {
    }

    public record DesignationLine(int line, String task, String role, String group, UUID groupId) {
    }

    public record DeadlineLine(int line, String task, String phrase, String kind, String dueAt, String note) {
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
    public final List<DeadlineLine> deadlines = new ArrayList<>();
    public final List<DeadlineLine> unreadDeadlines = new ArrayList<>();
    public final List<DeadlineLine> proposedMilestones = new ArrayList<>();
    public final List<LinkLine> upstreamLinks = new ArrayList<>();
    public final List<Unmatched> upstreamWithoutCounterpart = new ArrayList<>();
    public final List<String> notes = new ArrayList<>();

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
