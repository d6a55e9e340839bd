package org.duban.web.queue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a work-queue item (notification-service's {@code GET /api/work-queue}) is acted on in the browser. The item
 * names the REST path to call ({@code link.href}); the page turns it into a page of this workspace — and reads the
 * ids it needs (an extension request, a rectification) from that path with a strict pattern, never passing the path on.
 */
public final class QueueLinks {

    private static final String UUID = "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})";
    private static final Pattern DECISION = Pattern.compile("^/api/assignments/" + UUID + "/extensions/" + UUID + "/decision$");
    private static final Pattern RECTIFICATION = Pattern.compile("^/api/rectifications/" + UUID + "/review$");

    private QueueLinks() {
    }

    /** The page where the item is acted on, or null when the workspace has no page for it yet (provincial tasks). */
    public static String pageOf(Map<String, Object> item) {
        String kind = String.valueOf(item.get("kind"));
        Object task = item.get("taskId");
        Object assignment = item.get("assignmentId");
        return switch (kind) {
            case "EXTENSION_REQUEST", "RETURNED", "REPORT_REVIEW" -> task == null ? null
                    : "/tasks/" + task + (assignment == null ? "" : "#a-" + assignment);
            case "RECTIFICATION_REVIEW" -> {
                String id = rectificationId(href(item));
                yield id == null ? "/rectifications" : "/rectifications#r-" + id;
            }
            default -> null;
        };
    }

    /** The extension request an EXTENSION_REQUEST item is about (from its decision path), or null. */
    public static String requestId(String href) {
        Matcher m = href == null ? null : DECISION.matcher(href);
        return m != null && m.matches() ? m.group(2) : null;
    }

    /** The rectification a RECTIFICATION_REVIEW item is about (from its review path), or null. */
    public static String rectificationId(String href) {
        Matcher m = href == null ? null : RECTIFICATION.matcher(href);
        return m != null && m.matches() ? m.group(1) : null;
    }

    @SuppressWarnings("unchecked")
    static String href(Map<String, Object> item) {
        Object link = item.get("link");
        return link instanceof Map<?, ?> l ? (String) ((Map<String, Object>) l).get("href") : null;
    }
}
