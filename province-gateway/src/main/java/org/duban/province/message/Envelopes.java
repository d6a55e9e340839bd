package org.duban.province.message;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * Reads a province → county message and checks it against docs/province-api.md §3–§4; every problem is a code-2
 * {@link Refusal} naming the field with its path ({@code payload.level}).
 */
public final class Envelopes {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    static final Set<String> CADENCES = Set.of("MONTHLY", "QUARTERLY", "HALF_YEARLY", "YEARLY", "NONE");

    private Envelopes() {
    }

    /** The JSON object of a body, or a code-2 refusal for anything else. */
    public static ObjectNode parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw Refusal.invalid("body", "not valid JSON (" + firstLine(e.getMessage()) + ")", null);
        }
        if (root == null || !root.isObject()) {
            throw Refusal.invalid("body", "must be a JSON object", null);
        }
        return (ObjectNode) root;
    }

    public static ObjectNode parse(String body) {
        return parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The {@code msgId} if it is usable (for the answer), else null. */
    public static String msgIdOf(ObjectNode root) {
        JsonNode id = root.get("msgId");
        return id != null && id.isTextual() && !id.textValue().isBlank() && id.textValue().length() <= 64 ? id.textValue() : null;
    }

    /** The envelope and its payload, fully checked, for a message the province sends. */
    public static Envelope inbound(ObjectNode root) {
        String msgId = msgIdOf(root);
        try {
            Fields f = new Fields(root, "");
            msgId = f.text("msgId", true, 64);
            String typeName = f.text("msgType", true, 64);
            MessageType type = MessageType.of(typeName).filter(MessageType::fromProvince)
                    .orElseThrow(() -> f.invalid("msgType", "unknown type " + typeName
                            + " (province → county: TASK_ISSUE, URGE, SUPERVISE, EXTENSION_DECISION, REVIEW_RESULT, TASK_REVOKE)"));
            String provTaskId = f.text("provTaskId", true, 64);
            String sendTimeText = f.text("sendTime", true, 14);
            var sendTime = f.instant("sendTime", true);
            String senderOrg = f.text("senderOrg", true, 64);
            String receiverOrg = f.text("receiverOrg", true, 64);
            String schemaVersion = f.text("schemaVersion", true, 16);
            if (!schemaVersion.equals("1.0") && !schemaVersion.startsWith("1.")) {
                throw f.invalid("schemaVersion", "must be 1.0");
            }
            JsonNode payload = root.get("payload");
            if (payload == null || payload.isNull()) {
                throw f.invalid("payload", "required");
            }
            if (!payload.isObject()) {
                throw f.invalid("payload", "must be an object");
            }
            attachments(root.get("attachments"));
            payload(type, new Fields(payload, "payload"));
            return new Envelope(msgId, type, provTaskId, sendTime, sendTimeText, senderOrg, receiverOrg, schemaVersion, (ObjectNode) payload);
        } catch (Fields.Invalid e) {
            throw Refusal.invalid(e.field, e.getMessage(), msgId);
        }
    }

    private static void attachments(JsonNode list) {
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            throw new Fields.Invalid("attachments", "must be an array");
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode a = list.get(i);
            String at = "attachments[" + i + "]";
            if (!a.isObject()) {
                throw new Fields.Invalid(at, "must be an object");
            }
            Fields f = new Fields(a, at);
            f.text("name", true, 256);
            f.text("url", true, 2048);
            String sm3 = f.text("sm3", false, 64);
            if (sm3 != null && !HEX64.matcher(sm3).matches()) {
                throw f.invalid("sm3", "must be 64 lowercase hex digits");
            }
            f.integer("size", false, 0, Long.MAX_VALUE);
        }
    }

    /** The payload's fields by type (§4). */
    private static void payload(MessageType type, Fields p) {
        switch (type) {
            case TASK_ISSUE -> {
                p.text("title", true, 2000);
                for (String name : new String[] {"documentNumber", "documentTitle", "sectionLabel", "sectionTitle", "taskNumber",
                        "leadDepartment", "responsibleDepartments", "deadlineText"}) {
                    p.text(name, false, 2000);
                }
                p.text("text", false, 100_000);
                p.deadline("deadline", false);
                p.oneOf("reportCadence", false, CADENCES, "MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY or NONE");
                p.integer("reportDay", false, 1, 31);
            }
            case URGE -> {
                p.text("reason", true, 4000);
                p.instant("replyBy", false);
            }
            case SUPERVISE -> {
                p.oneOf("level", true, Set.of("YELLOW", "RED"), "YELLOW or RED");
                p.text("reason", true, 4000);
            }
            case EXTENSION_DECISION -> {
                p.text("requestMsgId", true, 64);
                p.bool("approved", true);
                p.deadline("deadline", true);
                p.text("note", false, 4000);
            }
            case REVIEW_RESULT -> {
                String result = p.oneOf("result", true, Set.of("PASSED", "REJECTED"), "PASSED or REJECTED");
                p.text("remarks", "REJECTED".equals(result), 4000);
            }
            case TASK_REVOKE -> p.text("reason", true, 4000);
            default -> throw new IllegalArgumentException(type + " is not sent by the province");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
