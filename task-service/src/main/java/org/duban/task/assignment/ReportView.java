package org.duban.task.assignment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.duban.task.plan.Role;

/** A progress report as {@link Reporting} answers it (反馈, with its 复核), with its assignment's ids and role. */
public record ReportView(UUID id, UUID assignmentId, UUID taskId, UUID unitId, Role role, int percentComplete,
        String narrative, String period, boolean consolidated, List<String> evidence,
        List<NewReport.MilestoneActualInput> milestoneActuals, Instant reportedAt, String reportedBy,
        ProgressReport.Review reviewStatus, String reviewNote, String reviewedBy, Instant reviewedAt) {

    static ReportView of(ProgressReport r, Assignment a) {
        return new ReportView(r.id, a.id, a.taskId, a.unitId, a.role, r.percentComplete, r.narrative, r.period,
                r.consolidated, List.copyOf(r.evidence),
                r.milestoneActuals.stream().map(m -> new NewReport.MilestoneActualInput(m.milestoneId, m.actualQuantity)).toList(),
                r.reportedAt, r.reportedBy, r.reviewStatus, r.reviewNote, r.reviewedBy, r.reviewedAt);
    }
}
