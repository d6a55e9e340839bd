package org.duban.task.province;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.events.task.ProvincialExtensionRequested;
import org.duban.events.task.ProvincialTaskAccepted;
import org.duban.events.task.ProvincialTaskCompleted;
import org.duban.events.task.ProvincialTaskReturned;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.task.assignment.Assigning;
import org.duban.task.assignment.Assignment;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Task;
import org.duban.task.plan.Role;

/**
 * The supervision office's commands on provincial tasks: sign for (签收) or return (退回), correct the links, assign to
 * county units, compile progress on demand, request an extension, confirm completion (办结). Each changes the task and
 * writes its history and its event in one transaction.
 */
@ApplicationScoped
public class ProvincialTasks {

    /** The actor of what the setting {@code duban.province.auto-accept} does by itself. */
    public static final String AUTO = "auto";

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity identity;

    @Inject
    ProvincialLinks links;

    @Inject
    ProgressRollup rollup;

    @Inject
    Assigning assigning;

    @Transactional
    public ProvincialTask accept(UUID id) {
        return flushed(accept(require(id), actor(), clock.instant()));
    }

    /**
     * Writes the change now, inside the command, so that a concurrent change of the same task (the province's events
     * race the supervisor) fails here with an OptimisticLockException, answered 409, rather than at commit.
     */
    private static <T> T flushed(T result) {
        ProvincialTask.flush();
        return result;
    }

    /** 签收 by {@code actor} (the supervisor, or {@link #AUTO}); announces {@code ProvincialTaskAccepted}. */
    @Transactional(Transactional.TxType.MANDATORY)
    ProvincialTask accept(ProvincialTask pt, String actor, Instant now) {
        requireState(pt, "accept", ProvincialTask.State.ISSUED);
        move(pt, ProvincialTask.State.ACCEPTED, "ACCEPTED", actor, null, now);
        outbox.publish(new ProvincialTaskAccepted(pt.taskId, pt.provTaskId, actor, now));
        return pt;
    }

    @Transactional
    public ProvincialTask giveBack(UUID id, String reason) {
        ProvincialTask pt = require(id);
        requireState(pt, "return", ProvincialTask.State.ISSUED);
        Instant now = clock.instant();
        String actor = actor();
        move(pt, ProvincialTask.State.RETURNED, "RETURNED", actor, reason, now);
        outbox.publish(new ProvincialTaskReturned(pt.taskId, pt.provTaskId, reason, actor, now));
        return flushed(pt);
    }

