package org.duban.task;

/**
 * The OpenAPI tags task-service's operations share across resource classes, each described once here (issue 22: a
 * tag per feature, described in the domain's words).
 */
public final class OpenApiTags {

    public static final String PLANS = "plans";

    public static final String PLANS_TEXT = "方案 — imported plans (county notices, provincial work points): the import (导入) with its dry run "
            + "and adoption date, the plans read, due dates revised in bulk";

    public static final String TASKS = "tasks";

    public static final String TASKS_TEXT = "任务 — the tasks of imported plans and those the office creates: read, corrected (upstream task, "
            + "milestones, reporting cadence)";

    public static final String ASSIGNMENTS = "assignments";

    public static final String ASSIGNMENTS_TEXT = "交办 — a task's share held by one unit (牵头 lead or 配合 co-responsible): 签收, 反馈, 复核, 退回, 改派, 延期, "
            + "办结, 撤销; each step is announced on duban.task.events";

    public static final String DESIGNATIONS = "designations";

    public static final String DESIGNATIONS_TEXT = "待明确 — a group's share of a task (e.g. 各乡镇人民政府) whose units are still to be named";

    private OpenApiTags() {
    }
}
