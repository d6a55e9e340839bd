package org.duban.platform.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

/**
 * The filter on a small document built with the MicroProfile model (SmallRye's implementation): the common answers as
 * problems, a declared answer kept, a declared answer without content given the Problem body, the bearer alternative,
 * a default tag, and Jackson's JsonNode replaced by a free-form value. deploy/stack's OpenApiDocumentsTest checks the
 * services' real documents.
 */
class ProblemResponsesTest {

    @Test
    void commonAnswersAreProblemsUnlessDeclared() {
        Schema view = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT);
        Operation secured = OASFactory.createOperation()
                .addParameter(OASFactory.createParameter().name("id").in(org.eclipse.microprofile.openapi.models.parameters.Parameter.In.PATH))
                .requestBody(OASFactory.createRequestBody().content(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(view))))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("OK"))
                        .addAPIResponse("401", OASFactory.createAPIResponse().description("Not Authorized"))
                        .addAPIResponse("404", OASFactory.createAPIResponse().description("no such thing"))
                        .addAPIResponse("409", OASFactory.createAPIResponse().description("its own").content(OASFactory.createContent()
                                .addMediaType("application/json", OASFactory.createMediaType().schema(view)))))
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("SecurityScheme", List.of("supervisor")));
        Operation open = OASFactory.createOperation().addTag("health")
                .responses(OASFactory.createAPIResponses().addAPIResponse("200", OASFactory.createAPIResponse().description("OK")));
        OpenAPI doc = OASFactory.createOpenAPI().paths(OASFactory.createPaths()
                .addPathItem("/api/things/{id}", OASFactory.createPathItem().POST(secured))
                .addPathItem("/api/public/ping", OASFactory.createPathItem().GET(open)));

        new ProblemResponses().filterOpenAPI(doc);

        assertNotNull(doc.getComponents().getSchemas().get(ProblemResponses.PROBLEM));
        assertNotNull(doc.getComponents().getSecuritySchemes().get(ProblemResponses.BEARER));
        for (String code : List.of("400", "401", "403", "404", "413", "415", "500", "503")) {
            APIResponse r = secured.getResponses().getAPIResponse(code);
            assertNotNull(r, code);
            assertEquals(ProblemResponses.PROBLEM_REF, r.getContent().getMediaType("application/problem+json").getSchema().getRef(), code);
        }
        assertEquals("no such thing", secured.getResponses().getAPIResponse("404").getDescription(), "a declared description stays");
        assertTrue(secured.getResponses().getAPIResponse("401").getDescription().startsWith("No valid bearer token"));
        assertNull(secured.getResponses().getAPIResponse("409").getContent().getMediaType("application/problem+json"),
                "an answer the operation declared with its own content is left alone");
        assertEquals(List.of("200", "400", "401", "403", "404", "409", "413", "415", "500", "503"),
                List.copyOf(secured.getResponses().getAPIResponses().keySet()), "listed by code");
        assertTrue(secured.getSecurity().stream().anyMatch(s -> s.hasScheme("bearer") && s.getScheme("bearer").equals(List.of("supervisor"))));
        assertEquals(List.of("things"), secured.getTags(), "an untagged operation gets its URL root");

        // public, no parameters, no body: only the answers every operation can give
        assertFalse(open.getResponses().hasAPIResponse("401"));
        assertFalse(open.getResponses().hasAPIResponse("400"));
        assertTrue(open.getResponses().hasAPIResponse("503"));
        assertEquals(List.of("health"), open.getTags());
        assertTrue(doc.getTags().stream().anyMatch(t -> t.getName().equals("things")), "every tag used is listed");
    }

    @Test
    void jacksonNodesBecomeFreeFormValues() {
        Schema jackson = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("valueNode", OASFactory.createSchema().addType(Schema.SchemaType.BOOLEAN));
        Schema entry = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("before", OASFactory.createSchema().ref("#/components/schemas/JsonNode"))
                .addProperty("list", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref("#/components/schemas/JsonNode")))
                // a member with its own description is wrapped: allOf, which the model answers as an unmodifiable list
                .addProperty("described", OASFactory.createSchema().description("the target after the change")
                        .addAllOf(OASFactory.createSchema().ref("#/components/schemas/JsonNode")));
        OpenAPI doc = OASFactory.createOpenAPI().components(OASFactory.createComponents().addSchema("JsonNode", jackson)
                .addSchema("Entry", entry)).paths(OASFactory.createPaths());

        new ProblemResponses().filterOpenAPI(doc);

        assertFalse(doc.getComponents().getSchemas().containsKey("JsonNode"));
        Schema before = doc.getComponents().getSchemas().get("Entry").getProperties().get("before");
        assertNull(before.getRef());
        assertEquals("any JSON value, as recorded", before.getDescription());
        assertNull(doc.getComponents().getSchemas().get("Entry").getProperties().get("list").getItems().getRef());
        assertNull(doc.getComponents().getSchemas().get("Entry").getProperties().get("described").getAllOf().get(0).getRef());
    }
}
