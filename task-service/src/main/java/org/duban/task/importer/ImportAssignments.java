package org.duban.task.importer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.duban.platform.outbox.Outbox;
import org.duban.task.assignment.Assigning;
import org.duban.task.plan.Role;
import org.duban.task.plan.Task;

/**
 * The import's 交办: an assignment per unit and role through {@link Assigning}, its events into the plan's
 * announcements; for work already done when the plan is adopted (办结 at import, {@link DoneAtImport}) an assignment
 * made completed, its {@code TaskAssigned} marked {@code completedAtImport}.
 */
@ApplicationScoped
class ImportAssignments {

    @Inject
    Assigning assigning;

    /** 交办, or, for work marked done at import ({@code roles.doneReason}), an assignment made completed. */
    void assign(Task task, UUID unitId, Role role, Instant now, List<Outbox.Entry> announcements, TaskRoles roles) {
        if (roles.doneReason == null) {
            assigning.assign(task, unitId, role, now, announcements);
            return;
        }
        assigning.assignDone(task, unitId, role, now, announcements, roles.doneReason, roles.actor);
    }
}
