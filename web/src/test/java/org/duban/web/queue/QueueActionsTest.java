package org.duban.web.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** 改派's new 完成时限 from the form's day: the end of that day in Beijing, as task-service reads a date alone. */
class QueueActionsTest {

    @Test
    void aDayIsItsLastSecondInBeijing() {
        assertEquals("2027-06-30T15:59:59Z", QueueActions.dueDate("2027-06-30"));
        assertNull(QueueActions.dueDate(""), "none given: the task's due date holds");
        assertNull(QueueActions.dueDate(null));
    }

    @Test
    void aMalformedDayIsPassedOnForTaskServiceToName() {
        assertEquals("30.06.2027", QueueActions.dueDate("30.06.2027"));
    }
}
