package org.duban.supervision.bulletin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.duban.platform.time.ChineseDates;
import org.duban.platform.time.ClockProducer;
import org.duban.platform.unit.UnitReplica;
import org.duban.supervision.Limits;
import org.duban.supervision.bulletin.BulletinFigures.CardLine;
import org.duban.supervision.bulletin.BulletinFigures.FindingLine;
import org.duban.supervision.bulletin.BulletinFigures.LaggingUnit;
import org.duban.supervision.bulletin.BulletinFigures.OverdueItem;
import org.duban.supervision.bulletin.BulletinFigures.UnitRow;
import org.duban.supervision.status.PlanView;

/** Draws a bulletin's figures from the read model with a few aggregate queries, and writes its draft text. */
@ApplicationScoped
public class BulletinDrafter {

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    private static final String SCOPE = """
            from assignment_status a left join unit_successor us on us.unit_id = a.unit_id
            where a.status not in ('WITHDRAWN', 'RETURNED') and a.assigned_at < :endEx
              and (cast(:plan as uuid) is null or a.plan_id = cast(:plan as uuid))""";

    public BulletinFigures figures(LocalDate start, LocalDate end, UUID planId) {
        Instant startAt = start.atStartOfDay(ClockProducer.COUNTY_ZONE).toInstant();
        Instant endEx = end.plusDays(1).atStartOfDay(ClockProducer.COUNTY_ZONE).toInstant();
        var plan = new org.hibernate.query.TypedParameterValue<>(org.hibernate.type.StandardBasicTypes.STRING,
                planId == null ? null : planId.toString());

        List<?> perUnit = em.createNativeQuery("""
                select coalesce(us.survivor_id, a.unit_id),
                       count(*),
                       count(*) filter (where a.due_at < :endEx),
                       count(*) filter (where a.completed_at < :endEx),
                       count(*) filter (where a.due_at < :endEx and a.completed_at < :endEx and a.on_time),
                       count(*) filter (where a.due_at < :endEx and a.missed_open > 0 and a.completed_at is null),
                       count(*) filter (where a.due_at >= :start and a.due_at < :endEx)
                """ + SCOPE + " group by 1")
                .setParameter("endEx", Timestamp.from(endEx)).setParameter("start", Timestamp.from(startAt))
                .setParameter("plan", plan).getResultList();
        long tasks = ((Number) em.createNativeQuery("select count(distinct a.task_id) " + SCOPE)
                .setParameter("endEx", Timestamp.from(endEx)).setParameter("plan", plan).getSingleResult()).longValue();

        Set<UUID> unitIds = new HashSet<>();
        perUnit.forEach(r -> unitIds.add((UUID) ((Object[]) r)[0]));
        List<?> overdueRows = em.createNativeQuery("""
                select coalesce(us.survivor_id, a.unit_id), a.assignment_id, a.task_number, a.task_title, a.due_at,
                       (select s.annex from plan_section s where s.section_id = a.section_id)
                """ + SCOPE + " and a.due_at < :endEx and a.missed_open > 0 and a.completed_at is null"
                + " order by 1, a.due_at, a.task_number")
                .setParameter("endEx", Timestamp.from(endEx)).setParameter("plan", plan).getResultList();
        List<?> cardRows = em.createNativeQuery("""
                select w.warning_id, coalesce(us.survivor_id, w.unit_id), w.color, w.reason, w.issued_at from warning w
                left join unit_successor us on us.unit_id = w.unit_id
                where w.issued_at >= :start and w.issued_at < :endEx and not w.annulled order by w.issued_at, w.warning_id""")
                .setParameter("start", Timestamp.from(startAt)).setParameter("endEx", Timestamp.from(endEx)).getResultList();
        List<?> findingRows = em.createNativeQuery("""
                select f.finding_id, i.title, coalesce(us.survivor_id, f.unit_id), f.text, f.recorded_at from finding f
                join inspection i on i.inspection_id = f.inspection_id
                left join unit_successor us on us.unit_id = f.unit_id
                where f.recorded_at >= :start and f.recorded_at < :endEx order by f.recorded_at, f.finding_id""")
                .setParameter("start", Timestamp.from(startAt)).setParameter("endEx", Timestamp.from(endEx)).getResultList();
        cardRows.forEach(r -> unitIds.add((UUID) ((Object[]) r)[1]));
        findingRows.forEach(r -> unitIds.add((UUID) ((Object[]) r)[2]));
        Map<UUID, String> names = UnitReplica.namesOf(unitIds);

        List<UnitRow> rows = new ArrayList<>();
        long assignments = 0, due = 0, completed = 0, onTime = 0, overdue = 0, dueInPeriod = 0;
        for (Object o : perUnit) {
            Object[] r = (Object[]) o;
            UUID unit = (UUID) r[0];
            long n = n(r[1]), d = n(r[2]), c = n(r[3]), t = n(r[4]), late = n(r[5]);
            assignments += n;
            due += d;
            completed += c;
            onTime += t;
            overdue += late;
            dueInPeriod += n(r[6]);
            rows.add(new UnitRow(0, unit, names.getOrDefault(unit, unit.toString()), n, d, c, t, late,
                    BulletinFigures.rate(c, n), BulletinFigures.rate(t, d)));
        }
        rows.sort(Comparator.comparing((UnitRow r) -> r.onTimeRate() == null ? -1.0 : r.onTimeRate()).reversed()
                .thenComparing(r -> r.completionRate() == null ? -1.0 : r.completionRate(), Comparator.reverseOrder())
                .thenComparing(UnitRow::unitName));
        List<UnitRow> ranked = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            UnitRow r = rows.get(i);
            ranked.add(new UnitRow(i + 1, r.unitId(), r.unitName(), r.assignments(), r.due(), r.completed(), r.onTime(),
                    r.overdue(), r.completionRate(), r.onTimeRate()));
        }

