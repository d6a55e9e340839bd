package org.duban.stack.attack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.duban.stack.attack.Requests.Body;

/**
 * The malformed bodies of issue 20 for one operation: wrong types, {@code null}, missing required fields, a string of
 * its documented maximum size plus one (or a body of 1 MiB + 1 where no maximum is documented), 10,000 levels of
 * nesting, invalid UTF-8 and a wrong content type. Each may only be refused with a 4xx problem; {@link Case#harmless}
 * marks the one that may also succeed (an empty object where nothing is required).
 */
public final class MalformedBodies {

    /** A malformed request: what it is, its body, and whether a 2xx is acceptable for it. */
    public record Case(String name, Body body, boolean harmless) {
    }

    static final int ONE_MIB = 1024 * 1024;
    static final int DEPTH = 10_000;

    private MalformedBodies() {
    }

    public static List<Case> of(Operation op, Function<String, String> ids) {
        List<Case> cases = new ArrayList<>();
        if (!op.hasJsonBody()) {
            // a text or upload route: a JSON body where it expects another type, and bytes that are not UTF-8
            cases.add(new Case("wrong content type (JSON to a " + op.bodyType() + " route)",
                    new Body("application/json", "{\"x\":1}".getBytes(StandardCharsets.UTF_8)), false));
            if (op.bodyType().startsWith("text/")) {
                cases.add(new Case("invalid UTF-8", new Body(op.bodyType() + "; charset=UTF-8", new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF }),
                        false));
            }
            return cases;
        }
        JsonNode minimal = Requests.minimal(op, op.bodySchema(), ids, 0);
        JsonNode schema = op.resolve(op.bodySchema());
        boolean nothingRequired = !schema.has("required") || schema.get("required").isEmpty();

        ObjectNode wrong = Requests.NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> properties = Requests.properties(op, schema);
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> p = properties.next();
            wrong.set(p.getKey(), wrongValue(op.resolve(p.getValue())));
        }
        if (!wrong.isEmpty()) {
            cases.add(new Case("wrong types " + wrong, Body.json(wrong), false));
        }
        cases.add(new Case("a string where an object is expected", text("\"text\""), false));
        cases.add(new Case("null", text("null"), false));
        cases.add(new Case("missing required fields {}", text("{}"), nothingRequired));

        properties = Requests.properties(op, schema);
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> p = properties.next();
            JsonNode field = op.resolve(p.getValue());
            if (field.has("maxLength") && minimal.isObject()) {
                int max = field.get("maxLength").asInt();
                ObjectNode body = ((ObjectNode) minimal.deepCopy());
                body.put(p.getKey(), "长".repeat(max + 1));
                cases.add(new Case(p.getKey() + " of " + (max + 1) + " characters (maxLength " + max + ")", Body.json(body), false));
            }
            if (field.path("type").asText().equals("array") && field.has("maxItems") && minimal.isObject()) {
                int max = field.get("maxItems").asInt();
                ObjectNode body = ((ObjectNode) minimal.deepCopy());
                JsonNode item = Requests.minimal(op, field.path("items"), ids, 1);
                var array = body.putArray(p.getKey());
                for (int i = 0; i <= max; i++) {
                    array.add(item.isNull() ? Requests.NODES.textNode("x") : item);
                }
                cases.add(new Case(p.getKey() + " of " + (max + 1) + " items (maxItems " + max + ")", Body.json(body), false));
            }
        }
        cases.add(new Case("1 MiB + 1 byte", oversized(), false));
        cases.add(new Case(DEPTH + " levels of nesting", nested(), false));
        cases.add(new Case("invalid UTF-8", invalidUtf8(minimal), false));
        cases.add(new Case("wrong content type (text/plain)", new Body("text/plain; charset=UTF-8",
                minimal.toString().getBytes(StandardCharsets.UTF_8)), false));
        return cases;
    }

    /** A value no JSON binding coerces into the field's type (Jackson coerces a number to text, not an object). */
    private static JsonNode wrongValue(JsonNode schema) {
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        if (schema.has("enum")) {
            return Requests.NODES.textNode("NO_SUCH_VALUE");
        }
        return switch (type) {
            case "integer", "number" -> Requests.NODES.textNode("not a number");
            case "boolean" -> Requests.NODES.textNode("maybe");
            case "array" -> Requests.NODES.objectNode().put("not", "a list");
            case "object" -> Requests.NODES.numberNode(42);
            default -> switch (schema.path("format").asText("")) {
                case "uuid" -> Requests.NODES.textNode("not-a-uuid");
                case "date", "date-time" -> Requests.NODES.textNode("31/12/2021");
                default -> Requests.NODES.objectNode().put("not", "text");
            };
        };
    }

    private static Body text(String json) {
        return new Body("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static Body oversized() {
        // {"padding":"xxx…"}: exactly 1 MiB + 1 byte in all
        String head = "{\"padding\":\"";
        String tail = "\"}";
        return text(head + "x".repeat(ONE_MIB + 1 - head.length() - tail.length()) + tail);
    }

    private static Body nested() {
        return text("{\"a\":" + "[".repeat(DEPTH) + "]".repeat(DEPTH) + "}");
    }

    private static Body invalidUtf8(JsonNode minimal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String json = minimal.isObject() && !minimal.isEmpty() ? minimal.toString() : "{\"x\":\"x\"}";
        // the first string value gets a byte sequence that is not UTF-8: C3 28 (a broken two-byte form) and FF
        int quote = json.indexOf(":\"");
        if (quote < 0) {
            json = "{\"x\":\"x\"}";
            quote = json.indexOf(":\"");
        }
        byte[] head = json.substring(0, quote + 2).getBytes(StandardCharsets.UTF_8);
        byte[] rest = json.substring(quote + 2).getBytes(StandardCharsets.UTF_8);
        bytes.writeBytes(head);
        bytes.writeBytes(new byte[] { (byte) 0xC3, 0x28, (byte) 0xFF });
        bytes.writeBytes(rest);
        return new Body("application/json; charset=UTF-8", bytes.toByteArray());
    }
}
