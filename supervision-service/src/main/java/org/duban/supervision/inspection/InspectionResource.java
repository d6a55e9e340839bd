package org.duban.supervision.inspection;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

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
import org.duban.platform.security.Roles;
import org.duban.supervision.Limits;
import org.duban.supervision.Units;
import org.duban.supervision.history.History;
import org.duban.supervision.status.AssignmentStatus;
import org.duban.supervision.status.PlanSection;
import org.duban.supervision.warning.Warnings;

/** 督查: inspections, their findings, and the rectifications (整改) findings order. */
@Path("/api")
public class InspectionResource {

    /** An inspection's entries in supervision_history (scheduled, cancelled). */
    static final String HISTORY = "INSPECTION";

    @Inject
    Outbox outbox;

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

    public record ReviewRequest(Boolean close, @Size(max = Limits.REASON) String note) {
    }

    /** Cancelling needs its reason, at most {@link Limits#REASON} characters: the units of an announced inspection are told it. */
    public record CancelRequest(@Size(max = Limits.REASON) String reason) {
    }

    /** {@code status}: SCHEDULED or CANCELLED (then with its reason, who and when). */
    public record InspectionView(UUID inspectionId, String title, String kind, boolean announced, Instant startsAt, List<UUID> unitIds,
            List<UUID> taskIds, List<UUID> sectionIds, List<String> checklist, Instant scheduledAt, String status,
            String cancelReason, String cancelledBy, Instant cancelledAt) {
        static InspectionView of(Inspection i) {
            return new InspectionView(i.inspectionId, i.title, i.kind, i.announced, i.startsAt, i.unitIds, i.taskIds, i.sectionIds,
                    i.checklist, i.scheduledAt, i.status, i.cancelReason, i.cancelledBy, i.cancelledAt);
        }
    }

    public record RectificationView(UUID rectificationId, UUID findingId, UUID inspectionId, UUID unitId, String requirement,
            Instant dueAt, String status, String report, Instant reportedAt, Instant closedAt, Instant missedAt) {
        static RectificationView of(Rectification r) {
            return new RectificationView(r.rectificationId, r.findingId, r.inspectionId, r.unitId, r.requirement, r.dueAt, r.status,
                    r.report, r.reportedAt, r.closedAt, r.missedAt);
        }
    }

    public record FindingView(UUID findingId, UUID inspectionId, UUID unitId, UUID taskId, String text, List<String> evidence,
            Instant recordedAt, String response, List<RectificationView> rectifications) {
        static FindingView of(Finding f) {
            return new FindingView(f.findingId, f.inspectionId, f.unitId, f.taskId, f.text, f.evidence, f.recordedAt, f.response,
                    Rectification.<Rectification> list("findingId", f.findingId).stream().map(RectificationView::of).toList());
        }
    }

    @POST
    @Path("/inspections")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public Response schedule(@Valid ScheduleRequest request) {
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
        return Response.status(201).entity(InspectionView.of(i)).build();
    }

    @GET
    @Path("/inspections")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public List<InspectionView> inspections() {
        return Inspection.<Inspection> list("order by startsAt desc").stream().map(InspectionView::of).toList();
    }

    @GET
    @Path("/inspections/{id}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public InspectionView inspection(@PathParam("id") UUID id) {
        return InspectionView.of(findInspection(id));
    }

    /**
     * Cancels a scheduled inspection with its reason (issue 22): CANCELLED, in the inspection's history, announced
     * ({@link InspectionCancelled}, id from the inspection and the transition: a repeated cancel announces nothing twice)
     * so the units of an announced inspection are told it is off. 409 naming the state when it was already cancelled or
     * has findings (they and their rectifications stand). The row is locked: a finding being recorded commits first or
     * meets CANCELLED.
     */
    @POST
    @Path("/inspections/{id}/cancel")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public InspectionView cancel(@PathParam("id") UUID id, @Valid CancelRequest request) {
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
        return InspectionView.of(i);
    }

    /** An inspection's history: scheduled (by whom), cancelled (by whom, why). */
    @GET
    @Path("/inspections/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    public List<History.Step> inspectionHistory(@PathParam("id") UUID id) {
        findInspection(id);
        return History.of(HISTORY, id);
    }

    /** A finding about a unit in the inspection's scope, once the inspection has started; it may order rectification. */
    @POST
    @Path("/inspections/{id}/findings")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public Response record(@PathParam("id") UUID id, @Valid FindingRequest request) {
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
        return Response.status(201).entity(FindingView.of(f)).build();
    }

