package org.duban.task.province;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import org.duban.events.MalformedEventException;
import org.duban.events.province.ProvincialExtensionDecided;
import org.duban.events.province.ProvincialTaskIssued;
import org.duban.events.province.ProvincialTaskReviewed;
import org.duban.events.province.ProvincialTaskRevoked;
import org.duban.events.province.ProvincialTaskSupervised;
import org.duban.events.province.ProvincialTaskUrged;
import org.duban.events.task.ProvinceUrged;
import org.duban.platform.inbox.ReceivedEvent;
import org.duban.platform.outbox.Outbox;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;

/**
 * What each province event does to the provincial tasks, one method per event type, inside the inbox's transaction.
 * An event that can never apply (no provTaskId, no title, a level or result outside the contract) is malformed: it goes
 * to the dead-letter topic. An event for a provTaskId the county never received, or one that does not fit the task's
 * state, is a flow error province-gateway should have refused (code 3): it is recorded and skipped.
 */
@ApplicationScoped
public class ProvinceEventHandler {

    private static final Logger LOG = Logger.getLogger(ProvinceEventHandler.class);

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    ProvincialPlans plans;

    @Inject
    ProvincialLinks links;

    @Inject
    ProvincialTasks tasks;

    @Inject
    ProvinceConfig config;

    @Transactional(Transactional.TxType.MANDATORY)
    public void handle(ReceivedEvent event) {
        if (event.payload() instanceof ProvincialTaskIssued e) {
            issued(event.id(), e);
        } else if (event.payload() instanceof ProvincialTaskUrged e) {
            urged(event.id(), e);
        } else if (event.payload() instanceof ProvincialTaskSupervised e) {
            supervised(event.id(), e);
        } else if (event.payload() instanceof ProvincialExtensionDecided e) {
            extensionDecided(event.id(), e);
        } else if (event.payload() instanceof ProvincialTaskReviewed e) {
            reviewed(event.id(), e);
        } else if (event.payload() instanceof ProvincialTaskRevoked e) {
            revoked(event.id(), e);
        } else {
            LOG.debugf("not a province event task-service handles: %s", event.type());
        }
    }

    /** 下发任务: the task of the PROVINCE-level plan, found (an imported document) or created, and its county links. */
    void issued(UUID eventId, ProvincialTaskIssued e) {
        require(e.messageId(), "messageId");
        require(e.provTaskId(), "provTaskId");
        require(e.taskNumber(), "taskNumber");
        if (blank(e.title()) && blank(e.text())) {
            throw new MalformedEventException("TASK_ISSUE " + e.messageId() + " has neither title nor text");
        }
        if (blank(e.documentNumber()) && blank(e.documentTitle())) {
            throw new MalformedEventException("TASK_ISSUE " + e.messageId() + " names no document (documentNumber, documentTitle)");
        }
        Instant now = clock.instant();
        ProvincialTask known = ProvincialTask.byProvTaskId(e.provTaskId());
        if (known != null) {
            if (!e.messageId().equals(known.issueMessageId)) { // the same msgId under another event id is the same message
                reissued(known, e, now);
            }
            return;
        }
        Plan plan = plans.plan(e, now);
        String number = Numbers.normalise(e.taskNumber());
        Task task = plans.task(plan, number);
        if (task == null) {
            Section section = plans.section(plan, e.sectionLabel(), e.sectionTitle());
            task = plans.create(plan, section, e, number, now);
        } else {
            ProvincialTask holder = ProvincialTask.findById(task.id);
            if (holder != null) {
                skipped(eventId, e.messageId(), e.provTaskId(), "TASK_ISSUE", "task " + plan.title + " " + number
                        + " is already provincial task " + holder.provTaskId, now);
                return;
            }
            if (e.dueAt() != null) {
                task.dueAt = e.dueAt(); // the province's date is the one in force
            }
        }
        ProvincialTask pt = new ProvincialTask();
        pt.taskId = task.id;
        pt.provTaskId = e.provTaskId();
        pt.state = ProvincialTask.State.ISSUED;
        pt.dueAt = e.dueAt();
        pt.deadlineText = e.deadlineText();
        pt.reportCadence = blank(e.reportCadence()) ? null : e.reportCadence().strip().toUpperCase();
        pt.leadDepartment = e.leadDepartment();
        pt.senderOrg = e.senderOrg();
        pt.issueMessageId = e.messageId();
        pt.issuedAt = e.issuedAt() == null ? now : e.issuedAt();
        pt.persist();
        ProvincialTaskHistory.record(pt, "ISSUED", null, ProvincialTaskHistory.PROVINCE,
                "下发 " + plan.title + " " + number + (e.deadlineText() == null ? "" : ", 完成时限 " + e.deadlineText()), e.messageId(), now);
        em.flush(); // the links query the task rows
        links.propose(plan);
        if (config.autoAccept() && !links.countyTasks(task.id).isEmpty()) {
            tasks.accept(pt, ProvincialTasks.AUTO, now);
        }
    }