        Map<UUID, List<OverdueItem>> byUnit = new LinkedHashMap<>();
        for (Object o : overdueRows) {
            Object[] r = (Object[]) o;
            byUnit.computeIfAbsent((UUID) r[0], k -> new ArrayList<>())
                    .add(new OverdueItem((UUID) r[1], (String) r[2], (String) r[3], instant(r[4]), (String) r[5]));
        }
        List<LaggingUnit> lagging = new ArrayList<>();
        byUnit.forEach((unit, items) -> lagging.add(new LaggingUnit(unit, names.getOrDefault(unit, unit.toString()), items)));
        lagging.sort(Comparator.comparing((LaggingUnit l) -> l.items().size()).reversed().thenComparing(LaggingUnit::unitName));

        List<CardLine> cards = new ArrayList<>();
        long yellow = 0, red = 0;
        for (Object o : cardRows) {
            Object[] r = (Object[]) o;
            UUID unit = (UUID) r[1];
            String color = (String) r[2];
            if ("RED".equals(color)) {
                red++;
            } else {
                yellow++;
            }
            cards.add(new CardLine((UUID) r[0], unit, names.getOrDefault(unit, unit.toString()), color, (String) r[3], instant(r[4])));
        }
        List<FindingLine> findings = new ArrayList<>();
        for (Object o : findingRows) {
            Object[] r = (Object[]) o;
            UUID unit = (UUID) r[2];
            findings.add(new FindingLine((UUID) r[0], (String) r[1], unit, names.getOrDefault(unit, unit.toString()), (String) r[3],
                    instant(r[4])));
        }
        String planTitle = planId == null ? null : PlanView.<PlanView> findByIdOptional(planId).map(p -> p.title).orElse(null);
        return new BulletinFigures(start, end, planId, planTitle, clock.instant(), tasks, assignments, due, completed, onTime,
                overdue, BulletinFigures.rate(completed, assignments), BulletinFigures.rate(onTime, due), ranked, lagging, yellow,
                red, cards, findings, dueInPeriod);
    }

    /** A lagging unit's overdue items named in the text; the rest are counted (the workbook lists them all). */
    static final int ITEMS_PER_UNIT = 10;
    /** A finding's text as the bulletin quotes it (its first line, cut here); the workbook has it whole. */
    static final int FINDING_CHARS = 120;
    static final String CUT_NOTE = "……（以下从略，详见通报附表）\n";

    /** The draft text the supervisor edits before publishing; never longer than an edit may be. */
    public static String text(BulletinFigures f) {
        StringBuilder t = new StringBuilder();
        t.append("（").append(ChineseDates.day(f.periodStart())).append("至").append(ChineseDates.day(f.periodEnd())).append("）");
        if (f.planTitle() != null) {
            t.append("《").append(f.planTitle()).append("》");
        }
        t.append("\n一、总体情况\n");
        // "期内到期" would be wrong for work due before the period: the cumulative figure says 截至, the period's own says 本期
        t.append("共涉及任务 ").append(f.tasks()).append(" 项、交办 ").append(f.assignments()).append(" 件；截至")
                .append(ChineseDates.day(f.periodEnd())).append("累计到期 ").append(f.due()).append(" 件");
        if (f.dueInPeriod() != null) {
            t.append("（其中本期到期 ").append(f.dueInPeriod()).append(" 件）");
        }
        t.append("；已办结 ").append(f.completed()).append(" 件，按时办结 ").append(f.onTime()).append(" 件，逾期未办结 ")
                .append(f.overdue()).append(" 件。办结率 ").append(pct(f.completionRate())).append("，按时办结率 ")
                .append(pct(f.onTimeRate())).append("。\n");
        t.append("二、各单位排名（按时办结率）\n");
        for (UnitRow r : f.units()) {
            t.append(r.rank()).append(". ").append(r.unitName()).append("：交办 ").append(r.assignments()).append(" 件，到期 ")
                    .append(r.due()).append(" 件，按时 ").append(r.onTime()).append(" 件，逾期 ").append(r.overdue())
                    .append(" 件，按时办结率 ").append(pct(r.onTimeRate())).append("\n");
        }
        t.append("三、进度滞后单位\n");
        if (f.lagging().isEmpty()) {
            t.append("无。\n");
        }
        for (LaggingUnit l : f.lagging()) {
            t.append(l.unitName()).append("（逾期 ").append(l.items().size()).append(" 件）：");
            List<String> items = l.items().stream().limit(ITEMS_PER_UNIT)
                    .map(i -> i.numberWithAnnex() + short_(i.taskTitle(), 40) + "（时限" + ChineseDates.day(i.dueAt()) + "）").toList();
            t.append(String.join("；", items));
            if (l.items().size() > ITEMS_PER_UNIT) {
                t.append("等 ").append(l.items().size()).append(" 件（详见附表“滞后事项”）");
            }
            t.append("\n");
        }
        t.append("四、红黄牌\n期内发出黄牌 ").append(f.yellowCards()).append(" 张、红牌 ").append(f.redCards()).append(" 张。\n");
        t.append("五、督查发现问题\n");
        if (f.findings().isEmpty()) {
            t.append("无。\n");
        }
        for (FindingLine l : f.findings()) {
            t.append(l.unitName()).append("（").append(l.inspectionTitle()).append("）：").append(short_(l.text(), FINDING_CHARS))
                    .append("\n");
        }
        return fitted(t);
    }

    /**
     * The draft must stay editable: {@code PUT /api/bulletins/{id}} takes at most {@link Limits#BULLETIN_TEXT} characters.
     * Long lists are already cut above; this is the last guard, at a line's end, pointing to the workbook's full tables.
     */
    static String fitted(StringBuilder t) {
        if (t.length() <= Limits.BULLETIN_TEXT) {
            return t.toString();
        }
        int room = Limits.BULLETIN_TEXT - CUT_NOTE.length();
        int lineEnd = t.lastIndexOf("\n", room - 1);
        return t.substring(0, lineEnd < 0 ? room : lineEnd + 1) + CUT_NOTE;
    }

    private static String short_(String text, int chars) {
        if (text == null) {
            return "";
        }
        String first = text.strip().split("\n")[0];
        return first.length() > chars ? first.substring(0, chars) + "…" : first;
    }

    public static String pct(Double rate) {
        return rate == null ? "—" : rate + "%";
    }

    private static long n(Object o) {
        return ((Number) o).longValue();
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Timestamp ts) {
            return ts.toInstant();
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return Instant.parse(o.toString());
    }
}
