package org.duban.supervision.score;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.CallerUnit;
import org.duban.platform.security.Roles;
import org.duban.platform.time.ClockProducer;
import org.duban.supervision.bulletin.BulletinDrafter;
import org.duban.supervision.bulletin.BulletinFigures;
import org.duban.supervision.bulletin.BulletinResource;
import org.duban.supervision.config.SupervisionConfig;

/**
 * 考核: a score per unit per period (a merged unit's record counted under its survivor; annulled cards count nowhere) from the configured rules, each with its basis item by item: the on-time rate
 * (weighted), the base, the county's cards issued in the period, provincial cards (省级督办, origin PROVINCE) issued in
 * it with their own weights, findings whose rectification was closed in the period and findings still open at its end.
 * Every item says its count and its points per count; a score never falls below the configured floor (default 0), and
 * when the floor applies it is an item of its own, so the items always add up to the score.
 */
@Tag(name = "Scores (考核)", description = "考核 — assessment scores per unit for a period, each with its basis item by item")
@Path("/api/scores")
public class ScoreResource {

    @Inject
    BulletinDrafter drafter;

    @Inject
    SupervisionConfig config;

    @Inject
    EntityManager em;

    @Inject
    CallerUnit caller;

    public record Item(String rule, String basis, double quantity, double points) {
    }

    public record Score(UUID unitId, String unitName, LocalDate periodStart, LocalDate periodEnd, double score, List<Item> items) {
    }

