package org.duban.task.tasks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.duban.platform.problem.Problem;
import org.duban.task.assignment.Assignment;
import org.duban.task.assignment.BeijingDueDate;
import org.duban.task.assignment.DueDates;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;

/**
 * The office sets a new 完成时限 for many tasks of a plan at once, with a reason (a plan adopted under way, whose printed
 * dates have passed): per section or per listed tasks. Each task takes the new date (ongoing work becomes dated), and
 * each of its open assignments moves to it, announced to its unit with {@code DueDateChanged}.
 */
@ApplicationScoped
public class DueDateRevision {

    /** At most this many tasks named in one revision (a notice has dozens; a section is named by its id instead). */
    public static final int MAX_TASKS = 500;
    public static final int MAX_REASON = 500;

    /** {@code sectionId} or {@code taskIds} (or both); {@code dueOn} the new date, read as its end in Beijing. */
    public record Revision(UUID sectionId, @Size(max = MAX_TASKS) List<UUID> taskIds, @NotNull LocalDate dueOn,
            @NotNull @Size(min = 1, max = MAX_REASON) String reason) {
    }

    /** What was moved: the tasks given the date, the open assignments moved (an assignment already on it is not). */
    public record Revised(UUID planId, LocalDate dueOn, Instant dueAt, int tasks, int assignmentsMoved) {
    }

    @jakarta.inject.Inject
    org.duban.platform.audit.AuditTrail audit;

    @Inject
    DueDates dueDates;

    @Inject
    Clock clock;

    @Transactional
    public Revised revise(UUID planId, Revision revision, String actor) {
        Plan plan = Plan.findById(planId);
        if (plan == null) {
            throw Problem.notFound("no plan " + planId);
        }
        if (revision.reason().isBlank()) {
            throw Problem.invalidField("reason", "a new 完成时限 states its reason");
        }
        Set<UUID> taskIds = new LinkedHashSet<>();
        if (revision.sectionId() != null) {
            Section section = Section.findById(revision.sectionId());
            if (section == null || !section.planId.equals(planId)) {
                throw Problem.invalidField("sectionId", "no section " + revision.sectionId() + " in plan " + planId);
            }
            Task.<Task> list("sectionId = ?1 order by ordinal", section.id).forEach(t -> taskIds.add(t.id));
        }
        if (revision.taskIds() != null) {
            for (UUID id : revision.taskIds()) {
                Task task = id == null ? null : Task.findById(id);
                if (task == null || !planId.equals(task.planId)) {
                    throw Problem.invalidField("taskIds", "no task " + id + " in plan " + planId);
                }
                taskIds.add(id);
            }
        }
        if (taskIds.isEmpty()) {
            throw Problem.invalidField("sectionId", "name a section or tasks of the plan");
        }
        Instant dueAt = BeijingDueDate.endOfDay(revision.dueOn());
        String reason = revision.reason().strip();
        Instant now = clock.instant();
        int moved = 0;
        for (UUID taskId : taskIds) {
            Task task = Task.findById(taskId, LockModeType.PESSIMISTIC_WRITE);
            task.dueAt = dueAt;
            if (task.deadlineKind == Task.DeadlineKind.ONGOING) {
                task.deadlineKind = Task.DeadlineKind.DATE;
            }
            List<Assignment> open = Assignment.<Assignment> find("taskId = ?1 and status in ?2 order by id", taskId,
                    Assignment.Status.OPEN).withLock(LockModeType.PESSIMISTIC_WRITE).list();
            for (Assignment a : open) {
                if (dueDates.move(a, dueAt, reason, actor, now, eventId(a.id, dueAt, reason))) {
                    moved++;
                }
            }
        }
        audit.record("plan.due-dates", "PLAN", planId, null, org.duban.platform.audit.AuditTrail.fields("sectionId", revision.sectionId(), "tasks", taskIds.size(), "dueOn", revision.dueOn(), "assignmentsMoved", moved), reason);
        return new Revised(planId, revision.dueOn(), dueAt, taskIds.size(), moved);
    }

    /** Name-based: the same revision sent twice (a double click) is one event per assignment. */
    static UUID eventId(UUID assignmentId, Instant dueAt, String reason) {
        return UUID.nameUUIDFromBytes(("due-date-revised/" + assignmentId + "/" + dueAt + "/" + reason).getBytes(StandardCharsets.UTF_8));
    }
}
