package org.duban.task.importer;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.duban.task.importer.Parsed.TaskDraft;
import org.duban.task.plan.Role;

/**
 * One unit, one role per task: the units a task reaches (named, or members of a named group), each once, in the first
 * role that reached it. The lead cell is expanded before the responsible cell, so a unit named as lead is not also
 * co-responsible through a group (县直相关单位); a unit named twice, or reached through two groups, is assigned once.
 * Every unit reached again is a merge line in the report.
 */
final class TaskRoles {

    /** unit → the role it holds and how it was reached (“named”, “through 县直相关单位”). */
    private final Map<UUID, String[]> held = new HashMap<>();
    /** Why the task's work is already done (办结 at import), or null: its assignments are then made completed. */
    final String doneReason;
    /** Who marked it done: the importer. */
    final String actor;

    TaskRoles(String doneReason, String actor) {
        this.doneReason = doneReason;
        this.actor = actor;
    }

    /** Whether the unit is new to the task (then it is recorded); otherwise a merge line is reported. */
    boolean take(UUID unit, String name, Role role, String how, TaskDraft td, String where, ImportReport report) {
        String[] first = held.get(unit);
        if (first == null) {
            held.put(unit, new String[] { role.name(), how });
            return true;
        }
        report.merges.add(new ImportReport.MergeLine(td.line(), where, unit, name, first[0], first[1], role.name(), how,
                name + " is " + first[0] + " (" + first[1] + "), also " + role.name() + " (" + how + "): one " + first[0]
                        + " assignment"));
        return false;
    }

    /** The task's lines of the report: its assignments by role, and its work done at import. */
    void report(TaskDraft td, String where, ImportReport report) {
        long leads = held.values().stream().filter(r -> r[0].equals(Role.LEAD.name())).count();
        report.assignments.add(new ImportReport.AssignmentLine(td.line(), where, (int) leads, held.size() - (int) leads));
        if (doneReason != null) {
            report.completedAtImport.add(new ImportReport.DoneLine(td.line(), where, held.size(), doneReason));
        }
    }
}