    @GET
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "listScores", summary = "考核得分 — every unit score for a period", description = "Each unit score for periodStart..periodEnd (calendar days, Beijing time), highest first, from the configured rules: base, on-time rate, county and provincial cards, rectifications closed and still open, and the floor when it applies; the items always add up to the score. planId narrows to one plan. Supervisor and leader; changes nothing.")
    @APIResponse(responseCode = "400", description = "periodStart missing, or periodEnd missing or before periodStart")
    @APIResponse(responseCode = "200", description = "The scores, highest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.ARRAY, implementation = Score.class)))
    public List<Score> scores(@QueryParam("periodStart") LocalDate start, @QueryParam("periodEnd") LocalDate end,
            @QueryParam("planId") UUID planId) {
        return compute(start, end, planId);
    }

    @GET
    @Path("/units/{unitId}")
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER, Roles.UNIT_OFFICER })
    @Operation(operationId = "unitScore", summary = "一个单位的考核得分 — one unit score", description = "The score of one unit for the period, with its basis; a unit officer reads only its own unit.")
    @APIResponse(responseCode = "400", description = "periodStart missing, or periodEnd missing or before periodStart")
    @APIResponse(responseCode = "403", description = "A unit officer asking about another unit")
    @APIResponse(responseCode = "404", description = "The unit has nothing to score in the period")
    @APIResponse(responseCode = "200", description = "The unit score with its basis",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Score.class)))
    public Score unit(@PathParam("unitId") UUID unitId, @QueryParam("periodStart") LocalDate start, @QueryParam("periodEnd") LocalDate end,
            @QueryParam("planId") UUID planId) {
        caller.requireMayActFor(unitId);
        return compute(start, end, planId).stream().filter(s -> s.unitId().equals(unitId)).findFirst()
                .orElseThrow(() -> Problem.notFound("unit " + unitId + " has nothing to score in the period"));
    }

    @GET
    @Path("/export.xlsx")
    @Produces(BulletinResource.XLSX)
    @RolesAllowed({ Roles.SUPERVISOR, Roles.LEADER })
    @Operation(operationId = "exportScores", summary = "考核得分表 — export the scores as XLSX", description = "The same scores as an Excel workbook (排名, 单位, 得分, 依据), as an attachment.")
    @APIResponse(responseCode = "200", description = "The workbook",
            content = @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", description = "periodStart missing, or periodEnd missing or before periodStart")
    public Response export(@QueryParam("periodStart") LocalDate start, @QueryParam("periodEnd") LocalDate end,
            @QueryParam("planId") UUID planId) throws IOException {
        List<Score> scores = compute(start, end, planId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet sheet = wb.createSheet("考核");
            Row head = sheet.createRow(0);
            String[] titles = { "排名", "单位", "得分", "依据" };
            for (int c = 0; c < titles.length; c++) {
                head.createCell(c).setCellValue(titles[c]);
            }
            for (int i = 0; i < scores.size(); i++) {
                Score s = scores.get(i);
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue(i + 1);
                row.createCell(1).setCellValue(s.unitName());
                row.createCell(2).setCellValue(s.score());
                row.createCell(3).setCellValue(String.join("；", s.items().stream()
                        .map(it -> it.basis() + " " + (it.points() >= 0 ? "+" : "") + it.points()).toList()));
            }
            wb.write(out);
        }
        return Response.ok(out.toByteArray(), BulletinResource.XLSX)
                .header("Content-Disposition", "attachment; filename=\"scores-" + start + "-" + end + ".xlsx\"").build();
    }

    private List<Score> compute(LocalDate start, LocalDate end, UUID planId) {
        if (start == null) {
            throw Problem.invalidField("periodStart", "a score covers a period");
        }
        if (end == null || end.isBefore(start)) {
            throw Problem.invalidField("periodEnd", "the period ends on or after periodStart");
        }
        SupervisionConfig.Scores rules = config.scores();
        BulletinFigures f = drafter.figures(start, end, planId);
        Instant from = start.atStartOfDay(ClockProducer.COUNTY_ZONE).toInstant();
        Instant toEx = end.plusDays(1).atStartOfDay(ClockProducer.COUNTY_ZONE).toInstant();
        Map<UUID, long[]> cards = new HashMap<>();
        for (Object o : em.createNativeQuery("""
                select coalesce(us.survivor_id, w.unit_id), count(*) filter (where color = 'YELLOW' and origin = 'COUNTY'),
                       count(*) filter (where color = 'RED' and origin = 'COUNTY'),
                       count(*) filter (where color = 'YELLOW' and origin = 'PROVINCE'),
                       count(*) filter (where color = 'RED' and origin = 'PROVINCE')
                from warning w left join unit_successor us on us.unit_id = w.unit_id
                where issued_at >= :from and issued_at < :to and not annulled group by 1""")
                .setParameter("from", Timestamp.from(from)).setParameter("to", Timestamp.from(toEx)).getResultList()) {
            Object[] r = (Object[]) o;
            cards.put((UUID) r[0], new long[] { ((Number) r[1]).longValue(), ((Number) r[2]).longValue(), ((Number) r[3]).longValue(),
                    ((Number) r[4]).longValue() });
        }
        Map<UUID, long[]> findings = new HashMap<>();
        for (Object o : em.createNativeQuery("""
                select coalesce(us.survivor_id, r.unit_id), count(*) filter (where closed_at >= :from and closed_at < :to),
                       count(*) filter (where ordered_at < :to and (closed_at is null or closed_at >= :to))
                from rectification r left join unit_successor us on us.unit_id = r.unit_id group by 1""")
                .setParameter("from", Timestamp.from(from)).setParameter("to", Timestamp.from(toEx)).getResultList()) {
            Object[] r = (Object[]) o;
            findings.put((UUID) r[0], new long[] { ((Number) r[1]).longValue(), ((Number) r[2]).longValue() });
        }
        List<Score> scores = new ArrayList<>();
        for (BulletinFigures.UnitRow u : f.units()) {
            List<Item> items = new ArrayList<>();
            items.add(new Item("base", "基础分", 1, rules.base()));
            double rate = u.onTimeRate() == null ? 100.0 : u.onTimeRate();
            items.add(new Item("on-time-rate", "按时办结率 " + BulletinDrafter.pct(u.onTimeRate()) + "（" + u.onTime() + "/" + u.due()
                    + "）× " + rules.onTimeWeight(), rate, round(rate / 100.0 * rules.onTimeWeight())));
            long[] c = cards.getOrDefault(u.unitId(), new long[4]);
            if (c[0] > 0) {
                items.add(new Item("yellow-cards", "黄牌 " + c[0] + " 张，每张扣 " + fmt(rules.perYellowCard()) + " 分", c[0], -c[0] * rules.perYellowCard()));
            }
            if (c[1] > 0) {
                items.add(new Item("red-cards", "红牌 " + c[1] + " 张，每张扣 " + fmt(rules.perRedCard()) + " 分", c[1], -c[1] * rules.perRedCard()));
            }
            if (c[2] > 0) {
                items.add(new Item("province-yellow-cards", "省级黄色督办（省级黄牌） " + c[2] + " 张，每张扣 " + fmt(rules.perProvinceYellowCard())
                        + " 分", c[2], -c[2] * rules.perProvinceYellowCard()));
            }
            if (c[3] > 0) {
                items.add(new Item("province-red-cards", "省级红色督办（省级红牌） " + c[3] + " 张，每张扣 " + fmt(rules.perProvinceRedCard())
                        + " 分", c[3], -c[3] * rules.perProvinceRedCard()));
            }
            long[] fd = findings.getOrDefault(u.unitId(), new long[2]);
            if (fd[0] > 0) {
                items.add(new Item("findings-closed", "整改销号 " + fd[0] + " 项，每项加 " + fmt(rules.perFindingClosed()) + " 分", fd[0], fd[0] * rules.perFindingClosed()));
            }
            if (fd[1] > 0) {
                items.add(new Item("findings-open", "整改未销号 " + fd[1] + " 项，每项扣 " + fmt(rules.perFindingOpen()) + " 分", fd[1], -fd[1] * rules.perFindingOpen()));
            }
            double total = round(items.stream().mapToDouble(Item::points).sum());
            if (total < rules.floor()) {
                // the floor is a rule of its own, shown as an item, so the basis still adds up to the score
                items.add(new Item("floor", "得分下限 " + fmt(rules.floor()) + " 分，超出部分的扣分不计", 1, round(rules.floor() - total)));
                total = rules.floor();
            }
            scores.add(new Score(u.unitId(), u.unitName(), start, end, total, items));
        }
        scores.sort(Comparator.comparingDouble(Score::score).reversed().thenComparing(Score::unitName));
        return scores;
    }

    private static String fmt(double points) {
        return points == Math.rint(points) ? Long.toString((long) points) : Double.toString(points);
    }

    private static double round(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
