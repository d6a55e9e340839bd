package org.duban.supervision.overview;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.config.SupervisionConfig;
import org.duban.supervision.province.ProvinceUrge;
import org.duban.supervision.status.AssignmentStatus;
import org.duban.supervision.status.Light;
import org.duban.supervision.status.PlanSection;
import org.duban.supervision.status.PlanView;

/** The dashboard: lights counted by plan, section and unit, as of the clock's now. */
@Tag(name = "Overview (红黄绿灯)", description = "The dashboard: status lights (green on track, yellow at risk, red late) counted by plan, section and unit")
@Path("/api/overview")
public class OverviewResource {

    @Inject
    Clock clock;

    @Inject
    SupervisionConfig config;

    @Inject
    CallerUnit caller;

    /** Counts of one group: assignments (not withdrawn or returned), completed, and each light. */
    public record Figures(UUID id, String name, int assignments, int completed, int green, int yellow, int red) {
    }

    public record Overview(Instant asOf, Figures total, List<Figures> plans, List<Figures> sections, List<Figures> units) {
    }

    public record UnitLight(UUID assignmentId, UUID taskId, String taskNumber, String taskTitle, String role, Instant dueAt,
            String status, int percentComplete, int expectedPercent, Light light, ProvinceUrge.OnAssignment province) {
    }

    private static final class Tally {
        final UUID id;
        final String name;
        int assignments;
        int completed;
        final Map<Light, Integer> lights = new EnumMap<>(Light.class);

        Tally(UUID id, String name) {
            this.id = id;
            this.name = name;
        }

        void add(AssignmentStatus s, Light light) {
            assignments++;
            if (s.completedAt != null) {
                completed++;
            }
            lights.merge(light, 1, Integer::sum);
        }

        Figures figures() {
            return new Figures(id, name, assignments, completed, lights.getOrDefault(Light.GREEN, 0),
                    lights.getOrDefault(Light.YELLOW, 0), lights.getOrDefault(Light.RED, 0));
        }
    }

    /**
     * A section as printed, with its annex: 附件1 一、政务管理服务. task-service sends the numeral without its 、 (an older
     * import may have kept it), and a section without a numeral has its title alone.
     */
    static String sectionName(PlanSection s) {
        String label = s.label == null ? "" : s.label.strip();
        if (!label.isEmpty() && !label.endsWith("、")) {
            label += "、";
        }
        String annex = s.annex == null || s.annex.isBlank() ? "" : s.annex.strip() + " ";
        return annex + label + (s.title == null ? "" : s.title);
    }

    /** By plan, section and unit; {@code planId} narrows to one plan; {@code light} keeps only groups with that light. */
    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "overview", summary = "红黄绿灯总览 — the dashboard", description = "Lights counted as of now over every assignment still held (not withdrawn or returned): in total, by plan, by section (附件1 一、政务管理服务) and by unit. planId narrows to one plan; light=RED (or YELLOW, GREEN) keeps only the groups with such a light. Supervisor and leader; changes nothing.")
    @APIResponse(responseCode = "200", description = "The counts",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Overview.class), examples = { @ExampleObject(name = "overview", value = """
            {"asOf": "2026-12-07T02:00:00Z", "total": {"id": null, "name": "全部", "assignments": 120, "completed": 30, "green": 70, "yellow": 30, "red": 20}, "plans": [], "sections": [], "units": [{"id": "8d0a4f64-2f4e-4d1e-9c33-0d5d2f8f1a01", "name": "县政务服务中心", "assignments": 12, "completed": 3, "green": 6, "yellow": 4, "red": 2}]}""") }))
    public Overview overview(@QueryParam("planId") UUID planId, @QueryParam("light") Light only) {
        Instant now = clock.instant();
        List<AssignmentStatus> rows = planId == null ? AssignmentStatus.listAll() : AssignmentStatus.list("planId", planId);
        Map<UUID, String> planNames = new LinkedHashMap<>();
        PlanView.<PlanView> listAll().forEach(p -> planNames.put(p.planId, p.title));
        Map<UUID, String> sectionNames = new LinkedHashMap<>();
        PlanSection.<PlanSection> list("order by planId, position").forEach(s -> sectionNames.put(s.sectionId, sectionName(s)));
        Tally total = new Tally(null, "全部");
        Map<UUID, Tally> plans = new LinkedHashMap<>();
        Map<UUID, Tally> sections = new LinkedHashMap<>();
        Map<UUID, Tally> units = new LinkedHashMap<>();
        for (AssignmentStatus s : rows) {
            Light light = Light.of(s, now, config.lights());
            if (light == null) {
                continue;
            }
            total.add(s, light);
            if (s.planId != null) {
                plans.computeIfAbsent(s.planId, id -> new Tally(id, planNames.get(id))).add(s, light);
            }
            if (s.sectionId != null) {
                sections.computeIfAbsent(s.sectionId, id -> new Tally(id, sectionNames.get(id))).add(s, light);
            }
            units.computeIfAbsent(s.unitId, id -> new Tally(id, null)).add(s, light);
        }
        Map<UUID, String> unitNames = UnitReplica.namesOf(units.keySet());
        List<Figures> unitFigures = units.values().stream().map(Tally::figures)
                .map(f -> new Figures(f.id(), unitNames.get(f.id()), f.assignments(), f.completed(), f.green(), f.yellow(), f.red()))
                .toList();
        return new Overview(now, total.figures(), filter(plans.values().stream().map(Tally::figures).toList(), only),
                filter(sections.values().stream().map(Tally::figures).toList(), only), filter(unitFigures, only));
    }

    private static List<Figures> filter(List<Figures> figures, Light only) {
        if (only == null) {
            return figures;
        }
        return figures.stream().filter(f -> switch (only) {
            case GREEN -> f.green() > 0;
            case YELLOW -> f.yellow() > 0;
            case RED -> f.red() > 0;
        }).toList();
    }

    /**
     * One unit's assignments with their lights and 序时进度, and the province's 催办/督办 on each; a unit officer reads
     * only its own unit.
     */
    @GET
    @Path("/units/{unitId}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "unitLights", summary = "一个单位的红黄绿灯 — one unit lights", description = "One unit assignments with their light, 序时进度 (expected percent by now), percent complete, due date and the province 催办/督办 on each; a unit officer reads only its own unit. Changes nothing.")
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
    @APIResponse(responseCode = "200", description = "The unit assignments, earliest due first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = UnitLight.class)))
    public List<UnitLight> unitLights(@PathParam("unitId") UUID unitId) {
        caller.requireMayActFor(unitId);
        Instant now = clock.instant();
        List<UnitLight> out = new ArrayList<>();
        var province = ProvinceUrge.onAssignments(List.of(unitId));
        for (AssignmentStatus s : AssignmentStatus.<AssignmentStatus> list("unitId = ?1 order by dueAt nulls last, taskNumber", unitId)) {
            Light light = Light.of(s, now, config.lights());
            if (light != null) {
                out.add(new UnitLight(s.assignmentId, s.taskId, s.taskNumber, s.taskTitle, s.role, s.dueAt, s.status.name(),
                        s.percentComplete, Light.expectedPercent(s, now), light, province.apply(s.unitId, s.taskId)));
            }
        }
        return out;
    }
}
