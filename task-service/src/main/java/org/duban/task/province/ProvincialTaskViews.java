package org.duban.task.province;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.duban.events.EventJson;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.platform.problem.Problem;
import org.duban.platform.unit.UnitReplica;
import org.duban.task.assignment.Assignment;
import org.duban.task.plan.Annex;
import org.duban.task.plan.Plan;
import org.duban.task.plan.Section;
import org.duban.task.plan.Task;
import org.duban.task.plan.TaskUnit;
import org.duban.task.plan.Role;

/** What the supervision office reads about provincial tasks: the list, and one task with its links, history and progress. */
@ApplicationScoped
public class ProvincialTaskViews {

    @Inject
    EntityManager em;

    @Inject
    ProvincialLinks links;

    public record Summary(UUID id, String provTaskId, ProvincialTask.State state, UUID planId, String planTitle,
            String documentNumber, String sectionLabel, String number, String title, Instant dueAt, int countyTaskCount,
            boolean assignedToUnits) {
    }

    public record UnitRef(UUID id, String name) {
    }

    public record LinkView(UUID countyTaskId, UUID planId, String annex, String number, String title, String status,
            boolean complete, List<UnitRef> leadUnits, Float upstreamScore, boolean confirmed) {
    }

    public record AssignmentRef(UUID id, UUID unitId, String unitName, Role role, Assignment.Status status) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ProvincialHistoryView")
    public record HistoryView(String what, ProvincialTask.State fromState, ProvincialTask.State toState, String actor,
            String detail, String messageId, Instant at) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ProvincialExtensionView")
    public record ExtensionView(UUID id, ProvincialExtensionRequest.Status status, Instant currentDueAt, Instant requestedDueAt,
            String reason, String requestedBy, Instant requestedAt, String decisionNote, Instant decidedDueAt, Instant decidedAt) {
    }

    /** 办结 proposed when every task that implements it is complete. */
    public record ProposedCompletion(boolean proposed, String detail) {
    }

    public record Detail(UUID id, String provTaskId, ProvincialTask.State state, UUID planId, String planTitle,
            String documentNumber, String sectionLabel, String sectionTitle, String number, String title, Instant dueAt,
            String deadlineText, String reportCadence, String leadDepartment, Instant issuedAt, long version,
            List<LinkView> links, List<AssignmentRef> assignments, ProposedCompletion proposedCompletion,
            ProvincialProgressCompiled latestProgress, List<ExtensionView> extensionRequests, List<HistoryView> history) {
    }

