package org.duban.province.message;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one JSON object's fields and refuses with code 2 naming the field ({@code payload.level: must be YELLOW or
 * RED}). Hand-written rather than Bean Validation on records: the answer must name the field as the wire contract
 * spells it, with its path, in the province's answer format, and the payload depends on {@code msgType}.
 */
final class Fields {

    /** A field is missing or wrong. */
    static final class Invalid extends RuntimeException {
        final String field;

        Invalid(String field, String problem) {
            super(problem, null, false, false);
            this.field = field;
        }
    }

    private final JsonNode node;
    private final String prefix;

    Fields(JsonNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    String path(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    Invalid invalid(String name, String problem) {
        return new Invalid(path(name), problem);
    }

    private JsonNode value(String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A string of 1..max characters, or null when optional and absent. */
    String text(String name, boolean required, int max) {
        JsonNode v = value(name);
        if (v == null) {
            if (required) {
                throw invalid(name, "required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(name, "must be a string");
        }
        String s = v.textValue();
        if (required && s.isBlank()) {
            throw invalid(name, "must not be blank");
        }
        if (s.length() > max) {
            throw invalid(name, "at most " + max + " characters");
        }
        return s;
    }

    String oneOf(String name, boolean required, Set<String> allowed, String how) {
        String s = text(name, required, 64);
        if (s != null && !allowed.contains(s)) {
            throw invalid(name, "must be " + how);
        }
        return s;
    }

    /** {@code yyyyMMddHHmmss}, Beijing time. */
    Instant instant(String name, boolean required) {
        String s = text(name, required, 14);
        if (s == null) {
            return null;
        }
        try {
            return WireTime.parseInstant(s);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be yyyyMMddHHmmss (Beijing time)");
        }
    }

    /** {@code yyyy-MM-dd} as a deadline: the end of that Beijing day. */
    Instant deadline(String name, boolean required) {
        String s = text(name, required, 10);
        if (s == null) {
            return null;
        }
        try {
            return WireTime.parseDeadline(s);
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be yyyy-MM-dd");
        }
    }

    Boolean bool(String name, boolean required) {
        JsonNode v = value(name);
        if (v == null) {
            if (required) {
                throw invalid(name, "required");
            }
            return null;
        }
        if (!v.isBoolean()) {
            throw invalid(name, "must be true or false");
        }
        return v.booleanValue();
    }

    Integer integer(String name, boolean required, long min, long max) {
        JsonNode v = value(name);
        if (v == null) {
            if (required) {
                throw invalid(name, "required");
            }
            return null;
        }
        if (!v.isIntegralNumber() || v.longValue() < min || v.longValue() > max) {
            throw invalid(name, "must be a whole number from " + min + " to " + max);
        }
        return v.intValue();
    }
}
