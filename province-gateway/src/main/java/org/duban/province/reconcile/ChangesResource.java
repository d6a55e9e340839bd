package org.duban.province.reconcile;

import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.vertx.core.http.HttpServerRequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import org.duban.province.message.Answer;
import org.duban.province.message.Refusal;
import org.duban.province.inbound.SignatureCheck;
import org.duban.province.signing.Credentials.RegisteredApp;
import org.duban.province.signing.SignedHeaders;

/**
 * {@code GET /api/province/changes?since=&limit=} (docs/province-api.md §7): the county's outbound messages in the order
 * they were written, for a province that cannot receive pushes. Signed and checked like a pushed message (code 1);
 * {@code since}/{@code limit} out of range is code 2. The cursor is the message's {@code seq}.
 */
@Tag(name = "Province link (省级平台)", description = "The signed exchange with the provincial platform (docs/province-api.md): no OIDC, the signature is the authentication")
@Path("/api/province/changes")
@PermitAll
public class ChangesResource {

    private static final Logger LOG = Logger.getLogger(ChangesResource.class);

    @Inject
    SignatureCheck signatures;

    @Inject
    EntityManager em;

    @Inject
    HttpServerRequest request;

    private final ObjectMapper json = new ObjectMapper();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "provinceChanges", summary = "对账拉取 — the county outbound messages after a cursor", description = "For a province on a one-way network (docs/province-api.md §7): the county RECEIPT, RETURN, PROGRESS, EXTENSION_REQUEST and COMPLETE messages in the order they were written, after since (0 at first), at most limit (1..500, default 100). Signed like a pushed message, nonce included; changes nothing but the nonce record.")
    @APIResponse(responseCode = "200", description = "Code 0 and the messages after the cursor, oldest first",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT, properties = {
                    @SchemaProperty(name = "code", type = SchemaType.INTEGER, example = "0"),
                    @SchemaProperty(name = "msg", type = SchemaType.STRING, example = "ok"),
                    @SchemaProperty(name = "items", type = SchemaType.ARRAY, description = "Each {cursor, message}: the cursor (the message seq) and the envelope as it was pushed"),
                    @SchemaProperty(name = "next", type = SchemaType.INTEGER, description = "The cursor to ask with next time") }),
                    examples = { @ExampleObject(name = "page", value = """
            {"code": 0, "msg": "ok", "items": [{"cursor": 41, "message": {"msgId": "DUBAN-6f1c…", "msgType": "RECEIPT", "provTaskId": "HN2021ZWFW-06", "sendTime": "20210802100000", "senderOrg": "11431225MB1C00000Y", "receiverOrg": "11430000MB1D00000X", "schemaVersion": "1.0", "payload": {"signedAt": "20210802100000", "signedBy": "县政府督查室", "signedByUser": "auto"}}}], "next": 41}""") }))
    @APIResponse(responseCode = "400", description = "Code 2: since not a whole number, or limit outside 1..500",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class)))
    @APIResponse(responseCode = "401", description = "Code 1: refused — app key, timestamp, nonce, sign method or signature",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class)))
    public Response changes(@QueryParam("since") String since, @QueryParam("limit") String limit,
            @HeaderParam(SignedHeaders.APP_KEY) String appKey, @HeaderParam(SignedHeaders.TIMESTAMP) String timestamp,
            @HeaderParam(SignedHeaders.NONCE) String nonce, @HeaderParam(SignedHeaders.SIGN_METHOD) String signMethod,
            @HeaderParam(SignedHeaders.SIGNATURE) String signature) {
        try {
            RegisteredApp app = signatures.verify(new SignatureCheck.Headers(appKey, timestamp, nonce, signMethod, signature), "GET",
                    request.uri(), new byte[0]);
            long from = number("since", since, 0, 0, Long.MAX_VALUE);
            int max = (int) number("limit", limit, 100, 1, 500);
            String body = QuarkusTransaction.requiringNew().call(() -> {
                signatures.recordNonce(app.appKey(), nonce);
                return page(from, max);
            });
            return Response.ok(body).type("application/json;charset=UTF-8").build();
        } catch (Refusal r) {
            LOG.warnf("refused a changes request from %s (app key %s): code %d, %s", request.remoteAddress(), appKey, r.code(), r.getMessage());
            org.duban.province.inbound.InboundAudit.refused(r, appKey, null, request); // issue 20
            return Response.status(r.httpStatus()).type("application/json;charset=UTF-8").entity(r.answer()).build();
        }
    }

    private static long number(String name, String value, long absent, long min, long max) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw Refusal.invalid(name, "must be a whole number from " + min + " to " + max, null);
    }

    /** The page as JSON; each stored envelope goes in as it is (raw), the bytes that were pushed. */
    @SuppressWarnings("unchecked")
    private String page(long since, int limit) {
        List<Object[]> rows = em.createNativeQuery("select seq, envelope from outbound_message where seq > ?1 order by seq limit ?2")
                .setParameter(1, since).setParameter(2, limit).getResultList();
        ObjectNode answer = json.createObjectNode();
        answer.put("code", Answer.OK);
        answer.put("msg", "ok");
        ArrayNode items = answer.putArray("items");
        long next = since;
        for (Object[] row : rows) {
            long seq = ((Number) row[0]).longValue();
            ObjectNode item = items.addObject();
            item.put("cursor", seq);
            item.putRawValue("message", new RawValue((String) row[1]));
            next = seq;
        }
        answer.put("next", next);
        try {
            return json.writeValueAsString(answer);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
