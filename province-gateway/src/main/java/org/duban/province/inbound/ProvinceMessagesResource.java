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
import org.jboss.logging.Logger;

import io.vertx.core.http.HttpServerRequest;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.duban.province.config.GatewayConfig;
import org.duban.province.message.Envelope;
import org.duban.province.message.Envelopes;
import org.duban.province.signing.Credentials.RegisteredApp;
import org.duban.province.signing.SignedHeaders;

/**
 * {@code POST /api/province/messages}: what the province sends the county (docs/province-api.md §4). Not behind OIDC —
 * the signature is the authentication. The answer is the transport answer of §6, never a business answer. Every
 * refusal is logged with its reason and the caller's address (audit).
 */
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
    @Operation(summary = "A signed message from the provincial platform (TASK_ISSUE, URGE, SUPERVISE, EXTENSION_DECISION, REVIEW_RESULT, TASK_REVOKE)")
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
            return respond(withId.httpStatus(), withId.answer());
        }
    }

    static Response respond(int status, Object answer) {
        return Response.status(status).type(JSON_UTF8).entity(answer).build();
    }
}
