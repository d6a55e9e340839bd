package org.duban.web.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Each work-queue item leads to the page where it is acted on; the ids come from the item's REST path, strictly. */
class QueueLinksTest {

    static final String TASK = "11111111-1111-1111-1111-111111111111";
    static final String ASSIGNMENT = "22222222-2222-2222-2222-222222222222";
    static final String REQUEST = "33333333-3333-3333-3333-333333333333";
    static final String RECT = "44444444-4444-4444-4444-444444444444";

    static Map<String, Object> item(String kind, String href) {
        Map<String, Object> item = new HashMap<>();
        item.put("kind", kind);
        item.put("taskId", TASK);
        item.put("assignmentId", ASSIGNMENT);
        item.put("link", Map.of("service", "task-service", "method", "POST", "href", href));
        return item;
    }

    @Test
    void extensionRequestsReturnsAndReviewsLeadToTheTaskPageAtTheAssignment() {
        String decision = "/api/assignments/" + ASSIGNMENT + "/extensions/" + REQUEST + "/decision";
        assertEquals("/tasks/" + TASK + "#a-" + ASSIGNMENT, QueueLinks.pageOf(item("EXTENSION_REQUEST", decision)));
        assertEquals("/tasks/" + TASK + "#a-" + ASSIGNMENT, QueueLinks.pageOf(item("RETURNED", "/api/assignments/" + ASSIGNMENT + "/reassign")));
        assertEquals("/tasks/" + TASK + "#a-" + ASSIGNMENT, QueueLinks.pageOf(item("REPORT_REVIEW", "/api/assignments/" + ASSIGNMENT + "/review")));
        assertEquals(REQUEST, QueueLinks.requestId(decision));
    }

    @Test
    void rectificationReportsLeadToTheRectificationsPage() {
        String review = "/api/rectifications/" + RECT + "/review";
        assertEquals("/rectifications#r-" + RECT, QueueLinks.pageOf(item("RECTIFICATION_REVIEW", review)));
        assertEquals(RECT, QueueLinks.rectificationId(review));
    }

    @Test
    void provincialItemsHaveNoPageHereAndForeignPathsGiveNoIds() {
        assertNull(QueueLinks.pageOf(item("PROVINCIAL_TASK", "/api/provincial-tasks?state=ISSUED")));
        assertNull(QueueLinks.requestId("/api/assignments/" + ASSIGNMENT + "/extensions/" + REQUEST + "/decision/../../x"));
        assertNull(QueueLinks.requestId("https://evil.example/api/assignments/" + ASSIGNMENT + "/extensions/" + REQUEST + "/decision"));
        assertNull(QueueLinks.rectificationId(null));
        Map<String, Object> noTask = item("RETURNED", "/api/assignments/" + ASSIGNMENT + "/reassign");
        noTask.put("taskId", null);
        assertNull(QueueLinks.pageOf(noTask));
    }
}
