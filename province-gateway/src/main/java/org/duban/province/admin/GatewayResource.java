package org.duban.province.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;

import org.duban.platform.problem.Problem;
import org.duban.platform.security.Roles;
import org.duban.province.config.GatewayConfig;
import org.duban.province.inbound.InboundMessage;
import org.duban.province.message.MessageType;
import org.duban.province.outbound.Dispatcher;
import org.duban.province.outbound.OutboundAttempt;
import org.duban.province.outbound.OutboundMessage;
import org.duban.province.signing.Credentials;

/**
 * The supervision office's view of the provincial link (OIDC): inbound and outbound messages with their status and
 * attempts, resending a message the province refused or that failed, the provincial tasks the gateway knows and the
 * registered apps (never a secret).
 */
@Path("/api/gateway")
@Tag(name = "Gateway (省级平台对接)", description = "The supervision office view of the provincial link: messages in and out with their attempts, resending, provincial tasks and registered apps")
@RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR, Roles.LEADER })
public class GatewayResource {

    private static final Logger LOG = Logger.getLogger(GatewayResource.class);

    public record Page<T>(List<T> items, long total, int page, int size) {
    }

    public record InboundView(long id, String appKey, String msgId, String msgType, String provTaskId, String sendTime, String senderOrg,
            String receiverOrg, UUID eventId, int answerCode, String answerMsg, String via, Instant receivedAt) {
        static InboundView of(InboundMessage m) {
            return new InboundView(m.id, m.appKey, m.msgId, m.msgType, m.provTaskId, m.sendTime, m.senderOrg, m.receiverOrg, m.eventId,
                    m.answerCode, m.answerMsg, m.via, m.receivedAt);
        }
    }

    public record InboundDetail(InboundView message, String envelope) {
    }

    public record OutboundView(UUID id, long cursor, String msgId, String msgType, String provTaskId, UUID dubanTaskId, UUID eventId,
            String status, int attempts, Instant nextAttemptAt, Integer lastHttpStatus, Integer lastCode, String lastError,
            Instant createdAt, Instant deliveredAt, String resentBy, Instant resentAt) {
        static OutboundView of(OutboundMessage m) {
            return new OutboundView(m.id, m.seq, m.msgId, m.msgType, m.provTaskId, m.dubanTaskId, m.eventId, m.status, m.attempts,
                    m.nextAttemptAt, m.lastHttpStatus, m.lastCode, m.lastError, m.createdAt, m.deliveredAt, m.resentBy, m.resentAt);
        }
    }

    public record AttemptView(int attempt, Instant attemptedAt, Integer httpStatus, Integer answerCode, String answerMsg, String error,
            String outcome, int durationMs) {
    }

    public record OutboundDetail(OutboundView message, String envelope, List<AttemptView> attempts) {
    }

    public record TaskView(String provTaskId, String appKey, String senderOrg, String taskNumber, String title, String documentNumber,
            String state, String issuedMsgId, Instant issuedAt, UUID dubanTaskId, String lastInType, Instant lastInAt, String lastOutType,
            Instant lastOutAt) {
    }

    public record AppView(String appKey, String method, String org) {
    }

    public record AppsView(List<AppView> registered, AppView county, boolean outboundUrlSet, Optional<String> outboundUrl,
            Optional<String> pullUrl) {
    }

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    SecurityIdentity caller;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Credentials credentials;

    @Inject
    GatewayConfig config;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @GET
    @Path("/inbound")
    @Operation(operationId = "listInbound", summary = "省级来文 — accepted province messages", description = "Accepted province → county messages, newest first, filtered by provTaskId, msgType and via (PUSH or PULL). Admin, supervisor, leader; changes nothing. An unknown msgType is a 400.")
    public Page<InboundView> inbound(@QueryParam("provTaskId") String provTaskId, @QueryParam("msgType") String msgType,
            @QueryParam("via") String via, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        msgType(msgType);
        Filter f = new Filter().eq("provTaskId", provTaskId).eq("msgType", msgType).eq("via", via);
        var query = InboundMessage.find(f.where(), Sort.descending("id"), f.params);
        return new Page<>(query.page(page, size).<InboundMessage> list().stream().map(InboundView::of).toList(), query.count(), page, size);
    }