    @Transactional
    public List<Summary> list(ProvincialTask.State state, boolean unlinkedOnly) {
        List<ProvincialTask> all = state == null ? ProvincialTask.listAll() : ProvincialTask.list("state", state);
        if (all.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = all.stream().map(pt -> pt.taskId).toList();
        Map<UUID, Integer> linked = new HashMap<>();
        for (Object[] row : em.createQuery("select t.upstreamTaskId, count(t) from Task t where t.upstreamTaskId in ?1 group by t.upstreamTaskId",
                Object[].class).setParameter(1, ids).getResultList()) {
            linked.put((UUID) row[0], ((Long) row[1]).intValue());
        }
        Set<UUID> assigned = new HashSet<>(em.createQuery("select distinct a.taskId from Assignment a where a.taskId in ?1", UUID.class)
                .setParameter(1, ids).getResultList());
        Map<UUID, Task> tasks = new HashMap<>();
        for (Task t : Task.<Task> list("id in ?1", ids)) {
            tasks.put(t.id, t);
        }
        Map<UUID, Plan> plans = new HashMap<>();
        Map<UUID, Section> sections = new HashMap<>();
        List<Summary> out = new ArrayList<>();
        for (ProvincialTask pt : all) {
            int count = linked.getOrDefault(pt.taskId, 0);
            boolean own = assigned.contains(pt.taskId);
            if (unlinkedOnly && (count > 0 || own)) {
                continue;
            }
            Task t = tasks.get(pt.taskId);
            Plan p = plans.computeIfAbsent(t.planId, id -> Plan.findById(id));
            Section s = t.sectionId == null ? null : sections.computeIfAbsent(t.sectionId, id -> Section.findById(id));
            out.add(new Summary(pt.taskId, pt.provTaskId, pt.state, p.id, p.title, p.documentNumber, s == null ? null : s.label,
                    t.number, t.title, pt.dueAt, count, own));
        }
        out.sort((a, b) -> {
            int c = a.planTitle().compareTo(b.planTitle());
            return c != 0 ? c : Integer.compare(ordinal(tasks.get(a.id())), ordinal(tasks.get(b.id())));
        });
        return out;
    }

    private static int ordinal(Task t) {
        return t.ordinal == null ? Integer.MAX_VALUE : t.ordinal;
    }

    @Transactional
    public Detail detail(UUID id) {
        ProvincialTask pt = ProvincialTask.findById(id);
        if (pt == null) {
            throw Problem.notFound("no provincial task " + id);
        }
        Task t = Task.findById(id);
        Plan p = Plan.findById(t.planId);
        Section s = t.sectionId == null ? null : Section.findById(t.sectionId);
        List<Task> county = links.countyTasks(id);
        List<LinkView> linkViews = new ArrayList<>();
        for (Task c : county) {
            linkViews.add(link(c));
        }
        List<Assignment> own = Assignment.list("taskId = ?1 order by assignedAt", id);
        Map<UUID, String> names = UnitReplica.namesOf(own.stream().map(a -> a.unitId).toList());
        List<AssignmentRef> assignments = own.stream()
                .map(a -> new AssignmentRef(a.id, a.unitId, names.get(a.unitId), a.role, a.status)).toList();
        List<Task> implementing = links.implementing(t);
        List<String> undone = implementing.stream().filter(c -> !ProvincialLinks.complete(c.id))
                .map(ProgressRollup::printedNumber).toList();
        ProposedCompletion proposed;
        if (!ProvincialTask.State.IN_HAND.contains(pt.state)) {
            proposed = new ProposedCompletion(false, "the task is " + pt.state);
        } else if (implementing.isEmpty()) {
            proposed = new ProposedCompletion(false, "no county task implements it");
        } else if (!undone.isEmpty()) {
            proposed = new ProposedCompletion(false, "not complete yet: " + String.join(", ", undone));
        } else {
            proposed = new ProposedCompletion(true, "every county task implementing it is complete (办结): confirm with POST /complete");
        }
        ProvincialProgress latest = ProvincialProgress.find("taskId = ?1 order by compiledAt desc", id).firstResult();
        List<ExtensionView> extensions = ProvincialExtensionRequest.<ProvincialExtensionRequest> list("taskId = ?1 order by requestedAt", id)
                .stream().map(r -> new ExtensionView(r.id, r.status, r.currentDueAt, r.requestedDueAt, r.reason, r.requestedBy,
                        r.requestedAt, r.decisionNote, r.decidedDueAt, r.decidedAt)).toList();
        List<HistoryView> history = ProvincialTaskHistory.<ProvincialTaskHistory> list("taskId = ?1 order by at, seq", id).stream()
                .map(h -> new HistoryView(h.what, h.fromState, h.toState, h.actor, h.detail, h.messageId, h.at)).toList();
        return new Detail(id, pt.provTaskId, pt.state, p.id, p.title, p.documentNumber, s == null ? null : s.label,
                s == null ? null : s.title, t.number, t.title, pt.dueAt, pt.deadlineText, pt.reportCadence, pt.leadDepartment,
                pt.issuedAt, pt.version, linkViews, assignments, proposed,
                latest == null ? null : EventJson.read(latest.payload, ProvincialProgressCompiled.class), extensions, history);
    }

    private LinkView link(Task c) {
        Section s = c.sectionId == null ? null : Section.findById(c.sectionId);
        Annex a = s == null ? null : Annex.findById(s.annexId);
        List<Assignment> current = ProvincialLinks.current(c.id);
        List<UUID> leads = current.stream().filter(x -> x.role == Role.LEAD).map(x -> x.unitId).distinct().toList();
        Map<UUID, String> names = new HashMap<>(UnitReplica.namesOf(leads));
        for (TaskUnit tu : TaskUnit.<TaskUnit> list("taskId = ?1 and role = ?2", c.id, Role.LEAD)) {
            if (tu.unitId != null && tu.resolvedName != null) {
                names.putIfAbsent(tu.unitId, tu.resolvedName); // the replica may not know the unit yet; the import named it
            }
        }
        boolean complete = ProvincialLinks.complete(c.id);
        return new LinkView(c.id, c.planId, a == null ? null : a.label, c.number, c.title, status(current, complete), complete,
                leads.stream().map(u -> new UnitRef(u, names.get(u))).toList(), c.upstreamScore, c.upstreamConfirmed);
    }

    /** COMPLETED when done, else the least advanced status of its current assignments, UNASSIGNED without any. */
    private static String status(List<Assignment> current, boolean complete) {
        if (complete) {
            return Assignment.Status.COMPLETED.name();
        }
        List<Assignment.Status> order = List.of(Assignment.Status.ASSIGNED, Assignment.Status.ACCEPTED, Assignment.Status.IN_PROGRESS,
                Assignment.Status.REPORTED, Assignment.Status.COMPLETED);
        return current.stream().map(a -> a.status).filter(order::contains).min((x, y) -> Integer.compare(order.indexOf(x), order.indexOf(y)))
                .map(Enum::name).orElse("UNASSIGNED");
    }
}
