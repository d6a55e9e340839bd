package org.duban.stack.attack;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One operation (path × method) of a service's OpenAPI document: its parameters and, if it takes one, its request
 * body's media type and schema ($refs resolved against the document's components when read).
 */
public record Operation(String method, String path, List<Parameter> parameters, String bodyType, JsonNode bodySchema,
        boolean bodyRequired, JsonNode document) {

    /** A path or query parameter: where, name, schema, required. */
    public record Parameter(String in, String name, JsonNode schema, boolean required) {
    }

    /**
     * The public operations by rule (docs/security.md): health, metrics, the OpenAPI document, {@code /api/public/**}
     * and the province gateway's signed {@code /api/province/**}. Everything else needs a token.
     */
    private static final Pattern PUBLIC = Pattern.compile("/q/.*|/api/public(/.*)?|/api/province/.*");

    /** The operators' probes, which the OpenAPI document does not list; checked as public operations too. */
    static final List<String> PROBES = List.of("/q/health", "/q/health/live", "/q/health/ready", "/q/metrics", "/q/openapi");

    public boolean isPublic(String service) {
        return PUBLIC.matcher(path).matches() && (!path.startsWith("/api/province/") || service.equals("province-gateway"));
    }

    public String key() {
        return method + " " + path;
    }

    public boolean hasJsonBody() {
        return bodyType != null && bodyType.contains("json");
    }

    /** Every operation of the document, in its order, and the probes. */
    public static List<Operation> all(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Parameter> shared = parameters(path.getValue().path("parameters"), document);
            Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
            while (methods.hasNext()) {
                Map.Entry<String, JsonNode> m = methods.next();
                String method = m.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>(shared);
                for (Parameter p : parameters(m.getValue().path("parameters"), document)) {
                    parameters.removeIf(q -> q.name().equals(p.name()) && q.in().equals(p.in()));
                    parameters.add(p);
                }
                JsonNode body = resolve(m.getValue().path("requestBody"), document);
                String bodyType = null;
                JsonNode schema = MissingNode.getInstance();
                if (body.has("content")) {
                    Iterator<String> types = body.path("content").fieldNames();
                    while (types.hasNext()) {
                        String type = types.next();
                        if (bodyType == null || type.contains("json")) {
                            bodyType = type;
                            schema = resolve(body.path("content").path(type).path("schema"), document);
                        }
                    }
                }
                operations.add(new Operation(method, path.getKey(), parameters, bodyType, schema,
                        body.path("required").asBoolean(false), document));
            }
        }
        for (String probe : PROBES) {
            operations.add(new Operation("GET", probe, List.of(), null, MissingNode.getInstance(), false, document));
        }
        return operations;
    }

    private static List<Parameter> parameters(JsonNode list, JsonNode document) {
        List<Parameter> parameters = new ArrayList<>();
        for (JsonNode p : list) {
            JsonNode parameter = resolve(p, document);
            String in = parameter.path("in").asText();
            if (in.equals("path") || in.equals("query")) {
                parameters.add(new Parameter(in, parameter.path("name").asText(), resolve(parameter.path("schema"), document),
                        in.equals("path") || parameter.path("required").asBoolean(false)));
            }
        }
        return parameters;
    }

    /** Follows {@code $ref} (and a lone {@code allOf} wrapper) to the schema itself. */
    public static JsonNode resolve(JsonNode node, JsonNode document) {
        for (int hops = 0; hops < 20 && node != null; hops++) {
            if (node.has("$ref")) {
                String ref = node.get("$ref").asText();
                if (!ref.startsWith("#/")) {
                    return node;
                }
                node = document.at(ref.substring(1));
            } else if (node.has("allOf") && node.get("allOf").size() == 1 && !node.has("properties")) {
                node = node.get("allOf").get(0);
            } else {
                return node;
            }
        }
        return node == null ? JsonNodeFactory.instance.objectNode() : node;
    }

    public JsonNode resolve(JsonNode node) {
        return resolve(node, document);
    }

    @Override
    public String toString() {
        return key();
    }
}