    /** Sets exactly these county tasks as the ones implementing the provincial task (confirmed); others pointing at it are unlinked. */
    @Transactional
    public ProvincialTask setLinks(UUID id, List<UUID> countyTaskIds) {
        ProvincialTask pt = require(id);
        List<Task> wanted = new ArrayList<>();
        for (int i = 0; i < countyTaskIds.size(); i++) {
            UUID cid = countyTaskIds.get(i);
            Task t = cid == null ? null : Task.findById(cid);
            String field = "countyTaskIds[" + i + "]";
            if (t == null) {
                throw Problem.invalidField(field, "no task " + cid);
            }
            Plan plan = t.planId == null ? null : Plan.findById(t.planId);
            if (plan != null && plan.level == Plan.Level.PROVINCE) {
                throw Problem.invalidField(field, "task " + cid + " is a provincial task, not a county task");
            }
            wanted.add(t);
        }
        Set<UUID> keep = Set.copyOf(countyTaskIds);
        for (Task t : links.countyTasks(id)) {
            if (!keep.contains(t.id)) {
                t.upstreamTaskId = null;
                t.upstreamScore = null;
                t.upstreamConfirmed = true; // the supervisor said it implements nothing here: no proposal comes back
            }
        }
        for (Task t : wanted) {
            t.upstreamTaskId = id;
            t.upstreamConfirmed = true;
        }
        ProvincialTaskHistory.record(pt, "LINKS", pt.state, actor(), "implemented by " + countyTaskIds, null, clock.instant());
        // a link change is a change of the provincial task: its version moves, so concurrent corrections conflict
        ProvincialTask.getEntityManager().lock(pt, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        return flushed(pt);
    }

    /** 交办 of the provincial task itself to a county unit, through the same command as any task. */
    @Transactional
    public Assignment assign(UUID id, UUID unitId, Role role) {
        ProvincialTask pt = require(id);
        requireState(pt, "assign", ProvincialTask.State.ISSUED, ProvincialTask.State.ACCEPTED, ProvincialTask.State.REOPENED);
        if (Assignment.count("taskId = ?1 and unitId = ?2 and role = ?3", id, unitId, role) > 0) {
            throw Problem.conflict("unit " + unitId + " already holds provincial task " + id + " as " + role)
                    .with("state", pt.state.name());
        }
        Instant now = clock.instant();
        Assignment a = assigning.assign(Task.findById(id), unitId, role, now);
        ProvincialTaskHistory.record(pt, "ASSIGNED", pt.state, actor(), "交办 to unit " + unitId + " as " + role, null, now);
        return a;
    }

    /** Progress compiled on the supervisor's request: period {@code ON_DEMAND-<n>}. */
    @Transactional
    public ProvincialProgress compileNow(UUID id) {
        ProvincialTask pt = require(id);
        requireState(pt, "report progress on", ProvincialTask.State.IN_HAND.toArray(ProvincialTask.State[]::new));
        if (!links.hasCountyWork(Task.findById(id))) {
            // a roll-up of nothing would tell the province 0 % with no narrative, as if the county had reported
            throw Problem.conflict("provincial task " + pt.provTaskId + " has no county task or unit working on it yet: link it to "
                    + "county tasks or assign it to a unit first; nothing was sent to the province");
        }
        pt.onDemandCount++;
        return flushed(rollup.compile(pt, "ON_DEMAND-" + pt.onDemandCount, actor(), clock.instant()));
    }

    @Transactional
    public ProvincialExtensionRequest requestExtension(UUID id, Instant requestedDueAt, String reason) {
        ProvincialTask pt = require(id);
        requireState(pt, "request an extension of", ProvincialTask.State.IN_HAND.toArray(ProvincialTask.State[]::new));
        if (pt.dueAt != null && !requestedDueAt.isAfter(pt.dueAt)) {
            throw Problem.invalidField("requestedDueAt", "must be after the deadline in force, " + pt.dueAt);
        }
        if (ProvincialExtensionRequest.count("taskId = ?1 and status = ?2", id, ProvincialExtensionRequest.Status.PENDING) > 0) {
            throw Problem.conflict("an extension request for provincial task " + id + " is still pending")
                    .with("state", ProvincialExtensionRequest.Status.PENDING.name());
        }
        Instant now = clock.instant();
        ProvincialExtensionRequest r = new ProvincialExtensionRequest();
        r.id = UUID.randomUUID();
        r.taskId = id;
        r.status = ProvincialExtensionRequest.Status.PENDING;
        r.currentDueAt = pt.dueAt;
        r.requestedDueAt = requestedDueAt;
        r.reason = reason;
        r.requestedBy = actor();
        r.requestedAt = now;
        r.persist();
        ProvincialTaskHistory.record(pt, "EXTENSION_REQUESTED", pt.state, r.requestedBy, "延期申请至 " + requestedDueAt + ": " + reason,
                null, now);
        outbox.publish(new ProvincialExtensionRequested(r.id, id, pt.provTaskId, pt.dueAt, requestedDueAt, reason, r.requestedBy,
                now));
        return flushed(r);
    }

    /** 办结 confirmed by the supervisor: only when every linked county task is complete. */
    @Transactional
    public ProvincialTask complete(UUID id, String summary, List<String> evidence) {
        ProvincialTask pt = require(id);
        requireState(pt, "complete", ProvincialTask.State.IN_HAND.toArray(ProvincialTask.State[]::new));
        Task provincial = Task.findById(id);
        List<Task> tasks = links.implementing(provincial);
        List<UUID> undone = tasks.stream().filter(t -> !ProvincialLinks.complete(t.id)).map(t -> t.id).toList();
        if (tasks.isEmpty() || !undone.isEmpty()) {
            throw Problem.conflict(tasks.isEmpty() ? "no county task implements provincial task " + id + ": nothing to complete"
                    : "not every county task implementing provincial task " + id + " is complete (办结): " + undone)
                    .with("state", pt.state.name()).with("incompleteCountyTaskIds", undone);
        }
        Instant now = clock.instant();
        String actor = actor();
        move(pt, ProvincialTask.State.COMPLETED, "COMPLETED", actor, summary, now);
        outbox.publish(new ProvincialTaskCompleted(id, pt.provTaskId, summary, evidence == null ? List.of() : List.copyOf(evidence),
                actor, now));
        return flushed(pt);
    }

    ProvincialTask require(UUID id) {
        ProvincialTask pt = ProvincialTask.findById(id);
        if (pt == null) {
            throw Problem.notFound("no provincial task " + id);
        }
        return pt;
    }

    static void requireState(ProvincialTask pt, String action, ProvincialTask.State... allowed) {
        if (!List.of(allowed).contains(pt.state)) {
            throw Problem.conflict("cannot " + action + " provincial task " + pt.taskId + ": it is " + pt.state
                    + "; allowed from " + List.of(allowed)).with("state", pt.state.name());
        }
    }

    static void move(ProvincialTask pt, ProvincialTask.State to, String what, String actor, String detail, Instant now) {
        ProvincialTask.State from = pt.state;
        pt.state = to;
        ProvincialTaskHistory.record(pt, what, from, actor, detail, null, now);
    }

    /** Who acts, for the history and the events: the token's subject with its role. */
    String actor() {
        if (identity.isAnonymous()) {
            return AUTO;
        }
        String name = identity.getPrincipal().getName();
        for (String role : List.of(Roles.SUPERVISOR, Roles.ADMIN, Roles.LEADER, Roles.INTEGRATION)) {
            if (identity.hasRole(role)) {
                return name + " (" + role + ")";
            }
        }
        return name;
    }
}
