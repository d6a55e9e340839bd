package org.duban.supervision.bulletin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What a bulletin (通报) says, drawn from live data as of {@code asOf}. Scope: assignments of the plan (or all)
 * assigned before the period ends, not withdrawn or returned. {@code due}: those whose deadline falls on or
 * before the period's last day (cumulative), {@code dueInPeriod}: of those, the ones whose deadline falls inside the period;
 * {@code completed}: done by the end of the period; {@code onTime}: due ones done on
 * time; {@code overdue}: due ones with a missed deadline not caught up. Completion rate = completed / assignments;
 * on-time rate = onTime / due (null when nothing was due). Rates are percentages with one decimal.
 */
public record BulletinFigures(LocalDate periodStart, LocalDate periodEnd, UUID planId, String planTitle, Instant asOf,
        long tasks, long assignments, long due, long completed, long onTime, long overdue, Double completionRate,
        Double onTimeRate, List<UnitRow> units, List<LaggingUnit> lagging, long yellowCards, long redCards,
        List<CardLine> cards, List<FindingLine> findings, Long dueInPeriod) {

    /** One line of the per-unit table, ranked by on-time rate (units with nothing due last). */
    public record UnitRow(int rank, UUID unitId, String unitName, long assignments, long due, long completed, long onTime,
            long overdue, Double completionRate, Double onTimeRate) {
    }

    public record LaggingUnit(UUID unitId, String unitName, List<OverdueItem> items) {
    }

    /** {@code annex} (附件1) with {@code taskNumber} (（三）) names the task: two annexes may both have a （三）. */
    public record OverdueItem(UUID assignmentId, String taskNumber, String taskTitle, Instant dueAt, String annex) {

        /** 附件1（三）, or the number alone outside an annex. */
        public String numberWithAnnex() {
            return (annex == null ? "" : annex) + (taskNumber == null ? "" : taskNumber);
        }
    }

    public record CardLine(UUID warningId, UUID unitId, String unitName, String color, String reason, Instant issuedAt) {
    }

    public record FindingLine(UUID findingId, String inspectionTitle, UUID unitId, String unitName, String text, Instant recordedAt) {
    }

    public static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }
}
