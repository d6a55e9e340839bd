package org.duban.task.importer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.platform.time.ChineseDates;
import org.duban.task.deadline.DeadlinePhrase;
import org.duban.task.importer.Parsed.TaskDraft;
import org.duban.task.plan.Milestone;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;

/**
 * Writes a task of an imported document with its deadline as read ({@link DeadlinePhrase}): the kind, due date and
 * cadence, the CONFIRMED milestones of a compound deadline and the PROPOSED ones of dated phrases in its text; the
 * report's deadline lines, and for a plan adopted under way the due dates before the adoption.
 */
@ApplicationScoped
class ImportedTasks {

    @Inject
    EntityManager em;

    @Inject
    ImporterConfig config;

    Task write(Plan plan, String annexLabel, Section section, TaskDraft td, ImportReport report, Instant now, Instant countsFrom) {
        Task task = new Task();
        task.id = UUID.randomUUID();
        task.planId = plan.id;
        task.sectionId = section.id;
        task.number = td.number();
        task.ordinal = td.ordinal();
        task.title = td.text();
        task.createdAt = now;
        task.deadlinePhrase = td.deadlineCell() == null || td.deadlineCell().isBlank() ? null : td.deadlineCell();
        String where = annexLabel + " " + td.number();
        DeadlinePhrase.Reading reading;
        if (task.deadlinePhrase == null) {
            reading = new DeadlinePhrase.Reading(Task.DeadlineKind.ONGOING, null, List.of(), null);
            if (plan.level == config.homeLevel()) {
                report.unreadDeadlines.add(new ImportReport.DeadlineLine(td.line(), where, "", "ONGOING", null,
                        "no 完成时限: treated as ongoing, reported at the plan's cadence"));
            }
        } else {
            reading = DeadlinePhrase.read(task.deadlinePhrase, plan.issuedOn);
        }
        task.deadlineKind = reading.kind();
        task.dueAt = reading.dueAt();
        task.reportingCadence = reading.cadence();
        if (reading.unread() != null) {
            report.unreadDeadlines.add(new ImportReport.DeadlineLine(td.line(), where, task.deadlinePhrase, reading.kind().name(),
                    null, "not understood: treated as ongoing until a supervisor sets the deadline"));
        } else if (task.deadlinePhrase != null) {
            report.deadlines.add(new ImportReport.DeadlineLine(td.line(), where, task.deadlinePhrase, reading.kind().name(),
                    reading.dueAt() == null ? null : reading.dueAt().toString(), reading.note(),
                    reading.cadence() == null ? null : reading.cadence().toString()));
        }
        task.countsFrom = countsFrom;
        em.persist(task);
        int ordinal = 0;
        for (DeadlinePhrase.Target target : reading.milestones()) {
            milestone(task, ++ordinal, target, Milestone.Status.CONFIRMED, Milestone.Source.DEADLINE);
        }
        if (countsFrom != null) {
            listBeforeAdoption(td.line(), where, task.deadlinePhrase, "FINAL", task.dueAt, countsFrom, report);
            reading.milestones().forEach(m -> listBeforeAdoption(td.line(), where, m.label(), "MILESTONE", m.dueAt(), countsFrom, report));
        }
        for (DeadlinePhrase.Target target : DeadlinePhrase.datedPhrasesIn(td.text())) {
            milestone(task, ++ordinal, target, Milestone.Status.PROPOSED, Milestone.Source.TASK_TEXT);
            report.proposedMilestones.add(new ImportReport.DeadlineLine(td.line(), where, target.label(), "PROPOSED",
                    target.dueAt() == null ? null : target.dueAt().toString(), "dated phrase in the task's text: to be confirmed"));
        }
        return task;
    }

    private void milestone(Task task, int ordinal, DeadlinePhrase.Target target, Milestone.Status status, Milestone.Source source) {
        Milestone m = new Milestone();
        m.id = UUID.randomUUID();
        m.taskId = task.id;
        m.ordinal = ordinal;
        m.label = target.label();
        m.dueAt = target.dueAt();
        m.targetQuantity = target.quantity() == null ? null : new BigDecimal(target.quantity().toPlainString());
        m.targetUnit = target.unit();
        m.status = status;
        m.source = source;
        em.persist(m);
    }

    private static void listBeforeAdoption(int line, String where, String phrase, String kind, Instant dueAt, Instant countsFrom,
            ImportReport report) {
        if (dueAt != null && dueAt.isBefore(countsFrom)) {
            report.dueBeforeAdoption.add(new ImportReport.DeadlineLine(line, where, phrase, kind, ChineseDates.day(dueAt),
                    "before the adoption date: counts against nobody until re-dated"));
        }
    }
}
