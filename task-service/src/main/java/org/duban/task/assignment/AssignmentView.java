package org.duban.task.assignment;

import java.time.Instant;
import java.util.UUID;

import org.duban.task.deadline.UnknownCalendarYear;
import org.duban.task.plan.Role;
import org.duban.task.plan.Task;

/**
 * An assignment as the API answers it. {@code version}: raised by every write of the assignment (a 409 of a lost race
 * names the one it met). {@code dueDateFlag}: "2027 calendar not yet known" while its due date is counted with weekends
 * only.
 */
public record AssignmentView(UUID id, UUID taskId, String taskTitle, UUID unitId, Role role, Assignment.Status status,
        Instant dueAt, Instant assignedAt, UUID replacedBy, long version, String dueDateFlag) {

    static AssignmentView of(Assignment a, Task t) {
        return new AssignmentView(a.id, a.taskId, t.title, a.unitId, a.role, a.status, a.dueAt, a.assignedAt, a.replacedBy,
                a.version, UnknownCalendarYear.flag(a.calendarUnknownYear));
    }
}
