package org.duban.notification.workqueue;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;

/**
 * {@code GET /api/work-queue}: everything waiting for the caller (待办), oldest first, with counts per kind. The
 * supervision office (supervisor; a leader reads it too) gets the office's queue; a unit officer gets its own unit's —
 * the co-units' reports on tasks it leads, waiting for its review (复核) — from the token's unit, never another's.
 * A supervisor or leader may read a unit's queue with {@code ?unitId=}.
 */
@Path("/api/work-queue")
@Tag(name = "Work queue (待办)", description = "待办 — everything waiting for the caller: the supervision office queue, or a lead unit reviews")
public class WorkQueueResource {

    @Inject
    EntityManager em;

    @Inject
    CallerUnit caller;

    /** Where to act on an item: the service that serves the path, its method and the path. */
    @Schema(name = "WorkQueueLink", description = "Where to act: the service, the HTTP method and the path")
    public record Link(String service, String method, String href) {
    }

    @Schema(name = "WorkQueueItem", description = "One thing waiting, with the link to act on it")
    public record Item(UUID id, WorkKind kind, String label, UUID taskId, String taskTitle, String taskNumber, UUID assignmentId,
            UUID unitId, String unitName, String provTaskId, String detail, Instant since, Link link) {
    }

    /** {@code owner}: OFFICE, or the unit whose queue it is. */
    @Schema(name = "WorkQueuePage", description = "One page of a work queue, with counts per kind over the whole queue")
    public record Page(String owner, List<Item> items, Map<WorkKind, Long> counts, long total, int page, int size) {
    }

    /** A lead assignment that still leads: the task's lead unit reviews its co-units' reports. */
    private static final String LEADS = """
            select 1 from work_assignment l
            where l.task_id = i.task_id and l.role = 'LEAD' and l.status in ('OPEN', 'COMPLETED')""";

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Transactional
    @Operation(operationId = "workQueue", summary = "What waits for me (待办)", description = "The items waiting for the caller, oldest first: for the "
            + "supervision office extension requests to decide, returned assignments to reassign, lead units' progress reports "
            + "to review, rectification reports to re-check, provincial tasks to sign for and provincial 催办/督办 to answer; "
            + "for a unit officer the co-units' reports on tasks its unit leads. Each item links to the REST path to act on "
            + "(service, method, path). Counts per kind cover the whole queue, not just the page.")
    @APIResponse(responseCode = "200", description = "One page of the queue, oldest first, with counts per kind",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Page.class), examples = { @ExampleObject(name = "office queue", value = """
            {"owner": "OFFICE", "items": [{"id": "7c6b5a49-3827-4165-a0f9-e8d7c6b5a493", "kind": "EXTENSION_REQUEST", "label": "延期申请待审批", "taskId": "3f6c1d2e-7b8a-4c9d-8e0f-1a2b3c4d5e6f", "taskTitle": "建设“互联网+督查”平台", "taskNumber": "（一）", "assignmentId": "b7e1c2d3-4f5a-4b6c-9d7e-8f9a0b1c2d3e", "unitId": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", "unitName": "县教育局", "provTaskId": null, "detail": "申请延期至2027年6月30日：需等待省级平台接口开放", "since": "2026-12-06T08:00:00Z", "link": {"service": "task-service", "method": "POST", "href": "/api/assignments/b7e1c2d3-4f5a-4b6c-9d7e-8f9a0b1c2d3e/extensions/7c6b5a49-3827-4165-a0f9-e8d7c6b5a493/decision"}}], "counts": {"EXTENSION_REQUEST": 1}, "total": 1, "page": 0, "size": 50}""") }))
    @APIResponse(responseCode = "400", description = "kind not one of EXTENSION_REQUEST, RETURNED, REPORT_REVIEW, RECTIFICATION_REVIEW, PROVINCIAL_TASK, PROVINCE_URGED, PROVINCE_SUPERVISED; page or size out of range")
    @APIResponse(responseCode = "403", description = "A unit officer whose token names no unit, or asking for another unit queue")
    public Page list(@QueryParam("unitId") UUID unitId, @QueryParam("kind") String kindName,
            @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        WorkKind kind = kind(kindName);
        UUID unit;
        if (caller.isUnitOfficer()) {
            unit = caller.unitId().orElseThrow(() -> Problem.forbidden("the token names no unit (" + CallerUnit.CLAIM + " claim)"));
            if (unitId != null) {
                caller.requireMayActFor(unitId);
            }
        } else {
            unit = unitId; // null: the office's own queue
        }
        String who = unit == null
                ? "(i.reviewer = 'OFFICE' or (i.reviewer = 'LEAD' and not exists (" + LEADS + ")))"
                : "(i.reviewer = 'LEAD' and exists (" + LEADS + " and l.unit_id = :unit))";
        String where = " from work_item i where i.closed_at is null and " + who;

        Map<WorkKind, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (Object row : bind(em.createNativeQuery("select i.kind, count(*)" + where + " group by i.kind order by i.kind"), unit)
                .getResultList()) {
            Object[] r = (Object[]) row;
            long n = ((Number) r[1]).longValue();
            counts.put(WorkKind.valueOf((String) r[0]), n);
            total += n;
        }
        String filtered = kind == null ? where : where + " and i.kind = :kind";
        Query query = bind(em.createNativeQuery("""
                select i.id, i.kind, i.task_id, i.title, i.task_number, i.assignment_id, i.unit_id, u.name, i.prov_task_id,
                       i.detail, i.since, i.link
                """ + filtered.replace(" from work_item i ", " from work_item i left join unit_replica u on u.id = i.unit_id ")
                + " order by i.since, i.id"), unit);
        if (kind != null) {
            query.setParameter("kind", kind.name());
        }
        List<Item> items = ((List<?>) query.setFirstResult(page * size).setMaxResults(size).getResultList()).stream()
                .map(row -> item((Object[]) row)).toList();
        return new Page(unit == null ? WorkItems.OFFICE : unit.toString(), items, counts,
                kind == null ? total : counts.getOrDefault(kind, 0L), page, size);
    }

    private static WorkKind kind(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return WorkKind.valueOf(name.strip());
        } catch (IllegalArgumentException e) {
            throw Problem.invalidField("kind", "one of " + List.of(WorkKind.values()));
        }
    }

    private static Query bind(Query query, UUID unit) {
        return unit == null ? query : query.setParameter("unit", unit);
    }

    private static Item item(Object[] r) {
        WorkKind kind = WorkKind.valueOf((String) r[1]);
        return new Item((UUID) r[0], kind, kind.label(), (UUID) r[2], (String) r[3], (String) r[4], (UUID) r[5], (UUID) r[6],
                (String) r[7], (String) r[8], (String) r[9], instant(r[10]), new Link(kind.service(), kind.method(), (String) r[11]));
    }

    /** Hibernate hands a native timestamptz back as whatever its JDBC mapping says; the answer is an Instant. */
    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        return value == null ? null : Instant.parse(value.toString());
    }
}
