package org.duban.web.withdraw;

import java.util.List;
import java.util.Map;

/**
 * Whether the office may withdraw an assignment (撤销交办), as task-service allows it: any open status, or RETURNED
 * not yet reassigned. The task page offers the button only then.
 */
public final class Withdrawal {

    static final List<String> OPEN = List.of("ASSIGNED", "ACCEPTED", "IN_PROGRESS", "REPORTED");

    private Withdrawal() {
    }

    public static boolean allowed(Map<String, Object> assignment) {
        Object status = assignment.get("status");
        return OPEN.contains(String.valueOf(status)) || "RETURNED".equals(status) && assignment.get("replacedBy") == null;
    }
}
