package org.duban.task.assignment;

import java.util.List;
import java.util.UUID;

import org.duban.task.plan.Role;

/**
 * Who holds a task's lead powers (牵头: reading the co-units' reports, 复核, designating a group's units): a unit whose
 * lead assignment on the task is its current work or was finished by it. A lead that returned the task (退回, perhaps
 * reassigned to another unit since) or whose work was withdrawn is no longer the task's lead. A list of the statuses
 * that count, not of those that do not, so that a status added later carries no lead power until it is listed here.
 */
public final class LeadUnits {

    static final List<Assignment.Status> CURRENT = List.of(Assignment.Status.ASSIGNED, Assignment.Status.ACCEPTED,
            Assignment.Status.IN_PROGRESS, Assignment.Status.REPORTED, Assignment.Status.COMPLETED);

    private LeadUnits() {
    }

    /** True if {@code unitId} currently leads {@code taskId}. */
    public static boolean leads(UUID taskId, UUID unitId) {
        return Assignment.count("taskId = ?1 and unitId = ?2 and role = ?3 and status in ?4", taskId, unitId,
                Role.LEAD, CURRENT) > 0;
    }
}