    private static boolean inScope(Inspection i, UUID unit) {
        if (i.unitIds.contains(unit)) {
            return true;
        }
        return !i.taskIds.isEmpty() && AssignmentStatus.count("unitId = ?1 and taskId in ?2", unit, i.taskIds) > 0;
    }

    /** Findings of an inspection, or of a unit (a unit officer: only its own unit's). */
    @GET
    @Path("/findings")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<FindingView> findings(@QueryParam("inspectionId") UUID inspectionId, @QueryParam("unitId") UUID unitId) {
        caller.requireMayList(unitId, "findings");
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> p = new java.util.HashMap<>();
        if (unitId != null) {
            q.append(" and unitId = :unit");
            p.put("unit", unitId);
        }
        if (inspectionId != null) {
            q.append(" and inspectionId = :inspection");
            p.put("inspection", inspectionId);
        }
        return Finding.<Finding> list(q + " order by recordedAt", p).stream().map(FindingView::of).toList();
    }

    /** The unit responds to a finding about it. */
    @POST
    @Path("/findings/{id}/response")
    @RolesAllowed(Roles.UNIT_OFFICER)
    @Transactional
    public FindingView respond(@PathParam("id") UUID id, @Valid TextRequest request) {
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
        return FindingView.of(f);
    }

    @GET
    @Path("/rectifications")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<RectificationView> rectifications(@QueryParam("unitId") UUID unitId, @QueryParam("open") Boolean open) {
        caller.requireMayList(unitId, "rectifications");
        String openOnly = Boolean.TRUE.equals(open) ? " and status <> 'CLOSED'" : "";
        List<Rectification> rows = unitId == null ? Rectification.list("1 = 1" + openOnly + " order by dueAt")
                : Rectification.list("unitId = ?1" + openOnly + " order by dueAt", unitId);
        return rows.stream().map(RectificationView::of).toList();
    }

    /** The unit reports its rectification done. */
    @POST
    @Path("/rectifications/{id}/report")
    @RolesAllowed(Roles.UNIT_OFFICER)
    @Transactional
    public RectificationView report(@PathParam("id") UUID id, @Valid TextRequest request) {
        Rectification r = findRectification(id);
        requireOwnUnit(r.unitId);
        if (!Rectification.ORDERED.equals(r.status)) {
            throw Problem.conflict("only an open rectification is reported").with("state", r.status);
        }
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw Problem.invalidField("text", "say what was rectified");
        }
        Instant now = clock.instant();
        history.record(History.RECTIFICATION, r.rectificationId, "REPORTED", actor(), caller.unitId().orElse(null),
                r.report == null ? null : History.fields("report", r.report, "reportedBy", r.reportedBy, "reportedAt",
                        String.valueOf(r.reportedAt)),
                History.fields("report", request.text().strip()), now);
        r.status = Rectification.REPORTED;
        r.report = request.text().strip();
        r.reportedAt = now;
        r.reportedBy = actor();
        outbox.publish(new RectificationReported(r.rectificationId, r.inspectionId, r.unitId, r.report, r.reportedAt));
        return RectificationView.of(r);
    }

    /** 复核: the inspector closes a reported rectification, or reopens it (back to the unit). */
    @POST
    @Path("/rectifications/{id}/review")
    @RolesAllowed(Roles.SUPERVISOR)
    @Transactional
    public RectificationView review(@PathParam("id") UUID id, @Valid ReviewRequest request) {
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
        return RectificationView.of(r);
    }

    /** A finding's history: recorded (by whom), and every response of the unit with who gave it. */
    @GET
    @Path("/findings/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<History.Step> findingHistory(@PathParam("id") UUID id) {
        Finding f = Finding.findById(id);
        if (f == null) {
            throw Problem.notFound("no finding " + id);
        }
        caller.requireMayActFor(f.unitId);
        return History.of(History.FINDING, id);
    }

    /** A rectification's history: ordered, every report (none is overwritten), each close or reopen with its note. */
    @GET
    @Path("/rectifications/{id}/history")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    public List<History.Step> rectificationHistory(@PathParam("id") UUID id) {
        Rectification r = findRectification(id);
        caller.requireMayActFor(r.unitId);
        return History.of(History.RECTIFICATION, id);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private void requireOwnUnit(UUID unit) {
        if (!caller.unitId().map(unit::equals).orElse(false)) {
            throw Problem.forbidden("only the unit concerned does this");
        }
    }

    private static Inspection findInspection(UUID id) {
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

    private static Rectification findRectification(UUID id) {
        Rectification r = Rectification.findById(id);
        if (r == null) {
            throw Problem.notFound("no rectification " + id);
        }
        return r;
    }
}
