package org.duban.web.withdraw;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The task page offers 撤销交办 exactly where task-service allows it. */
class WithdrawalTest {

    static Map<String, Object> assignment(String status, String replacedBy) {
        Map<String, Object> a = new HashMap<>();
        a.put("status", status);
        a.put("replacedBy", replacedBy);
        return a;
    }

    @Test
    void openWorkAndUnreassignedReturnsOnly() {
        for (String open : new String[] { "ASSIGNED", "ACCEPTED", "IN_PROGRESS", "REPORTED" }) {
            assertTrue(Withdrawal.allowed(assignment(open, null)), open);
        }
        assertTrue(Withdrawal.allowed(assignment("RETURNED", null)), "returned, not reassigned");
        assertFalse(Withdrawal.allowed(assignment("RETURNED", "5d2c0f0e-0000-0000-0000-000000000001")), "already reassigned");
        assertFalse(Withdrawal.allowed(assignment("COMPLETED", null)));
        assertFalse(Withdrawal.allowed(assignment("WITHDRAWN", null)));
    }
}
