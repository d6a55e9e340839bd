package org.duban.provincesim;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parameter checks of docs/province-api.md §3–§5 on a received envelope; a failure is the code-2 {@code msg}
 * naming the field, e.g. {@code payload.level: must be YELLOW or RED}. Hand-written rather than a JSON-Schema
 * library: a schema would be a second copy of the spec to keep in step, and these few rules read like the spec.
 */
final class Validation {

    static final Set<String> PROVINCE_TYPES = Set.of("TASK_ISSUE", "URGE", "SUPERVISE", "EXTENSION_DECISION",
            "REVIEW_RESULT", "TASK_REVOKE");
    static final Set<String> COUNTY_TYPES = Set.of("RECEIPT", "RETURN", "PROGRESS", "EXTENSION_REQUEST", "COMPLETE");
    static final Set<String> CADENCES = Set.of("MONTHLY", "QUARTERLY", "HALF_YEARLY", "YEARLY", "NONE");

    static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);

    private Validation() {
    }

    /** Null when the envelope is valid for a receiver playing {@code receiver}; else "field: problem". */
    static String check(JsonNode env, Settings settings) {
        if (env == null || !env.isObject()) {
            return "body: must be a JSON object";
        }
        String e;
        if ((e = text(env, "msgId", 64)) != null
                || (e = requiredText(env, "msgType")) != null
                || (e = text(env, "provTaskId", 64)) != null) {
            return e;
        }
        Set<String> types = settings.role() == Settings.Role.PROVINCE ? COUNTY_TYPES : PROVINCE_TYPES;
        String msgType = env.get("msgType").asText();
        if (!types.contains(msgType)) {
            return "msgType: unknown type " + msgType + " (expected one of " + String.join(", ", sorted(types)) + ")";
        }
        if ((e = requiredText(env, "sendTime")) != null) {
            return e;
        }
        if (!isInstant(env.get("sendTime").asText())) {
            return "sendTime: must be yyyyMMddHHmmss";
        }
        if ((e = requiredText(env, "senderOrg")) != null || (e = requiredText(env, "receiverOrg")) != null) {
            return e;
        }
        if (!env.get("senderOrg").asText().equals(settings.peerOrg())) {
            return "senderOrg: not the organisation registered for this app key";
        }
        if (!env.get("receiverOrg").asText().equals(settings.ownOrg())) {
            return "receiverOrg: not this platform's organisation (" + settings.ownOrg() + ")";
        }
        if ((e = requiredText(env, "schemaVersion")) != null) {
            return e;
        }
        if (!"1.0".equals(env.get("schemaVersion").asText())) {
            return "schemaVersion: must be 1.0";
        }
        JsonNode payload = env.get("payload");
        if (payload == null || !payload.isObject()) {
            return "payload: must be an object";
        }
        JsonNode attachments = env.get("attachments");
        if (attachments != null && !attachments.isNull() && (e = references(attachments, "attachments")) != null) {
            return e;
        }
        return payload(msgType, payload);
    }

    private static String payload(String type, JsonNode p) {
        String e = null;
        switch (type) {
            case "RECEIPT" -> e = optionalInstant(p, "signedAt");
            case "RETURN" -> e = requiredText(p, "reason");
            case "PROGRESS" -> {
                if ((e = requiredText(p, "period")) == null) {
                    JsonNode percent = p.get("percent");
                    if (percent == null || !percent.isNumber() || percent.asDouble() < 0 || percent.asDouble() > 100) {
                        e = "percent: must be a number from 0 to 100";
                    } else if ((e = optionalArray(p, "figures")) == null && (e = optionalArray(p, "breakdown")) == null) {
                        JsonNode evidence = p.get("evidence");
                        e = evidence == null || evidence.isNull() ? null : references(evidence, "evidence");
                        if (e == null && p.has("figures") && p.get("figures").isArray()) {
                            int i = 0;
                            for (JsonNode f : p.get("figures")) {
                                if (!f.isObject() || !f.path("name").isTextual() || !f.path("value").isNumber()) {
                                    e = "figures[" + i + "]: needs name (text) and value (number)";
                                    break;
                                }
                                i++;
                            }
                        }
                    }
                }
            }
            case "EXTENSION_REQUEST" -> {
                if ((e = requiredDate(p, "requestedDeadline")) == null && (e = optionalDate(p, "currentDeadline")) == null) {
                    e = requiredText(p, "reason");
                }
            }
            case "COMPLETE" -> {
                JsonNode evidence = p.get("evidence");
                e = evidence == null || evidence.isNull() ? null : references(evidence, "evidence");
            }
            case "TASK_ISSUE" -> {
                if ((e = requiredText(p, "title")) == null && (e = optionalDate(p, "deadline")) == null) {
                    JsonNode cadence = p.get("reportCadence");
                    if (cadence != null && !cadence.isNull() && !CADENCES.contains(cadence.asText())) {
                        e = "reportCadence: must be one of " + String.join(", ", sorted(CADENCES));
                    }
                    JsonNode day = p.get("reportDay");
                    if (e == null && day != null && !day.isNull() && (!day.canConvertToInt() || !day.isIntegralNumber()
                            || day.asInt() < 1 || day.asInt() > 31)) {
                        e = "reportDay: must be a day of the month (1 to 31)";
                    }
                }
            }
            case "URGE" -> {
                if ((e = requiredText(p, "reason")) == null) {
                    e = optionalInstant(p, "replyBy");
                }
            }
            case "SUPERVISE" -> {
                String level = p.path("level").asText("");
                e = !level.equals("YELLOW") && !level.equals("RED") ? "level: must be YELLOW or RED" : requiredText(p, "reason");
            }
            case "EXTENSION_DECISION" -> {
                if ((e = requiredText(p, "requestMsgId")) == null) {
                    e = !p.path("approved").isBoolean() ? "approved: must be true or false" : optionalDate(p, "deadline");
                }
            }
            case "REVIEW_RESULT" -> {
                String result = p.path("result").asText("");
                if (!result.equals("PASSED") && !result.equals("REJECTED")) {
                    e = "result: must be PASSED or REJECTED";
                } else if (result.equals("REJECTED")) {
                    e = requiredText(p, "remarks");
                    e = e == null ? null : "remarks: required when result is REJECTED";
                }
            }
            case "TASK_REVOKE" -> e = requiredText(p, "reason");
            default -> e = null;
        }
        return e == null ? null : "payload." + e;
    }

    private static String references(JsonNode list, String field) {
        if (!list.isArray()) {
            return field + ": must be an array";
        }
        int i = 0;
        for (JsonNode r : list) {
            String at = field + "[" + i + "]";
            if (!r.isObject()) {
                return at + ": must be an object";
            }
            if (!r.path("name").isTextual() || r.path("name").asText().isBlank()) {
                return at + ".name: required";
            }
            if (!r.path("url").isTextual() || r.path("url").asText().isBlank()) {
                return at + ".url: required";
            }
            JsonNode sm3 = r.get("sm3");
            if (sm3 != null && !sm3.isNull() && !sm3.asText().matches("[0-9a-f]{64}")) {
                return at + ".sm3: must be 64 lowercase hex digits";
            }
            JsonNode size = r.get("size");
            if (size != null && !size.isNull() && (!size.isIntegralNumber() || size.asLong() < 0)) {
                return at + ".size: must be a whole number of bytes";
            }
            i++;
        }
        return null;
    }

    private static String text(JsonNode node, String field, int max) {
        String e = requiredText(node, field);
        if (e == null && node.get(field).asText().length() > max) {
            return field + ": at most " + max + " characters";
        }
        return e;
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return field + ": required";
        }
        if (!v.isTextual()) {
            return field + ": must be text";
        }
        if (v.asText().isBlank()) {
            return field + ": must not be blank";
        }
        return null;
    }

    private static String optionalArray(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isArray() ? null : field + ": must be an array";
    }

    private static String requiredDate(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? field + ": required" : optionalDate(node, field);
    }

    private static String optionalDate(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            LocalDate.parse(v.asText(), DATE);
            return v.isTextual() ? null : field + ": must be yyyy-MM-dd";
        } catch (DateTimeParseException ex) {
            return field + ": must be yyyy-MM-dd";
        }
    }

    private static String optionalInstant(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isTextual() && isInstant(v.asText()) ? null : field + ": must be yyyyMMddHHmmss (Beijing time)";
    }

    static boolean isInstant(String s) {
        try {
            LocalDateTime.parse(s, INSTANT);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static java.util.List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }
}
