package org.duban.platform.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import io.quarkus.smallrye.openapi.OpenApiFilter;

import org.duban.platform.problem.Problem;

/**
 * What every Duban service's OpenAPI document says the same way, so that a consumer can rely on it from the document
 * alone: the RFC 9457 {@code Problem} schema (with the extension members platform's {@code problem/} writes), the bearer
 * token security scheme, and on every operation the error answers common to all (400, 401, 403, 413, 415, 500, 503)
 * as {@code application/problem+json} — unless the operation declares its own. An error response an operation
 * declares without content (e.g. {@code @APIResponse(responseCode = "404", description = "no such assignment")}) gets
 * the Problem body too, so resources only say when and why. An operation without a tag gets its feature's URL root
 * ({@code /api/units/…} → {@code units}); every tag used is listed at the top.
 *
 * <p>Runs when the document is built (the stage that also writes {@code target/openapi/openapi.{json,yaml}}), found by
 * Quarkus in platform's Jandex index, so every service picks it up without configuration. Hand-written because
 * SmallRye OpenAPI has no notion of a shared error body; its own automatic 401/403/400 answers carry no content.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "FieldError";
    public static final String BEARER = "bearer";
    static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;

    /** The common answers and what each means here, in the order they are listed. */
    static final Map<String, String> COMMON = new LinkedHashMap<>();

    static {
        COMMON.put("400", "Bad request: a malformed path or query parameter (a UUID, enum, number or date) or body; the "
                + "problem's `errors` names each field (`field`, `message`), malformed JSON its line and column.");
        COMMON.put("401", "No valid bearer token: missing, expired, signed by another key, or issued by another issuer or "
                + "for another audience.");
        COMMON.put("403", "The token is valid but its roles may not do this, or it acts for another unit (a unit officer "
                + "acts only for the unit in its token's `unit_id` claim).");
        COMMON.put("413", "The request body is larger than the service accepts (1 MiB for JSON commands; uploads state "
                + "their own limit).");
        COMMON.put("415", "The body's Content-Type is not one this operation accepts.");
        COMMON.put("500", "An unexpected failure; the problem's `id` names it in the service log.");
        COMMON.put("503", "The service cannot answer now (its database is unreachable or restarting, or it sheds load); "
                + "retry later.");
    }

    /** Quarkus' automatic descriptions of 401/403/400, replaced by ours when they carry no content. */
    static final Set<String> AUTOMATIC = Set.of("Not Authorized", "Not Allowed", "Bad Request");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() == null || !components.getSchemas().containsKey(PROBLEM)) {
            components.addSchema(FIELD_ERROR, fieldError());
            components.addSchema(PROBLEM, problem());
        }
        if (components.getSecuritySchemes() == null || !components.getSecuritySchemes().containsKey(BEARER)) {
            components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .bearerFormat("JWT")
                    .description("An OIDC access token of the Duban realm (Keycloak): `Authorization: Bearer <token>`. Its "
                            + "`aud` must include `duban`; its realm roles (admin, supervisor, leader, unit-officer, "
                            + "integration, auditor) decide what it may do, and a unit officer's `unit_id` claim the unit "
                            + "it acts for."));
        }
        anyJsonForJacksonNodes(openAPI);
        Map<String, String> tagsUsed = new TreeMap<>();
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
                Map<PathItem.HttpMethod, Operation> operations = path.getValue().getOperations();
                if (operations == null) {
                    continue;
                }
                for (Operation op : operations.values()) {
                    complete(path.getKey(), path.getValue(), op);
                    if (op.getTags() != null) {
                        op.getTags().forEach(t -> tagsUsed.put(t, t));
                    }
                }
            }
        }
        declareTags(openAPI, tagsUsed.keySet());
    }

    /** The common answers, the bearer alternative and a default tag for one operation. */
    void complete(String path, PathItem item, Operation op) {
        APIResponses responses = op.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            op.setResponses(responses);
        }
        boolean secured = op.getSecurity() != null && !op.getSecurity().isEmpty();
        boolean body = op.getRequestBody() != null;
        boolean parameters = (op.getParameters() != null && !op.getParameters().isEmpty())
                || (item.getParameters() != null && !item.getParameters().isEmpty());
        List<String> codes = new ArrayList<>();
        if (body || parameters) {
            codes.add("400");
        }
        if (secured) {
            codes.add("401");
            codes.add("403");
        }
        if (body) {
            codes.add("413");
            codes.add("415");
        }
        codes.add("500");
        codes.add("503");
        for (String code : codes) {
            APIResponse existing = responses.getAPIResponse(code);
            if (existing == null) {
                responses.addAPIResponse(code, problemResponse(COMMON.get(code)));
            } else if (isEmpty(existing.getContent())) {
                if (existing.getDescription() == null || AUTOMATIC.contains(existing.getDescription())) {
                    existing.setDescription(COMMON.get(code));
                }
                existing.setContent(problemContent());
            }
        }
        // an error answer the operation declared without a body (404, 409, 422 …) carries a Problem too
        if (responses.getAPIResponses() != null) {
            for (Map.Entry<String, APIResponse> r : responses.getAPIResponses().entrySet()) {
                if ((r.getKey().startsWith("4") || r.getKey().startsWith("5")) && isEmpty(r.getValue().getContent())) {
                    r.getValue().setContent(problemContent());
                }
            }
        }
        // listed by code, so the success answer comes first and the errors follow in order
        responses.setAPIResponses(new LinkedHashMap<>(new TreeMap<>(responses.getAPIResponses())));
        if (secured && op.getSecurity().stream().noneMatch(s -> s.hasScheme(BEARER))) {
            // the same roles as the OIDC requirement Quarkus derives from @RolesAllowed (OpenAPI 3.1 allows role names here)
            List<String> roles = op.getSecurity().stream().filter(s -> s.getSchemes() != null)
                    .flatMap(s -> s.getSchemes().values().stream()).filter(java.util.Objects::nonNull).flatMap(List::stream)
                    .distinct().toList();
            op.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(BEARER, new ArrayList<>(roles)));
        }
        if (op.getTags() == null || op.getTags().isEmpty()) {
            op.setTags(new ArrayList<>(List.of(defaultTag(path))));
        }
    }

    /**
     * A {@code JsonNode} member (e.g. the audit trail's before/after) is any JSON value; SmallRye describes Jackson's
     * class by its getters instead ({@code valueNode}, {@code containerNode}, …), which no client can use and which
     * generated clients turn into a {@code JsonNode} model that clashes with Jackson's. Replaced by a free-form value.
     */
    static void anyJsonForJacksonNodes(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Schema jackson = schemas == null ? null : schemas.get("JsonNode");
        if (jackson == null || jackson.getProperties() == null || !jackson.getProperties().containsKey("valueNode")) {
            return;
        }
        openAPI.getComponents().removeSchema("JsonNode");
        if (schemas.containsKey("JsonNodeType")) {
            openAPI.getComponents().removeSchema("JsonNodeType");
        }
        java.util.Set<Schema> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        openAPI.getComponents().getSchemas().values().forEach(s -> replaceJsonNode(s, seen));
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            for (PathItem item : openAPI.getPaths().getPathItems().values()) {
                for (Operation op : item.getOperations() == null ? List.<Operation> of() : item.getOperations().values()) {
                    List<Content> contents = new ArrayList<>();
                    if (op.getRequestBody() != null) {
                        contents.add(op.getRequestBody().getContent());
                    }
                    if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
                        op.getResponses().getAPIResponses().values().forEach(r -> contents.add(r.getContent()));
                    }
                    for (Content c : contents) {
                        if (c != null && c.getMediaTypes() != null) {
                            c.getMediaTypes().values().forEach(m -> {
                                if (isJsonNode(m.getSchema())) {
                                    m.setSchema(anyJson());
                                } else {
                                    replaceJsonNode(m.getSchema(), seen);
                                }
                            });
                        }
                    }
                }
            }
        }
    }

    static boolean isJsonNode(Schema s) {
        return s != null && "#/components/schemas/JsonNode".equals(s.getRef());
    }

    static Schema anyJson() {
        return OASFactory.createSchema().description("any JSON value, as recorded");
    }

    static void replaceJsonNode(Schema s, java.util.Set<Schema> seen) {
        if (s == null || !seen.add(s)) {
            return;
        }
        if (s.getProperties() != null) {
            Map<String, Schema> properties = new LinkedHashMap<>();
            s.getProperties().forEach((name, p) -> properties.put(name, isJsonNode(p) ? anyJson() : p));
            s.setProperties(properties);
            properties.values().forEach(p -> replaceJsonNode(p, seen));
        }
        if (isJsonNode(s.getItems())) {
            s.setItems(anyJson());
        } else {
            replaceJsonNode(s.getItems(), seen);
        }
        // the model's getters answer unmodifiable lists: replaced lists are set
        if (s.getAllOf() != null) {
            s.setAllOf(replaced(s.getAllOf(), seen));
        }
        if (s.getAnyOf() != null) {
            s.setAnyOf(replaced(s.getAnyOf(), seen));
        }
        if (s.getOneOf() != null) {
            s.setOneOf(replaced(s.getOneOf(), seen));
        }
        if (isJsonNode(s.getAdditionalPropertiesSchema())) {
            s.setAdditionalPropertiesSchema(anyJson());
        }
    }

    static List<Schema> replaced(List<Schema> parts, java.util.Set<Schema> seen) {
        List<Schema> copy = new ArrayList<>();
        for (Schema p : parts) {
            copy.add(isJsonNode(p) ? anyJson() : p);
            replaceJsonNode(p, seen);
        }
        return copy;
    }

    /** The feature's URL root: {@code /api/units/{id}} → units, {@code /api/admin/outbox/parked} → admin-outbox. */
    static String defaultTag(String path) {
        List<String> segments = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty() && !s.startsWith("{")) {
                segments.add(s.toLowerCase(Locale.ROOT));
            }
        }
        if (!segments.isEmpty() && segments.get(0).equals("api")) {
            segments.remove(0);
        }
        if (segments.isEmpty()) {
            return "default";
        }
        if (segments.get(0).equals("admin") && segments.size() > 1) {
            return "admin-" + segments.get(1);
        }
        return segments.get(0);
    }

    /** Every tag an operation uses is listed at the top (keeping the descriptions the resources gave). */
    static void declareTags(OpenAPI openAPI, Set<String> used) {
        Map<String, Tag> declared = new LinkedHashMap<>();
        if (openAPI.getTags() != null) {
            openAPI.getTags().forEach(t -> declared.put(t.getName(), t));
        }
        for (String name : used) {
            declared.computeIfAbsent(name, n -> OASFactory.createTag().name(n));
        }
        List<Tag> sorted = new ArrayList<>(declared.values());
        sorted.sort((a, b) -> a.getName().compareTo(b.getName()));
        openAPI.setTags(sorted);
    }

    static boolean isEmpty(Content content) {
        return content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty();
    }

    static APIResponse problemResponse(String description) {
        return OASFactory.createAPIResponse().description(description).content(problemContent());
    }

    static Content problemContent() {
        MediaType media = OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF));
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, media);
    }

    static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }

    static Schema fieldError() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("One field at fault: its name (a body member's path such as `assignments[0].unitId`, or a "
                        + "parameter's name) and what is wrong with it.")
                .addProperty("field", string("the body member or parameter, e.g. `reason` or `unitId`"))
                .addProperty("message", string("what is wrong, in words, e.g. `must not be blank`"))
                .addRequired("field").addRequired("message");
    }

    /**
     * RFC 9457 problem details as platform's {@code Problem} writes them: the five standard members and the extension
     * members services add. Further extension members may appear ({@code additionalProperties}).
     */
    static Schema problem() {
        Schema integer = OASFactory.createSchema().addType(SchemaType.INTEGER);
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An error, as RFC 9457 problem details (`application/problem+json`). `type` is `about:blank`: "
                        + "`status` and `title` say what kind it is, `detail` what to do about it; extension members name "
                        + "the field, line or state at fault.")
                .addProperty("type", string("always `about:blank`").format("uri-reference").defaultValue("about:blank"))
                .addProperty("title", string("the kind of problem, e.g. `Invalid field`, `Not Found`, `Conflict`"))
                .addProperty("status", integer.description("the HTTP status code").minimum(new java.math.BigDecimal(400))
                        .maximum(new java.math.BigDecimal(599)))
                .addProperty("detail", string("what happened, in words a person can act on"))
                .addProperty("instance", string("the request path").format("uri-reference"))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/" + FIELD_ERROR))
                        .description("400: each field or parameter at fault"))
                .addProperty("state", string("409: the state the resource is in, e.g. `COMPLETED`, `WITHDRAWN`"))
                .addProperty("version", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64")
                        .description("409: the version of the resource the request met (a lost race)"))
                .addProperty("field", string("the field at fault, where one field is"))
                .addProperty("line", OASFactory.createSchema().addType(SchemaType.INTEGER)
                        .description("the line of an uploaded document or file at fault (imports)"))
                .addProperty("limit", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int64")
                        .description("413 and limits: the limit exceeded"))
                .addProperty("id", string("500: names the failure in the service log"))
                .addRequired("title").addRequired("status")
                .additionalPropertiesBoolean(Boolean.TRUE)
                .example(Map.of("type", "about:blank", "title", "Invalid field", "status", 400,
                        "detail", "reason: must not be blank", "instance", "/api/assignments/3f2c9a64-1b7e-4c1a-9d7e-2a5b6c8d9e01/return",
                        "errors", List.of(Map.of("field", "reason", "message", "must not be blank"))));
    }
}
