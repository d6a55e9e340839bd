package org.duban.notification.workqueue;

/**
 * The kinds of thing that wait in a work queue (待办), with their name in the county's words and how one acts on them:
 * the service that serves the action and the HTTP method of its path (the path itself is on each item).
 */
public enum WorkKind {
    /** 延期申请待审批: the office approves or rejects ({@code POST /api/assignments/{id}/extensions/{requestId}/decision}). */
    EXTENSION_REQUEST("延期申请待审批", "task-service", "POST"),
    /** 退回待改派: the office reassigns ({@code POST /api/assignments/{id}/reassign}) — or withdraws. */
    RETURNED("退回待改派", "task-service", "POST"),
    /** 进展反馈待复核: the lead unit reviews a co-unit's report, the office a lead unit's ({@code POST /api/assignments/{id}/review}). */
    REPORT_REVIEW("进展反馈待复核", "task-service", "POST"),
    /** 整改报告待复核: the office re-checks a rectification ({@code POST /api/rectifications/{id}/review}). */
    RECTIFICATION_REVIEW("整改报告待复核", "supervision-service", "POST"),
    /**
     * 省级任务待签收: the province issued a task; the office signs for it or returns it. Only the provincial serial number
     * (provTaskId) is known here, so the link is the list of provincial tasks waiting ({@code GET /api/provincial-tasks?state=ISSUED}).
     */
    PROVINCIAL_TASK("省级任务待签收", "task-service", "GET"),
    /** 省级催办待回复: the county answers by sending progress ({@code POST /api/provincial-tasks/{id}/progress}). */
    PROVINCE_URGED("省级催办待回复", "task-service", "POST"),
    /** 省级督办待回复: as PROVINCE_URGED. */
    PROVINCE_SUPERVISED("省级督办待回复", "task-service", "POST");

    private final String label;
    private final String service;
    private final String method;

    WorkKind(String label, String service, String method) {
        this.label = label;
        this.service = service;
        this.method = method;
    }

    public String label() {
        return label;
    }

    public String service() {
        return service;
    }

    public String method() {
        return method;
    }
}
