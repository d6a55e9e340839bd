package org.duban.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 22's OpenAPI lint: the document each service's build writes to {@code <service>/target/openapi/openapi.json}
 * (quarkus.smallrye-openapi.store-schema-directory; the reactor builds the services before this module) is one a
 * consumer can use alone. For every operation: a summary and a description, a tag the document describes, a 2xx answer
 * with a schema (unless 204), error answers, the common error answers (400, 401, 403, 404, 409, 413, 415, 500, 503)
 * as {@code application/problem+json} (but where a wire contract fixes the error body: {@link #WIRE_CONTRACTS}), no empty {@code {}} schema in its request body or 2xx answer (also not inside
 * them), and an operationId unique in the document (the generated clients' method names). The document itself carries
 * platform's {@code Problem} schema and the {@code bearer} security scheme.
 *
 * <p>The services checked are listed in {@code -Dopenapi.lint.services=a,b} (default {@link #CHECKED}); a service is
 * added once its document passes. Hand-written because the rules are Duban's (a generic OpenAPI validator checks the
 * format, not these).
 */
class OpenApiDocumentsTest {

    /** The services whose documents are checked: all five pass. */
    static final List<String> CHECKED = List.of("task-service", "unit-service", "supervision-service", "notification-service",
            "province-gateway");

    static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    static final Path REPO = MODULE.resolve("../..").normalize();
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    /** Answers that must be problems wherever an operation lists them. */
    static final Set<String> PROBLEM_CODES = Set.of("400", "401", "403", "404", "409", "413", "415", "500", "503");
    static final String PROBLEM = "application/problem+json";
    /**
     * Operations whose error bodies a wire contract fixes instead: the province's messages answer its {@code code}/{@code msg}
     * envelope (docs/province-api.md). Their errors need content with a schema, not a problem.
     */
    static final List<String> WIRE_CONTRACTS = List.of("/api/province/");

    @TestFactory
    List<DynamicTest> everyOperationIsDocumentedForItsConsumers() {
        String listed = System.getProperty("openapi.lint.services");
        List<String> services = listed == null || listed.isBlank() ? CHECKED
                : Arrays.stream(listed.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        List<DynamicTest> tests = new ArrayList<>();
        for (String service : services) {
            tests.add(DynamicTest.dynamicTest(service, () -> {
                Path file = REPO.resolve(service).resolve("target/openapi/openapi.json");
                if (!Files.isRegularFile(file)) {
                    fail(file + " is missing: build the service first (mvnl -o -q package -DskipTests -pl " + service + ")");
                }
                List<String> problems = lint(read(file));
                if (!problems.isEmpty()) {
                    fail(service + ": " + problems.size() + " problems in its OpenAPI document\n  " + String.join("\n  ", problems));
                }
            }));
        }
        return tests;
    }

    static JsonNode read(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /** Every rule broken by the document, one line each naming the operation. */
    static List<String> lint(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        if (doc.at("/components/schemas/Problem").isMissingNode()) {
            problems.add("components.schemas has no Problem (platform's ProblemResponses filter did not run)");
        }
        if (doc.at("/components/securitySchemes/bearer").isMissingNode()) {
            problems.add("components.securitySchemes has no bearer scheme");
        }
        Map<String, String> describedTags = new HashMap<>();
        for (JsonNode tag : doc.path("tags")) {
            describedTags.put(tag.path("name").asText(), tag.path("description").asText(""));
        }
        Map<String, String> operationIds = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().properties().iterator();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> entry = ops.next();
                if (!METHODS.contains(entry.getKey())) {
                    continue;
                }
                String name = entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                boolean wireContract = WIRE_CONTRACTS.stream().anyMatch(path.getKey()::startsWith);
                lintOperation(doc, name, entry.getValue(), wireContract, describedTags, operationIds, problems);
            }
        }
        return problems;
    }

    static void lintOperation(JsonNode doc, String name, JsonNode op, boolean wireContract, Map<String, String> describedTags,
            Map<String, String> operationIds, List<String> problems) {
        if (op.path("summary").asText("").isBlank()) {
            problems.add(name + ": no summary");
        }
        if (op.path("description").asText("").isBlank()) {
            problems.add(name + ": no description");
        }
        if (!op.path("tags").isArray() || op.path("tags").isEmpty()) {
            problems.add(name + ": no tag");
        }
        for (JsonNode tag : op.path("tags")) {
            // Quarkus' automatic tags (the class name, e.g. "Unit Resource") are listed without a description
            if (describedTags.getOrDefault(tag.asText(), "").isBlank()) {
                problems.add(name + ": tag \"" + tag.asText() + "\" has no description in the document's tags (a feature tag: @Tag(name, description))");
            }
        }
        String id = op.path("operationId").asText("");
        if (id.isBlank()) {
            problems.add(name + ": no operationId");
        } else if (operationIds.containsKey(id)) {
            problems.add(name + ": operationId " + id + " is also " + operationIds.get(id) + "'s");
        } else {
            operationIds.put(id, name);
        }
        JsonNode body = resolve(doc, op.path("requestBody"));
        if (!body.isMissingNode()) {
            if (body.path("content").isEmpty()) {
                problems.add(name + ": request body without content");
            }
            body.path("content").properties().forEach(media -> emptySchemas(doc, media.getValue().path("schema"),
                    name + ": request body " + media.getKey(), problems));
        }
        JsonNode responses = op.path("responses");
        boolean success = false;
        boolean error = false;
        Iterator<Map.Entry<String, JsonNode>> answers = responses.properties().iterator();
        while (answers.hasNext()) {
            Map.Entry<String, JsonNode> answer = answers.next();
            String code = answer.getKey();
            JsonNode response = resolve(doc, answer.getValue());
            if (code.startsWith("2")) {
                success = true;
                if (code.equals("204")) {
                    continue;
                }
                if (response.path("content").isEmpty()) {
                    problems.add(name + ": " + code + " has no content (answer 204 if it has no body)");
                }
                response.path("content").properties().forEach(media -> emptySchemas(doc, media.getValue().path("schema"),
                        name + ": " + code + " " + media.getKey(), problems));
            } else if (code.startsWith("4") || code.startsWith("5")) {
                error = true;
                if (PROBLEM_CODES.contains(code) && !wireContract && response.path("content").path(PROBLEM).isMissingNode()) {
                    problems.add(name + ": " + code + " is not described as " + PROBLEM);
                } else if (response.path("content").isEmpty()) {
                    problems.add(name + ": " + code + " has no content");
                }
            }
        }
        if (!success) {
            problems.add(name + ": no 2xx answer");
        }
        if (!error) {
            problems.add(name + ": no error answer");
        }
    }

    /** An empty schema ({@code {}}, "anything") at the top of a body or inside it: a consumer learns nothing from it. */
    static void emptySchemas(JsonNode doc, JsonNode schema, String where, List<String> problems) {
        walk(doc, schema, where, problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void walk(JsonNode doc, JsonNode schema, String where, List<String> problems, Set<JsonNode> seen) {
        if (schema == null || schema.isMissingNode()) {
            problems.add(where + ": no schema");
            return;
        }
        if (schema.isBoolean()) {
            return; // true/false: allowed by OpenAPI 3.1 only as additionalProperties and the like
        }
        JsonNode resolved = resolve(doc, schema);
        if (!seen.add(resolved)) {
            return;
        }
        if (resolved.isEmpty()) {
            problems.add(where + ": empty schema {}" + (schema.has("$ref") ? " (" + schema.get("$ref").asText() + ")" : ""));
            return;
        }
        resolved.path("properties").properties().forEach(p -> walk(doc, p.getValue(), where + "." + p.getKey(), problems, seen));
        if (resolved.has("items")) {
            walk(doc, resolved.get("items"), where + "[]", problems, seen);
        }
        for (String combination : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode part : resolved.path(combination)) {
                walk(doc, part, where, problems, seen);
            }
        }
    }

    /** Follows a local {@code $ref}. */
    static JsonNode resolve(JsonNode doc, JsonNode node) {
        Set<String> followed = new HashSet<>();
        while (node != null && node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            String ref = node.get("$ref").asText();
            if (!followed.add(ref)) {
                break;
            }
            node = doc.at(ref.substring(1));
        }
        return node;
    }

    @org.junit.jupiter.api.Test
    void theLintFindsWhatItLooksFor() throws IOException {
        // a document that breaks every rule once, so that a rule that stops finding anything is noticed
        JsonNode bad = new ObjectMapper().readTree("""
                {"paths": {"/api/things": {"post": {"operationId": "make", "tags": ["Thing Resource"],
                  "requestBody": {"content": {"application/json": {"schema": {}}}},
                  "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}},
                                "401": {"description": "Not Authorized"}}}},
                  "/api/other": {"get": {"operationId": "make", "summary": "s", "description": "d", "tags": ["x"],
                  "responses": {"204": {"description": "none"}}}},
                  "/api/province/messages": {"post": {"operationId": "receive", "summary": "s", "description": "d", "tags": ["x"],
                  "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object", "properties": {"code": {"type": "integer"}}}}}},
                                "409": {"description": "flow error", "content": {"application/json": {"schema": {"type": "object", "properties": {"code": {"type": "integer"}}}}}}}}}},
                 "tags": [{"name": "x", "description": "things"}],
                 "components": {"schemas": {"T": {"type": "object", "properties": {"any": {}}}}}}""");
        List<String> found = lint(bad);
        String all = String.join("\n", found);
        for (String expected : List.of("no Problem", "no bearer", "POST /api/things: no summary", "POST /api/things: no description",
                "tag \"Thing Resource\" has no description", "request body application/json: empty schema",
                "200 application/json.any: empty schema", "401 is not described as application/problem+json",
                "operationId make is also", "GET /api/other: no error answer")) {
            assertTrue(all.contains(expected), "the lint should report \"" + expected + "\"; it reported:\n" + all);
        }
        assertTrue(found.stream().noneMatch(p -> p.startsWith("POST /api/province/messages")),
                "the province's wire contract answers its own envelope: " + all);
    }
}
