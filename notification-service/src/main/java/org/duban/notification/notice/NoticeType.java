package org.duban.notification.notice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The kinds of notice (通知) and the data each one's template takes. The template is
 * {@code templates/notices/<NAME>.txt}: its first line is the subject, the rest the text. {@link #sample()} is
 * what the preview endpoint renders it with.
 */
public enum NoticeType {
    ASSIGNED("新交办任务", "taskTitle", "建设“互联网+督查”平台", "taskNumber", "（一）", "role", "牵头单位", "due", "2021年12月31日前完成"),
    APPROACHING("任务临近时限", "taskTitle", "建设“互联网+督查”平台", "dueLabel", "完成时限", "due", "2021年12月31日", "daysLeft", "3"),
    OVERDUE("任务逾期（催办）", "taskTitle", "建设“互联网+督查”平台", "unitName", "县政务服务中心", "due", "2021年12月31日",
            "daysOverdue", "3", "stage", "逾期第3天催办"),
    RECOVERED("逾期已解除", "taskTitle", "建设“互联网+督查”平台", "how", "已反馈进展"),
    RETURNED("任务被退回", "taskTitle", "建设“互联网+督查”平台", "unitName", "县教育局", "reason", "不属于本单位职责"),
    /** 复核退回: the lead unit sent the unit's progress report back. */
    REPORT_SENT_BACK("进展报告被退回", "taskTitle", "建设“互联网+督查”平台", "note", "缺少佐证材料"),
    /** 延期申请: a unit asked for a later due date; to the supervision office at once (workqueue/WorkQueue). */
    EXTENSION_REQUESTED("延期申请待审批", "taskTitle", "建设“互联网+督查”平台", "unitName", "县教育局", "currentDue", "2021年12月31日",
            "requestedDue", "2022年3月31日", "reason", "项目用地审批尚未完成"),
    EXTENSION("延期申请结果", "taskTitle", "建设“互联网+督查”平台", "decision", "获得同意", "due", "2022年3月31日", "note", "审批意见：请按新时限完成。"),
    /** A deadline counted in working days moved when its year's calendar was entered (task-service's DueDateChanged). */
    DUE_DATE_CHANGED("任务完成时限调整", "taskTitle", "完成年度政务服务事项清单梳理", "oldDue", "2027年1月6日", "newDue", "2027年1月8日",
            "reason", "2027年工作日历已录入，按工作日重新计算期限", "chase", "原时限的逾期催办随之终止。"),
    /** From 1 December next year's working-day calendar is not known (CalendarYearUnknown): to the admin and the office. */
    CALENDAR_UNKNOWN("下一年度工作日历尚未录入", "year", "2027", "checkedOn", "2026年12月1日"),
    WARNING("预警通知（红黄牌）", "color", "黄牌", "reason", "连续两期未反馈进展", "unitName", "县卫生健康局"),
    INSPECTION("督查检查通知", "title", "第三季度重点任务督查", "startsAt", "2021年9月15日", "unitName", "县教育局"),
    RECTIFICATION("整改通知", "requirement", "补齐台账并报送整改情况", "due", "2021年10月15日", "unitName", "县卫生健康局"),
    BULLETIN("督查通报", "title", "2021年第三季度重点任务推进情况通报", "period", "2021年7月1日至2021年9月30日", "unitName", "县教育局"),
    /** 撤销交办: the supervision office withdrew the unit's assignment (AssignmentWithdrawn), with the reason. */
    WITHDRAWN("撤销交办", "taskTitle", "建设“互联网+督查”平台", "unitName", "县教育局", "reason", "交办有误，该事项不属县级事权"),
    /** An announced inspection was cancelled (InspectionCancelled): to each unit it was to inspect. */
    INSPECTION_CANCELLED("督查检查取消", "title", "第三季度重点任务督查", "startsAt", "2021年9月15日", "reason", "与上级督查时间冲突",
            "unitName", "县教育局"),
    TRANSFERRED("任务移交", "taskTitle", "招商引资", "reason", "县经济局并入县商科工信局", "how", "移交贵单位办理", "due", "2021年12月31日前完成"),
    /** 省级催办: the province urged a provincial task; to the supervision office and each lead unit of its county tasks. */
    PROVINCE_URGED("省级催办", "taskNumber", "（六）", "title", "深化“放管服”改革，持续优化营商环境", "urgedAt", "2021年11月20日",
            "reason", "工作进度滞后于序时进度", "replyBy", "2021年11月30日", "countyTasks", "（五）", "leadUnits", "县政务服务中心",
            "unitName", "县政务服务中心", "forOffice", ""),
    /** 省级督办: the province put a provincial task under yellow or red supervision; same audience as PROVINCE_URGED. */
    PROVINCE_SUPERVISED("省级督办", "level", "红色督办", "taskNumber", "（六）", "title", "深化“放管服”改革，持续优化营商环境",
            "urgedAt", "2021年12月5日", "reason", "经催办后仍未按期完成", "replyBy", "", "countyTasks", "（五）", "leadUnits", "县政务服务中心",
            "unitName", "县政务服务中心", "forOffice", ""),
    /** One message listing every waiting notice of a recipient (每日汇总). */
    DIGEST("每日通知汇总", "unitName", "县政务服务中心", "count", "2");

    private final String label;
    private final Map<String, String> sample;

    NoticeType(String label, String... sample) {
        this.label = label;
        this.sample = new LinkedHashMap<>();
        for (int i = 0; i + 1 < sample.length; i += 2) {
            this.sample.put(sample[i], sample[i + 1]);
        }
    }

    /** The notice's name in the county's words. */
    public String label() {
        return label;
    }

    /** Sample data for the preview: every parameter the template uses. */
    public Map<String, String> sample() {
        return Map.copyOf(sample);
    }

    public String template() {
        return "notices/" + name();
    }
}
