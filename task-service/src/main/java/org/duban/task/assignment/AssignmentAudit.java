package org.duban.task.assignment;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.duban.platform.audit.AuditTrail;

import io.quarkus.arc.Arc;

/**
 * Every step of an assignment's life in the audit trail (issue 20): {@link AssignmentHistory#record} hands each step here,
 * in the step's transaction, so 交办, 签收, 退回, reports, reviews (复核), extension requests and decisions, completion,
 * withdrawal, due-date changes and merges are recorded with the token's actor wherever they are made. The steps a unit
 * makes for itself (signing, returning, reporting, asking for more time) done by someone acting for no such unit (a
 * supervisor) are recorded as done on the unit's behalf, with the step's reason. A plan import records one entry for
 * the whole import (the importing user, the counts) instead of one per assignment: it makes two thousand of them in one
 * transaction whose time is measured (BENCHMARKS.md), so {@link #importing()} marks that transaction.
 */
@ApplicationScoped
public class AssignmentAudit {

    private static final String IMPORTING = AssignmentAudit.class.getName() + ".importing";

    @Inject
    AuditTrail audit;

    @Inject
    TransactionSynchronizationRegistry transaction;

    /** The current transaction is a plan import: its 交办 are recorded by the import's own entry. */
    public void importing() {
        transaction.putResource(IMPORTING, Boolean.TRUE);
    }

    static void step(AssignmentHistory step, Assignment a) {
        Arc.container().instance(AssignmentAudit.class).get().record(step, a);
    }

    void record(AssignmentHistory step, Assignment a) {
        if (step.fromStatus == null && Boolean.TRUE.equals(transaction.getResource(IMPORTING))) {
            return;
        }
        String action = action(step);
        AuditTrail.Entry entry = audit.entry(action, "ASSIGNMENT", a.id)
                .before(step.fromStatus == null ? null : AuditTrail.fields("status", step.fromStatus))
                .after(AuditTrail.fields("status", a.status, "taskId", a.taskId, "unitId", a.unitId, "role", a.role, "dueAt", a.dueAt))
                .reason(step.reason).cause(AssignmentHistory.SYSTEM.equals(step.actor) ? null : step.actor);
        if (action.equals("assignment.accepted") || action.equals("assignment.returned") || action.equals("assignment.reported")
                || action.equals("assignment.extension-requested")) {
            entry.unitsOwn(a.unitId, step.reason);
        }
        entry.record();
    }

    /**
     * The step's name: the kind of step its history reason starts with where that names it (extensions, reviews, due dates,
     * merges, reassignments, reports: the lifecycle commands, DueDates and UnitMerges write these reasons, and several of those steps
     * keep the status), else its new status.
     */
    static String action(AssignmentHistory step) {
        String why = step.reason == null ? "" : step.reason;
        if (step.fromStatus == null) {
            return "assignment.assigned";
        }
        for (String[] named : NAMED) {
            if (why.startsWith(named[0])) {
                return named[1];
            }
        }
        if (step.fromStatus != step.toStatus) {
            return "assignment." + step.toStatus.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return "assignment.updated";
    }

    /** Reason prefixes and their step, most specific first. */
    private static final String[][] NAMED = {
            { "复核", "assignment.reviewed" },
            { "延期申请", "assignment.extension-requested" },
            { "延期", "assignment.extension-decided" },
            { "完成时限", "assignment.due-date-changed" },
            { "机构合并", "assignment.moved" },
            { "改派", "assignment.reassigned" },
            { "反馈", "assignment.reported" },
            { "综合反馈", "assignment.reported" },
    };
}
