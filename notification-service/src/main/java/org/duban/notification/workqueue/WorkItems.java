package org.duban.notification.workqueue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.platform.time.ChineseDates;

/**
 * The work queue's rows: {@code work_item} opened once per cause ({@code on conflict do nothing}, ids from
 * {@link #cause}) and closed with the event that answered it, never deleted; {@code work_assignment}'s status; what an
 * item is about ({@link About}). The rules of which event opens or closes what live in {@link WorkQueue} (county work,
 * rectifications) and {@link ProvincialWork} (the province link).
 */
@ApplicationScoped
class WorkItems {

    /** Who an item waits for: the supervision office. */
    static final String OFFICE = "OFFICE";
    /** Who an item waits for: the task's current lead unit, looked up when the queue is read. */
    static final String LEAD = "LEAD";

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    /** What an item is about: the task's title and printed number, as TaskAssigned told them. */
    record About(String role, String title, String taskNumber) {
    }

    /** From this package's own record of the assignment, or (assignments assigned before the queue existed) assignment_info. */
    About about(UUID assignmentId, UUID taskId) {
        List<?> rows = em.createNativeQuery("select role, title, task_number from work_assignment where assignment_id = ?1")
                .setParameter(1, assignmentId).getResultList();
        if (rows.isEmpty()) {
            rows = em.createNativeQuery("select cast(null as text), title, task_number from assignment_info where assignment_id = ?1")
                    .setParameter(1, assignmentId).getResultList();
        }
        if (rows.isEmpty()) {
            return new About(null, null, null);
        }
        Object[] row = (Object[]) rows.get(0);
        return new About((String) row[0], (String) row[1], (String) row[2]);
    }

    void open(UUID id, WorkKind kind, String reviewer, String subject, UUID assignmentId, UUID taskId, UUID unitId,
            String provTaskId, About about, String detail, String link, Instant since, UUID eventId) {
        em.createNativeQuery("""
                insert into work_item (id, kind, reviewer, subject, assignment_id, task_id, unit_id, prov_task_id, title, task_number,
                                       detail, link, since, opened_by)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                on conflict (id) do nothing""")
                .setParameter(1, id).setParameter(2, kind.name()).setParameter(3, reviewer).setParameter(4, subject)
                .setParameter(5, assignmentId).setParameter(6, taskId).setParameter(7, unitId).setParameter(8, provTaskId)
                .setParameter(9, about.title()).setParameter(10, about.taskNumber()).setParameter(11, detail).setParameter(12, link)
                .setParameter(13, since == null ? clock.instant() : since).setParameter(14, eventId).executeUpdate();
    }

    void close(String where, Object key, String why, Instant at) {
        em.createNativeQuery("update work_item set closed_at = ?2, closed_by = ?3 where closed_at is null and " + where)
                .setParameter(1, key).setParameter(2, at == null ? clock.instant() : at).setParameter(3, why).executeUpdate();
    }

    /** Everything still waiting on the assignment: a return, a withdrawal, a completion leaves nothing to decide. */
    void closeAssignment(UUID assignmentId, String why, Instant at) {
        close("assignment_id = ?1", assignmentId, why, at);
    }

    void status(UUID assignmentId, String status) {
        em.createNativeQuery("update work_assignment set status = ?2 where assignment_id = ?1")
                .setParameter(1, assignmentId).setParameter(2, status).executeUpdate();
    }

    /** An item's id from its cause, so an event read again (even under a new id) opens nothing new. */
    static UUID cause(String kind, Object id) {
        return UUID.nameUUIDFromBytes(("work-item:" + kind + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    static String day(Instant at) {
        return at == null ? "（未定）" : ChineseDates.day(at);
    }

    static String text(String s) {
        return s == null || s.isBlank() ? "未说明" : s.strip();
    }

    /** A reason as the end of a sentence: without its own final 。 (the template adds one). */
    static String sentence(String s) {
        String t = text(s);
        while (!t.isEmpty() && "。.;；".indexOf(t.charAt(t.length() - 1)) >= 0) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    static String excerpt(String s) {
        String t = text(s);
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }
}
