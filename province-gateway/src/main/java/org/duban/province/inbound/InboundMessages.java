package org.duban.province.inbound;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.hibernate.query.TypedParameterValue;
import org.hibernate.type.StandardBasicTypes;

import org.duban.platform.outbox.Outbox;
import org.duban.province.message.Envelope;
import org.duban.province.message.MessageType;
import org.duban.province.message.ProvinceEvents;
import org.duban.province.message.Answer;
import org.duban.province.message.Refusal;

/**
 * Accepts a checked province → county message: in ONE transaction the nonce, the idempotency row (sender, msgId) with
 * its answer, the provincial task's flow state and the Duban event (platform's {@link Outbox}, id derived from sender
 * and msgId). A message already accepted gets its stored answer and changes nothing; two copies at once are one
 * effect, because the second insert of (sender, msgId) waits for the first transaction and then finds its row.
 * Refused messages (code 2, 3) leave nothing: the transaction rolls back.
 */
@ApplicationScoped
public class InboundMessages {

    public static final String PUSH = "PUSH";
    public static final String PULL = "PULL";

    @Inject
    EntityManager em;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    SignatureCheck signatures;

    /**
     * @param nonce the request's nonce to record, or null for a pulled message (the changes answer is not signed per item)
     * @throws Refusal code 1 for a reused nonce, code 3 for a flow error
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Answer accept(String appKey, String nonce, Envelope env, String envelopeJson, String via) {
        if (nonce != null) {
            signatures.recordNonce(appKey, nonce);
        }
        Instant now = clock.instant();
        UUID eventId = ProvinceEvents.eventId(appKey, env.msgId());
        Answer ok = Answer.ok(env.msgId());
        int inserted = em.createNativeQuery("""
                insert into inbound_message (app_key, msg_id, msg_type, prov_task_id, send_time, sender_org, receiver_org, envelope,
                                             event_id, answer_code, answer_msg, via, received_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
                on conflict (app_key, msg_id) do nothing""")
                .setParameter(1, appKey).setParameter(2, env.msgId()).setParameter(3, env.msgType().name())
                .setParameter(4, env.provTaskId()).setParameter(5, env.sendTimeText()).setParameter(6, env.senderOrg())
                .setParameter(7, env.receiverOrg()).setParameter(8, envelopeJson).setParameter(9, eventId)
                .setParameter(10, ok.code()).setParameter(11, ok.msg()).setParameter(12, via).setParameter(13, now)
                .executeUpdate();
        if (inserted == 0) {
            return stored(appKey, env);
        }
        flow(appKey, env, now);
        outbox.publish(ProvinceEvents.of(env), eventId);
        org.duban.platform.audit.AuditTrail.current().entry("province.message." + env.msgType().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), "PROVINCIAL_TASK", env.provTaskId()).actor(org.duban.platform.audit.AuditTrail.Actor.app("province-app", appKey)).after(org.duban.platform.audit.AuditTrail.fields("msgId", env.msgId(), "msgType", env.msgType(), "via", via, "eventId", eventId)).record(); // issue 20
        return ok;
    }

    /** The answer the first copy of this msgId got; a different message under a used msgId is a flow error. */
    private Answer stored(String appKey, Envelope env) {
        Object[] row = (Object[]) em.createNativeQuery("""
                select answer_code, answer_msg, msg_type, prov_task_id from inbound_message where app_key = ?1 and msg_id = ?2""")
                .setParameter(1, appKey).setParameter(2, env.msgId()).getSingleResult();
        if (!env.msgType().name().equals(row[2]) || !env.provTaskId().equals(row[3])) {
            throw Refusal.flow("msgId: already used for " + row[2] + " of provTaskId " + row[3], env.msgId());
        }
        return new Answer(((Number) row[0]).intValue(), (String) row[1], env.msgId());
    }

