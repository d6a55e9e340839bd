package org.duban.supervision.inspection;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import io.quarkus.security.identity.SecurityIdentity;

import org.duban.events.supervision.FindingRecorded;
import org.duban.events.supervision.InspectionCancelled;
import org.duban.events.supervision.InspectionScheduled;
import org.duban.events.supervision.RectificationClosed;
import org.duban.events.supervision.RectificationOrdered;
import org.duban.events.supervision.RectificationReported;
import org.duban.platform.outbox.Outbox;
import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.supervision.Limits;
import org.duban.supervision.Units;
import org.duban.supervision.history.History;
import org.duban.supervision.status.AssignmentStatus;
import org.duban.supervision.status.PlanSection;
import org.duban.supervision.warning.Warnings;

/**
 * 督查, the application service between {@link InspectionResource} and the outbox (issue 23): each command is validated
 * (a 400 problem naming the field, a 409 naming the state), its rows persisted, its history written and its event
 * published in one transaction. It takes this package's commands and returns the entities; the resource maps them
 * to views. Authorisation by role stays on the resource; who may act for a unit is checked here.
 */
@ApplicationScoped
public class Inspections {

    /** An inspection's entries in supervision_history (scheduled, cancelled). */
    static final String HISTORY = "INSPECTION";

    /** Limits: {@link Limits#TITLE}, {@link Limits#IDS} ids per list, {@link Limits#CHECKLIST_ITEMS} points of {@link Limits#CHECKLIST_ITEM}. */
    public record ScheduleRequest(@Size(max = Limits.TITLE) String title, String kind, Instant startsAt,
            @Size(max = Limits.IDS) List<UUID> unitIds, @Size(max = Limits.IDS) List<UUID> taskIds,
            @Size(max = Limits.IDS) List<UUID> sectionIds,
            @Size(max = Limits.CHECKLIST_ITEMS) List<@Size(max = Limits.CHECKLIST_ITEM) String> checklist) {
    }

    public record RectificationOrder(@Size(max = Limits.REASON) String requirement, Instant dueAt) {
    }

    public record FindingRequest(UUID unitId, UUID taskId, @Size(max = Limits.TEXT) String text,
            @Size(max = Limits.EVIDENCE_ITEMS) List<@Size(max = Limits.EVIDENCE) String> evidence,
            @Valid RectificationOrder rectification) {
    }

    public record TextRequest(@Size(max = Limits.TEXT) String text) {
    }

    /** A rectification report: what was rectified, and the evidence files (整改佐证材料) uploaded for it, by id (optional). */
    public record ReportRequest(@Size(max = Limits.TEXT) String text, List<UUID> evidenceFileIds) {
    }

    public record ReviewRequest(Boolean close, @Size(max = Limits.REASON) String note) {
    }

    /** Cancelling needs its reason, at most {@link Limits#REASON} characters: the units of an announced inspection are told it. */
    public record CancelRequest(@Size(max = Limits.REASON) String reason) {
    }

    @Inject
    Outbox outbox;

    @Inject
    ReportEvidence evidence;

    @Inject
    Warnings warnings;

    @Inject
    Clock clock;

    @Inject
    CallerUnit caller;

    @Inject
    SecurityIdentity identity;

    @Inject
    History history;