    /** The same provTaskId issued again (another msgId): a returned task is issued anew; otherwise its terms are updated. */
    private void reissued(ProvincialTask pt, ProvincialTaskIssued e, Instant now) {
        ProvincialTask.State from = pt.state;
        if (pt.state == ProvincialTask.State.RETURNED) {
            pt.state = ProvincialTask.State.ISSUED;
        }
        pt.dueAt = e.dueAt();
        pt.deadlineText = e.deadlineText();
        if (!blank(e.reportCadence())) {
            pt.reportCadence = e.reportCadence().strip().toUpperCase();
        }
        ProvincialTaskHistory.record(pt, "REISSUED", from, ProvincialTaskHistory.PROVINCE, "下发 again"
                + (e.deadlineText() == null ? "" : ", 完成时限 " + e.deadlineText()), e.messageId(), now);
    }

    void urged(UUID eventId, ProvincialTaskUrged e) {
        require(e.reason(), "reason");
        urge(eventId, e.messageId(), e.provTaskId(), "URGE", null, e.reason(), e.replyBy(), e.urgedAt());
    }

    void supervised(UUID eventId, ProvincialTaskSupervised e) {
        if (!Set.of("YELLOW", "RED").contains(e.level())) {
            throw new MalformedEventException("SUPERVISE " + e.messageId() + ": level must be YELLOW or RED, was " + e.level());
        }
        urge(eventId, e.messageId(), e.provTaskId(), "SUPERVISE", e.level(), e.reason(), null, e.supervisedAt());
    }

    /** 催办 / 督办 → {@code ProvinceUrged} naming the lead units of the linked county tasks; its id derives from the msgId. */
    private void urge(UUID eventId, String messageId, String provTaskId, String kind, String level, String reason, Instant replyBy,
            Instant at) {
        Instant now = clock.instant();
        ProvincialTask pt = known(eventId, messageId, provTaskId, kind, now);
        if (pt == null) {
            return;
        }
        if (List.of(ProvincialTask.State.CLOSED, ProvincialTask.State.REVOKED, ProvincialTask.State.RETURNED).contains(pt.state)) {
            skip(messageId, provTaskId, kind, "the task is " + pt.state, now, pt);
            return;
        }
        Task provincial = Task.findById(pt.taskId);
        List<Task> implementing = links.implementing(provincial);
        List<UUID> countyTaskIds = links.countyTasks(pt.taskId).stream().map(t -> t.id).toList();
        List<UUID> leads = ProvincialLinks.leadUnits(implementing);
        UUID id = UUID.nameUUIDFromBytes(("province-urged:" + messageId).getBytes(StandardCharsets.UTF_8));
        outbox.publish(new ProvinceUrged(messageId, pt.taskId, pt.provTaskId, provincial.number, provincial.title, kind, level, reason,
                replyBy, countyTaskIds, leads, at == null ? now : at), id);
        ProvincialTaskHistory.record(pt, "SUPERVISE".equals(kind) ? "SUPERVISED" : "URGED", pt.state, ProvincialTaskHistory.PROVINCE,
                ("SUPERVISE".equals(kind) ? "督办 " + level : "催办") + ": " + reason + "; lead units " + leads, messageId, now);
    }

    /** 延期批复: the request decided, and the deadline in force moved when approved. */
    void extensionDecided(UUID eventId, ProvincialExtensionDecided e) {
        Instant now = clock.instant();
        ProvincialTask pt = known(eventId, e.messageId(), e.provTaskId(), "EXTENSION_DECISION", now);
        if (pt == null) {
            return;
        }
        ProvincialExtensionRequest r = ProvincialExtensionRequest.find("taskId = ?1 and status = ?2 order by requestedAt desc",
                pt.taskId, ProvincialExtensionRequest.Status.PENDING).firstResult();
        if (r != null) {
            r.status = e.approved() ? ProvincialExtensionRequest.Status.APPROVED : ProvincialExtensionRequest.Status.REJECTED;
            r.decisionNote = e.note();
            r.decidedDueAt = e.dueAt();
            r.decidedAt = e.decidedAt() == null ? now : e.decidedAt();
            r.decisionMessageId = e.messageId();
        }
        Instant old = pt.dueAt;
        if (e.approved() && e.dueAt() != null) {
            pt.dueAt = e.dueAt();
            Task task = Task.findById(pt.taskId);
            task.dueAt = e.dueAt();
        }
        ProvincialTaskHistory.record(pt, "EXTENSION_DECIDED", pt.state, ProvincialTaskHistory.PROVINCE,
                (e.approved() ? "延期批准: " + old + " → " + pt.dueAt : "延期不予批准")
                        + (e.note() == null ? "" : ": " + e.note()) + (r == null ? " (no pending request)" : ""), e.messageId(), now);
    }

