package org.duban.web.api;

import java.util.List;

/**
 * A service refused or failed a call. {@code status} is the service's HTTP status (503 when it did not answer);
 * {@code detail} and {@code fields} come from its RFC 9457 problem, so a page can say which field was at fault.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String detail;
    private final List<String> fields;

    public ApiException(int status, String detail, List<String> fields) {
        super(status + ": " + detail);
        this.status = status;
        this.detail = detail;
        this.fields = List.copyOf(fields);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    public List<String> fields() {
        return fields;
    }

    /** What the page tells the user, in Chinese, with the service's own words after it. */
    public String message() {
        String head = switch (status) {
            case 400, 422 -> "输入有误";
            case 401 -> "登录已过期，请重新登录";
            case 403 -> "无权进行此操作";
            case 404 -> "未找到";
            case 409 -> "状态已变化，请刷新后重试";
            case 413 -> "文件过大";
            case 503 -> "服务暂不可用，请稍后重试";
            default -> "操作失败";
        };
        String where = fields.isEmpty() ? "" : "（" + String.join("、", fields) + "）";
        return head + where + (detail == null || detail.isBlank() ? "" : "：" + detail);
    }
}