    /** Schedules an inspection of units, tasks or plan sections (a section stands for its tasks); announced unless UNANNOUNCED. */
    @Transactional
    public Inspection schedule(ScheduleRequest request) {
        if (request == null || request.title() == null || request.title().isBlank()) {
            throw Problem.invalidField("title", "an inspection needs a title");
        }
        if (!Inspection.REGULAR.equals(request.kind()) && !Inspection.UNANNOUNCED.equals(request.kind())) {
            throw Problem.invalidField("kind", "REGULAR or UNANNOUNCED");
        }
        if (request.startsAt() == null) {
            throw Problem.invalidField("startsAt", "when does the inspection start?");
        }
        List<UUID> units = request.unitIds() == null ? List.of() : request.unitIds();
        List<UUID> tasks = request.taskIds() == null ? List.of() : request.taskIds();
        List<UUID> sections = request.sectionIds() == null ? List.of() : request.sectionIds();
        if (units.isEmpty() && tasks.isEmpty() && sections.isEmpty()) {
            throw Problem.invalidField("unitIds", "the scope names units, tasks or sections");
        }
        Units.requireActive("unitIds", units);
        Units.requireKnownTasks("taskIds", tasks);
        for (UUID section : sections) {
            if (PlanSection.findById(section) == null) {
                throw Problem.invalidField("sectionIds", "no plan section " + section + " is known to the supervision office");
            }
        }
        Set<UUID> scopeTasks = new LinkedHashSet<>(tasks);
        if (!sections.isEmpty()) {
            scopeTasks.addAll(AssignmentStatus.getEntityManager()
                    .createQuery("select distinct a.taskId from AssignmentStatus a where a.sectionId in :s", UUID.class)
                    .setParameter("s", sections).getResultList());
        }
        Inspection i = new Inspection();
        i.inspectionId = UUID.randomUUID();
        i.title = request.title().strip();
        i.kind = request.kind();
        i.announced = Inspection.REGULAR.equals(request.kind());
        i.startsAt = request.startsAt();
        i.unitIds = new ArrayList<>(units);
        i.taskIds = new ArrayList<>(scopeTasks);
        i.sectionIds = new ArrayList<>(sections);
        i.checklist = request.checklist() == null ? new ArrayList<>() : new ArrayList<>(request.checklist());
        i.scheduledBy = identity.getPrincipal().getName();
        i.scheduledAt = clock.instant();
        i.persist();
        // the only event before the start; unannounced (announced=false) it must not be told to the units in advance
        outbox.publish(new InspectionScheduled(i.inspectionId, i.title, i.kind, i.announced, i.startsAt, i.unitIds, i.taskIds,
                i.scheduledAt));
        history.record(HISTORY, i.inspectionId, "SCHEDULED", actor(), null, null, History.fields("title", i.title, "kind", i.kind,
                "startsAt", i.startsAt.toString(), "unitIds", i.unitIds, "taskIds", i.taskIds), i.scheduledAt);
        return i;
    }

    /**
     * Cancels a scheduled inspection with its reason (issue 22): CANCELLED, in the inspection's history, announced
     * ({@link InspectionCancelled}, id from the inspection and the transition: a repeated cancel announces nothing twice)
     * so the units of an announced inspection are told it is off. 409 naming the state when it was already cancelled or
     * has findings (they and their rectifications stand). The row is locked: a finding being recorded commits first or
     * meets CANCELLED.
     */
    @Transactional
    public Inspection cancel(UUID id, CancelRequest request) {
        if (request == null || request.reason() == null || request.reason().isBlank()) {
            throw Problem.invalidField("reason", "a cancellation needs its reason (the units are told it)");
        }
        Inspection i = lockedInspection(id, LockModeType.PESSIMISTIC_WRITE);
        if (Inspection.CANCELLED.equals(i.status)) {
            throw Problem.conflict("inspection " + id + " was already cancelled by " + i.cancelledBy + " at " + i.cancelledAt)
                    .with("state", i.status);
        }
        long findings = Finding.count("inspectionId", id);
        if (findings > 0) {
            throw Problem.conflict("inspection " + id + " has " + findings + " findings; it took place and its findings stand")
                    .with("state", i.status).with("findings", findings);
        }
        Instant now = clock.instant();
        i.status = Inspection.CANCELLED;
        i.cancelReason = request.reason().strip();
        i.cancelledBy = actor();
        i.cancelledAt = now;
        history.record(HISTORY, i.inspectionId, "CANCELLED", actor(), caller.unitId().orElse(null),
                History.fields("status", Inspection.SCHEDULED), History.fields("status", i.status, "reason", i.cancelReason), now);
        outbox.publish(new InspectionCancelled(i.inspectionId, i.title, i.kind, i.announced, i.startsAt, i.unitIds, i.cancelReason,
                i.cancelledBy, now), UUID.nameUUIDFromBytes(("inspection:" + id + ":cancel").getBytes(StandardCharsets.UTF_8)));
        return i;
    }