    /** 复核: PASSED closes (销号), REJECTED reopens; only a completed task is reviewed. */
    void reviewed(UUID eventId, ProvincialTaskReviewed e) {
        if (!Set.of("PASSED", "REJECTED").contains(e.result())) {
            throw new MalformedEventException("REVIEW_RESULT " + e.messageId() + ": result must be PASSED or REJECTED, was " + e.result());
        }
        Instant now = clock.instant();
        ProvincialTask pt = known(eventId, e.messageId(), e.provTaskId(), "REVIEW_RESULT", now);
        if (pt == null) {
            return;
        }
        if (pt.state != ProvincialTask.State.COMPLETED) {
            skip(e.messageId(), e.provTaskId(), "REVIEW_RESULT", "the task is " + pt.state + ", not COMPLETED", now, pt);
            return;
        }
        ProvincialTask.State from = pt.state;
        boolean passed = "PASSED".equals(e.result());
        pt.state = passed ? ProvincialTask.State.CLOSED : ProvincialTask.State.REOPENED;
        ProvincialTaskHistory.record(pt, "REVIEWED", from, ProvincialTaskHistory.PROVINCE,
                (passed ? "复核通过 (销号)" : "复核不通过") + (e.remarks() == null ? "" : ": " + e.remarks()), e.messageId(), now);
    }

    /** 撤销. */
    void revoked(UUID eventId, ProvincialTaskRevoked e) {
        Instant now = clock.instant();
        ProvincialTask pt = known(eventId, e.messageId(), e.provTaskId(), "TASK_REVOKE", now);
        if (pt == null) {
            return;
        }
        if (pt.state == ProvincialTask.State.CLOSED || pt.state == ProvincialTask.State.REVOKED) {
            skip(e.messageId(), e.provTaskId(), "TASK_REVOKE", "the task is " + pt.state, now, pt);
            return;
        }
        ProvincialTask.State from = pt.state;
        pt.state = ProvincialTask.State.REVOKED;
        ProvincialTaskHistory.record(pt, "REVOKED", from, ProvincialTaskHistory.PROVINCE, "撤销: " + e.reason(), e.messageId(), now);
    }

    /** The provincial task of that provTaskId, or null after recording the event as skipped (the county never received it). */
    private ProvincialTask known(UUID eventId, String messageId, String provTaskId, String type, Instant now) {
        require(provTaskId, "provTaskId");
        ProvincialTask pt = ProvincialTask.byProvTaskId(provTaskId);
        if (pt == null) {
            skipped(eventId, messageId, provTaskId, type, "unknown provTaskId: the county never received this task", now);
        }
        return pt;
    }

    /** Records an event that could not apply to any provincial task, and goes on. */
    private void skipped(UUID eventId, String messageId, String provTaskId, String type, String reason, Instant now) {
        LOG.warnf("%s %s for provincial task %s recorded and skipped: %s", type, messageId, provTaskId, reason);
        em.createNativeQuery("""
                insert into provincial_message_skipped (event_id, message_id, prov_task_id, type, reason, at)
                values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing""")
                .setParameter(1, eventId).setParameter(2, messageId).setParameter(3, provTaskId).setParameter(4, type)
                .setParameter(5, reason).setParameter(6, java.sql.Timestamp.from(now)).executeUpdate();
    }

    /** A flow error on a known task: it shows in the task's history, nothing else changes. */
    private void skip(String messageId, String provTaskId, String type, String why, Instant now, ProvincialTask pt) {
        LOG.warnf("%s %s for provincial task %s skipped: %s", type, messageId, provTaskId, why);
        if (pt != null) {
            ProvincialTaskHistory.record(pt, "SKIPPED", pt.state, ProvincialTaskHistory.PROVINCE, type + " skipped: " + why, messageId,
                    now);
        }
    }

    private static void require(String value, String field) {
        if (blank(value)) {
            throw new MalformedEventException("province event without " + field);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
