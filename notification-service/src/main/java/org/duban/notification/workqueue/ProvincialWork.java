package org.duban.notification.workqueue;

import static org.duban.notification.workqueue.WorkItems.OFFICE;
import static org.duban.notification.workqueue.WorkItems.cause;
import static org.duban.notification.workqueue.WorkItems.day;
import static org.duban.notification.workqueue.WorkItems.excerpt;
import static org.duban.notification.workqueue.WorkItems.text;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.events.province.ProvincialTaskIssued;
import org.duban.events.province.ProvincialTaskRevoked;
import org.duban.events.task.ProvinceUrged;
import org.duban.events.task.ProvincialTaskReturned;
import org.duban.notification.workqueue.WorkItems.About;

/**
 * The province link's work (docs/province-api.md): a provincial task waiting for 签收 or 退回, a 省级催办 or 督办 waiting
 * for the county's answer. Its rules change with the link, not with the county's own work ({@link WorkQueue}).
 */
@ApplicationScoped
class ProvincialWork {

    /** The first key of this package's advisory locks (the second: the provTaskId's hash). */
    private static final int LOCK_SPACE = 22_0001;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    WorkItems items;

    /**
     * A provincial task waits for 签收 or 退回. The answer travels on the task events, the issue on the province events:
     * an answer read first is kept ({@code work_provincial_answer}) and the issue it answered then opens nothing. A task
     * issued again after the county returned it waits again; one issued again while signed for (new terms) does not.
     */
    void issued(UUID eventId, ProvincialTaskIssued i) {
        if (i.provTaskId() == null || i.messageId() == null) {
            return; // task-service dead-letters such a message; here it simply waits for no one
        }
        lockProvincialTask(i.provTaskId());
        Instant issuedAt = i.issuedAt() == null ? clock.instant() : i.issuedAt();
        long answered = ((Number) em.createNativeQuery("""
                select count(*) from work_provincial_answer
                where prov_task_id = ?1 and (answer = 'ACCEPTED' or answered_at >= ?2)""")
                .setParameter(1, i.provTaskId()).setParameter(2, issuedAt).getSingleResult()).longValue();
        if (answered > 0) {
            return;
        }
        String title = i.title() == null || i.title().isBlank() ? excerpt(i.text()) : i.title();
        String detail = (i.documentNumber() == null ? "" : i.documentNumber() + " ") + (i.documentTitle() == null ? "" : i.documentTitle())
                + (i.deadlineText() == null ? "" : "，完成时限：" + i.deadlineText());
        items.open(cause("provincial-issued", i.messageId()), WorkKind.PROVINCIAL_TASK, OFFICE, i.provTaskId(), null, null, null,
                i.provTaskId(), new About(null, title, i.taskNumber()), detail.strip(), "/api/provincial-tasks?state=ISSUED",
                issuedAt, eventId);
    }

    void answered(String provTaskId, String answer, Instant at, String why) {
        if (provTaskId == null || at == null) {
            return;
        }
        lockProvincialTask(provTaskId);
        em.createNativeQuery("""
                insert into work_provincial_answer (prov_task_id, answer, answered_at) values (?1, ?2, ?3)
                on conflict (prov_task_id) do update set answer = excluded.answer, answered_at = excluded.answered_at
                where work_provincial_answer.answered_at <= excluded.answered_at""")
                .setParameter(1, provTaskId).setParameter(2, answer).setParameter(3, at).executeUpdate();
        items.close("kind = 'PROVINCIAL_TASK' and prov_task_id = ?1", provTaskId, why, at);
    }

    void returned(ProvincialTaskReturned r) {
        answered(r.provTaskId(), "RETURNED", r.returnedAt(), "ProvincialTaskReturned (退回)");
        closeUrges(r.taskId(), "ProvincialTaskReturned (退回)", r.returnedAt());
    }

    void revoked(ProvincialTaskRevoked r) {
        if (r.provTaskId() != null) {
            items.close("prov_task_id = ?1", r.provTaskId(), "ProvincialTaskRevoked (省级撤销)", r.revokedAt());
        }
    }

    /**
     * The issue and the answer are applied by two consumers (two topics), maybe at the same moment: without this, the
     * issue's transaction could find no answer while the answer's found no item yet, and the task would wait for ever
     * (WorkQueueTest's barrier rounds left 42 of 60 waiting). A transaction-scoped advisory lock per provTaskId puts
     * them one after the other. Two batches taking two tasks' locks in opposite order deadlock; PostgreSQL ends one
     * (40P01) and the inbox retries it as a transient failure.
     */
    private void lockProvincialTask(String provTaskId) {
        em.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(" + LOCK_SPACE + ", hashtext(?1))) l")
                .setParameter(1, provTaskId).getSingleResult();
    }

    /**
     * 省级催办 and 督办 wait until the county answers the province on that task: progress sent up (进度反馈), an extension
     * requested, the task completed or returned (all on the task events, keyed like the urge, so read after it), or the
     * province revoking it. There is no separate acknowledgement in the link (docs/province-api.md).
     */
    void urged(UUID eventId, ProvinceUrged u) {
        if (u.taskId() == null || u.messageId() == null || u.urgedAt() == null) {
            return;
        }
        boolean supervise = "SUPERVISE".equals(u.kind());
        String level = "RED".equals(u.level()) ? "红色督办" : "YELLOW".equals(u.level()) ? "黄色督办" : "";
        String detail = (supervise ? level + "：" : "催办：") + text(u.reason()) + (u.replyBy() == null ? "" : "；请于" + day(u.replyBy()) + "前回复");
        items.open(cause("province-urged", u.messageId()), supervise ? WorkKind.PROVINCE_SUPERVISED : WorkKind.PROVINCE_URGED, OFFICE,
                u.taskId().toString(), null, u.taskId(), null, u.provTaskId(), new About(null, u.title(), u.taskNumber()), detail,
                "/api/provincial-tasks/" + u.taskId() + "/progress", u.urgedAt(), eventId);
    }

    void closeUrges(UUID provincialTaskId, String why, Instant at) {
        if (provincialTaskId == null) {
            return;
        }
        items.close("kind in ('PROVINCE_URGED', 'PROVINCE_SUPERVISED') and subject = ?1", provincialTaskId.toString(), why, at);
    }
}