    /** A finding about a unit in the inspection's scope, once the inspection has started; it may order rectification. */
    @Transactional
    public Finding record(UUID id, FindingRequest request) {
        // shared with other findings, exclusive of a cancellation: it commits first or this meets CANCELLED
        Inspection i = lockedInspection(id, LockModeType.PESSIMISTIC_READ);
        if (Inspection.CANCELLED.equals(i.status)) {
            throw Problem.conflict("inspection " + id + " was cancelled: " + i.cancelReason).with("state", i.status);
        }
        Instant now = clock.instant();
        if (now.isBefore(i.startsAt)) {
            throw Problem.conflict("the inspection starts at " + i.startsAt).with("state", "NOT_STARTED");
        }
        if (request == null || request.unitId() == null) {
            throw Problem.invalidField("unitId", "a finding names the unit");
        }
        if (request.text() == null || request.text().isBlank()) {
            throw Problem.invalidField("text", "a finding states what was found");
        }
        if (!inScope(i, request.unitId())) {
            throw Problem.invalidField("unitId", "unit " + request.unitId() + " is outside the inspection's scope");
        }
        if (request.taskId() != null && AssignmentStatus.count("taskId", request.taskId()) == 0) {
            throw Problem.invalidField("taskId", "no task " + request.taskId() + " is known to the supervision office");
        }
        if (request.taskId() != null && !i.taskIds.isEmpty() && !i.taskIds.contains(request.taskId()) && !i.unitIds.contains(request.unitId())) {
            throw Problem.invalidField("taskId", "task " + request.taskId() + " is outside the inspection's scope");
        }
        RectificationOrder order = request.rectification();
        if (order != null) {
            if (order.requirement() == null || order.requirement().isBlank()) {
                throw Problem.invalidField("rectification.requirement", "say what must be rectified");
            }
            if (order.dueAt() == null || !order.dueAt().isAfter(now)) {
                throw Problem.invalidField("rectification.dueAt", "a rectification deadline in the future");
            }
        }
        Finding f = new Finding();
        f.findingId = UUID.randomUUID();
        f.inspectionId = i.inspectionId;
        f.unitId = request.unitId();
        f.taskId = request.taskId();
        f.text = request.text().strip();
        f.evidence = request.evidence() == null ? new ArrayList<>() : new ArrayList<>(request.evidence());
        f.recordedAt = now;
        f.persist();
        outbox.publish(new FindingRecorded(f.findingId, i.inspectionId, f.unitId, f.taskId, f.text, f.evidence, now));
        history.record(History.FINDING, f.findingId, "RECORDED", actor(), null, null, History.fields("unitId", f.unitId, "taskId",
                f.taskId, "text", f.text, "evidence", f.evidence), now);
        if (order != null) {
            Rectification r = new Rectification();
            r.rectificationId = UUID.randomUUID();
            r.findingId = f.findingId;
            r.inspectionId = i.inspectionId;
            r.unitId = f.unitId;
            r.requirement = order.requirement().strip();
            r.dueAt = order.dueAt();
            r.status = Rectification.ORDERED;
            r.orderedAt = now;
            r.persist();
            outbox.publish(new RectificationOrdered(r.rectificationId, f.findingId, i.inspectionId, r.unitId, r.requirement, r.dueAt, now));
            history.record(History.RECTIFICATION, r.rectificationId, "ORDERED", actor(), null, null, History.fields("requirement",
                    r.requirement, "dueAt", r.dueAt.toString()), now);
        }
        return f;
    }

