package org.duban.province.support;

import jakarta.persistence.EntityManager;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Counts rows in the gateway's database, to prove a refusal changed nothing. */
public final class Db {

    private Db() {
    }

    public static long count(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = Arc.container().instance(EntityManager.class).get().createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    /** Rows every accepted message adds somewhere: nonces, inbound messages, outbox events, provincial tasks. */
    public record Effects(long nonces, long messages, long events, long tasks) {
    }

    public static Effects effects() {
        return new Effects(count("select count(*) from inbound_nonce"), count("select count(*) from inbound_message"),
                count("select count(*) from outbox_event"), count("select count(*) from provincial_task"));
    }
}
