package org.duban.supervision.disclosure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.events.task.ProgressReported;

/**
 * Keeps each report's text from {@code ProgressReported} (called by the status projection in its transaction, so once per
 * event through its inbox): the status read model keeps only percent and time, and the office may mark a text public.
 * An upsert by report id: a replayed event rewrites what the event says and never touches the public mark.
 */
@ApplicationScoped
public class ReportTexts implements org.duban.supervision.status.ReportTextSink {

    @Inject
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void on(ProgressReported p) {
        if (p.reportId() == null || p.taskId() == null || p.assignmentId() == null || p.unitId() == null || p.reportedAt() == null) {
            return; // nothing to disclose from it (the status projection decides what such an event means)
        }
        em.createNativeQuery("""
                insert into disclosure_report (report_id, assignment_id, task_id, unit_id, percent_complete, narrative, reported_at)
                values (:r, :a, :t, :u, :p, :n, :at)
                on conflict (report_id) do update set assignment_id = excluded.assignment_id, task_id = excluded.task_id,
                    unit_id = excluded.unit_id, percent_complete = excluded.percent_complete, narrative = excluded.narrative,
                    reported_at = excluded.reported_at""")
                .setParameter("r", p.reportId()).setParameter("a", p.assignmentId()).setParameter("t", p.taskId())
                .setParameter("u", p.unitId()).setParameter("p", p.percentComplete())
                .setParameter("n", p.narrative() == null ? "" : p.narrative()).setParameter("at", p.reportedAt())
                .executeUpdate();
    }
}
