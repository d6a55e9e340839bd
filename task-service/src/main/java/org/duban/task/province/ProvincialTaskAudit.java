package org.duban.task.province;

import java.util.Locale;

import org.duban.platform.audit.AuditTrail;

import io.quarkus.arc.Arc;

/**
 * Every step of a provincial task (签收, 退回, links to county tasks, 交办, progress, extension requests, completion, and
 * what the province's events change) in the audit trail (issue 20): {@link ProvincialTaskHistory#record} hands each step
 * here, in its transaction. The actor is the token's; a step the province's event caused is the system's, named after
 * the provincial message.
 */
final class ProvincialTaskAudit {

    private ProvincialTaskAudit() {
    }

    static void record(ProvincialTaskHistory step, ProvincialTask task) {
        Arc.container().instance(AuditTrail.class).get()
                .entry("provincial-task." + step.what.toLowerCase(Locale.ROOT).replace('_', '-'), "PROVINCIAL_TASK", task.taskId)
                .before(step.fromState == null ? null : AuditTrail.fields("state", step.fromState))
                .after(AuditTrail.fields("state", step.toState, "provTaskId", task.provTaskId, "messageId", step.messageId))
                .reason(step.detail).cause(step.messageId == null ? null : "province message " + step.messageId).record();
    }
}
