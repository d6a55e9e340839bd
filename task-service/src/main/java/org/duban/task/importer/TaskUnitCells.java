package org.duban.task.importer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.platform.outbox.Outbox;
import org.duban.task.importer.Parsed.TaskDraft;
import org.duban.task.plan.Designation;
import org.duban.task.plan.Role;
import org.duban.task.plan.Task;
import org.duban.task.plan.TaskUnit;

/**
 * Writes a task's unit cell as resolved ({@link UnitResolution}): a {@code TaskUnit} per fragment in document order,
 * a PENDING {@code Designation} (待明确) for a group without members, and, for a plan of the home level, an assignment
 * per unit reached, one role per unit ({@link TaskRoles}); the report's unit and designation lines.
 */
@ApplicationScoped
class TaskUnitCells {

    @Inject
    EntityManager em;

    @Inject
    ImportAssignments assignments;

    void write(Task task, TaskDraft td, Role role, UnitResolution.Resolved resolved, boolean assign, TaskRoles roles,
            ImportReport report, Instant now, String where, List<Outbox.Entry> announcements) {
        if (resolved == null) {
            return; // an empty cell
        }
        int position = 0;
        for (UnitResolution.Fragment f : resolved.fragments()) {
            TaskUnit tu = new TaskUnit();
            tu.taskId = task.id;
            tu.role = role;
            tu.position = position++;
            tu.name = f.text();
            List<String> candidates = f.candidates() == null ? List.of()
                    : f.candidates().stream().map(c -> c.name() + " (" + Math.round(c.score() * 100) / 100.0 + ")").toList();
            if ("UNIT".equals(f.outcome()) && f.unit() != null) {
                tu.unitId = f.unit().id();
                tu.resolvedName = f.unit().name();
                tu.resolution = TaskUnit.Resolution.valueOf(f.match());
                tu.score = f.score() == null ? null : f.score().floatValue();
                if (assign && roles.take(tu.unitId, f.unit().name(), role, "named", td, where, report)) {
                    assignments.assign(task, tu.unitId, role, now, announcements, roles);
                }
            } else if ("GROUP".equals(f.outcome()) && f.group() != null) {
                tu.groupId = f.group().id();
                tu.resolvedName = f.group().name();
                tu.resolution = TaskUnit.Resolution.valueOf(f.match());
                tu.score = f.score() == null ? null : f.score().floatValue();
                List<UnitResolution.Ref> members = f.group().members() == null ? List.of() : f.group().members();
                if (members.isEmpty()) {
                    designation(task, td, role, f.group(), now, where, report);
                } else if (assign) {
                    for (UnitResolution.Ref member : members) {
                        if (roles.take(member.id(), member.name(), role, "through " + f.group().name(), td, where, report)) {
                            assignments.assign(task, member.id(), role, now, announcements, roles);
                        }
                    }
                }
            } else {
                tu.resolution = TaskUnit.Resolution.UNRESOLVED;
            }
            em.persist(tu);
            String level = f.unit() != null ? f.unit().level() : f.group() != null ? f.group().level() : null;
            report.units.add(new ImportReport.UnitLine(td.line(), where, role.name(), f.text(), f.outcome(), f.match(), f.score(),
                    tu.unitId, tu.groupId, tu.resolvedName, level, candidates));
        }
    }

    /** A group without members (各乡镇人民政府): a PENDING designation (待明确) instead of assignments. */
    private void designation(Task task, TaskDraft td, Role role, UnitResolution.GroupRef group, Instant now, String where,
            ImportReport report) {
        Designation d = new Designation();
        d.id = UUID.randomUUID();
        d.taskId = task.id;
        d.groupId = group.id();
        d.groupName = group.name();
        d.role = role;
        d.status = Designation.Status.PENDING;
        d.createdAt = now;
        em.persist(d);
        report.designations.add(new ImportReport.DesignationLine(td.line(), where, role.name(), group.name(), group.id()));
    }
}
