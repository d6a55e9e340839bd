package org.duban.province.inbound;

import java.nio.charset.StandardCharsets;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerRequest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.duban.province.config.GatewayConfig;
import org.duban.province.message.Envelope;
import org.duban.province.message.Envelopes;
import org.duban.province.signing.Credentials.RegisteredApp;
import org.duban.province.signing.SignedHeaders;
import org.duban.province.message.Answer;
import org.duban.province.message.Refusal;

/**
 * {@code POST /api/province/messages}: what the province sends the county (docs/province-api.md §4). Not behind OIDC —
 * the signature is the authentication. The answer is the transport answer of §6, never a business answer. Every
 * refusal is logged with its reason and the caller's address (audit).
 */
@Tag(name = "Province link (省级平台)", description = "The signed exchange with the provincial platform (docs/province-api.md): no OIDC, the signature is the authentication")
@Path("/api/province/messages")
@PermitAll
public class ProvinceMessagesResource {

    private static final Logger LOG = Logger.getLogger(ProvinceMessagesResource.class);
    static final String JSON_UTF8 = "application/json;charset=UTF-8";

    @Inject
    SignatureCheck signatures;

    @Inject
    InboundMessages messages;

    @Inject
    GatewayConfig config;

    @Inject
    HttpServerRequest request;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "receiveProvinceMessage", summary = "省级平台来文 — a signed message from the province", description = "The provincial platform pushes TASK_ISSUE (下发任务), URGE (催办), SUPERVISE (督办), EXTENSION_DECISION (延期批复), REVIEW_RESULT (复核) or TASK_REVOKE (撤销), signed with its app key (HMAC-SM3 or SM3withSM2, headers X-App-Key, X-Timestamp, X-Nonce, X-Sign-Method, X-Signature; docs/province-api.md §2). An accepted message is recorded once per msgId and announced to Duban as a Provincial* event (task-service creates or updates the provincial task). The answer confirms transport only, never the business answer; every refusal is logged with its reason and the caller address.")
    @RequestBody(required = true, description = "The signed envelope (docs/province-api.md §3), JSON in UTF-8, at most 1 MiB",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT, requiredProperties = { "msgId", "msgType",
                    "provTaskId", "sendTime", "senderOrg", "receiverOrg", "schemaVersion", "payload" }, properties = {
                            @SchemaProperty(name = "msgId", type = SchemaType.STRING, maxLength = 64, description = "The idempotency key, unique per sender"),
                            @SchemaProperty(name = "msgType", type = SchemaType.STRING, enumeration = { "TASK_ISSUE", "URGE", "SUPERVISE",
                                    "EXTENSION_DECISION", "REVIEW_RESULT", "TASK_REVOKE" }),
                            @SchemaProperty(name = "provTaskId", type = SchemaType.STRING, maxLength = 64, description = "办件编号"),
                            @SchemaProperty(name = "sendTime", type = SchemaType.STRING, pattern = "^[0-9]{14}$", description = "yyyyMMddHHmmss, Beijing time"),
                            @SchemaProperty(name = "senderOrg", type = SchemaType.STRING, description = "统一社会信用代码"),
                            @SchemaProperty(name = "receiverOrg", type = SchemaType.STRING, description = "统一社会信用代码"),
                            @SchemaProperty(name = "schemaVersion", type = SchemaType.STRING, example = "1.0"),
                            @SchemaProperty(name = "payload", type = SchemaType.OBJECT, description = "By msgType (docs/province-api.md §4)"),
                            @SchemaProperty(name = "attachments", type = SchemaType.ARRAY, description = "References only: name, url, sm3, size") }),
                    examples = { @ExampleObject(name = "URGE", value = """
            {"msgId": "HN-20210801-000123", "msgType": "URGE", "provTaskId": "HN2021ZWFW-06", "sendTime": "20210801093000", "senderOrg": "11430000MB1D00000X", "receiverOrg": "11431225MB1C00000Y", "schemaVersion": "1.0", "payload": {"reason": "进度滞后，请于8月10日前报送", "replyBy": "20210810180000"}}""") }))
    @APIResponse(responseCode = "200", description = "Code 0: accepted and recorded (the same msgId again within 7 days gets the same answer, no second effect)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class), examples = { @ExampleObject(name = "code 0", value = """
            {"code": 0, "msg": "ok", "msgId": "HN-20210801-000123"}""") }))
    @APIResponse(responseCode = "400", description = "Code 2: invalid parameters; msg names the field with its path (payload.level: must be YELLOW or RED)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class), examples = { @ExampleObject(name = "code 2", value = """
            {"code": 2, "msg": "payload.level: must be YELLOW or RED", "msgId": "HN-20210801-000123"}""") }))
    @APIResponse(responseCode = "401", description = "Code 1: refused — app key, timestamp, nonce, sign method or signature (checked before the body is read; msgId may be null)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class), examples = { @ExampleObject(name = "code 1", value = """
            {"code": 1, "msg": "X-Signature: does not verify", "msgId": "HN-20210801-000123"}""") }))
    @APIResponse(responseCode = "409", description = "Code 3: flow error — the message does not fit the task state (an URGE for a task never issued, anything after TASK_REVOKE …)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class), examples = { @ExampleObject(name = "code 3", value = """
            {"code": 3, "msg": "provTaskId HN2021ZWFW-06 was never issued to this county", "msgId": "HN-20210801-000123"}""") }))
    @APIResponse(responseCode = "413", description = "Code 2: the body is over 1 MiB (refused from its Content-Length)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Answer.class)))
    public Response receive(byte[] body, @HeaderParam(SignedHeaders.APP_KEY) String appKey,
            @HeaderParam(SignedHeaders.TIMESTAMP) String timestamp, @HeaderParam(SignedHeaders.NONCE) String nonce,
            @HeaderParam(SignedHeaders.SIGN_METHOD) String signMethod, @HeaderParam(SignedHeaders.SIGNATURE) String signature) {
        String msgId = null;
        try {
            byte[] raw = body == null ? new byte[0] : body;
            if (raw.length > config.inbound().maxBodyBytes()) {
                throw BodyLimit.refusal(config.inbound().maxBodyBytes());
            }
            RegisteredApp app = signatures.verify(new SignatureCheck.Headers(appKey, timestamp, nonce, signMethod, signature),
                    "POST", request.uri(), raw);
            ObjectNode root = Envelopes.parse(raw);
            msgId = Envelopes.msgIdOf(root);
            Envelope env = Envelopes.inbound(root);
            Answer answer = messages.accept(app.appKey(), nonce, env, new String(raw, StandardCharsets.UTF_8), InboundMessages.PUSH);
            LOG.debugf("accepted %s %s of %s from %s", env.msgType(), env.msgId(), env.provTaskId(), app.appKey());
            return respond(answer.httpStatus(), answer);
        } catch (Refusal r) {
            Refusal withId = r.withMsgId(msgId);
            LOG.warnf("refused a message from %s (app key %s, msgId %s): code %d, %s", request.remoteAddress(), appKey, msgId,
                    r.code(), r.getMessage());
            InboundAudit.refused(r, appKey, msgId, request); // issue 20: a refused signature is a security event
            return respond(withId.httpStatus(), withId.answer());
        }
    }

    static Response respond(int status, Object answer) {
        return Response.status(status).type(JSON_UTF8).entity(answer).build();
    }
}