    @GET
    @Path("/inbound/{id}")
    @Operation(operationId = "getInbound", summary = "One province message", description = "An accepted province message with its envelope as received (the raw JSON).")
    @APIResponse(responseCode = "200", description = "The message and its envelope",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = InboundDetail.class)))
    @APIResponse(responseCode = "404", description = "No inbound message with this id")
    public InboundDetail inboundMessage(@PathParam("id") long id) {
        InboundMessage m = InboundMessage.findById(id);
        if (m == null) {
            throw Problem.notFound("no inbound message " + id);
        }
        return new InboundDetail(InboundView.of(m), m.envelope);
    }

    @GET
    @Path("/outbound")
    @Operation(operationId = "listOutbound", summary = "报省消息 — county messages to the province", description = "County → province messages (RECEIPT, RETURN, PROGRESS, EXTENSION_REQUEST, COMPLETE), newest first, filtered by provTaskId, msgType and status (PENDING, SENDING, DELIVERED, REJECTED, FAILED). An unknown msgType or status is a 400.")
    public Page<OutboundView> outbound(@QueryParam("provTaskId") String provTaskId, @QueryParam("msgType") String msgType,
            @QueryParam("status") String status, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        msgType(msgType);
        if (status != null && !status.isBlank() && !List.of(Dispatcher.PENDING, Dispatcher.SENDING, Dispatcher.DELIVERED, Dispatcher.REJECTED,
                Dispatcher.FAILED).contains(status)) {
            throw Problem.invalidField("status", "must be PENDING, SENDING, DELIVERED, REJECTED or FAILED");
        }
        Filter f = new Filter().eq("provTaskId", provTaskId).eq("msgType", msgType).eq("status", status);
        var query = OutboundMessage.find(f.where(), Sort.descending("seq"), f.params);
        return new Page<>(query.page(page, size).<OutboundMessage> list().stream().map(OutboundView::of).toList(), query.count(), page, size);
    }

    @GET
    @Path("/outbound/{id}")
    @Operation(operationId = "getOutbound", summary = "One county message to the province", description = "An outbound message with its signed envelope and every delivery attempt (HTTP status, answer code, error, duration).")
    @APIResponse(responseCode = "200", description = "The message, its envelope and attempts",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OutboundDetail.class)))
    @APIResponse(responseCode = "404", description = "No outbound message with this id")
    public OutboundDetail outboundMessage(@PathParam("id") UUID id) {
        OutboundMessage m = OutboundMessage.findById(id);
        if (m == null) {
            throw Problem.notFound("no outbound message " + id);
        }
        List<AttemptView> attempts = OutboundAttempt.<OutboundAttempt> find("messageId", Sort.ascending("id"), id).list().stream()
                .map(a -> new AttemptView(a.attempt, a.attemptedAt, a.httpStatus, a.answerCode, a.answerMsg, a.error, a.outcome, a.durationMs))
                .toList();
        return new OutboundDetail(OutboundView.of(m), m.envelope, attempts);
    }

    @POST
    @Path("/outbound/{id}/resend")
    @RolesAllowed({ Roles.ADMIN, Roles.SUPERVISOR })
    @Transactional
    @Operation(operationId = "resendOutbound", summary = "重新报送 — send a message to the province again", description = "The supervision office (or an admin) sends a FAILED or REJECTED message again, after fixing the cause: same msgId, status PENDING, a new 24 h retry window. Records who asked and when.")
    @APIResponse(responseCode = "200", description = "The message, PENDING again",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = OutboundView.class)))
    @APIResponse(responseCode = "404", description = "No outbound message with this id")
    @APIResponse(responseCode = "409", description = "The message is not FAILED or REJECTED; the problem names its state")
    public OutboundView resend(@PathParam("id") UUID id) {
        OutboundMessage m = OutboundMessage.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (m == null) {
            throw Problem.notFound("no outbound message " + id);
        }
        if (!Dispatcher.FAILED.equals(m.status) && !Dispatcher.REJECTED.equals(m.status)) {
            throw Problem.conflict("outbound message " + m.msgId + " is " + m.status + "; only FAILED or REJECTED messages are resent")
                    .with("state", m.status);
        }
        Instant now = clock.instant();
        String who = caller.getPrincipal().getName();
        LOG.infof("outbound %s (%s, %s) resent by %s after %s", m.msgId, m.msgType, m.provTaskId, who, m.status);
        m.status = Dispatcher.PENDING;
        m.dueSince = now;
        m.nextAttemptAt = now;
        m.claimToken = null;
        m.claimedUntil = null;
        m.resentBy = who;
        m.resentAt = now;
        org.duban.platform.audit.AuditTrail.current().record("outbound.resend", "OUTBOUND_MESSAGE", m.id, null, org.duban.platform.audit.AuditTrail.fields("msgId", m.msgId, "msgType", m.msgType, "provTaskId", m.provTaskId, "status", m.status)); // issue 20
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    dispatcher.wake();
                }
            }
        });
        return OutboundView.of(m);
    }

    @GET
    @Path("/tasks")
    @Operation(operationId = "listProvincialTasks", summary = "省级任务 — the provincial tasks the gateway knows", description = "Each provincial task (办件编号) with its state, the last message in and out, and the Duban task once task-service has created it; state narrows the list.")
    public Page<TaskView> tasks(@QueryParam("state") String state, @QueryParam("page") @DefaultValue("0") @Min(0) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(500) int size) {
        Filter f = new Filter().eq("state", state);
        var query = ProvincialTask.find(f.where(), Sort.ascending("issuedAt").and("provTaskId"), f.params);
        List<TaskView> items = query.page(page, size).<ProvincialTask> list().stream()
                .map(t -> new TaskView(t.provTaskId, t.appKey, t.senderOrg, t.taskNumber, t.title, t.documentNumber, t.state, t.issuedMsgId,
                        t.issuedAt, t.dubanTaskId, t.lastInType, t.lastInAt, t.lastOutType, t.lastOutAt))
                .toList();
        return new Page<>(items, query.count(), page, size);
    }

    @GET
    @Path("/apps")
    @Operation(operationId = "listApps", summary = "对接应用 — the registered apps", description = "The province app keys registered at the county and the county own app key, with their signing methods and the configured push and pull URLs; never a secret or key.")
    @APIResponse(responseCode = "200", description = "The apps",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = AppsView.class)))
    public AppsView apps() {
        List<AppView> registered = new ArrayList<>();
        for (Credentials.RegisteredApp a : credentials.apps()) {
            registered.add(new AppView(a.appKey(), a.method().header(), a.org().orElse(null)));
        }
        AppView county = credentials.own().map(o -> new AppView(o.appKey(), o.credential().method().header(), config.county().org()))
                .orElse(null);
        return new AppsView(registered, county, config.outboundUrl().filter(u -> !u.isBlank()).isPresent(),
                config.outboundUrl().filter(u -> !u.isBlank()), config.pullUrl().filter(u -> !u.isBlank()));
    }

    private static void msgType(String msgType) {
        if (msgType != null && !msgType.isBlank() && MessageType.of(msgType).isEmpty()) {
            throw Problem.invalidField("msgType", "unknown message type " + msgType);
        }
    }

    private static final class Filter {
        final Map<String, Object> params = new HashMap<>();
        final List<String> clauses = new ArrayList<>();

        Filter eq(String field, Object value) {
            if (value != null && !(value instanceof String s && s.isBlank())) {
                clauses.add(field + " = :" + field);
                params.put(field, value);
            }
            return this;
        }

        String where() {
            return clauses.isEmpty() ? "1 = 1" : String.join(" and ", clauses);
        }
    }
}
