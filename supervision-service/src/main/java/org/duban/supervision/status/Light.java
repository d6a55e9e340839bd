package org.duban.supervision.status;

import java.time.Duration;
import java.time.Instant;

import org.duban.supervision.config.SupervisionConfig;

/** 红黄绿灯 of one assignment, computed from its status row and the time now. */
public enum Light {
    GREEN, YELLOW, RED;

    /** Null for a withdrawn or returned assignment: it no longer counts. */
    public static Light of(AssignmentStatus s, Instant now, SupervisionConfig.Lights rules) {
        if (s.status == AssignmentStatus.Status.WITHDRAWN || s.status == AssignmentStatus.Status.RETURNED) {
            return null;
        }
        if (s.completedAt != null) {
            return GREEN;
        }
        if (s.missedOpen > 0) {
            return RED;
        }
        if (s.recoveredAt != null) {
            return YELLOW; // red returns to yellow, not green, when the unit catches up
        }
        if (s.dueAt == null) {
            return GREEN;
        }
        if (s.lastReportedAt == null && !now.isBefore(s.dueAt.minus(rules.approaching()))) {
            return YELLOW;
        }
        if (s.lastReportedAt != null && s.percentComplete + rules.lagTolerance() < expectedPercent(s, now)) {
            return YELLOW;
        }
        return GREEN;
    }

    /** 序时进度: the share of the time between assignment and deadline that has passed, in percent. */
    public static int expectedPercent(AssignmentStatus s, Instant now) {
        if (s.dueAt == null || s.assignedAt == null) {
            return 0;
        }
        long total = Duration.between(s.assignedAt, s.dueAt).toMillis();
        long gone = Duration.between(s.assignedAt, now).toMillis();
        if (total <= 0 || gone >= total) {
            return 100;
        }
        return gone <= 0 ? 0 : (int) (gone * 100 / total);
    }
}