    /** The checks of code 3 and the task register's new state, under the task row's lock. */
    private void flow(String appKey, Envelope env, Instant now) {
        String id = env.provTaskId();
        if (env.msgType() == MessageType.TASK_ISSUE) {
            int issued = em.createNativeQuery("""
                    insert into provincial_task (prov_task_id, app_key, sender_org, task_number, title, document_number, state,
                                                 issued_msg_id, issued_at, last_in_type, last_in_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6, 'ISSUED', ?7, ?8, 'TASK_ISSUE', ?8)
                    on conflict (prov_task_id) do nothing""")
                    .setParameter(1, id).setParameter(2, appKey).setParameter(3, env.senderOrg())
                    .setParameter(4, text(ProvinceEvents.text(env, "taskNumber"))).setParameter(5, ProvinceEvents.text(env, "title"))
                    .setParameter(6, text(ProvinceEvents.text(env, "documentNumber"))).setParameter(7, env.msgId()).setParameter(8, now)
                    .executeUpdate();
            if (issued == 0) {
                Object by = em.createNativeQuery("select issued_msg_id from provincial_task where prov_task_id = ?1")
                        .setParameter(1, id).getSingleResult();
                throw Refusal.flow("provTaskId: " + id + " was already issued (msgId " + by + ")", env.msgId());
            }
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select state, app_key from provincial_task where prov_task_id = ?1 for update")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw Refusal.flow("provTaskId: " + id + " was never issued to this county", env.msgId());
        }
        String state = (String) rows.get(0)[0];
        if (!appKey.equals(rows.get(0)[1])) {
            throw Refusal.flow("provTaskId: " + id + " was issued by another sender", env.msgId());
        }
        if ("REVOKED".equals(state)) {
            throw Refusal.flow("provTaskId: " + id + " was revoked (TASK_REVOKE); no message about it is taken", env.msgId());
        }
        if ("CLOSED".equals(state) && env.msgType() != MessageType.TASK_REVOKE) {
            throw Refusal.flow("provTaskId: " + id + " is closed (REVIEW_RESULT PASSED, 销号)", env.msgId());
        }
        String newState = state;
        switch (env.msgType()) {
            case REVIEW_RESULT -> {
                if (!outboundExists("prov_task_id = ?1 and msg_type = 'COMPLETE'", id, null)) {
                    throw Refusal.flow("msgType: REVIEW_RESULT before the county sent COMPLETE for " + id, env.msgId());
                }
                newState = "PASSED".equals(ProvinceEvents.text(env, "result")) ? "CLOSED" : "ISSUED";
            }
            case EXTENSION_DECISION -> {
                String request = ProvinceEvents.text(env, "requestMsgId");
                if (!outboundExists("prov_task_id = ?1 and msg_id = ?2 and msg_type = 'EXTENSION_REQUEST'", id, request)) {
                    throw Refusal.flow("payload.requestMsgId: " + request + " is not an EXTENSION_REQUEST of the county for " + id,
                            env.msgId());
                }
            }
            case TASK_REVOKE -> newState = "REVOKED";
            default -> {
                // URGE, SUPERVISE: fine while the task is open
            }
        }
        em.createNativeQuery("update provincial_task set state = ?2, last_in_type = ?3, last_in_at = ?4 where prov_task_id = ?1")
                .setParameter(1, id).setParameter(2, newState).setParameter(3, env.msgType().name()).setParameter(4, now)
                .executeUpdate();
    }

    /** A nullable text parameter (PostgreSQL cannot type a bare null). */
    private static TypedParameterValue<String> text(String value) {
        return new TypedParameterValue<>(StandardBasicTypes.STRING, value);
    }

    private boolean outboundExists(String where, String provTaskId, String msgId) {
        var q = em.createNativeQuery("select count(*) from outbound_message where " + where).setParameter(1, provTaskId);
        if (msgId != null) {
            q.setParameter(2, msgId);
        }
        return ((Number) q.getSingleResult()).longValue() > 0;
    }
}