    /** The unit responds to a finding about it. */
    @Transactional
    public Finding respond(UUID id, TextRequest request) {
        Finding f = Finding.findById(id);
        if (f == null) {
            throw Problem.notFound("no finding " + id);
        }
        requireOwnUnit(f.unitId);
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw Problem.invalidField("text", "the response needs its text");
        }
        // every response is kept: the finding shows the latest, its history every one with who gave it
        Instant now = clock.instant();
        history.record(History.FINDING, f.findingId, "RESPONDED", actor(), caller.unitId().orElse(null),
                f.response == null ? null : History.fields("response", f.response, "respondedBy", f.respondedBy, "respondedAt",
                        String.valueOf(f.respondedAt)),
                History.fields("response", request.text().strip()), now);
        f.response = request.text().strip();
        f.respondedAt = now;
        f.respondedBy = actor();
        return f;
    }

    /** The unit reports its rectification done, with the evidence files it uploaded for it (issue 24). */
    @Transactional
    public Rectification report(UUID id, ReportRequest request) {
        Rectification r = Rectification.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (r == null) {
            throw Problem.notFound("no rectification " + id);
        }
        requireOwnUnit(r.unitId);
        if (!Rectification.ORDERED.equals(r.status)) {
            throw Problem.conflict("only an open rectification is reported").with("state", r.status);
        }
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw Problem.invalidField("text", "say what was rectified");
        }
        Instant now = clock.instant();
        List<RectificationReported.EvidenceFile> files = evidence.attach(r, request.evidenceFileIds(), now);
        history.record(History.RECTIFICATION, r.rectificationId, "REPORTED", actor(), caller.unitId().orElse(null),
                r.report == null ? null : History.fields("report", r.report, "reportedBy", r.reportedBy, "reportedAt",
                        String.valueOf(r.reportedAt)),
                History.fields("report", request.text().strip(), "evidenceFileIds",
                        files == null ? null : files.stream().map(f -> f.id().toString()).toList()), now);
        r.status = Rectification.REPORTED;
        r.report = request.text().strip();
        r.reportedAt = now;
        r.reportedBy = actor();
        outbox.publish(new RectificationReported(r.rectificationId, r.inspectionId, r.unitId, r.report, r.reportedAt, files));
        return r;
    }

    /** 复核: the inspector closes a reported rectification, or reopens it (back to the unit). */
    @Transactional
    public Rectification review(UUID id, ReviewRequest request) {
        Rectification r = findRectification(id);
        if (request == null || request.close() == null) {
            throw Problem.invalidField("close", "true closes the rectification, false reopens it");
        }
        if (!Rectification.REPORTED.equals(r.status)) {
            throw Problem.conflict("only a reported rectification is re-checked").with("state", r.status);
        }
        Instant now = clock.instant();
        boolean close = request.close();
        r.status = close ? Rectification.CLOSED : Rectification.ORDERED;
        if (close) {
            r.closedAt = now;
            warnings.liftForRectification(r.rectificationId, "整改已复核销号", now);
        }
        outbox.publish(new RectificationClosed(r.rectificationId, r.inspectionId, r.unitId, !close, request.note(), now));
        history.record(History.RECTIFICATION, r.rectificationId, close ? "CLOSED" : "REOPENED", actor(), null,
                History.fields("status", Rectification.REPORTED), History.fields("status", r.status, "note", request.note()), now);
        return r;
    }

    private static boolean inScope(Inspection i, UUID unit) {
        if (i.unitIds.contains(unit)) {
            return true;
        }
        return !i.taskIds.isEmpty() && AssignmentStatus.count("unitId = ?1 and taskId in ?2", unit, i.taskIds) > 0;
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private void requireOwnUnit(UUID unit) {
        if (!caller.unitId().map(unit::equals).orElse(false)) {
            throw Problem.forbidden("only the unit concerned does this");
        }
    }

    static Inspection findInspection(UUID id) {
        Inspection i = Inspection.findById(id);
        if (i == null) {
            throw Problem.notFound("no inspection " + id);
        }
        return i;
    }

    private static Inspection lockedInspection(UUID id, LockModeType lock) {
        Inspection i = Inspection.getEntityManager().find(Inspection.class, id, lock);
        if (i == null) {
            throw Problem.notFound("no inspection " + id);
        }
        return i;
    }

    static Rectification findRectification(UUID id) {
        Rectification r = Rectification.findById(id);
        if (r == null) {
            throw Problem.notFound("no rectification " + id);
        }
        return r;
    }
}
