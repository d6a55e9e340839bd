package org.duban.province.outbound;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.duban.events.DomainEvent;
import org.duban.events.task.ProvincialExtensionRequested;
import org.duban.events.task.ProvincialProgressCompiled;
import org.duban.events.task.ProvincialTaskAccepted;
import org.duban.events.task.ProvincialTaskCompleted;
import org.duban.events.task.ProvincialTaskReturned;
import org.duban.platform.unit.UnitReplica;
import org.duban.province.config.GatewayConfig;
import org.duban.province.message.MessageType;
import org.duban.province.message.WireTime;
import org.duban.province.signing.Credentials;

/**
 * Turns a provincial task event into an outbound message row, in the consumer's transaction: the msgId derives from
 * the Duban event id and the envelope JSON is built once here, so every attempt sends the same bytes. Rows get their
 * changes cursor ({@code seq}) under a transaction-scoped advisory lock: writers commit in cursor order, so a reader
 * of {@code GET /api/province/changes} never sees cursor n+1 before n and skips n for good.
 */
@ApplicationScoped
public class OutboundWriter {

    /** Any constant: the one lock outbound writers queue on. */
    private static final long SEQ_LOCK = 0x70726f76L;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    GatewayConfig config;

    @Inject
    Credentials credentials;

    @Inject
    Dispatcher dispatcher;

    @Inject
    TransactionSynchronizationRegistry transactions;

    private final ObjectMapper json = new ObjectMapper();

    /** The msgId of the message a Duban event becomes. */
    public static String msgIdOf(UUID eventId) {
        return "DUBAN-" + eventId;
    }

