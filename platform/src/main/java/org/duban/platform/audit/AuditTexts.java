package org.duban.platform.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * What an audit entry keeps of a text: a text up to {@code duban.audit.max-text-length} characters (200) as it is, a
 * longer one (a report, a bulletin) as {@code sha256:<hex of its UTF-8 bytes> (<length> chars)} — the entry proves which
 * text it was, and the row stays small. Applied to the reason, the on-behalf reason, the security event's target, and
 * every text anywhere in the before/after JSON.
 *
 * <p>Pure: {@code AuditTextsTest} runs it in milliseconds.
 */
final class AuditTexts {

    private AuditTexts() {
    }

    /** The text, or its digest and length when longer than {@code maxLength} characters; null stays null. */
    static String shorten(String text, int maxLength) {
        if (text == null || text.length() <= maxLength) {
            return text;
        }
        return "sha256:" + sha256(text) + " (" + text.length() + " chars)";
    }

    /** {@code value} as JSON, each of its texts shortened; null for null. */
    static String json(ObjectMapper json, Object value, int maxLength) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode tree = json.valueToTree(value);
            return json.writeValueAsString(shortenTexts(tree, maxLength));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot write an audit entry's state as JSON", e);
        }
    }

    private static JsonNode shortenTexts(JsonNode node, int maxLength) {
        if (node instanceof TextNode text) {
            return TextNode.valueOf(shorten(text.textValue(), maxLength));
        }
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                field.setValue(shortenTexts(field.getValue(), maxLength));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, shortenTexts(array.get(i), maxLength));
            }
        }
        return node;
    }

    /** SHA-256 of a text's UTF-8 bytes, hex. */
    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
