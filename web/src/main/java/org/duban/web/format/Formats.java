package org.duban.web.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.quarkus.qute.TemplateExtension;

/**
 * How the pages write dates, states and roles: in Chinese, in Asia/Shanghai ({@code 2021年12月31日}). The services
 * answer ISO-8601 instants ({@code 2021-12-31T15:59:59Z}) or dates; a template writes {@code {fmt:date(task.dueAt)}}
 * (a namespace, so a missing value is simply empty).
 */
@TemplateExtension(namespace = "fmt")
public class Formats {

    /** The county's zone. */
    private static final ZoneId ZONE = Dates.ZONE;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

    /** An instant or a date as {@code 2021年12月31日} in Beijing time; empty for null. */
    public static String date(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        try {
            return s.length() <= 10 ? LocalDate.parse(s).format(DATE) : Instant.parse(s).atZone(ZONE).format(DATE);
        } catch (DateTimeParseException e) {
            return s;
        }
    }

    /** An instant as {@code 2021年12月31日 23:59} in Beijing time. */
    public static String dateTime(Object value) {
        if (value == null) {
            return "";
        }
        try {
            return Instant.parse(value.toString()).atZone(ZONE).format(DATE_TIME);
        } catch (DateTimeParseException e) {
            return value.toString();
        }
    }

    /** A report's 复核 state (task-service's {@code reviewStatus}; none yet is pending). */
    public static String reviewName(Object review) {
        return switch (review == null ? "PENDING" : review.toString()) {
            case "APPROVED" -> "复核通过";
            case "SENT_BACK" -> "已退回重报";
            default -> "待复核";
        };
    }

    /** An assignment's state (task-service's or the board's) in the office's words. */
    public static String statusName(Object status) {
        if (status == null) {
            return "";
        }
        return switch (status.toString()) {
            case "ASSIGNED", "OPEN" -> "待签收";
            case "ACCEPTED" -> "已签收";
            case "RETURNED" -> "已退回";
            case "IN_PROGRESS" -> "办理中";
            case "REPORTED" -> "已反馈";
            case "OVERDUE" -> "已逾期";
            case "COMPLETED" -> "已办结";
            case "WITHDRAWN" -> "已撤回";
            default -> status.toString();
        };
    }

    public static String roleName(Object role) {
        if (role == null) {
            return "";
        }
        return switch (role.toString()) {
            case "LEAD" -> "牵头";
            case "CO_RESPONSIBLE" -> "责任";
            default -> role.toString();
        };
    }

    public static String lightName(Object light) {
        if (light == null) {
            return "";
        }
        return switch (light.toString()) {
            case "GREEN" -> "绿灯";
            case "YELLOW" -> "黄灯";
            case "RED" -> "红灯";
            default -> light.toString();
        };
    }

    /** The CSS class of a light. */
    public static String lightClass(Object light) {
        return light == null ? "" : "light-" + light.toString().toLowerCase();
    }
}