    /** Must run in a transaction. Events of other types are ignored. */
    public void write(UUID eventId, DomainEvent event) {
        ObjectNode payload = json.createObjectNode();
        MessageType type;
        String provTaskId;
        UUID taskId;
        if (event instanceof ProvincialTaskAccepted a) {
            type = MessageType.RECEIPT;
            provTaskId = a.provTaskId();
            taskId = a.taskId();
            payload.put("signedAt", WireTime.instant(a.acceptedAt()));
            payload.put("signedBy", config.county().office());
            payload.put("signedByUser", a.acceptedBy());
        } else if (event instanceof ProvincialTaskReturned r) {
            type = MessageType.RETURN;
            provTaskId = r.provTaskId();
            taskId = r.taskId();
            payload.put("reason", r.reason());
            payload.put("returnedAt", WireTime.instant(r.returnedAt()));
        } else if (event instanceof ProvincialProgressCompiled p) {
            type = MessageType.PROGRESS;
            provTaskId = p.provTaskId();
            taskId = p.taskId();
            progress(payload, p);
        } else if (event instanceof ProvincialExtensionRequested x) {
            type = MessageType.EXTENSION_REQUEST;
            provTaskId = x.provTaskId();
            taskId = x.taskId();
            payload.put("currentDeadline", WireTime.date(x.currentDueAt()));
            payload.put("requestedDeadline", WireTime.date(x.requestedDueAt()));
            payload.put("reason", x.reason());
        } else if (event instanceof ProvincialTaskCompleted c) {
            type = MessageType.COMPLETE;
            provTaskId = c.provTaskId();
            taskId = c.taskId();
            payload.put("summary", c.summary());
            payload.put("completedAt", WireTime.instant(c.completedAt()));
            evidence(payload.putArray("evidence"), c.evidence());
        } else {
            return;
        }
        Instant now = clock.instant();
        String msgId = msgIdOf(eventId);
        ObjectNode envelope = json.createObjectNode();
        envelope.put("msgId", msgId);
        envelope.put("msgType", type.name());
        envelope.put("provTaskId", provTaskId);
        envelope.put("sendTime", WireTime.instant(now));
        envelope.put("senderOrg", config.county().org());
        envelope.put("receiverOrg", receiverOrg(provTaskId));
        envelope.put("schemaVersion", "1.0");
        envelope.set("payload", payload);
        String text;
        try {
            text = json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (transactions.getResource(SEQ_LOCK) == null) { // once per transaction; held until it ends
            em.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, SEQ_LOCK).getSingleResult();
            transactions.putResource(SEQ_LOCK, Boolean.TRUE);
        }
        int written = em.createNativeQuery("""
                insert into outbound_message (id, seq, msg_id, msg_type, prov_task_id, duban_task_id, event_id, envelope, status,
                                              attempts, due_since, next_attempt_at, created_at)
                values (?1, nextval('outbound_message_seq'), ?2, ?3, ?4, ?5, ?6, ?7, 'PENDING', 0, ?8, ?8, ?8)
                on conflict (event_id) do nothing""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, msgId).setParameter(3, type.name()).setParameter(4, provTaskId)
                .setParameter(5, taskId).setParameter(6, eventId).setParameter(7, text).setParameter(8, now).executeUpdate();
        if (written == 1) {
            em.createNativeQuery("""
                    update provincial_task set duban_task_id = coalesce(duban_task_id, ?2), last_out_type = ?3, last_out_at = ?4
                    where prov_task_id = ?1""")
                    .setParameter(1, provTaskId).setParameter(2, taskId).setParameter(3, type.name()).setParameter(4, now).executeUpdate();
            wakeDispatcherAfterCommit();
        }
    }

    private void progress(ObjectNode payload, ProvincialProgressCompiled p) {
        payload.put("period", p.period());
        payload.put("percent", p.percentComplete());
        payload.put("narrative", p.narrative());
        ArrayNode figures = payload.putArray("figures");
        for (ProvincialProgressCompiled.Figure f : p.figures() == null ? List.<ProvincialProgressCompiled.Figure> of() : p.figures()) {
            ObjectNode n = figures.addObject();
            n.put("name", f.name());
            number(n, "value", f.value());
            number(n, "target", f.target());
            n.put("measure", f.measure());
        }
        evidence(payload.putArray("evidence"), p.evidence());
        ArrayNode breakdown = payload.putArray("breakdown");
        for (ProvincialProgressCompiled.Part part : p.parts() == null ? List.<ProvincialProgressCompiled.Part> of() : p.parts()) {
            ObjectNode n = breakdown.addObject();
            n.put("countyTaskNumber", part.taskNumber());
            n.put("countyTaskId", str(part.countyTaskId()));
            UnitReplica unit = part.unitId() == null ? null : UnitReplica.findById(part.unitId());
            n.put("unitName", unit == null ? null : unit.name);
            n.put("unitCode", str(part.unitId()));
            n.put("percent", part.percentComplete());
            n.put("narrative", part.narrative());
            n.put("reportedAt", WireTime.instant(part.reportedAt()));
            n.put("reportId", str(part.reportId()));
        }
        payload.put("compiledAt", WireTime.instant(p.compiledAt()));
    }

    /** Evidence references as attachments: a URL keeps its last segment as the name; anything else is name and url as given. */
    private static void evidence(ArrayNode into, List<String> evidence) {
        for (String e : evidence == null ? List.<String> of() : evidence) {
            ObjectNode n = into.addObject();
            if (e.startsWith("http://") || e.startsWith("https://")) {
                String name = e.replaceAll("[?#].*$", "");
                name = name.substring(name.lastIndexOf('/') + 1);
                n.put("name", name.isEmpty() ? e : name);
                n.put("url", e);
            } else {
                n.put("name", e);
                n.put("url", e); // a reference Duban keeps (a file id): the province fetches evidence separately
            }
        }
    }

    private static void number(ObjectNode n, String field, BigDecimal value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** The province's organisation: the one that issued the task, else the registered app's, else the only one known. */
    private String receiverOrg(String provTaskId) {
        @SuppressWarnings("unchecked")
        List<String> issuer = em.createNativeQuery("select sender_org from provincial_task where prov_task_id = ?1")
                .setParameter(1, provTaskId).getResultList();
        if (!issuer.isEmpty()) {
            return issuer.get(0);
        }
        return credentials.apps().stream().map(a -> a.org().orElse(null)).filter(o -> o != null).findFirst().orElse("PROVINCE");
    }

    private void wakeDispatcherAfterCommit() {
        if (transactions.getResource(OutboundWriter.class) == null) {
            transactions.putResource(OutboundWriter.class, Boolean.TRUE);
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
        }
    }
}
